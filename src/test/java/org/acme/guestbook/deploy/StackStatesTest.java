package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * make deploy from every state a stack can be left in. `aws cloudformation deploy` updates any
 * stack that exists (but one in REVIEW_IN_PROGRESS), and CloudFormation refuses to update one in
 * ROLLBACK_COMPLETE, so a failed first create must be deleted before anything can deploy again.
 */
@Order(1) // among the longest test classes: started first, so that the run does not wait for it at its end
class StackStatesTest {

    private static final String ROLE = AwsStandIn.EXECUTION_ROLE;

    @TempDir
    Path work;
    private AwsStandIn aws;

    @BeforeEach
    void trustStack() throws Exception {
        aws = AwsStandIn.in(work);
        aws.trustStackForDeploys("1");
    }

    private List<String> calls() throws Exception {
        return aws.calls().stream().map(call -> String.join(" ", call)).toList();
    }

    private int indexOf(String prefix) throws Exception {
        var calls = calls();
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aFailedFirstCreateIsDeletedWithItsReasonShownAndTheNextDeploySucceeds() throws Exception {
        var failed = aws.run("infra/scripts/deploy.sh", Map.of("FAKE_DEPLOY_FAILS", "1"));
        assertNotEquals(0, failed.exitCode(), failed.output());
        aws.stackEvents("guestbook", List.of(
                List.of("2026-11-29T10:00:09Z", "guestbook", "ROLLBACK_COMPLETE", "None"),
                List.of("2026-11-29T10:00:05Z", "Distribution", "CREATE_FAILED", "not authorized to perform: cloudfront:TagResource"),
                List.of("2026-11-29T10:00:00Z", "guestbook", "CREATE_IN_PROGRESS", "User Initiated"),
                List.of("2026-11-28T10:00:05Z", "Function", "CREATE_FAILED", "an older attempt's failure")));

        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("was never created (ROLLBACK_COMPLETE)"), run.output());
        assertTrue(run.output().contains("Distribution CREATE_FAILED: not authorized to perform: cloudfront:TagResource"),
                "the last attempt's failure: " + run.output());
        assertFalse(run.output().contains("an older attempt's failure"), "only the last attempt: " + run.output());
        int delete = indexOf("cloudformation delete-stack --stack-name guestbook");
        int waited = indexOf("cloudformation wait stack-delete-complete --stack-name guestbook");
        int deploy = calls().lastIndexOf(calls().stream().filter(c -> c.startsWith("cloudformation deploy")).reduce((a, b) -> b)
                .orElseThrow());
        assertTrue(delete >= 0 && delete < waited && waited < deploy, calls().toString());
        assertTrue(run.output().contains("Site: https://d111111abcdef8.cloudfront.net"), run.output());
    }

    @Test
    void aStackWhoseCreateWasNeverExecutedIsDeletedAndDeployed() throws Exception {
        aws.stack("guestbook", "REVIEW_IN_PROGRESS", Map.of());
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(indexOf("cloudformation delete-stack --stack-name guestbook") < indexOf("cloudformation deploy"), calls().toString());
    }

    @Test
    void aFailedRollbackStopsWithTheAdministratorsCommand() throws Exception {
        aws.stack("guestbook", "UPDATE_ROLLBACK_FAILED", Map.of());
        aws.stackEvents("guestbook", List.of(
                List.of("2026-11-29T10:00:09Z", "Function", "UPDATE_FAILED", "S3 key does not exist"),
                List.of("2026-11-29T10:00:00Z", "guestbook", "UPDATE_IN_PROGRESS", "User Initiated")));
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("Function UPDATE_FAILED: S3 key does not exist"), run.output());
        assertTrue(run.output().contains("aws cloudformation continue-update-rollback --stack-name guestbook --role-arn "
                + ROLE + " --region eu-west-1"), run.output());
        assertTrue(calls().stream().noneMatch(c -> c.startsWith("cloudformation deploy") || c.startsWith("s3api put-object")
                || c.startsWith("cloudformation delete-stack")), calls().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "UPDATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS" })
    void aRunningOperationIsWaitedForNotFought(String status) throws Exception {
        aws.stack("guestbook", status, Map.of());
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("the stack guestbook is " + status + ": another deploy or destroy is running"),
                run.output());
        assertTrue(calls().stream().noneMatch(c -> c.startsWith("cloudformation deploy") || c.startsWith("cloudformation delete")),
                calls().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "DELETE_FAILED", "ROLLBACK_FAILED" })
    void aStackThatCannotBeDeployedStopsWithItsStatus(String status) throws Exception {
        aws.stack("guestbook", status, Map.of());
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("the stack guestbook is in " + status + ", which cannot be deployed: make destroy"),
                run.output());
        assertTrue(calls().stream().noneMatch(c -> c.startsWith("cloudformation deploy")), calls().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE" })
    void aStackInAStableStateIsUpdated(String status) throws Exception {
        aws.stack("guestbook", status, Map.of("SiteBucketName", "guestbook-site", "DistributionId", "E2EXAMPLE",
                "SiteUrl", "https://d111111abcdef8.cloudfront.net", "FunctionVersion", "1"));
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(calls().stream().noneMatch(c -> c.startsWith("cloudformation delete-stack")), calls().toString());
    }
}
