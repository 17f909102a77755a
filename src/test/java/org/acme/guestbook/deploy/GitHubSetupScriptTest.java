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

    /** The body of the last PUT of the production environment, as GitHub received it. */
    private JsonNode environmentSettings() throws Exception {
        JsonNode put = null;
        for (JsonNode call : standIns.githubCalls()) {
            if (call.path("method").asText().equals("PUT") && call.path("path").asText().equals(ENV)) {
                put = call.path("body");
            }
        }
        assertTrue(put != null, "the environment was PUT");
        return put;
    }

    /** The environment's branch policies afterwards, as "TYPE NAME". */
    private List<String> policies() throws Exception {
        try (var files = Files.list(standIns.github().resolve("repos/octo-org/guestbook/environments/production/policies"))) {
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
        standIns.githubBranchPolicy("production", id, typeAndName);
    }

    @Test
    void aNewEnvironmentGetsOnlyMainAndTheVariables() throws Exception {
        var run = setup(Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(
                "repo view --json nameWithOwner --jq .nameWithOwner",
                "api repos/octo-org/guestbook --jq \"\\(.private) \\(.owner.type) \\(.owner.login)\"",
                "api --method PUT " + ENV + " --input -",
                "api --paginate " + ENV + "/deployment-branch-policies --jq .branch_policies[] | \"\\(.id) \\(.type) \\(.name)\"",
                "api --method POST " + ENV + "/deployment-branch-policies -f name=main -f type=branch",
                "variable set AWS_ROLE_ARN --env production --repo octo-org/guestbook --body " + ROLE,
                "variable set AWS_REGION --env production --repo octo-org/guestbook --body eu-west-1",
                "variable set AWS_ACCOUNT_ID --env production --repo octo-org/guestbook --body 123456789012",
                "variable set APP_NAME --env production --repo octo-org/guestbook --body guestbook"), ghCalls());
        assertEquals(ROLE + "\n", Files.readString(standIns.github().resolve("variables/production/AWS_ROLE_ARN")));
        assertTrue(!Files.exists(standIns.github().resolve("variables/STAGING_ENABLED")), "no staging");
        var settings = environmentSettings();
        assertEquals(true, settings.at("/deployment_branch_policy/custom_branch_policies").asBoolean());
        assertEquals(false, settings.at("/deployment_branch_policy/protected_branches").asBoolean(true));
        assertTrue(!settings.has("reviewers") && !settings.has("prevent_self_review"), settings.toString());
        // GitHub's REST API has no field for the administrators' bypass: the script says where to switch it off.
        assertTrue(!settings.has("can_admins_bypass"), settings.toString());
        assertTrue(run.output().contains("untick 'Allow administrators to bypass configured protection rules'"), run.output());
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
        standIns.githubUser("mona", 583231, null);
        standIns.githubTeam("octo-org", "release-managers", 42);

        var run = setup(Map.of("REVIEWERS", "mona, team:octo-org/release-managers"));
        assertEquals(0, run.exitCode(), run.output());
        var calls = ghCalls();
        assertEquals("api users/mona --jq .id", calls.get(0));
        assertEquals("api orgs/octo-org/teams/release-managers --jq .id", calls.get(1));
        var settings = environmentSettings();
        assertEquals("[{\"type\":\"User\",\"id\":583231},{\"type\":\"Team\",\"id\":42}]", settings.get("reviewers").toString());
        assertEquals(true, settings.get("prevent_self_review").asBoolean());
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

    /** The environment comes first, before any trust: make bootstrap then stores the variables. */
    @Test
    void withoutTheTrustStackTheEnvironmentIsProtectedAndBootstrapIsNext() throws Exception {
        var run = setup(Map.of("APP_NAME", "other"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("No trust stack other-github-oidc in eu-west-1 yet: next, make bootstrap"), run.output());
        assertEquals(List.of("branch main"), policies());
        assertTrue(ghCalls().stream().noneMatch(call -> call.startsWith("variable set")), ghCalls().toString());
    }

    /** gh's default for a fork cloned with gh is the parent: the script acts on origin, or stops. */
    @Test
    void aForkClonedWithGhConfiguresTheForkOrStops() throws Exception {
        standIns.githubRepository("forker", 3333, "guestbook", 4444, false, "User");
        standIns.git("remote", "set-url", "origin", "https://github.com/forker/guestbook");
        var run = setup(Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("origin is forker/guestbook, but gh's default repository for this clone is octo-org/guestbook"),
                run.output());
        assertEquals(List.of("repo view --json nameWithOwner --jq .nameWithOwner"), ghCalls());
        standIns.githubDefaultRepository("forker/guestbook");
        var fork = setup(Map.of());
        assertEquals(0, fork.exitCode(), fork.output());
        assertTrue(ghCalls().contains("api --method PUT repos/forker/guestbook/environments/production --input -"), ghCalls().toString());
    }

    @Test
    void aPrivateRepositoryOnGitHubFreeHasNoEnvironmentsAndStopsBeforeAnyChange() throws Exception {
        standIns.githubRepository("octo-org", 1111, "guestbook", 2222, true, "User");
        standIns.githubAuthenticatedUser("octo-org", 1111, "free");
        var run = setup(Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("is private and octo-org is on GitHub Free, which has no environments"), run.output());
        assertTrue(run.output().contains("make the repository public"), run.output());
        assertTrue(ghCalls().stream().noneMatch(call -> call.contains("--method")), ghCalls().toString());
    }

    @Test
    void onGitHubFreeABranchScopedTrustGetsRepositoryVariablesAndNoEnvironment() throws Exception {
        standIns.githubRepository("octo-org", 1111, "guestbook", 2222, true, "User");
        standIns.githubAuthenticatedUser("octo-org", 1111, "free");
        var run = setup(Map.of("TRUST_SCOPE", "branch"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("any job of any run on main may deploy"), run.output());
        assertTrue(ghCalls().stream().noneMatch(call -> call.contains("environments")), ghCalls().toString());
        assertTrue(ghCalls().contains("variable set AWS_ROLE_ARN --repo octo-org/guestbook --body " + ROLE), ghCalls().toString());
        assertEquals(ROLE + "\n", Files.readString(standIns.github().resolve("variables/AWS_ROLE_ARN")));
    }

    @Test
    void reviewersInAPrivateRepositoryNeedEnterprise() throws Exception {
        standIns.githubRepository("octo-org", 1111, "guestbook", 2222, true, "Organization");
        standIns.githubOrganization("octo-org", 1111, "team");
        standIns.githubUser("mona", 583231, null);
        var refused = setup(Map.of("REVIEWERS", "mona"));
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("required reviewers in a private repository need GitHub Enterprise; octo-org's plan is team"),
                refused.output());
        assertTrue(ghCalls().stream().noneMatch(call -> call.contains("--method")), ghCalls().toString());

        assertEquals(0, setup(Map.of()).exitCode(), "a Team plan has environments, without reviewers");
        standIns.githubOrganization("octo-org", 1111, "enterprise");
        var enterprise = setup(Map.of("REVIEWERS", "mona"));
        assertEquals(0, enterprise.exitCode(), enterprise.output());
        assertTrue(environmentSettings().has("reviewers"));
    }

    @Test
    void aPlanItCannotSeeIsSaidAndGitHubsOwnAnswerDecides() throws Exception {
        standIns.githubRepository("octo-org", 1111, "guestbook", 2222, true, "Organization");
        standIns.githubOrganization("octo-org", 1111, null);
        var run = setup(Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("octo-org's plan is not visible to you"), run.output());
    }
}
