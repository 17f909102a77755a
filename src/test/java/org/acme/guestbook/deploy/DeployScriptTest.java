package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/scripts/deploy.sh with the stand-in aws: the package goes up once under its content
 * address, the stack gets the same parameters for the same package (so a second deploy changes
 * nothing), and anything missing or refused stops the deploy with a message that says what.
 */
class DeployScriptTest {

    private static final String TRUST = "guestbook-github-oidc";
    private static final String ROLE = "arn:aws:iam::123456789012:role/guestbook-cloudformation-execution";

    @TempDir
    Path work;
    private AwsStandIn aws;

    @BeforeEach
    void stacks() throws Exception {
        aws = AwsStandIn.in(work);
        aws.stack(TRUST, "CREATE_COMPLETE", Map.of("ArtifactBucketName", "guestbook-artifacts",
                "CloudFormationExecutionRoleArn", ROLE, "SiteOriginAccessControlId", "E1SITE",
                "FunctionOriginAccessControlId", "E2FUNCTION", "SecurityHeadersPolicyId", "5cc3b908-e619-4b99-88e5-2cf7f45965bd"));
        aws.pendingStack("guestbook", Map.of("SiteBucketName", "guestbook-site", "DistributionId", "E2EXAMPLE",
                "SiteUrl", "https://d111111abcdef8.cloudfront.net", "FunctionVersion", "7"));
    }

    private String deploy() throws Exception {
        var run = aws.run("infra/scripts/deploy.sh", Map.of("GITHUB_OUTPUT", work.resolve("github-output").toString(),
                "GITHUB_STEP_SUMMARY", work.resolve("summary.md").toString(), "BUILD_COMMIT", "abc123"));
        assertEquals(0, run.exitCode(), run.output());
        return run.output();
    }

    private List<String> stackDeploys() throws Exception {
        return aws.calls().stream().filter(call -> call.get(0).equals("cloudformation") && call.get(1).equals("deploy"))
                .map(call -> String.join(" ", call)).toList();
    }

    @Test
    void uploadsThePackageOnceUnderItsContentAddressAndDeploysThatAddress() throws Exception {
        byte[] zip = Files.readAllBytes(aws.project().resolve("target/function.zip"));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(zip);
        String key = "function/" + HexFormat.of().formatHex(digest) + ".zip";

        String first = deploy();
        assertTrue(first.contains("uploaded function " + key), first);
        assertTrue(Files.exists(aws.state().resolve("objects/guestbook-artifacts/" + key)));

        String stackDeploy = stackDeploys().get(0);
        for (String expected : List.of("--stack-name guestbook", "--template-file infra/app.yaml", "--role-arn " + ROLE,
                "--no-fail-on-empty-changeset", "CodeKey=" + key,
                "CodeSha256=" + Base64.getEncoder().encodeToString(digest), "ArtifactBucket=guestbook-artifacts",
                "SiteOriginAccessControlId=E1SITE", "FunctionOriginAccessControlId=E2FUNCTION",
                "SecurityHeadersPolicyId=5cc3b908-e619-4b99-88e5-2cf7f45965bd")) {
            assertTrue(stackDeploy.contains(expected), "missing " + expected + " in " + stackDeploy);
        }
        assertTrue(first.contains("uploaded index.html"), "the site is published: " + first);
        assertTrue(Files.readString(work.resolve("github-output")).contains("site_url=https://d111111abcdef8.cloudfront.net"));
        assertTrue(Files.readString(work.resolve("summary.md")).contains("abc123"));
    }

    @Test
    void theSamePackageTwiceUploadsNothingAndAsksForNoChange() throws Exception {
        deploy();
        int callsBefore = aws.calls().size();
        String second = deploy();

        assertTrue(second.contains("already uploaded"), second);
        assertTrue(second.contains("site unchanged"), second);
        var secondCalls = aws.calls().subList(callsBefore, aws.calls().size());
        assertFalse(secondCalls.stream().anyMatch(call -> call.contains("put-object")), "no second upload: " + secondCalls);
        var deploys = stackDeploys();
        assertEquals(deploys.get(0), deploys.get(1), "the same parameters, so CloudFormation has nothing to change");
    }

    @Test
    void withoutAPackageItSaysWhatToDo() throws Exception {
        Files.delete(aws.project().resolve("target/function.zip"));
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("run make package first"), run.output());
    }

    @Test
    void withoutTheTrustStackItNamesTheStackAndStopsBeforeUploading() throws Exception {
        try (var files = Files.walk(aws.state().resolve("stacks"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("cannot read the outputs of the stack guestbook-github-oidc"), run.output());
        assertTrue(aws.calls().stream().noneMatch(call -> call.contains("put-object")), "nothing uploaded");
    }

    @Test
    void anOutputThatComesBackEmptyOrNoneStopsTheDeployNamingIt() throws Exception {
        Files.delete(aws.state().resolve("stacks/" + TRUST + "/outputs/ArtifactBucketName"));
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("the stack guestbook-github-oidc in eu-west-1 has no output ArtifactBucketName"),
                run.output());
        assertTrue(aws.calls().stream().noneMatch(call -> call.contains("head-object") || call.contains("put-object")),
                "no call with an empty bucket name: " + aws.calls());

        Files.writeString(aws.state().resolve("stacks/" + TRUST + "/outputs/ArtifactBucketName"), "\n");
        run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("has no output ArtifactBucketName"), run.output());
    }

    @Test
    void aFailedStackDeployShowsWhyAndPublishesNothing() throws Exception {
        var run = aws.run("infra/scripts/deploy.sh", Map.of("FAKE_DEPLOY_FAILS", "1"));
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("The stack guestbook did not deploy. Its latest failures:"), run.output());
        assertTrue(run.output().contains("stand-in failure"), "the failed events are printed: " + run.output());
        assertTrue(aws.calls().stream().noneMatch(call -> call.contains("list-objects-v2")), "the site is not published");
    }
}
