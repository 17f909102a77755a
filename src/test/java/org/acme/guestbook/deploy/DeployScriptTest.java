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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/scripts/deploy.sh with the stand-in aws: the package goes up once under its content
 * address, the stack gets the same parameters for the same package (so a second deploy changes
 * nothing), and anything missing or refused stops the deploy with a message that says what.
 */
@Order(1) // among the longest test classes: started first, so that the run does not wait for it at its end
class DeployScriptTest {

    private static final String TRUST = "guestbook-github-oidc";
    private static final String ROLE = AwsStandIn.EXECUTION_ROLE;

    @TempDir
    Path work;
    private AwsStandIn aws;

    @BeforeEach
    void stacks() throws Exception {
        aws = AwsStandIn.in(work);
        aws.trustStackForDeploys("7");
    }

    /** Per make deploy: the last `cloudformation deploy` it ran, the stack's parameters from then on. */
    private final List<String> finalStackDeploys = new java.util.ArrayList<>();

    private String deploy() throws Exception {
        return deploy(Map.of());
    }

    private String deploy(Map<String, String> env) throws Exception {
        int before = stackDeploys().size();
        var all = new java.util.HashMap<>(Map.of("GITHUB_OUTPUT", work.resolve("github-output").toString(),
                "GITHUB_STEP_SUMMARY", work.resolve("summary.md").toString(), "BUILD_COMMIT", "abc123"));
        all.putAll(env);
        var run = aws.run("infra/scripts/deploy.sh", all);
        assertEquals(0, run.exitCode(), run.output());
        var deploys = stackDeploys();
        assertTrue(deploys.size() > before, "a deploy runs the stack: " + run.output());
        finalStackDeploys.add(deploys.get(deploys.size() - 1));
        return run.output();
    }

    private List<String> stackDeploys() throws Exception {
        return aws.calls().stream().filter(call -> call.get(0).equals("cloudformation") && call.get(1).equals("deploy"))
                .map(call -> String.join(" ", call)).toList();
    }

    /** The key make deploy uses: function/ and the SHA-256 of target/function.inputs. */
    private String inputKey() throws Exception {
        byte[] inputs = Files.readAllBytes(aws.project().resolve("target/function.inputs"));
        return "function/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(inputs)) + ".zip";
    }

    private String zipSha256() throws Exception {
        byte[] zip = Files.readAllBytes(aws.project().resolve("target/function.zip"));
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
    }

    private static String parameter(String stackDeploy, String name) {
        for (String word : stackDeploy.split(" ")) {
            if (word.startsWith(name + "=")) {
                return word.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no parameter " + name + " in " + stackDeploy);
    }

    @Test
    void uploadsThePackageUnderItsInputAddressWithItsCodeSha256() throws Exception {
        String key = inputKey();
        String codeSha = zipSha256();
        String first = deploy();
        assertTrue(first.contains("package " + key + " is new"), first);
        assertTrue(first.contains("uploaded target/function.zip as " + key + " (CodeSha256 " + codeSha + ")"), first);
        assertTrue(Files.exists(aws.state().resolve("objects/guestbook-artifacts/" + key)));
        assertEquals(codeSha + "\n", Files.readString(aws.state().resolve("metadata/guestbook-artifacts/" + key + "/code-sha256")),
                "the CodeSha256 is stored with the object");

        String stackDeploy = finalStackDeploys.get(0);
        for (String expected : List.of("--stack-name guestbook", "--template-file infra/app.yaml", "--role-arn " + ROLE,
                "--no-fail-on-empty-changeset", "CodeKey=" + key, "CodeSha256=" + codeSha, "ArtifactBucket=guestbook-artifacts",
                "SiteOriginAccessControlId=E1SITE", "FunctionOriginAccessControlId=E2FUNCTION",
                "SecurityHeadersPolicyId=5cc3b908-e619-4b99-88e5-2cf7f45965bd",
                "MessagesCachePolicyId=7d2c1a3e-0b4f-4c5d-9e6f-123456789abc", "Commit=abc123")) {
            assertTrue(stackDeploy.contains(expected), "missing " + expected + " in " + stackDeploy);
        }
        assertTrue(first.contains("uploaded index.html"), "the site is published: " + first);
        assertTrue(Files.readString(work.resolve("github-output")).contains("site_url=https://d111111abcdef8.cloudfront.net"));
        assertTrue(Files.readString(work.resolve("summary.md")).contains("abc123"));
    }

    @Test
    void aRebuildOfTheSameInputsUploadsNothingAndPassesTheSameParameters() throws Exception {
        String firstSha = zipSha256();
        deploy();
        int callsBefore = aws.calls().size();
        // Quarkus does not build byte-identical zips: the second build of the same inputs differs.
        Files.writeString(aws.project().resolve("target/function.zip"), "the same inputs, built again: other bytes");
        String second = deploy();

        assertTrue(second.contains("package " + inputKey() + " already uploaded, built from the same inputs: nothing uploaded, "
                + "deploying CodeSha256 " + firstSha), second);
        assertTrue(second.contains("site unchanged"), second);
        var secondCalls = aws.calls().subList(callsBefore, aws.calls().size());
        assertFalse(secondCalls.stream().anyMatch(call -> call.contains("put-object")), "no second upload: " + secondCalls);
        assertEquals(finalStackDeploys.get(0), finalStackDeploys.get(1), "the same parameters, so CloudFormation has nothing to change");
        assertEquals(1, secondCalls.stream().filter(call -> call.get(1).equals("deploy")).count(), "one stack deploy, no release");
        assertFalse(secondCalls.stream().anyMatch(call -> call.get(1).equals("invoke")), "no version to check");
        assertEquals(List.of("published 7"), lambdaLog("published"), "nothing published the second time");
        assertEquals(List.of("alias live 7"), lambdaLog("shifts"), "nothing shifted the second time");
        assertTrue(second.contains("no new function version: version 7 stays live, no release"), second);
    }

    private List<String> lambdaLog(String name) throws Exception {
        Path log = aws.state().resolve("lambda/" + name);
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static String callText(List<String> call) {
        return String.join(" ", call);
    }

    @Test
    void aNewVersionAnswersBeforeItGetsTrafficAndThenTakesTheAliasThroughARelease() throws Exception {
        deploy();
        int before = aws.calls().size();
        String output = deploy(Map.of("BUILD_COMMIT", "def456", "RELEASE_STRATEGY", "Linear10PercentEvery1Minute"));
        var calls = aws.calls().subList(before, aws.calls().size()).stream().map(DeployScriptTest::callText).toList();
        var steps = calls.stream().filter(call -> call.startsWith("cloudformation deploy") || call.startsWith("lambda invoke")).toList();
        assertEquals(3, steps.size(), "publish, check, release: " + steps);
        assertEquals("7", parameter(steps.get(0), "LiveVersion"), "published with the alias where it was");
        assertTrue(steps.get(1).contains("--qualifier 8"), "the new version answers first: " + steps.get(1));
        assertEquals("8", parameter(steps.get(2), "LiveVersion"), "then CodeDeploy gives it the alias");
        assertEquals("Linear10PercentEvery1Minute", parameter(steps.get(2), "ReleaseStrategy"));
        assertTrue(output.contains("version 8 answers GET /api/info with commit def456 (checked before any traffic)"), output);
        assertTrue(output.contains("releasing version 8 (Linear10PercentEvery1Minute; version 7 serves the rest until then)"), output);
        assertEquals(List.of("alias live 7", "alias live 8"), lambdaLog("shifts"));
        assertTrue(Files.readString(aws.state().resolve("objects/guestbook-artifacts/releases/8")).contains("commit def456"),
                "the release is recorded for make rollback");
    }

    @Test
    void aVersionThatFailsItsCheckGetsNoTrafficAndTheSiteStays() throws Exception {
        deploy();
        Files.createDirectories(aws.state().resolve("lambda/answers"));
        Files.writeString(aws.state().resolve("lambda/answers/8"),
                "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: 1 Error: Runtime exited with error: exit status 1\"}");
        int before = aws.calls().size();
        var run = aws.run("infra/scripts/deploy.sh", Map.of("BUILD_COMMIT", "def456"));
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("version 8 failed on GET /api/info (Unhandled):"), run.output());
        assertTrue(run.output().contains("Runtime.ExitError"), run.output());
        assertTrue(run.output().contains("version 8 is published but gets no traffic: version 7 stays live"), run.output());
        assertEquals(List.of("alias live 7"), lambdaLog("shifts"), "the alias never moved");
        var calls = aws.calls().subList(before, aws.calls().size());
        assertEquals(1, calls.stream().filter(call -> call.get(1).equals("deploy")).count(), "no release");
        assertFalse(calls.stream().anyMatch(call -> callText(call).contains("--bucket guestbook-site")), "the site is not published");
    }

    @Test
    void aReleaseThatAnAlarmStoppedSaysSoAndLeavesTheOldVersionLive() throws Exception {
        deploy();
        var run = aws.run("infra/scripts/deploy.sh", Map.of("BUILD_COMMIT", "def456", "FAKE_RELEASE_ROLLS_BACK", "1"));
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("Deployment stopped on alarm guestbook-new-version-errors"), "CloudFormation's events: " + run.output());
        assertTrue(run.output().contains("the release of version 8 was stopped and the live alias is back on version 7"), run.output());
        assertEquals("7\n", Files.readString(aws.state().resolve("stacks/guestbook/outputs/LiveVersion")));
        // The next deploy starts from there: the same commit is published already and released again.
        String again = deploy(Map.of("BUILD_COMMIT", "def456"));
        assertTrue(again.contains("releasing version 8"), again);
    }

    @Test
    void onlyTheNewestVersionsStayWithTheirReleaseRecords() throws Exception {
        deploy();
        for (String commit : List.of("c0ffee1", "c0ffee2", "c0ffee3")) {
            deploy(Map.of("BUILD_COMMIT", commit, "KEEP_VERSIONS", "2"));
        }
        try (var versions = Files.list(aws.state().resolve("lambda/versions"))) {
            assertEquals(List.of("9", "10"), versions.map(p -> p.getFileName().toString()).sorted(Comparator.comparingInt(Integer::parseInt)).toList());
        }
        try (var records = Files.list(aws.state().resolve("objects/guestbook-artifacts/releases"))) {
            assertEquals(List.of("9", "10"), records.map(p -> p.getFileName().toString())
                    .sorted(Comparator.comparingInt(Integer::parseInt)).toList());
        }
        int before = aws.calls().size();
        var run = aws.run("infra/scripts/deploy.sh", Map.of("BUILD_COMMIT", "c0ffee4", "KEEP_VERSIONS", "1"));
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("KEEP_VERSIONS must be a whole number of at least 2"), run.output());
        assertEquals(before, aws.calls().size(), "refused before any AWS call");
    }

    /** A record that cannot be read is never taken for a missing one: no kept site is deleted on its account. */
    @Test
    void aReleaseRecordThatCannotBeReadStopsThePruningOfSites() throws Exception {
        deploy();
        Files.writeString(aws.ownSite().resolve("index.html"), "<p id=\"message-form\">another page</p>\n");
        deploy(Map.of("BUILD_COMMIT", "def456"));
        Path sites = aws.state().resolve("objects/guestbook-artifacts/site");
        try (var kept = Files.list(sites)) {
            assertEquals(2, kept.count(), "one site per deploy");
        }
        var run = aws.run("infra/scripts/deploy.sh", Map.of("BUILD_COMMIT", "fed789", "FAKE_GET_DENIED", "releases/7"));
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("cannot read s3://guestbook-artifacts/releases/7"), run.output());
        assertTrue(run.output().contains("AccessDenied"), run.output());
        try (var kept = Files.list(sites)) {
            assertEquals(2, kept.count(), "nothing deleted");
        }
    }

    @Test
    void aChangeInTheSourcesGivesANewKey() throws Exception {
        deploy();
        String before = parameter(finalStackDeploys.get(0), "CodeKey");
        Path source = aws.project().resolve("src/main/resources/application.properties");
        Files.writeString(source, Files.readString(source) + "\n# changed\n");
        aws.recordPackageInputs();
        Files.writeString(aws.project().resolve("target/function.zip"), "built from the changed sources");
        String second = deploy();
        String after = parameter(finalStackDeploys.get(1), "CodeKey");
        assertNotEquals(before, after);
        assertTrue(second.contains("uploaded target/function.zip as " + after), second);
    }

    @Test
    void aChangeOutsideTheInputsKeepsTheKey() throws Exception {
        deploy();
        Files.writeString(aws.project().resolve("README.md"), "# a change to the docs\n");
        Files.createDirectories(aws.project().resolve("src/test/java"));
        Files.writeString(aws.project().resolve("src/test/java/NewTest.java"), "class NewTest {}\n");
        Files.writeString(aws.project().resolve("infra/app.yaml"),
                Files.readString(aws.project().resolve("infra/app.yaml")) + "# a comment at the end\n");
        String inputsBefore = Files.readString(aws.project().resolve("target/function.inputs"));
        aws.recordPackageInputs();
        assertEquals(inputsBefore, Files.readString(aws.project().resolve("target/function.inputs")));
        String second = deploy();
        assertTrue(second.contains("already uploaded"), second);
        assertEquals(parameter(finalStackDeploys.get(0), "CodeKey"), parameter(finalStackDeploys.get(1), "CodeKey"));
    }

    @Test
    void aPackageBuiltFromOtherSourcesIsRefused() throws Exception {
        Path source = aws.project().resolve("src/main/resources/application.properties");
        Files.writeString(source, Files.readString(source) + "\n# changed after make package\n");
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("target/function.zip was built from other sources than this working tree's; "
                + "run make package again"), run.output());
        assertTrue(aws.calls().isEmpty(), "no AWS call: " + aws.calls());
    }

    @Test
    void anUncommittedChangeIsPartOfTheInputsAndMarksTheCommit() throws Exception {
        String committed = Files.readString(aws.project().resolve("target/function.inputs"));
        Path source = aws.project().resolve("src/main/resources/application.properties");
        Files.writeString(source, Files.readString(source) + "\n# not committed\n");
        aws.recordPackageInputs();
        assertNotEquals(committed, Files.readString(aws.project().resolve("target/function.inputs")));
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(parameter(stackDeploys().get(0), "Commit").matches("[0-9a-f]{40}-dirty"), stackDeploys().get(0));
    }

    @Test
    void aSettingWrittenInTheFunctionResourceChangesTheConfigDigestAndNothingElseDoes() throws Exception {
        deploy();
        Path template = aws.project().resolve("infra/app.yaml");
        String original = Files.readString(template);
        assertTrue(original.contains("  The guestbook app: a Quarkus") && original.contains("      Timeout: 15\n"));
        Files.writeString(template, original.replace("# The role is the trust stack's", "# A reworded comment")
                .replace("  The guestbook app: a Quarkus", "  The guestbook app, redescribed: a Quarkus")
                .replace("      RetentionInDays: !Ref LogRetentionDays", "      RetentionInDays: 30"));
        deploy();
        // The same Function written otherwise: keys in another order, the long form of a tag, flow
        // style, other indentation, a comment inside it.
        assertTrue(original.contains(FUNCTION_TIMING) && original.contains(FUNCTION_CODE), "the Function as this test knows it");
        Files.writeString(template, original.replace(FUNCTION_TIMING, "      Timeout: 15\n      # memory from the parameter\n"
                        + "      MemorySize:\n        Ref: MemorySize\n")
                .replace(FUNCTION_CODE, "      Code: {S3Key: !Ref CodeKey, S3Bucket: !Ref ArtifactBucket}\n"));
        deploy();
        Files.writeString(template, original.replace("      Timeout: 15\n", "      Timeout: 30\n"));
        deploy();
        Files.writeString(template, original.replace("          GUESTBOOK_DATA_PREFIX: messages/\n", "          GUESTBOOK_DATA_PREFIX: notes/\n"));
        deploy();
        var deploys = finalStackDeploys;
        String first = parameter(deploys.get(0), "FunctionConfigDigest");
        assertTrue(first.matches("[0-9a-f]{16}"), first);
        assertEquals(first, parameter(deploys.get(1), "FunctionConfigDigest"), "comments and other resources do not count");
        assertEquals(first, parameter(deploys.get(2), "FunctionConfigDigest"), "nor how the Function is written");
        assertNotEquals(first, parameter(deploys.get(3), "FunctionConfigDigest"), "a new timeout is a new configuration");
        assertNotEquals(first, parameter(deploys.get(4), "FunctionConfigDigest"), "so is a new value of an environment variable");
        assertNotEquals(parameter(deploys.get(3), "FunctionConfigDigest"), parameter(deploys.get(4), "FunctionConfigDigest"));
    }

    private static final String FUNCTION_TIMING = "      MemorySize: !Ref MemorySize\n      Timeout: 15\n";
    private static final String FUNCTION_CODE = "      Code:\n        S3Bucket: !Ref ArtifactBucket\n        S3Key: !Ref CodeKey\n";

    @Test
    void withoutAPackageItSaysWhatToDo() throws Exception {
        Files.delete(aws.project().resolve("target/function.zip"));
        var run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("run make package first"), run.output());
        Files.writeString(aws.project().resolve("target/function.zip"), "a zip without its inputs");
        Files.delete(aws.project().resolve("target/function.inputs"));
        run = aws.run("infra/scripts/deploy.sh", Map.of());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.output().contains("target/function.inputs is missing; run make package first"), run.output());
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
        assertTrue(run.output().contains("The stack guestbook did not deploy. What failed:"), run.output());
        assertTrue(run.output().contains("stand-in failure"), "the failed events are printed: " + run.output());
        assertTrue(aws.calls().stream().noneMatch(call -> call.contains("list-objects-v2")), "the site is not published");
    }
}
