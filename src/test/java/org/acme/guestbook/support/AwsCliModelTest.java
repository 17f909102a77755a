package org.acme.guestbook.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI's own argument tables refuse what the real CLI refuses, and let through what it takes. */
class AwsCliModelTest {

    @TempDir
    Path work;

    private static List<String> problems(String... call) {
        return AwsCliModel.problems(List.of(call));
    }

    @Test
    void callsTheScriptsMakeAreAccepted() {
        assertEquals(List.of(), problems("cloudformation", "describe-stacks", "--stack-name", "guestbook", "--query",
                "Stacks[0].StackStatus", "--output", "text"));
        assertEquals(List.of(), problems("cloudformation", "wait", "stack-delete-complete", "--stack-name", "guestbook"));
        assertEquals(List.of(), problems("cloudfront", "create-invalidation", "--distribution-id", "E2", "--paths", "/a", "/b"));
        assertEquals(List.of(), problems("s3", "rm", "s3://bucket", "--recursive", "--only-show-errors"));
        assertEquals(List.of(), problems("s3api", "put-object-tagging", "--bucket", "b", "--key", "k", "--tagging",
                "{\"TagSet\": [{\"Key\": \"superseded\", \"Value\": \"true\"}]}"));
        assertEquals(List.of(), problems("cloudformation", "deploy", "--stack-name", "s", "--template-file", "t.yaml",
                "--capabilities", "CAPABILITY_NAMED_IAM", "--no-fail-on-empty-changeset", "--parameter-overrides", "A=1", "B="));
        assertEquals(List.of(), problems("--version"));
    }

    @Test
    void anInventedOptionIsRefused() {
        assertTrue(problems("cloudformation", "describe-stacks", "--stack-nme", "guestbook")
                .contains("aws cloudformation describe-stacks has no option --stack-nme"));
        assertTrue(problems("s3", "rm", "s3://bucket", "--recursively").contains("aws s3 rm has no option --recursively"));
    }

    @Test
    void aMissingRequiredOptionAnUnknownOperationAndAWrongValueAreRefused() {
        assertTrue(problems("s3api", "put-object-tagging", "--bucket", "b", "--key", "k")
                .contains("aws s3api put-object-tagging needs --tagging"));
        assertEquals(List.of("aws cloudformation has no operation describe-stack"),
                problems("cloudformation", "describe-stack", "--stack-name", "s"));
        assertTrue(problems("cloudformation", "wait", "stack-deleted", "--stack-name", "s").get(0).contains("no subcommand stack-deleted"));
        assertTrue(problems("s3api", "list-objects-v2", "--bucket", "b", "--max-keys", "ten").get(0).contains("whole number"));
        assertTrue(problems("cloudformation", "describe-stacks", "--output", "yaml").get(0).contains("--output must be one of"));
        assertTrue(problems("s3api", "put-object", "--bucket", "b", "--key", "k", "--acl", "world-writable").get(0)
                .contains("must be one of"));
    }

    @Test
    void aJsonValueWithAMemberTheApiDoesNotHaveIsRefused() {
        var refused = problems("s3api", "put-object-tagging", "--bucket", "b", "--key", "k", "--tagging",
                "{\"TagSet\": [{\"Key\": \"superseded\", \"Vaule\": \"true\"}]}");
        assertTrue(refused.stream().anyMatch(p -> p.contains("--tagging.TagSet[]: no member Vaule")), refused.toString());
        assertTrue(refused.stream().anyMatch(p -> p.contains("--tagging.TagSet[]: needs Value")), refused.toString());
    }

    /** A script that makes a call the real CLI would refuse fails its test, whatever the stand-in answered. */
    @Test
    void aScriptCallingTheStandInWithAnInventedOptionFailsItsTest() throws Exception {
        var aws = AwsStandIn.in(work);
        Path destroy = aws.project().resolve("infra/scripts/destroy.sh");
        Files.writeString(destroy, Files.readString(destroy).replace("--recursive --only-show-errors",
                "--recursive --only-show-errors --force"));
        aws.stack("guestbook", "UPDATE_COMPLETE", Map.of("SiteBucketName", "guestbook-site-123456789012-eu-west-1"));
        var failure = assertThrows(AssertionError.class, () -> aws.run("infra/scripts/destroy.sh", Map.of()));
        assertTrue(failure.getMessage().contains("aws s3 rm has no option --force"), failure.getMessage());
    }
}
