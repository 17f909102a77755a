package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make github-setup and make destroy, with stand-ins for gh and aws that answer like GitHub and
 * AWS and record every call, in order (destroy with the shared stand-in aws of AwsStandIn).
 */
class GitHubSetupAndDestroyScriptTest {

    @TempDir
    Path work;

    private static final String GH = """
            #!/usr/bin/env bash
            echo "gh $*" >> "$FAKE_STATE/calls"
            case "$*" in
              "repo view --json nameWithOwner --jq .nameWithOwner") echo octo-org/guestbook ;;
              *deployment-branch-policies" --jq "*) printf '%s' "${FAKE_BRANCH_POLICIES:-}" ;;
            esac
            """;

    private static final String AWS = """
            #!/usr/bin/env bash
            echo "aws $*" >> "$FAKE_STATE/calls"
            case "$*" in
              *"describe-stacks"*"DeployRoleArn"*) echo arn:aws:iam::123456789012:role/guestbook-github-deploy ;;
              *"describe-stacks"*) echo "$FAKE_DESCRIBE_ERROR" >&2; exit 254 ;;
            esac
            """;

    @BeforeEach
    void fakes() throws Exception {
        Files.createDirectories(work.resolve("bin"));
        Files.createDirectories(work.resolve("state"));
        for (var tool : Map.of("gh", GH, "aws", AWS).entrySet()) {
            Path file = work.resolve("bin").resolve(tool.getKey());
            Files.writeString(file, tool.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private List<String> run(String script, Map<String, String> env) throws Exception {
        run(script, env, true);
        Path calls = work.resolve("state/calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private String run(String script, Map<String, String> env, boolean mustSucceed) throws Exception {
        var process = new ProcessBuilder("bash", script).redirectErrorStream(true);
        process.environment().put("PATH", work.resolve("bin") + ":" + System.getenv("PATH"));
        process.environment().put("FAKE_STATE", work.resolve("state").toString());
        process.environment().put("AWS_REGION", "eu-west-1");
        process.environment().putAll(env);
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = started.waitFor();
        assertEquals(mustSucceed, exit == 0, output);
        return output;
    }

    @Test
    void githubSetupSetsTheVariablesAndLimitsProductionToMain() throws Exception {
        List<String> calls = run("infra/scripts/github-setup.sh", Map.of());
        assertTrue(calls.contains("gh variable set AWS_ROLE_ARN --repo octo-org/guestbook --body "
                + "arn:aws:iam::123456789012:role/guestbook-github-deploy"), calls.toString());
        assertTrue(calls.contains("gh variable set AWS_REGION --repo octo-org/guestbook --body eu-west-1"), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("gh api --method PUT repos/octo-org/guestbook/environments/production")
                && c.contains("deployment_branch_policy[custom_branch_policies]=true")
                && c.contains("deployment_branch_policy[protected_branches]=false")), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.contains("--method POST")
                && c.contains("environments/production/deployment-branch-policies") && c.contains("name=main")), calls.toString());
    }

    @Test
    void githubSetupAddsTheMainBranchRuleOnlyOnce() throws Exception {
        List<String> calls = run("infra/scripts/github-setup.sh", Map.of("FAKE_BRANCH_POLICIES", "main\n"));
        assertTrue(calls.stream().noneMatch(c -> c.contains("--method POST")), calls.toString());
    }

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
    void destroyStopsWhenABucketOutputIsMissingInsteadOfSkippingIt() throws Exception {
        var aws = AwsStandIn.in(work.resolve("destroy"));
        aws.stack("guestbook", "UPDATE_COMPLETE", Map.of("SiteBucketName", "guestbook-site-123456789012-eu-west-1"));
        var run = aws.run("infra/scripts/destroy.sh", Map.of());
        assertTrue(run.exitCode() != 0, run.output());
        assertTrue(run.output().contains("the stack guestbook in eu-west-1 has no output DataBucketName"), run.output());
        assertTrue(lines(aws).stream().noneMatch(c -> c.contains("delete-stack")), "the stack stays: " + lines(aws));
    }

    @Test
    void destroyTellsARefusedReadFromAMissingStack() throws Exception {
        var run = run("infra/scripts/destroy.sh", Map.of("FAKE_DESCRIBE_ERROR",
                "An error occurred (AccessDenied) when calling the DescribeStacks operation: not authorized"), false);
        assertTrue(run.contains("cannot read the stack guestbook in eu-west-1") && run.contains("AccessDenied"), run);
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
