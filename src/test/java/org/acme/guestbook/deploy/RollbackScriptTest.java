package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make rollback (infra/scripts/rollback.sh) with the stand-in aws, after three releases of three
 * sites: the live alias goes back through the app stack (its own template, every other parameter as
 * it was, AllAtOnce), after the old version answered, and that version's kept site is published again.
 */
@Order(1) // among the longest test classes: started first, so that the run does not wait for it at its end
class RollbackScriptTest {

    @TempDir
    Path work;
    private AwsStandIn aws;

    private void deploy(String commit, String page) throws Exception {
        Files.writeString(aws.ownSite().resolve("index.html"), "<!doctype html><p id=\"message-form\">" + page + "</p>\n");
        var run = aws.run("infra/scripts/deploy.sh", Map.of("BUILD_COMMIT", commit));
        assertEquals(0, run.exitCode(), run.output());
    }

    private void threeReleases() throws Exception {
        aws = AwsStandIn.in(work);
        aws.trustStackForDeploys("7");
        deploy("aaaaaaa", "the first page");
        deploy("bbbbbbb", "the second page");
        deploy("ccccccc", "the third page");
        assertEquals("9", live());
    }

    private String live() throws Exception {
        return Files.readString(aws.state().resolve("stacks/guestbook/outputs/LiveVersion")).trim();
    }

    private String publishedPage() throws Exception {
        return Files.readString(aws.state().resolve("objects/guestbook-site/index.html"));
    }

    private AwsStandIn.Run rollback(String... version) throws Exception {
        return aws.run("infra/scripts/rollback.sh", Map.of(), version);
    }

    private List<String> callsSince(int before) throws Exception {
        return aws.calls().subList(before, aws.calls().size()).stream().map(call -> String.join(" ", call)).toList();
    }

    @Test
    void goesBackToTheVersionBeforeWithItsSiteAndTheNextDeployReleasesTheNewestAgain() throws Exception {
        threeReleases();
        int before = aws.calls().size();
        var run = rollback();
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("8", live());
        assertTrue(publishedPage().contains("the second page"), "the site of version 8: " + publishedPage());
        assertTrue(run.output().contains("version 8 answers GET /api/info with commit bbbbbbb"), run.output());
        assertTrue(run.output().contains("version 8 is live (commit bbbbbbb)"), run.output());

        var calls = callsSince(before);
        int check = indexOf(calls, "lambda invoke");
        int changeSet = indexOf(calls, "cloudformation create-change-set");
        assertTrue(check >= 0 && check < changeSet, "the old version answers before the alias moves: " + calls);
        String create = calls.get(changeSet);
        assertTrue(create.contains("--use-previous-template") && create.contains("--role-arn " + AwsStandIn.EXECUTION_ROLE), create);
        assertTrue(create.contains("ParameterKey=LiveVersion,ParameterValue=8")
                && create.contains("ParameterKey=ReleaseStrategy,ParameterValue=AllAtOnce"), create);
        assertTrue(create.contains("ParameterKey=CodeKey,UsePreviousValue=true")
                && create.contains("ParameterKey=Commit,UsePreviousValue=true"), "nothing else changes: " + create);
        assertFalse(calls.stream().anyMatch(call -> call.startsWith("cloudformation deploy")), "no template from this checkout");
        assertEquals(List.of("published 7", "published 8", "published 9"), Files.readAllLines(aws.state().resolve("lambda/published")),
                "nothing is published or rebuilt");

        var next = aws.run("infra/scripts/deploy.sh", Map.of("BUILD_COMMIT", "ccccccc"));
        assertEquals(0, next.exitCode(), next.output());
        assertTrue(next.output().contains("releasing version 9 (Canary10Percent5Minutes; version 8 serves the rest until then)"),
                next.output());
        assertEquals("9", live());
    }

    /** One set of three releases for the refusals (which change nothing) and then a rollback to a named version. */
    @Test
    void refusesWhatItCannotDoAndOtherwiseGoesToTheVersionItIsTold() throws Exception {
        threeReleases();
        int before = aws.calls().size();
        var bad = rollback("seven");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.output().contains("VERSION must be a function version number (make rollback VERSION=7), not 'seven'"),
                bad.output());
        assertEquals(before, aws.calls().size(), "refused before any AWS call");

        var unknown = rollback("42");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.output().contains("there is no version 42 of guestbook-function; the kept versions are: 7 8 9"),
                unknown.output());
        assertEquals("9", live());

        // A version that no longer answers is not given the alias.
        Files.createDirectories(aws.state().resolve("lambda/answers"));
        Files.writeString(aws.state().resolve("lambda/answers/8"), "{\"statusCode\":500,\"body\":\"{}\"}");
        before = aws.calls().size();
        var broken = rollback("8");
        assertNotEquals(0, broken.exitCode());
        assertTrue(broken.output().contains("version 8 answered GET /api/info with 500"), broken.output());
        assertTrue(broken.output().contains("version 8 does not answer as it should; the live alias stays on version 9"),
                broken.output());
        assertFalse(callsSince(before).stream().anyMatch(call -> call.startsWith("cloudformation create-change-set")));
        assertEquals("9", live());

        var run = rollback("7");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("7", live());
        assertTrue(publishedPage().contains("the first page"), publishedPage());

        var same = rollback("7");
        assertEquals(0, same.exitCode(), same.output());
        assertTrue(same.output().contains("version 7 is live already: nothing to do"), same.output());
    }

    @Test
    void withNothingOlderItSaysSo() throws Exception {
        var fresh = AwsStandIn.in(work.resolve("fresh"));
        fresh.trustStackForDeploys("1");
        assertEquals(0, fresh.run("infra/scripts/deploy.sh", Map.of()).exitCode());
        var run = fresh.run("infra/scripts/rollback.sh", Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("no version before the live one (1) is kept: versions 1"), run.output());
    }

    private static int indexOf(List<String> calls, String prefix) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
