package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.acme.guestbook.support.DefaultAppName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * infra/scripts/bootstrap.sh in dry-run mode against the stand-in gh and aws, which answer as
 * GitHub's REST API (its OpenAPI description) and the AWS CLI do: it must act on the clone's own
 * repository, trust exactly the subject GitHub says that repository's tokens carry
 * (sub_claim_prefix), refuse while the environment is unprotected, and reuse the account's
 * OIDC provider. Each situation a fork meets is one test.
 */
class BootstrapScriptTest {

    private static final String APP = DefaultAppName.VALUE;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private AwsStandIn world;

    @BeforeEach
    void aNewRepositoryWithItsEnvironmentProtected() throws Exception {
        world = AwsStandIn.in(work);
        world.githubProtectedEnvironment("octo-org", "guestbook", "production");
    }

    private AwsStandIn.Run bootstrap(Map<String, String> env) throws Exception {
        var all = new HashMap<>(Map.of("DRY_RUN", "1", "APP_NAME", ""));
        all.putAll(env);
        return world.run("infra/scripts/bootstrap.sh", all);
    }

    private static void assertDeploys(AwsStandIn.Run run, String... parameters) {
        assertEquals(0, run.exitCode(), run.output());
        for (String expected : parameters) {
            assertTrue(run.output().contains(expected), "missing " + expected + " in\n" + run.output());
        }
    }

    private static void assertStops(AwsStandIn.Run run, String... words) {
        assertNotEquals(0, run.exitCode(), run.output());
        for (String expected : words) {
            assertTrue(run.output().contains(expected), "missing " + expected + " in\n" + run.output());
        }
        assertTrue(!run.output().contains("aws cloudformation deploy"), "nothing deployed: " + run.output());
    }

    /** Created after 2026-07-15: not opted in to anything, and its tokens carry the immutable subject all the same. */
    @Test
    void aNewRepositoryIsTrustedWithTheImmutableSubjectGitHubIssuesIt() throws Exception {
        var run = bootstrap(Map.of());
        assertDeploys(run, "GitHub repository: octo-org/guestbook", "--stack-name " + APP + "-github-oidc",
                "GitHubOwner=octo-org", "GitHubRepo=guestbook", "GitHubOwnerId=1111", "GitHubRepoId=2222",
                "SubjectFormat=immutable", "DeployEnvironment=production", "--no-fail-on-empty-changeset",
                "immutable subject: repo:octo-org@1111/guestbook@2222:environment:production");
    }

    @Test
    void anOptedInRepositoryIsTrustedWithTheImmutableSubject() throws Exception {
        world.githubOidcSubject("octo-org", "guestbook", JSON.createObjectNode().put("use_default", true)
                .put("use_immutable_subject", true).put("sub_claim_prefix", "repo:octo-org@1111/guestbook@2222"));
        assertDeploys(bootstrap(Map.of()), "SubjectFormat=immutable");
    }

    @Test
    void anOlderRepositoryStillOnTheLegacySubjectStopsAndSaysWhatEachWayOutRisks() throws Exception {
        world.githubOidcSubject("octo-org", "guestbook", JSON.createObjectNode().put("use_default", true)
                .put("sub_claim_prefix", "repo:octo-org/guestbook"));
        assertStops(bootstrap(Map.of()), "GitHub still issues legacy subjects", "SUBJECT_FORMAT=legacy make bootstrap",
                "use_immutable_subject=true", "whoever registers that name");
        var legacy = bootstrap(Map.of("SUBJECT_FORMAT", "legacy"));
        assertDeploys(legacy, "SubjectFormat=legacy", "Warning: SubjectFormat legacy", "renamed or deleted");
    }

    @Test
    void aFormatOtherThanTheOneGitHubIssuesIsRefused() throws Exception {
        assertStops(bootstrap(Map.of("SUBJECT_FORMAT", "legacy")),
                "SUBJECT_FORMAT=legacy, but GitHub issues this repository's tokens with the immutable subject");
        assertStops(bootstrap(Map.of("SUBJECT_FORMAT", "Legacy")), "SUBJECT_FORMAT must be immutable, legacy or both, not 'Legacy'");
    }

    @Test
    void aCustomSubjectTemplateStopsWithTheWayBack() throws Exception {
        world.githubOidcSubject("octo-org", "guestbook", JSON.createObjectNode().put("use_default", false)
                .put("sub_claim_prefix", "repo:octo-org@1111/guestbook@2222")
                .set("include_claim_keys", JSON.createArrayNode().add("repo").add("context")));
        assertStops(bootstrap(Map.of()), "custom subject (a template of the claims repo,context)", "-F use_default=true");
    }

    /** gh repo clone of a fork makes the parent gh's default: bootstrap must trust the fork, never the upstream. */
    @Test
    void aForkClonedWithGhActsOnTheForkOrStopsNamingBoth() throws Exception {
        world.githubRepository("forker", 3333, "guestbook", 4444, false, "User");
        world.githubProtectedEnvironment("forker", "guestbook", "production");
        world.git("remote", "set-url", "origin", "git@github.com:forker/guestbook.git");
        world.githubDefaultRepository("octo-org/guestbook");
        assertStops(bootstrap(Map.of()), "origin is forker/guestbook, but gh's default repository for this clone is octo-org/guestbook",
                "gh repo set-default forker/guestbook");

        world.githubDefaultRepository("forker/guestbook");
        assertDeploys(bootstrap(Map.of()), "GitHub repository: forker/guestbook", "GitHubOwner=forker", "GitHubOwnerId=3333",
                "GitHubRepoId=4444");
        world.githubDefaultRepository("none"); // a plain clone with several remotes: gh has no default
        assertDeploys(bootstrap(Map.of()), "GitHubOwner=forker");
        world.githubDefaultRepository("octo-org/guestbook");
        assertDeploys(bootstrap(Map.of("GITHUB_REPOSITORY", "forker/guestbook")), "GitHubOwner=forker");
    }

    @Test
    void noTrustBeforeTheEnvironmentIsProtected() throws Exception {
        assertStops(bootstrap(Map.of("DEPLOY_ENVIRONMENT", "staging")),
                "the environment staging of octo-org/guestbook does not exist yet: run make github-setup first");
        world.githubBranchPolicy("production", "8", "branch release/*");
        assertStops(bootstrap(Map.of()), "lets other branches deploy (branch policies: branch:main branch:release/*)");
    }

    /** A private repository on GitHub Free has no environments: runs on main are trusted, asked for explicitly. */
    @Test
    void aBranchScopedTrustOnlyWhenAskedForAndWithWhatItGivesUp() throws Exception {
        world.githubRepository("octo-org", 1111, "guestbook", 2222, true, "User");
        world.githubAuthenticatedUser("octo-org", 1111, "free");
        assertStops(bootstrap(Map.of("DEPLOY_ENVIRONMENT", "staging")), "does not exist yet: run make github-setup first");
        var run = bootstrap(Map.of("TRUST_SCOPE", "branch", "DEPLOY_ENVIRONMENT", "staging"));
        assertDeploys(run, "TrustScope=branch", "Warning: TRUST_SCOPE=branch: any job of any run on main may deploy",
                "immutable subject: repo:octo-org@1111/guestbook@2222:ref:refs/heads/main");
        assertStops(bootstrap(Map.of("TRUST_SCOPE", "main")), "TRUST_SCOPE must be environment or branch, not 'main'");
    }

    @Test
    void aSecondEnvironmentGetsItsOwnStackRoleAndAppName() throws Exception {
        world.githubProtectedEnvironment("octo-org", "guestbook", "staging");
        assertDeploys(bootstrap(Map.of("DEPLOY_ENVIRONMENT", "staging")), "--stack-name " + APP + "-staging-github-oidc",
                "DeployEnvironment=staging", "AppName=" + APP + "-staging");
        assertStops(bootstrap(Map.of("ENVIRONMENT", "Pre.Prod")), "set APP_NAME for the environment 'Pre.Prod'");
    }

    @Test
    void theAccountsProviderIsReusedAndAStacksOwnProviderKept() throws Exception {
        String provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        world.oidcProvider(provider);
        assertDeploys(bootstrap(Map.of()), "OIDCProviderArn=" + provider);
        world.stack(APP + "-github-oidc", "UPDATE_COMPLETE", Map.of());
        world.stackParameter(APP + "-github-oidc", "OIDCProviderArn", "");
        var own = bootstrap(Map.of());
        assertTrue(own.output().contains("OIDCProviderArn= ") || own.output().contains("OIDCProviderArn=''"),
                "the provider this stack created stays this stack's: " + own.output());
    }

    /** Role names are global: the same app bootstrapped in a second region would collide with the first. */
    @Test
    void theSameAppNameInASecondRegionIsRefusedUpFrontWithAWayOut() throws Exception {
        world.role(APP + "-github-deploy");
        assertStops(bootstrap(Map.of("AWS_REGION", "us-east-1")), "the role " + APP + "-github-deploy exists already in this account, "
                + "but the stack " + APP + "-github-oidc is not in us-east-1", "APP_NAME=" + APP + "-useast1 make bootstrap");
        assertDeploys(bootstrap(Map.of("AWS_REGION", "us-east-1", "APP_NAME", APP + "-useast1")), "AppName=" + APP + "-useast1");
    }

    @Test
    void withoutGhItTakesWhatItIsToldAndSaysWhatItCannotCheck() throws Exception {
        world.withoutGh();
        assertStops(bootstrap(Map.of()), "set GITHUB_OWNER and GITHUB_REPO");
        var told = bootstrap(Map.of("GITHUB_OWNER", "octo-org", "GITHUB_REPO", "guestbook", "GITHUB_OWNER_ID", "1111",
                "GITHUB_REPO_ID", "2222"));
        assertDeploys(told, "SubjectFormat=immutable", "cannot check that the environment production exists");
        assertStops(bootstrap(Map.of("GITHUB_OWNER", "octo-org", "GITHUB_REPO", "guestbook")), "needs GITHUB_OWNER_ID and GITHUB_REPO_ID");
    }

    @Test
    void withoutARegionItSaysSo() throws Exception {
        assertStops(bootstrap(Map.of("AWS_REGION", "")), "Set AWS_REGION");
    }
}
