package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.acme.guestbook.support.DefaultAppName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * make github-setup with the stand-in gh and aws: the variables, then the production environment
 * with no administrator bypass, exactly one deployment branch policy (main) and, when asked,
 * required reviewers who cannot approve their own runs. Every GitHub call is asserted, in order.
 */
class GitHubSetupScriptTest {

    private static final String ENV = "repos/octo-org/guestbook/environments/production";
    private static final String ROLE = "arn:aws:iam::123456789012:role/guestbook-github-deploy";

    @TempDir
    Path work;
    private AwsStandIn standIns;

    @BeforeEach
    void trustStack() throws Exception {
        standIns = AwsStandIn.in(work);
        standIns.stack("guestbook-github-oidc", "CREATE_COMPLETE", Map.of("DeployRoleArn", ROLE));
    }

    private AwsStandIn.Run setup(Map<String, String> env) throws Exception {
        return standIns.run("infra/scripts/github-setup.sh", env);
    }

    private List<String> ghCalls() throws Exception {
        return standIns.ghCalls().stream().map(call -> String.join(" ", call)).toList();
    }

    private JsonNode environmentSettings() throws Exception {
        return new ObjectMapper().readTree(Files.readString(standIns.github().resolve("environments/production.json")));
    }

    /** The environment's branch policies afterwards, as "TYPE NAME". */
    private List<String> policies() throws Exception {
        try (var files = Files.list(standIns.github().resolve("environments/production/policies"))) {
            return files.map(file -> {
                try {
                    return Files.readString(file).strip();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).sorted().toList();
        }
    }

    private void existingPolicy(String id, String typeAndName) throws Exception {
        Path dir = Files.createDirectories(standIns.github().resolve("environments/production/policies"));
        Files.writeString(dir.resolve(id), typeAndName + "\n");
    }

    @Test
    void aNewEnvironmentGetsTheVariablesNoBypassAndOnlyMain() throws Exception {
        var run = setup(Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(
                "repo view --json nameWithOwner --jq .nameWithOwner",
                "api --method PUT " + ENV + " --input -",
                "api --paginate " + ENV + "/deployment-branch-policies --jq .branch_policies[] | \"\\(.id) \\(.type) \\(.name)\"",
                "api --method POST " + ENV + "/deployment-branch-policies -f name=main -f type=branch",
                "variable set AWS_ROLE_ARN --env production --repo octo-org/guestbook --body " + ROLE,
                "variable set AWS_REGION --env production --repo octo-org/guestbook --body eu-west-1",
                "variable set APP_NAME --env production --repo octo-org/guestbook --body guestbook"), ghCalls());
        assertEquals(ROLE + "\n", Files.readString(standIns.github().resolve("variables/production/AWS_ROLE_ARN")));
        assertTrue(!Files.exists(standIns.github().resolve("variables/STAGING_ENABLED")), "no staging");
        var settings = environmentSettings();
        assertEquals(false, settings.get("can_admins_bypass").asBoolean(true));
        assertEquals(true, settings.at("/deployment_branch_policy/custom_branch_policies").asBoolean());
        assertEquals(false, settings.at("/deployment_branch_policy/protected_branches").asBoolean(true));
        assertTrue(!settings.has("reviewers") && !settings.has("prevent_self_review"), settings.toString());
        assertEquals(List.of("branch main"), policies());
        assertTrue(run.output().contains("No required reviewers"), run.output());
    }

    @Test
    void stagingGetsItsOwnRoleAndAppNameOnItsEnvironmentAndSwitchesStagingOn() throws Exception {
        // No APP_NAME: staging's app name is derived from the default one.
        String app = DefaultAppName.VALUE + "-staging";
        String stagingRole = "arn:aws:iam::123456789012:role/" + app + "-github-deploy";
        standIns.stack(app + "-github-oidc", "CREATE_COMPLETE", Map.of("DeployRoleArn", stagingRole));
        var run = setup(Map.of("ENVIRONMENT", "staging", "APP_NAME", ""));
        assertEquals(0, run.exitCode(), run.output());
        var calls = ghCalls();
        String staging = "repos/octo-org/guestbook/environments/staging";
        assertTrue(calls.contains("api --method PUT " + staging + " --input -"), calls.toString());
        assertTrue(calls.contains("api --method POST " + staging + "/deployment-branch-policies -f name=main -f type=branch"),
                calls.toString());
        assertTrue(calls.contains("variable set AWS_ROLE_ARN --env staging --repo octo-org/guestbook --body " + stagingRole),
                calls.toString());
        assertTrue(calls.contains("variable set APP_NAME --env staging --repo octo-org/guestbook --body " + app),
                calls.toString());
        assertEquals("variable set STAGING_ENABLED --repo octo-org/guestbook --body true", calls.get(calls.size() - 1));
        assertTrue(calls.stream().noneMatch(call -> call.contains("environments/production")), "production untouched");
        assertTrue(run.output().contains("every deploy now goes to staging first"), run.output());
    }

    @Test
    void otherBranchPoliciesAreRemovedAndMainIsKept() throws Exception {
        existingPolicy("7", "branch main");
        existingPolicy("8", "branch release/*");
        existingPolicy("9", "tag v*");
        var run = setup(Map.of());
        assertEquals(0, run.exitCode(), run.output());
        var calls = ghCalls();
        assertTrue(calls.contains("api --method DELETE " + ENV + "/deployment-branch-policies/8"), calls.toString());
        assertTrue(calls.contains("api --method DELETE " + ENV + "/deployment-branch-policies/9"), calls.toString());
        assertTrue(calls.stream().noneMatch(call -> call.contains("--method POST") || call.endsWith("policies/7")), calls.toString());
        assertEquals(List.of("branch main"), policies());
        assertTrue(run.output().contains("Removed the deployment branch policy 'release/*'"), run.output());
        assertTrue(run.output().contains("Removed the deployment tag policy 'v*'"), run.output());
    }

    @Test
    void aTagPolicyNamedMainIsNotTheBranch() throws Exception {
        existingPolicy("5", "tag main");
        assertEquals(0, setup(Map.of()).exitCode());
        assertEquals(List.of("branch main"), policies());
    }

    @Test
    void reviewersAreUsersAndTeamsWhoCannotApproveTheirOwnRuns() throws Exception {
        Files.createDirectories(standIns.github().resolve("users"));
        Files.writeString(standIns.github().resolve("users/mona"), "583231\n");
        Files.createDirectories(standIns.github().resolve("teams/octo-org"));
        Files.writeString(standIns.github().resolve("teams/octo-org/release-managers"), "42\n");

        var run = setup(Map.of("REVIEWERS", "mona, team:octo-org/release-managers"));
        assertEquals(0, run.exitCode(), run.output());
        var calls = ghCalls();
        assertEquals("api users/mona --jq .id", calls.get(0));
        assertEquals("api orgs/octo-org/teams/release-managers --jq .id", calls.get(1));
        var settings = environmentSettings();
        assertEquals("[{\"type\":\"User\",\"id\":583231},{\"type\":\"Team\",\"id\":42}]", settings.get("reviewers").toString());
        assertEquals(true, settings.get("prevent_self_review").asBoolean());
        assertEquals(false, settings.get("can_admins_bypass").asBoolean(true));
    }

    @Test
    void anUnknownReviewerStopsBeforeAnythingChanges() throws Exception {
        var run = setup(Map.of("REVIEWERS", "nobody-here"));
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("REVIEWERS: no GitHub user nobody-here"), run.output());
        assertEquals(List.of("api users/nobody-here --jq .id"), ghCalls());
    }

    @Test
    void aReviewerThatIsNeitherLoginNorTeamIsRefusedWithoutAnyCall() throws Exception {
        for (String bad : List.of("team:no-slash", "some one", "user;rm -rf /", "team:org/a/b")) {
            var run = setup(Map.of("REVIEWERS", bad));
            assertNotEquals(0, run.exitCode(), bad);
            assertTrue(run.output().contains("REVIEWERS:"), run.output());
        }
        assertEquals(List.of(), ghCalls());
    }

    @Test
    void withoutTheTrustStackNothingIsConfigured() throws Exception {
        var run = setup(Map.of("APP_NAME", "other"));
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("other-github-oidc"), run.output());
        assertEquals(List.of(), ghCalls());
    }
}
