package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** make check-trust tells a current trust from a stale one by asking GitHub what its tokens carry. */
class CheckTrustScriptTest {

    @TempDir
    Path work;
    private AwsStandIn world;

    @BeforeEach
    void aTrustForTheRepositoryAsItWasBootstrapped() throws Exception {
        world = AwsStandIn.in(work);
        world.stack("guestbook-github-oidc", "CREATE_COMPLETE",
                Map.of("TrustedSubjects", "repo:octo-org@1111/guestbook@2222:environment:production"));
    }

    @Test
    void aTrustMatchingWhatGitHubIssuesIsCurrent() throws Exception {
        var run = world.run("infra/scripts/check-trust.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("The trust is current"), run.output());
    }

    /** The immutable subject carries the names as well as the IDs: a rename changes it. */
    @Test
    void aRenamedRepositoryHasAStaleTrust() throws Exception {
        world.githubRepository("octo-org", 1111, "visitors-book", 2222, false, "Organization");
        world.git("remote", "set-url", "origin", "https://github.com/octo-org/visitors-book.git");
        world.githubDefaultRepository("octo-org/visitors-book");
        var run = world.run("infra/scripts/check-trust.sh", Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("the trust is stale") && run.output().contains(
                "repo:octo-org@1111/visitors-book@2222:environment:production"), run.output());
        assertTrue(run.output().contains("Run make bootstrap again"), run.output());
    }

    @Test
    void aCustomSubjectTemplateIsNamed() throws Exception {
        world.githubOidcSubject("octo-org", "guestbook", new ObjectMapper().createObjectNode().put("use_default", false));
        var run = world.run("infra/scripts/check-trust.sh", Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("custom subject template"), run.output());
    }
}
