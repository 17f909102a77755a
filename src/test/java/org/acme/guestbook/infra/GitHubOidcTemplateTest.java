package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** infra/github-oidc.yaml rendered for real parameter values. */
class GitHubOidcTemplateTest {

    private static final Path FILE = Path.of("infra/github-oidc.yaml");
    private static final String APP_STACK = "arn:aws:cloudformation:eu-west-1:123456789012:stack/guestbook/*";

    private static Map<String, String> parameters() {
        var parameters = new HashMap<String, String>();
        parameters.put("GitHubOwner", "octo-org");
        parameters.put("GitHubRepo", "guestbook");
        parameters.put("GitHubOwnerId", "1111");
        parameters.put("GitHubRepoId", "2222");
        parameters.put("AppName", "guestbook");
        return parameters;
    }

    private static RenderedTemplate render(Map<String, String> parameters) {
        return RenderedTemplate.render(FILE, parameters);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statement(RenderedTemplate template, String sid) {
        return PolicyChecks.statements(template).stream().filter(s -> sid.equals(s.get("Sid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid));
    }

    @Test
    void createsTheProviderOnlyWhenNoneIsGiven() {
        var created = render(parameters());
        assertEquals(List.of("GitHubOIDCProvider"), created.resourcesOfType("AWS::IAM::OIDCProvider"));
        var provider = created.properties("GitHubOIDCProvider");
        assertEquals("https://token.actions.githubusercontent.com", provider.get("Url"));
        assertEquals(List.of("sts.amazonaws.com"), provider.get("ClientIdList"));
        assertFalse(provider.containsKey("ThumbprintList"));

        var parameters = parameters();
        parameters.put("OIDCProviderArn", TrustMatrixTest.EXISTING_PROVIDER);
        var reused = render(parameters);
        assertEquals(List.of(), reused.resourcesOfType("AWS::IAM::OIDCProvider"));
        assertEquals(TrustMatrixTest.EXISTING_PROVIDER, reused.outputs.get("OIDCProviderArn"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeployRoleTrustsExactlyOneSubjectWithExactMatches() {
        var role = render(parameters()).properties("DeployRole");
        assertEquals(3600, role.get("MaxSessionDuration"));
        var trust = (Map<String, Object>) role.get("AssumeRolePolicyDocument");
        var statements = (List<Map<String, Object>>) trust.get("Statement");
        assertEquals(1, statements.size());
        var statement = statements.get(0);
        assertEquals("sts:AssumeRoleWithWebIdentity", statement.get("Action"));
        assertEquals(Map.of("StringEquals", Map.of(
                "token.actions.githubusercontent.com:aud", "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub",
                List.of("repo:octo-org@1111/guestbook@2222:environment:production"))), statement.get("Condition"));
    }

    @Test
    void subjectFormatsPickTheTrustedSubjects() {
        var parameters = parameters();
        parameters.put("SubjectFormat", "both");
        parameters.put("DeployEnvironment", "live");
        assertEquals("repo:octo-org@1111/guestbook@2222:environment:live repo:octo-org/guestbook:environment:live",
                render(parameters).outputs.get("TrustedSubjects"));

        parameters.put("SubjectFormat", "legacy");
        parameters.put("GitHubOwnerId", "");
        parameters.put("GitHubRepoId", "");
        assertEquals("repo:octo-org/guestbook:environment:live", render(parameters).outputs.get("TrustedSubjects"));
    }

    @Test
    void theImmutableFormNeedsTheIds() {
        var parameters = parameters();
        parameters.put("GitHubRepoId", "");
        var refused = assertThrows(IllegalArgumentException.class, () -> render(parameters));
        assertTrue(refused.getMessage().contains("GitHubRepoId is required"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "GitHubOwner=octo-*", "GitHubOwner=octo/org", "GitHubOwner=octo:org", "GitHubOwner=-octo",
            "GitHubOwner=octo--org", "GitHubRepo=guest*", "GitHubRepo=a/b", "GitHubRepo=a:b", "GitHubRepo=gu?st",
            "GitHubRepo=", "GitHubOwnerId=11a1", "GitHubRepoId=*", "DeployEnvironment=prod*",
            "DeployEnvironment=prod:ref", "DeployEnvironment=", "SubjectFormat=any", "AppName=Guestbook",
            "AppName=guest*book", "OIDCProviderArn=arn:aws:iam::123456789012:oidc-provider/evil.example.com" })
    void parametersThatCouldWidenTheTrustAreRefused(String assignment) {
        var parameters = parameters();
        String[] parts = assignment.split("=", 2);
        parameters.put(parts[0], parts[1]);
        assertThrows(IllegalArgumentException.class, () -> render(parameters), assignment);
    }

    @Test
    void noWildcardActionsAndEveryResourceScoped() throws Exception {
        var template = render(parameters());
        PolicyChecks.assertNoWildcardActions(template);
        PolicyChecks.assertResourcesScoped(template, FILE);
    }

    @Test
    void theDeployRoleRunsCloudFormationOnTheAppStackOnly() {
        var template = render(parameters());
        assertTrue(PolicyChecks.list(statement(template, "RunTheAppStack").get("Resource")).contains(APP_STACK));
        var pass = statement(template, "PassOnlyTheExecutionRoleToCloudFormation");
        assertEquals("arn:aws:iam::123456789012:role/guestbook-cloudformation-execution", pass.get("Resource"));
        assertEquals(Map.of("StringEquals", Map.of("iam:PassedToService", "cloudformation.amazonaws.com")),
                pass.get("Condition"));
        assertEquals("arn:aws:s3:::guestbook-site-123456789012-eu-west-1/*",
                statement(template, "PublishTheSite").get("Resource"));
        assertEquals("arn:aws:s3:::guestbook-artifacts-123456789012-eu-west-1/function/*",
                statement(template, "UploadBuildArtifacts").get("Resource"));
        var named = RenderedTemplate.render(FILE, parameters(), "guestbook-github-oidc");
        assertEquals("arn:aws:cloudformation:eu-west-1:123456789012:stack/guestbook-github-oidc/*",
                statement(named, "ReadThisStacksOutputs").get("Resource"),
                "make deploy reads the trust stack's outputs, and only that stack's");
        assertEquals(List.of("arn:aws:iam::123456789012:role/guestbook-github-deploy",
                "arn:aws:iam::123456789012:role/guestbook-cloudformation-execution", "arn:aws:iam::123456789012:role/guestbook-release",
                "arn:aws:iam::123456789012:role/guestbook-function"),
                statement(template, "AskThePolicySimulatorAboutTheseRoles").get("Resource"),
                "the simulator only about the trust stack's own four roles");
        for (var s : PolicyChecks.statements(template)) {
            if ("DeployRole".equals(s.get("_resource")) && "Allow".equals(s.get("Effect")) && !s.containsKey("Principal")) {
                for (String action : PolicyChecks.list(s.get("Action"))) {
                    // PassRole of the execution role, and the read-only policy simulator (make verify-trust).
                    assertFalse(action.startsWith("iam:") && !action.equals("iam:PassRole")
                            && !action.equals("iam:SimulatePrincipalPolicy"), "the deploy role changes no IAM: " + action);
                    // Lambda is CloudFormation's, but for checking a new version and deleting old ones of this function.
                    assertFalse(action.startsWith("lambda:") && !("CheckTheNewVersionAndPruneOldOnes".equals(s.get("Sid"))
                            && List.of("lambda:InvokeFunction", "lambda:ListVersionsByFunction", "lambda:DeleteFunction").contains(action)
                            && PolicyChecks.list(s.get("Resource")).stream().allMatch(r -> r.startsWith(
                                    "arn:aws:lambda:eu-west-1:123456789012:function:guestbook-function"))),
                            "the deploy role leaves Lambda to CloudFormation: " + action);
                }
            }
        }
    }

    @Test
    void theExecutionRoleIsForCloudFormationAndTheAppsResources() {
        var template = render(parameters());
        var role = template.properties("CloudFormationExecutionRole");
        assertTrue(String.valueOf(role.get("AssumeRolePolicyDocument")).contains("cloudformation.amazonaws.com"));
        var passToLambda = statement(template, "PassTheFunctionRoleToLambdaOnly");
        assertEquals("arn:aws:iam::123456789012:role/guestbook-function", passToLambda.get("Resource"));
        assertEquals(Map.of("StringEquals", Map.of("iam:PassedToService", "lambda.amazonaws.com")), passToLambda.get("Condition"));
        for (var statement : PolicyChecks.rolePermissions(template, "CloudFormationExecutionRole")) {
            for (String action : PolicyChecks.list(statement.get("Action"))) {
                assertTrue(!action.startsWith("iam:") || action.equals("iam:PassRole"),
                        "the execution role writes no IAM: " + action);
            }
        }
        assertTrue(PolicyChecks.list(statement(template, "AppFunction").get("Resource"))
                .contains("arn:aws:lambda:eu-west-1:123456789012:function:guestbook-function"));
        assertEquals(List.of("arn:aws:s3:::guestbook-data-123456789012-eu-west-1",
                "arn:aws:s3:::guestbook-site-123456789012-eu-west-1"), statement(template, "AppBuckets").get("Resource"),
                "exactly the app's two buckets: not the artifact bucket, not another app's");
    }

    /**
     * A condition in a service's trust that the service does not send refuses the service, and the
     * first deploy fails: CloudFormation's and Lambda's docs give no condition key for assuming a
     * service role or an execution role, so the trusts name the service alone (docs/trust.md).
     */
    @Test
    @SuppressWarnings("unchecked")
    void theServiceRolesTrustTheirServiceWithoutConditionsTheServiceMightNotSend() {
        var template = render(parameters());
        for (var role : Map.of("CloudFormationExecutionRole", "cloudformation.amazonaws.com",
                "FunctionRole", "lambda.amazonaws.com").entrySet()) {
            var trust = (Map<String, Object>) template.properties(role.getKey()).get("AssumeRolePolicyDocument");
            var statements = (List<Map<String, Object>>) trust.get("Statement");
            assertEquals(1, statements.size(), role.getKey());
            assertEquals(Map.of("Service", role.getValue()), statements.get(0).get("Principal"), role.getKey());
            assertEquals("sts:AssumeRole", statements.get(0).get("Action"), role.getKey());
            assertTrue(!statements.get(0).containsKey("Condition"), role.getKey() + ": " + statements.get(0));
        }
    }

    @Test
    void theFunctionRoleMayOnlyUseItsPrefixesOfTheDataBucketAndItsLogs() {
        var statements = PolicyChecks.rolePermissions(render(parameters()), "FunctionRole");
        for (var statement : statements) {
            for (String resource : PolicyChecks.list(statement.get("Resource"))) {
                assertTrue(resource.equals("arn:aws:s3:::guestbook-data-123456789012-eu-west-1/messages/*")
                        || resource.equals("arn:aws:s3:::guestbook-data-123456789012-eu-west-1/idempotency/*")
                        || resource.equals("arn:aws:s3:::guestbook-data-123456789012-eu-west-1/settings/read-only")
                        || resource.equals("arn:aws:s3:::guestbook-data-123456789012-eu-west-1")
                        || resource.equals("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/guestbook-function:*"),
                        "the function role reaches " + resource);
            }
        }
        var list = statements.stream().filter(s -> "s3:ListBucket".equals(s.get("Action"))).findFirst().orElseThrow();
        assertEquals(Map.of("StringLike", Map.of("s3:prefix", List.of("messages/", "messages/*"))), list.get("Condition"));
        var lists = statements.stream().filter(s -> "s3:ListBucket".equals(s.get("Action"))).map(s -> s.get("Condition")).toList();
        assertEquals(List.of(list.get("Condition"), Map.of("StringEquals", Map.of("s3:prefix", "settings/read-only"))), lists,
                "besides messages/, the function may list exactly the read-only switch");
        assertEquals("arn:aws:iam::123456789012:role/guestbook-function", render(parameters()).outputs.get("FunctionRoleArn"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theArtifactBucketIsPrivateEncryptedTlsOnlyAndForgetsOldBuilds() {
        var template = render(parameters());
        PolicyChecks.assertPrivateBucket(template, "ArtifactBucket");
        var lifecycle = (Map<String, Object>) template.properties("ArtifactBucket").get("LifecycleConfiguration");
        var rules = (List<Map<String, Object>>) lifecycle.get("Rules");
        var expiring = rules.stream().filter(rule -> rule.containsKey("ExpirationInDays") || rule.containsKey("ExpirationDate"))
                .toList();
        assertEquals(1, expiring.size(), "one rule deletes packages: " + rules);
        var rule = expiring.get(0);
        assertEquals("Enabled", rule.get("Status"));
        assertTrue(((Number) rule.get("ExpirationInDays")).intValue() > 0);
        // Only what make deploy marked superseded: the live package and the one a rollback needs never expire.
        assertEquals("function/", rule.get("Prefix"));
        assertEquals(List.of(Map.of("Key", "superseded", "Value", "true")), rule.get("TagFilters"));
    }

    @Test
    void outputsWhatTheWorkflowNeeds() {
        var outputs = render(parameters()).outputs;
        for (String name : List.of("DeployRoleArn", "ArtifactBucketName", "OIDCProviderArn",
                "CloudFormationExecutionRoleArn", "AppStackName")) {
            assertTrue(outputs.containsKey(name), name);
        }
        assertEquals("arn:aws:iam::123456789012:role/guestbook-github-deploy", outputs.get("DeployRoleArn"));
        assertEquals("guestbook-artifacts-123456789012-eu-west-1", outputs.get("ArtifactBucketName"));
    }
}
