package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make verify-package (infra/scripts/verify-package.sh) with the stand-in gh: the deploy job deploys
 * only a package whose attestation names this repository's deploy workflow, this commit and main;
 * where attestations are off it says so instead of passing silently.
 */
class VerifyPackageScriptTest {

    private static final String REPOSITORY = "octo-org/guestbook";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String WORKFLOW = REPOSITORY + "/.github/workflows/deploy.yml";

    @TempDir
    Path work;
    private AwsStandIn aws;

    @BeforeEach
    void standIn() throws Exception {
        aws = AwsStandIn.in(work);
    }

    private void attestation(String repository, String workflow, String commit, String ref) throws Exception {
        byte[] zip = Files.readAllBytes(aws.project().resolve("target/function.zip"));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        Path file = aws.state().resolve("github/attestations/" + digest);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "repo " + repository + "\nsigner-workflow " + workflow + "\nsource-digest " + commit
                + "\nsource-ref " + ref + "\n");
    }

    private AwsStandIn.Run verify(String attestations) throws Exception {
        var env = new HashMap<>(Map.of("ATTESTATIONS", attestations, "GITHUB_REPOSITORY", REPOSITORY, "BUILD_COMMIT", COMMIT,
                "GITHUB_STEP_SUMMARY", work.resolve("summary.md").toString()));
        return aws.run("infra/scripts/verify-package.sh", env);
    }

    @Test
    void thePackageThisWorkflowBuiltFromThisCommitPasses() throws Exception {
        attestation(REPOSITORY, WORKFLOW, COMMIT, "refs/heads/main");
        var run = verify("on");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("was built by " + WORKFLOW + " from " + COMMIT + ": attestation verified"), run.output());
    }

    @Test
    void aPackageWithoutAttestationOrFromElsewhereIsNotDeployed() throws Exception {
        var none = verify("on");
        assertNotEquals(0, none.exitCode());
        assertTrue(none.output().contains("has no valid attestation from " + WORKFLOW + " for commit " + COMMIT), none.output());
        assertTrue(none.output().contains("no attestations found"), "gh's own reason: " + none.output());

        for (var other : new String[][] { { "octo-org/fork", WORKFLOW, COMMIT, "refs/heads/main" },
                { REPOSITORY, REPOSITORY + "/.github/workflows/ci.yml", COMMIT, "refs/heads/main" },
                { REPOSITORY, WORKFLOW, "fedcba9876543210fedcba9876543210fedcba98", "refs/heads/main" },
                { REPOSITORY, WORKFLOW, COMMIT, "refs/heads/feature" } }) {
            attestation(other[0], other[1], other[2], other[3]);
            var run = verify("on");
            assertNotEquals(0, run.exitCode(), String.join(" ", other) + ": " + run.output());
            assertTrue(run.output().contains("it is not the package this\nrepository's deploy workflow built"), run.output());
        }
    }

    @Test
    void withoutAttestationsTheSkipIsVisibleInTheLogAndTheSummary() throws Exception {
        var run = verify("off");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().startsWith("::notice title=No attestation::The package's provenance is not verified"), run.output());
        assertTrue(Files.readString(work.resolve("summary.md")).contains("**No attestation:**"));
        assertTrue(aws.ghCalls().isEmpty(), "nothing asked of GitHub: " + aws.ghCalls());

        var wrong = verify("maybe");
        assertNotEquals(0, wrong.exitCode());
        assertTrue(wrong.output().contains("ATTESTATIONS must be on or off, not 'maybe'"), wrong.output());
    }
}
