package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make destroy with the stand-in aws: the buckets are emptied before the stack goes, and nothing is guessed. */
class DestroyScriptTest {

    @TempDir
    Path work;

    private static List<String> lines(AwsStandIn aws) throws Exception {
        return aws.calls().stream().map(call -> "aws " + String.join(" ", call)).toList();
    }

    @Test
    void destroyEmptiesBothBucketsBeforeDeletingTheStack() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        aws.stack("guestbook", "UPDATE_COMPLETE", Map.of("SiteBucketName", "guestbook-site-123456789012-eu-west-1",
                "DataBucketName", "guestbook-data-123456789012-eu-west-1"));
        var run = aws.run("infra/scripts/destroy.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        List<String> calls = lines(aws);
        int site = indexOf(calls, "aws s3 rm s3://guestbook-site-123456789012-eu-west-1 --recursive");
        int data = indexOf(calls, "aws s3 rm s3://guestbook-data-123456789012-eu-west-1 --recursive");
        int delete = indexOf(calls, "aws cloudformation delete-stack --stack-name guestbook");
        int wait = indexOf(calls, "aws cloudformation wait stack-delete-complete --stack-name guestbook");
        assertTrue(site >= 0 && data >= 0 && site < delete && data < delete && delete < wait, calls.toString());
    }

    /** AWS CLI v1 ignores AWS_REGION: the scripts must hand it on, or every call stops with "You must specify a region". */
    @Test
    void theScriptsWorkWithAwsCliVersion1AndVersion2() throws Exception {
        for (String version : List.of("1", "2")) {
            var aws = AwsStandIn.in(work.resolve("cli-" + version));
            aws.stack("guestbook", "UPDATE_COMPLETE", Map.of("SiteBucketName", "guestbook-site-123456789012-eu-west-1"));
            var run = aws.run("infra/scripts/destroy.sh", Map.of("FAKE_CLI_VERSION", version));
            assertEquals(0, run.exitCode(), "AWS CLI v" + version + ": " + run.output());
        }
        var aws = AwsStandIn.in(work.resolve("no-region"));
        var unconfigured = new ProcessBuilder(aws.project().getParent().resolve("bin/aws").toString(), "cloudformation",
                "describe-stacks", "--stack-name", "guestbook");
        unconfigured.environment().put("FAKE_STATE", aws.state().toString());
        unconfigured.environment().put("AWS_REGION", "eu-west-1");
        unconfigured.environment().remove("AWS_DEFAULT_REGION");
        var refused = unconfigured.redirectErrorStream(true).start();
        String output = new String(refused.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(255, refused.waitFor(), "the stand-in is v1, which ignores AWS_REGION: " + output);
        assertTrue(output.contains("You must specify a region"), output);
    }

    @Test
    void destroyWithoutAStackDeletesNothing() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        var run = aws.run("infra/scripts/destroy.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("nothing to destroy"), run.output());
        assertTrue(lines(aws).stream().noneMatch(c -> c.contains("delete-stack") || c.contains(" s3 rm ")), lines(aws).toString());
    }

    @Test
    void destroyOfAStackWhoseCreateWasRolledBackOnlyDeletesTheStack() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        aws.stack("guestbook", "ROLLBACK_COMPLETE", Map.of());
        var run = aws.run("infra/scripts/destroy.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(lines(aws).stream().noneMatch(c -> c.contains(" s3 rm ")), lines(aws).toString());
        assertTrue(indexOf(lines(aws), "aws cloudformation delete-stack --stack-name guestbook") >= 0, lines(aws).toString());
    }

    @Test
    void destroyFindsTheBucketsInTheStacksResourcesNotItsOutputs() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        aws.stack("guestbook", "UPDATE_ROLLBACK_FAILED", Map.of("SiteBucketName", "guestbook-site-123456789012-eu-west-1",
                "DataBucketName", "guestbook-data-123456789012-eu-west-1"));
        java.nio.file.Files.delete(aws.state().resolve("stacks/guestbook/outputs/DataBucketName"));
        var run = aws.run("infra/scripts/destroy.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(indexOf(lines(aws), "aws s3 rm s3://guestbook-data-123456789012-eu-west-1 --recursive") >= 0, lines(aws).toString());
    }

    @Test
    void destroyGoesOnWhenABucketIsGoneAlready() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        aws.stack("guestbook", "DELETE_FAILED", Map.of("SiteBucketName", "guestbook-site-123456789012-eu-west-1",
                "DataBucketName", "guestbook-data-123456789012-eu-west-1"));
        var run = aws.run("infra/scripts/destroy.sh", Map.of("FAKE_GONE_BUCKETS", "guestbook-site-123456789012-eu-west-1"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("guestbook-site-123456789012-eu-west-1 is gone already"), run.output());
        assertTrue(run.output().contains("emptied guestbook-data-123456789012-eu-west-1"), run.output());
        assertTrue(run.output().contains("deleted the stack guestbook"), run.output());
    }

    @Test
    void aStackThatWasNeverExecutedHasNoOutputsAndIsDeleted() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        aws.stack("guestbook", "REVIEW_IN_PROGRESS", Map.of());
        var run = aws.run("infra/scripts/destroy.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(indexOf(lines(aws), "aws cloudformation delete-stack --stack-name guestbook") >= 0, lines(aws).toString());
    }

    @Test
    void aFailedDeleteSaysWhatFailedAndTheNextRunFinishesIt() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        aws.stack("guestbook", "UPDATE_COMPLETE", Map.of("SiteBucketName", "guestbook-site-123456789012-eu-west-1",
                "DataBucketName", "guestbook-data-123456789012-eu-west-1"));
        aws.stackEvents("guestbook", List.of(
                List.of("2026-11-29T11:00:09Z", "DataBucket", "DELETE_FAILED", "The bucket you tried to delete is not empty"),
                List.of("2026-11-29T11:00:00Z", "guestbook", "DELETE_IN_PROGRESS", "User Initiated")));
        var first = aws.run("infra/scripts/destroy.sh", Map.of("FAKE_DELETE_FAILS", "1"));
        assertTrue(first.exitCode() != 0, first.output());
        assertTrue(first.output().contains("DataBucket DELETE_FAILED: The bucket you tried to delete is not empty"), first.output());
        assertTrue(first.output().contains("make destroy again"), first.output());

        var second = aws.run("infra/scripts/destroy.sh", Map.of());
        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("deleted the stack guestbook"), second.output());

        var third = aws.run("infra/scripts/destroy.sh", Map.of());
        assertEquals(0, third.exitCode(), third.output());
        assertTrue(third.output().contains("nothing to destroy"), third.output());
    }

    @Test
    void aRunningDeployIsNotDestroyedUnderIt() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        aws.stack("guestbook", "UPDATE_IN_PROGRESS", Map.of("SiteBucketName", "guestbook-site-123456789012-eu-west-1"));
        var run = aws.run("infra/scripts/destroy.sh", Map.of());
        assertTrue(run.exitCode() != 0, run.output());
        assertTrue(run.output().contains("the stack guestbook is UPDATE_IN_PROGRESS"), run.output());
        assertTrue(lines(aws).stream().noneMatch(c -> c.contains("delete-stack") || c.contains(" s3 rm ")), lines(aws).toString());
    }

    @Test
    void destroyTellsARefusedReadFromAMissingStack() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        var run = aws.run("infra/scripts/destroy.sh", Map.of("FAKE_DESCRIBE_ERROR",
                "An error occurred (AccessDenied) when calling the DescribeStacks operation: not authorized"));
        assertTrue(run.exitCode() != 0, run.output());
        assertTrue(run.output().contains("cannot read the stack guestbook in eu-west-1") && run.output().contains("AccessDenied"),
                run.output());
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
