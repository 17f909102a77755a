package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every statement of every role's permission policies in both templates, checked against the
 * Service Authorization Reference ({@link ServiceAuthorizationRules}); and each rule shown to
 * catch the mistake it is there for.
 */
class ServiceAuthorizationTest {

    private static List<String> problems(Stacks stacks) {
        List<String> problems = new ArrayList<>();
        for (var template : List.of(stacks.trust, stacks.app)) {
            PolicyChecks.rolePermissions(template).forEach((role, statements) -> statements
                    .forEach(statement -> problems.addAll(ServiceAuthorizationRules.problems(role, statement))));
        }
        return problems;
    }

    @ParameterizedTest
    @ValueSource(strings = { "guestbook", "my-app-2" })
    void everyPermissionIsOneAwsCanGrant(String appName) {
        PolicyChecks.failIfAny(problems(Stacks.of(appName)));
    }

    @Test
    void everyRoleWithPermissionsIsChecked() {
        var stacks = Stacks.of("guestbook");
        assertTrue(PolicyChecks.rolePermissions(stacks.trust).keySet()
                .containsAll(List.of("DeployRole", "CloudFormationExecutionRole", "FunctionRole")));
        PolicyChecks.rolePermissions(stacks.trust).forEach((role, statements) -> assertTrue(statements.size() > 0, role));
    }

    // The mutations: each takes a real statement and breaks it the way a person might.

    private static Map<String, Object> statement(String role, String sid) {
        return PolicyChecks.rolePermissions(Stacks.of("guestbook").trust, role).stream()
                .filter(s -> sid.equals(s.get("Sid"))).findFirst().map(LinkedHashMap::new)
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + role));
    }

    private static void assertCaught(Map<String, Object> mutated, String expected) {
        List<String> problems = ServiceAuthorizationRules.problems("mutated", mutated);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected '" + expected + "' in " + problems);
    }

    @Test
    void theRealStatementsUsedByTheMutationsAreClean() {
        for (var sid : List.of("CreateTheAppDistribution", "AppFunction", "UploadBuildArtifacts")) {
            String role = sid.equals("UploadBuildArtifacts") ? "DeployRole" : "CloudFormationExecutionRole";
            assertEquals(List.of(), ServiceAuthorizationRules.problems(role, statement(role, sid)));
        }
        assertEquals(List.of(), ServiceAuthorizationRules.problems("FunctionRole", statement("FunctionRole", "ListMessagesOnly")));
    }

    @Test
    void createDistributionScopedToAnArnGrantsNothing() {
        var mutated = statement("CloudFormationExecutionRole", "CreateTheAppDistribution");
        mutated.put("Resource", "arn:aws:cloudfront::123456789012:distribution/*");
        assertCaught(mutated, "cloudfront:CreateDistribution has no resource types, so only Resource \"*\" grants it");
    }

    @Test
    void aMisspelledActionIsCaught() {
        var mutated = statement("CloudFormationExecutionRole", "AppFunction");
        var actions = new ArrayList<>(PolicyChecks.list(mutated.get("Action")));
        actions.add("lambda:PublishVersions");
        mutated.put("Action", actions);
        assertCaught(mutated, "lambda:PublishVersions is not an action of its service");
    }

    @Test
    void anActionOfAServiceWithoutDataIsCaught() {
        var mutated = statement("CloudFormationExecutionRole", "AppFunction");
        mutated.put("Action", List.of("ec2:DescribeVpcs"));
        assertCaught(mutated, "ec2:DescribeVpcs belongs to a service without reference data");
    }

    @Test
    void aConditionKeyTheActionDoesNotSupportIsCaught() {
        var mutated = statement("FunctionRole", "ListMessagesOnly");
        mutated.put("Action", List.of("s3:GetObject"));
        mutated.put("Resource", "arn:aws:s3:::guestbook-data-123456789012-eu-west-1/messages/*");
        assertCaught(mutated, "s3:GetObject does not support the condition key s3:prefix");
    }

    @Test
    void anArnOfTheWrongResourceTypeIsCaught() {
        var mutated = statement("DeployRole", "UploadBuildArtifacts");
        // The bucket instead of its objects: PutObject would be granted on nothing.
        mutated.put("Resource", "arn:aws:s3:::guestbook-artifacts-123456789012-eu-west-1");
        assertCaught(mutated, "fits a resource type of s3:PutObject");
        assertCaught(mutated, "fits no resource type of the statement's actions");
    }

    @Test
    void anArnScopedActionOnStarIsCaught() {
        var mutated = statement("DeployRole", "UploadBuildArtifacts");
        mutated.put("Resource", "*");
        assertCaught(mutated, "s3:PutObject supports resource-level permissions, so name its resources");
    }

    @Test
    void tagKeysAreNotGlobalUnlessTheActionListsThem() {
        var mutated = statement("CloudFormationExecutionRole", "AppFunction");
        mutated.put("Action", List.of("lambda:GetPolicy"));
        mutated.put("Condition", Map.of("StringEquals", Map.of("aws:RequestTag/app", "guestbook")));
        assertCaught(mutated, "lambda:GetPolicy does not support the condition key aws:RequestTag/app");
        mutated.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "true")));
        assertEquals(List.of(), ServiceAuthorizationRules.problems("mutated", mutated), "a truly global key is fine");
    }
}
