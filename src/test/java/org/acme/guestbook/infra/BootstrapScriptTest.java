package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.support.AwsCliModel;
import org.acme.guestbook.support.DefaultAppName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/scripts/bootstrap.sh in dry-run mode, with stand-ins for the gh and aws commands that answer
 * like GitHub and AWS do: it must find the repository's IDs and subject format, and reuse the
 * account's OIDC provider, before it would deploy.
 */
class BootstrapScriptTest {

    @TempDir
    Path bin;

    private static final String GH = """
            #!/usr/bin/env bash
            case "$*" in
              "repo view --json owner --jq .owner.login") echo octo-org ;;
              "repo view --json name --jq .name") echo guestbook ;;
              "api repos/octo-org/guestbook --jq .owner.id") echo 1111 ;;
              "api repos/octo-org/guestbook --jq .id") echo 2222 ;;
              "api repos/octo-org/guestbook/actions/oidc/customization/sub --jq .use_immutable_subject // false")
                echo "$FAKE_IMMUTABLE" ;;
              *) echo "unexpected gh call: $*" >&2; exit 1 ;;
            esac
            """;

    private static final String AWS = """
            #!/usr/bin/env bash
            (IFS=$'\\x1f'; printf '%s\\n' "$*") >> "$FAKE_CALLS"
            case "$*" in
              *describe-stacks*)
                if [[ -z "${FAKE_STACK_PROVIDER:-}" ]]; then echo "Stack does not exist" >&2; exit 254; fi
                if [[ "$*" == *Parameters* ]]; then echo "$FAKE_STACK_PROVIDER"; fi ;;
              *list-open-id-connect-providers*) echo "${FAKE_PROVIDERS:-None}" ;;
              "iam get-role --role-name "*)
                role="${4}"
                if [[ " ${FAKE_ROLES:-} " == *" $role "* ]]; then echo "arn:aws:iam::123456789012:role/$role"
                else echo "An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name $role cannot be found." >&2; exit 254; fi ;;
              *) echo "unexpected aws call: $*" >&2; exit 1 ;;
            esac
            """;

    @BeforeEach
    void fakeClis() throws Exception {
        for (var tool : Map.of("gh", GH, "aws", AWS).entrySet()) {
            Path file = bin.resolve(tool.getKey());
            Files.writeString(file, tool.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run bootstrap(Map<String, String> env, boolean withGh) throws Exception {
        if (!withGh) {
            Files.delete(bin.resolve("gh"));
        }
        var process = new ProcessBuilder("bash", "infra/scripts/bootstrap.sh");
        process.environment().keySet().removeIf(key -> key.startsWith("GITHUB_") || key.equals("SUBJECT_FORMAT"));
        process.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        process.environment().put("DRY_RUN", "1");
        Path calls = bin.resolve("aws-calls");
        process.environment().put("FAKE_CALLS", calls.toString());
        process.environment().putAll(env);
        Process started = process.start();
        String out = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(started.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        var run = new Run(started.waitFor(), out, err);
        // Each aws call as the real CLI would take it (src/test/resources/aws-cli-model/).
        if (Files.exists(calls)) {
            for (String line : Files.readAllLines(calls)) {
                assertEquals(List.of(), AwsCliModel.problems(List.of(line.split("\u001f", -1))), line);
            }
            Files.delete(calls);
        }
        return run;
    }

    @Test
    void findsTheRepositoryItsIdsAndItsImmutableSubjectAndReusesTheProvider() throws Exception {
        String provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        Run run = bootstrap(Map.of("AWS_REGION", "eu-west-1", "FAKE_IMMUTABLE", "true", "FAKE_PROVIDERS", provider), true);

        assertEquals(0, run.exit(), run.err());
        for (String expected : new String[] { "--stack-name " + DefaultAppName.VALUE + "-github-oidc", "GitHubOwner=octo-org",
                "GitHubRepo=guestbook", "GitHubOwnerId=1111", "GitHubRepoId=2222", "SubjectFormat=immutable",
                "DeployEnvironment=production", "OIDCProviderArn=" + provider, "--no-fail-on-empty-changeset" }) {
            assertTrue(run.out().contains(expected), "missing " + expected + " in\n" + run.out());
        }
    }

    /** Role names are global: the same app bootstrapped in a second region would collide with the first. */
    @Test
    void theSameAppNameInASecondRegionIsRefusedUpFrontWithAWayOut() throws Exception {
        Run run = bootstrap(Map.of("AWS_REGION", "us-east-1", "FAKE_IMMUTABLE", "true",
                "FAKE_ROLES", DefaultAppName.VALUE + "-github-deploy"), true);
        assertNotEquals(0, run.exit(), run.out());
        assertTrue(run.err().contains("the role " + DefaultAppName.VALUE + "-github-deploy exists already in this account, but the stack "
                + DefaultAppName.VALUE + "-github-oidc is not in us-east-1"), run.err());
        assertTrue(run.err().contains("APP_NAME=" + DefaultAppName.VALUE + "-useast1 make bootstrap"), run.err());
        assertTrue(!run.out().contains("aws cloudformation deploy"), "nothing deployed: " + run.out());

        Run elsewhere = bootstrap(Map.of("AWS_REGION", "us-east-1", "FAKE_IMMUTABLE", "true", "APP_NAME", DefaultAppName.VALUE
                + "-useast1", "FAKE_ROLES", DefaultAppName.VALUE + "-github-deploy"), true);
        assertEquals(0, elsewhere.exit(), elsewhere.err());
    }

    @Test
    void aSecondEnvironmentGetsItsOwnStackRoleAndAppNameAndSharesTheProvider() throws Exception {
        String provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        Run run = bootstrap(Map.of("AWS_REGION", "eu-west-1", "FAKE_IMMUTABLE", "true", "FAKE_PROVIDERS", provider,
                "DEPLOY_ENVIRONMENT", "staging"), true);
        assertEquals(0, run.exit(), run.err());
        for (String expected : new String[] { "--stack-name " + DefaultAppName.VALUE + "-staging-github-oidc", "DeployEnvironment=staging",
                "AppName=" + DefaultAppName.VALUE + "-staging", "OIDCProviderArn=" + provider }) {
            assertTrue(run.out().contains(expected), "missing " + expected + " in\n" + run.out());
        }
        Run odd = bootstrap(Map.of("AWS_REGION", "eu-west-1", "FAKE_IMMUTABLE", "true", "ENVIRONMENT", "Pre.Prod"), true);
        assertNotEquals(0, odd.exit());
        assertTrue(odd.err().contains("set APP_NAME for the environment 'Pre.Prod'"), odd.err());
    }

    @Test
    void aRepositoryOnTheLegacySubjectStopsAndSaysWhatEachWayOutRisks() throws Exception {
        Run run = bootstrap(Map.of("AWS_REGION", "eu-west-1", "FAKE_IMMUTABLE", "false"), true);
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("GitHub still issues legacy subjects"), run.err());
        assertTrue(run.err().contains("SUBJECT_FORMAT=legacy make bootstrap"), run.err());
        assertTrue(run.err().contains("whoever registers that name"), run.err());
        assertTrue(!run.out().contains("aws cloudformation deploy"), "nothing deployed: " + run.out());
    }

    @Test
    void theLegacySubjectOnlyWhenAskedForAndWithAWarning() throws Exception {
        Run run = bootstrap(Map.of("AWS_REGION", "eu-west-1", "FAKE_IMMUTABLE", "false", "SUBJECT_FORMAT", "legacy"), true);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("SubjectFormat=legacy"), run.out());
        assertTrue(run.out().contains("OIDCProviderArn= ") || run.out().contains("OIDCProviderArn=''"), run.out());
        assertTrue(run.err().contains("Warning: SubjectFormat legacy") && run.err().contains("renamed or deleted"), run.err());
    }

    @Test
    void withoutGhTheImmutableSubjectIsTheDefault() throws Exception {
        Run run = bootstrap(Map.of("AWS_REGION", "eu-west-1", "GITHUB_OWNER", "octo-org", "GITHUB_REPO", "guestbook",
                "GITHUB_OWNER_ID", "1111", "GITHUB_REPO_ID", "2222"), false);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("SubjectFormat=immutable"), run.out());
    }

    @Test
    void anUnknownSubjectFormatIsRefused() throws Exception {
        Run run = bootstrap(Map.of("AWS_REGION", "eu-west-1", "FAKE_IMMUTABLE", "true", "SUBJECT_FORMAT", "Legacy"), true);
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("SUBJECT_FORMAT must be immutable, legacy or both, not 'Legacy'"), run.err());
    }

    @Test
    void aSecondRunKeepsTheProviderTheStackAlreadyUses() throws Exception {
        String own = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        Run run = bootstrap(Map.of("AWS_REGION", "eu-west-1", "FAKE_IMMUTABLE", "true", "FAKE_STACK_PROVIDER", "None"), true);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("OIDCProviderArn= ") || run.out().contains("OIDCProviderArn=''"),
                "the provider this stack created stays this stack's: " + run.out());
        Run reused = bootstrap(Map.of("AWS_REGION", "eu-west-1", "FAKE_IMMUTABLE", "true", "FAKE_STACK_PROVIDER", own), true);
        assertTrue(reused.out().contains("OIDCProviderArn=" + own), reused.out());
    }

    @Test
    void withoutGhItSaysWhatToSet() throws Exception {
        Run run = bootstrap(Map.of("AWS_REGION", "eu-west-1"), false);
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("set GITHUB_OWNER and GITHUB_REPO"), run.err());
    }

    @Test
    void withoutARegionItSaysSo() throws Exception {
        Run run = bootstrap(Map.of(), true);
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("Set AWS_REGION"), run.err());
    }

    @Test
    void theImmutableFormatWithoutIdsIsRefusedBeforeAnythingIsDeployed() throws Exception {
        Run run = bootstrap(Map.of("AWS_REGION", "eu-west-1", "GITHUB_OWNER", "octo-org", "GITHUB_REPO", "guestbook",
                "SUBJECT_FORMAT", "immutable"), false);
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("needs GITHUB_OWNER_ID and GITHUB_REPO_ID"), run.err());
    }
}
