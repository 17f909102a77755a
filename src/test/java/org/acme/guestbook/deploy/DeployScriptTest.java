package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/scripts/deploy.sh with a stand-in for the aws command that keeps uploaded objects in a
 * folder and records every call: the package goes up once under its content address, and the
 * stack gets the same parameters for the same package, so a second deploy changes nothing.
 */
class DeployScriptTest {

    @TempDir
    Path work;
    private Path project;

    private static final String AWS = """
            #!/usr/bin/env bash
            echo "aws $*" >> "$FAKE_STATE/calls"
            arg() { local want="$1"; shift; while [[ $# -gt 0 ]]; do [[ "$1" == "$want" ]] && { echo "$2"; return; }; shift; done; }
            case "$1 $2" in
              "cloudformation describe-stacks")
                case "$*" in
                  *ArtifactBucketName*) echo guestbook-artifacts ;;
                  *CloudFormationExecutionRoleArn*) echo arn:aws:iam::123456789012:role/guestbook-cloudformation-execution ;;
                  *SiteBucketName*) echo guestbook-site ;;
                  *DistributionId*) echo E2EXAMPLE ;;
                  *SiteUrl*) echo https://d111111abcdef8.cloudfront.net ;;
                  *FunctionVersion*) echo 7 ;;
                esac ;;
              "s3api head-object") [[ -f "$FAKE_STATE/objects/$(arg --key "$@")" ]] ;;
              "s3api put-object")
                mkdir -p "$(dirname "$FAKE_STATE/objects/$(arg --key "$@")")"
                cp "$(arg --body "$@")" "$FAKE_STATE/objects/$(arg --key "$@")" ;;
              "s3api list-objects-v2") echo None ;;
              "cloudformation deploy") echo "deploy $*" >> "$FAKE_STATE/deploys" ;;
              "cloudfront create-invalidation") echo I2EXAMPLE ;;
              *) echo "unexpected aws call: $*" >&2; exit 1 ;;
            esac
            """;

    @BeforeEach
    void project() throws Exception {
        project = work.resolve("project");
        Files.createDirectories(project.resolve("target"));
        Files.createDirectories(project.resolve("infra"));
        Files.createDirectories(work.resolve("bin"));
        Files.createDirectories(work.resolve("state"));
        for (String part : List.of("infra/scripts", "infra/app.yaml", "src/site")) {
            Files.createDirectories(project.resolve(part).getParent());
            Files.createSymbolicLink(project.resolve(part), Path.of(part).toAbsolutePath());
        }
        Files.write(project.resolve("target/function.zip"), "pretend this is the zip".getBytes(StandardCharsets.UTF_8));
        Path aws = work.resolve("bin/aws");
        Files.writeString(aws, AWS);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String deploy() throws Exception {
        var process = new ProcessBuilder("bash", "infra/scripts/deploy.sh").directory(project.toFile())
                .redirectErrorStream(true);
        process.environment().put("PATH", work.resolve("bin") + ":" + System.getenv("PATH"));
        process.environment().put("FAKE_STATE", work.resolve("state").toString());
        process.environment().put("AWS_REGION", "eu-west-1");
        process.environment().put("GITHUB_OUTPUT", work.resolve("github-output").toString());
        process.environment().put("GITHUB_STEP_SUMMARY", work.resolve("summary.md").toString());
        process.environment().put("BUILD_COMMIT", "abc123");
        Process run = process.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor(), output);
        return output;
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(work.resolve("state/calls"));
    }

    @Test
    void uploadsThePackageOnceUnderItsContentAddressAndDeploysThatAddress() throws Exception {
        byte[] zip = Files.readAllBytes(project.resolve("target/function.zip"));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(zip);
        String key = "function/" + HexFormat.of().formatHex(digest) + ".zip";

        String first = deploy();
        assertTrue(first.contains("uploaded function " + key), first);
        assertTrue(Files.exists(work.resolve("state/objects/" + key)));

        List<String> deploys = Files.readAllLines(work.resolve("state/deploys"));
        String stackDeploy = deploys.get(0);
        for (String expected : List.of("--stack-name guestbook", "--template-file infra/app.yaml",
                "--role-arn arn:aws:iam::123456789012:role/guestbook-cloudformation-execution",
                "--no-fail-on-empty-changeset", "CodeKey=" + key,
                "CodeSha256=" + Base64.getEncoder().encodeToString(digest), "ArtifactBucket=guestbook-artifacts")) {
            assertTrue(stackDeploy.contains(expected), "missing " + expected + " in " + stackDeploy);
        }
        assertTrue(Files.readString(work.resolve("github-output")).contains("site_url=https://d111111abcdef8.cloudfront.net"));
        assertTrue(Files.readString(work.resolve("summary.md")).contains("abc123"));
    }

    @Test
    void theSamePackageTwiceUploadsNothingAndAsksForNoChange() throws Exception {
        deploy();
        int callsBefore = calls().size();
        String second = deploy();

        assertTrue(second.contains("already uploaded"), second);
        List<String> secondCalls = calls().subList(callsBefore, calls().size());
        assertFalse(secondCalls.stream().anyMatch(call -> call.contains("put-object") && call.contains("function/")),
                "no second upload: " + secondCalls);
        List<String> deploys = Files.readAllLines(work.resolve("state/deploys"));
        assertEquals(deploys.get(0), deploys.get(1), "the same parameters, so CloudFormation has nothing to change");
    }

    @Test
    void withoutAPackageItSaysWhatToDo() throws Exception {
        Files.delete(project.resolve("target/function.zip"));
        var process = new ProcessBuilder("bash", "infra/scripts/deploy.sh").directory(project.toFile())
                .redirectErrorStream(true);
        process.environment().put("AWS_REGION", "eu-west-1");
        Process run = process.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, run.waitFor());
        assertTrue(output.contains("run make package first"), output);
    }
}
