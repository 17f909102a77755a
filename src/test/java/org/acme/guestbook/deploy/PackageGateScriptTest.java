package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two gates of the deploy job, run as the workflow runs them: make check-package (the
 * downloaded zip is exactly the one the package job built) and make check-newest (the commit is
 * still the head of main), with the stand-in gh for GitHub.
 */
class PackageGateScriptTest {

    private static final String HEAD = "1111111111111111111111111111111111111111";
    private static final String OLDER = "2222222222222222222222222222222222222222";

    @TempDir
    Path work;
    private AwsStandIn standIns;
    private Path output;

    @BeforeEach
    void project() throws Exception {
        standIns = AwsStandIn.in(work);
        output = work.resolve("github-output");
        standIns.githubBranchHead("main", HEAD);
    }

    private String zipDigest() throws Exception {
        byte[] zip = Files.readAllBytes(standIns.project().resolve("target/function.zip"));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
    }

    private AwsStandIn.Run digest(String... args) throws Exception {
        String command = "infra/scripts/package-digest.sh target/function.zip " + String.join(" ", args);
        Path script = standIns.project().resolve("digest.sh");
        Files.writeString(script, command + "\n");
        return standIns.run("digest.sh", Map.of("GITHUB_OUTPUT", output.toString()));
    }

    @Test
    void thePackageJobPublishesTheZipsSha256() throws Exception {
        var run = digest();
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("sha256 " + zipDigest()), run.output());
        assertEquals("sha256=" + zipDigest() + "\n", Files.readString(output));
    }

    @Test
    void theSamePackagePasses() throws Exception {
        var run = digest(zipDigest());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("is the package that was built"), run.output());
    }

    @Test
    void anyOtherPackageStopsTheDeploy() throws Exception {
        String built = zipDigest();
        Files.writeString(standIns.project().resolve("target/function.zip"), "something else");
        var run = digest(built);
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("but the package job built " + built), run.output());
        assertTrue(run.output().contains("nothing was deployed"), run.output());
    }

    @Test
    void aMissingDigestIsNotTakenForAMatch() throws Exception {
        var run = digest("''");
        assertEquals(0, run.exitCode(), "no expected digest means: print it");
        var bad = digest("not-a-digest");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.output().contains("is not 64 hex digits"), bad.output());
    }

    /** make check-newest COMMIT=commit, as the deploy job runs it. */
    private AwsStandIn.Run newest(String commit) throws Exception {
        Files.writeString(standIns.project().resolve("newest.sh"), "infra/scripts/check-newest.sh \"$BUILD_COMMIT\"\n");
        return standIns.run("newest.sh", Map.of("GITHUB_OUTPUT", output.toString(),
                "GITHUB_REPOSITORY", "octo-org/guestbook", "BUILD_COMMIT", commit));
    }

    @Test
    void theHeadOfMainDeploys() throws Exception {
        var run = newest(HEAD);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("newest=true\n", Files.readString(output));
        assertEquals("api repos/octo-org/guestbook/commits/main --jq .sha",
                String.join(" ", standIns.ghCalls().get(0)));
    }

    @Test
    void anOlderCommitIsSkippedWithANotice() throws Exception {
        var run = newest(OLDER);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("newest=false\n", Files.readString(output));
        assertTrue(run.output().contains("::notice title=Deploy skipped::" + OLDER + " is no longer the head of main ("
                + HEAD + " is)"), run.output());
    }

    @Test
    void anUnknownHeadStopsInsteadOfGuessing() throws Exception {
        Files.delete(standIns.github().resolve("repos/octo-org/guestbook/commits/main"));
        var run = newest(HEAD);
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("cannot read the head of main of octo-org/guestbook"), run.output());
        assertTrue(!Files.exists(output), "no answer is written");
    }

    @Test
    void aCommitThatIsNoShaIsRefused() throws Exception {
        var run = newest("main");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("COMMIT must be a full commit SHA, not 'main'"), run.output());
    }
}
