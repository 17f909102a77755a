package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.infra.IdentityPolicyEvaluator.Request;
import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every AWS call of the deploy path is one the deploy role may make. The scripts run against
 * the recording stand-in aws (a first deploy, a second one, two releases, a rollback, a failing one,
 * a destroy, a destroy with nothing left), every recorded call is turned into the IAM requests AWS would check
 * (AwsCliCalls), and each is evaluated against the deploy role's policy as infra/github-oidc.yaml
 * renders it, with stacks, buckets and outputs named as the rendered templates name them.
 */
@Order(1) // among the longest test classes: started first, so that the run does not wait for it at its end
class DeployPathPermissionsTest {

    @TempDir
    static Path work;
    private static final Stacks stacks = Stacks.of("guestbook");
    private static List<Request> requests;

    /** The app stack's outputs as rendered, with what only AWS knows after creation filled in. */
    private static Map<String, Object> appOutputs() {
        var outputs = new LinkedHashMap<String, Object>();
        stacks.app.outputs.forEach((key, value) -> outputs.put(key, String.valueOf(value)
                .replace("<Distribution.DomainName>", "d111111abcdef8.cloudfront.net")
                .replace("<Distribution>", "E2EXAMPLE1")
                .replace("<FunctionVersion.Version>", "1")));
        return outputs;
    }

    /** Once for all tests: the runs record the calls, each test reads them. */
    @BeforeAll
    static void runTheDeployPath() throws Exception {
        var aws = AwsStandIn.in(work);
        aws.stack(Stacks.trustStackName("guestbook"), "CREATE_COMPLETE", stacks.trust.outputs);
        aws.pendingStack("guestbook", appOutputs());
        assertEquals(0, aws.run("infra/scripts/deploy.sh", Map.of()).exitCode(), "first deploy");
        assertEquals(0, aws.run("infra/scripts/deploy.sh", Map.of()).exitCode(), "second deploy");
        // Two releases of other commits: the oldest version is pruned with its release record.
        for (String commit : List.of("1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222")) {
            var release = aws.run("infra/scripts/deploy.sh", Map.of("BUILD_COMMIT", commit, "KEEP_VERSIONS", "2"));
            assertEquals(0, release.exitCode(), release.output());
        }
        var rollback = aws.run("infra/scripts/rollback.sh", Map.of());
        assertEquals(0, rollback.exitCode(), rollback.output());
        assertNotEquals(0, aws.run("infra/scripts/deploy.sh", Map.of("FAKE_DEPLOY_FAILS", "1")).exitCode(), "failing deploy");
        // The deploy job asks IAM's policy simulator first (make verify-trust), with the deploy role.
        SimulatorAnswers.write(aws.state(), stacks.trust, PolicyChecks.rolePermissions(stacks.trust));
        assertEquals(0, aws.run("infra/scripts/verify-trust.sh", Map.of()).exitCode(), "verify-trust");
        var destroy = aws.run("infra/scripts/destroy.sh", Map.of());
        assertEquals(0, destroy.exitCode(), destroy.output());
        assertEquals(0, aws.run("infra/scripts/destroy.sh", Map.of()).exitCode(), "nothing left to destroy");

        requests = new ArrayList<>();
        for (List<String> call : aws.calls()) {
            requests.addAll(AwsCliCalls.requests(stacks, call));
        }
    }

    private static List<String> refused(List<Map<String, Object>> policy, List<Request> requests) {
        return requests.stream().map(request -> IdentityPolicyEvaluator.evaluate(policy, request))
                .filter(decision -> !decision.allowed()).map(decision -> decision.reason()).distinct().toList();
    }

    @Test
    void theDeployRoleMayMakeEveryCall() {
        PolicyChecks.failIfAny(refused(PolicyChecks.rolePermissions(stacks.trust, "DeployRole"), requests));
    }

    @Test
    void theRunCoveredDeployPublishAndDestroy() {
        for (String action : List.of("cloudformation:CreateChangeSet", "iam:PassRole", "iam:SimulatePrincipalPolicy", "s3:PutObject",
                "s3:DeleteObject", "lambda:InvokeFunction", "lambda:ListVersionsByFunction", "lambda:DeleteFunction", "cloudformation:DescribeChangeSet",
                "cloudfront:CreateInvalidation", "cloudformation:DescribeStackEvents", "cloudformation:DeleteStack")) {
            assertTrue(requests.stream().anyMatch(r -> r.action().equals(action)), action + " was exercised");
        }
        assertTrue(requests.stream().anyMatch(r -> r.action().equals("cloudformation:DescribeStacks")
                && r.resource().contains(":stack/guestbook-github-oidc/")), "the trust stack's outputs were read");
    }

    @Test
    void everyActionOfTheDeployRoleIsNeededByTheDeployPath() {
        var policy = PolicyChecks.rolePermissions(stacks.trust, "DeployRole");
        for (var statement : policy.stream().filter(s -> "Allow".equals(s.get("Effect"))).toList()) {
            for (String action : PolicyChecks.list(statement.get("Action"))) {
                List<Map<String, Object>> without = new ArrayList<>();
                for (var s : policy) {
                    var copy = new LinkedHashMap<>(s);
                    copy.put("Action", PolicyChecks.list(s.get("Action")).stream()
                            .filter(a -> !(s == statement && a.equals(action))).toList());
                    without.add(copy);
                }
                assertTrue(!refused(without, requests).isEmpty(), "removing " + action + " from " + statement.get("Sid")
                        + " breaks no call of the deploy path: the role does not need it there");
            }
        }
    }

    @Test
    void anImportChangeSetIsRefusedEvenOnTheAppStack() {
        var policy = PolicyChecks.rolePermissions(stacks.trust, "DeployRole");
        var importing = new Request("cloudformation:CreateChangeSet", Stacks.stackArn("guestbook"),
                Map.of("cloudformation:ImportResourceTypes", List.of("AWS::CloudFront::Distribution")));
        var decision = IdentityPolicyEvaluator.evaluate(policy, importing);
        assertTrue(!decision.allowed() && decision.reason().contains("NoImportChangeSets"), decision.reason());
    }

    @Test
    void aCallWithoutAMappingFailsTheTest() {
        var unmapped = assertThrows(IllegalArgumentException.class,
                () -> AwsCliCalls.requests(stacks, List.of("lambda", "update-function-code", "--function-name", "guestbook-function")));
        assertTrue(unmapped.getMessage().contains("No IAM mapping"), unmapped.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AwsCliCalls.requests(stacks, List.of("cloudformation", "deploy",
                "--stack-name", "guestbook", "--s3-bucket", "somewhere")), "deploy with an option that adds calls");
    }
}
