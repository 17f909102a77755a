package org.acme.guestbook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.acme.guestbook.support.S3ProxyResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The workshop's "Check your work" for the modules that need no AWS account (0 to 3), run the
 * way a participant runs them, against the local stack where a module needs it: each passes on
 * a correct state, and fails, saying what to do, on the mistake its module is about. And every
 * module page has its goal, time, steps, check and help.
 */
@QuarkusTest
@Execution(ExecutionMode.SAME_THREAD) // one Quarkus application at a time (see pom.xml, surefire)
@WithTestResource(S3ProxyResource.class)
class WorkshopCheckTest {

    private static final Path SCRIPT = Path.of("infra/scripts/workshop-check.sh").toAbsolutePath();

    @TempDir
    Path work;

    private record Run(int exit, String output) {
    }

    private static Run check(Path dir, int step, Map<String, String> env) throws Exception {
        var process = new ProcessBuilder("bash", SCRIPT.toString(), String.valueOf(step)).directory(dir.toFile())
                .redirectErrorStream(true);
        process.environment().put("WORKSHOP_SKIP_MAVEN", "1");
        process.environment().putAll(env);
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(started.waitFor(), output);
    }

    private static Run check(int step, Map<String, String> env) throws Exception {
        return check(Path.of("").toAbsolutePath(), step, env);
    }

    @Test
    void module0FindsTheTools() throws Exception {
        Run run = check(0, Map.of());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("✓ Java") && run.output().contains("✓ make") && run.output().contains("✓ git"),
                run.output());
    }

    /** An aws on the PATH that answers --version as the given CLI does. */
    private Path awsAnswering(String version) throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin-" + version.hashCode()));
        Path aws = bin.resolve("aws");
        Files.writeString(aws, "#!/bin/sh\necho '" + version + "'\n");
        aws.toFile().setExecutable(true);
        return bin;
    }

    @Test
    void module0NamesTheAwsCliVersionAndWhatVersion1Needs() throws Exception {
        String path = System.getenv("PATH");
        Run v1 = check(0, Map.of("PATH", awsAnswering("aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11") + ":" + path));
        assertEquals(0, v1.exit(), v1.output());
        assertTrue(v1.output().contains("✓ AWS CLI aws-cli/1.45.11") && v1.output().contains("AWS_DEFAULT_REGION"), v1.output());
        Run v2 = check(0, Map.of("PATH", awsAnswering("aws-cli/2.22.0 Python/3.12.6 Linux/6.1 exe/x86_64") + ":" + path));
        assertTrue(v2.output().contains("✓ AWS CLI aws-cli/2.22.0 (for modules 4-8)"), v2.output());
        Run broken = check(0, Map.of("PATH", awsAnswering("Traceback (most recent call last):") + ":" + path));
        assertNotEquals(0, broken.exit(), broken.output());
        assertTrue(broken.output().contains("install the AWS CLI v2"), broken.output());
    }

    @Test
    void module1SeesTheLocalStackWithAMessageAndSaysWhatToDoWithout() throws Exception {
        try (var gateway = new LocalGateway(0, Path.of("src/site"), URI.create("http://localhost:" + RestAssured.port))) {
            String body = "{\"name\":\"Workshop\",\"text\":\"module 1\"}";
            var posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.url().resolve("/api/messages"))
                    .header("Content-Type", "application/json")
                    .header("x-amz-content-sha256", ContentHashRule.sha256Hex(body.getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(201, posted.statusCode());
            Run run = check(1, Map.of("GATEWAY_URL", gateway.url().toString().replaceAll("/$", "")));
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("✓ at least one message is stored"), run.output());
        }
        Run nothing = check(1, Map.of("GATEWAY_URL", "http://127.0.0.1:" + FreePort.find()));
        assertNotEquals(0, nothing.exit());
        assertTrue(nothing.output().contains("start make run in another terminal"), nothing.output());
    }

    @Test
    void module2CatchesALimitChangedInTheApiOnly() throws Exception {
        assertEquals(0, check(2, Map.of()).exit());
        Path copy = work.resolve("half-done");
        Path api;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            api = files.filter(file -> file.getFileName().toString().equals("MessageRules.java")).findFirst().orElseThrow();
        }
        Files.createDirectories(copy.resolve(api).getParent());
        Files.writeString(copy.resolve(api), Files.readString(api).replace("MAX_NAME = 40;", "MAX_NAME = 60;"));
        Files.createDirectories(copy.resolve("src/site/js"));
        Files.copy(Path.of("src/site/js/validate.js"), copy.resolve("src/site/js/validate.js"), StandardCopyOption.REPLACE_EXISTING);
        Run run = check(copy, 2, Map.of());
        assertNotEquals(0, run.exit());
        assertTrue(run.output().contains("the name limit is 60 in the API") && run.output().contains("but 40 in the page"),
                run.output());
    }

    @Test
    void module3NoticesATrustLeftBroken() throws Exception {
        Path repo = work.resolve("trust");
        Files.createDirectories(repo.resolve("infra"));
        Files.copy(Path.of("infra/github-oidc.yaml"), repo.resolve("infra/github-oidc.yaml"));
        for (List<String> git : List.of(List.of("init", "--quiet"), List.of("add", "--all"),
                List.of("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "trust"))) {
            var command = new ArrayList<>(List.of("git"));
            command.addAll(git);
            assertEquals(0, new ProcessBuilder(command).directory(repo.toFile()).start().waitFor());
        }
        assertEquals(0, check(repo, 3, Map.of()).exit());
        Path trust = repo.resolve("infra/github-oidc.yaml");
        Files.writeString(trust, Files.readString(trust).replace("StringEquals:\n                token", "StringLike:\n                token"));
        Run run = check(repo, 3, Map.of());
        assertNotEquals(0, run.exit());
        assertTrue(run.output().contains("git checkout infra/github-oidc.yaml"), run.output());
    }

    @Test
    void theTestsTheChecksRunExist() throws Exception {
        var names = Pattern.compile("maven_tests \"[^\"]+\" \"([A-Za-z0-9,]+)\"").matcher(Files.readString(SCRIPT));
        int found = 0;
        while (names.find()) {
            for (String test : names.group(1).split(",")) {
                try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
                    assertTrue(files.anyMatch(file -> file.getFileName().toString().equals(test + ".java")), test);
                }
                found++;
            }
        }
        assertTrue(found >= 5, "checks 2 and 3 run tests: " + found);
    }

    @Test
    void everyModulePageHasItsGoalTimeStepsCheckAndHelp() throws Exception {
        for (int step = 0; step <= 8; step++) {
            int module = step;
            Path page;
            try (Stream<Path> files = Files.list(Path.of("docs/workshop"))) {
                page = files.filter(file -> file.getFileName().toString().startsWith(module + "-")).findFirst()
                        .orElseThrow(() -> new AssertionError("no page for module " + module + " in docs/workshop"));
            }
            String text = Files.readString(page);
            for (String part : List.of("**Goal:**", "**Time:**", "## Steps", "## Check your work",
                    "make workshop-check STEP=" + module, "## If it fails")) {
                assertTrue(text.contains(part), page + " lacks " + part);
            }
            assertTrue(Files.readString(Path.of("docs/workshop/README.md")).contains("(" + page.getFileName() + ")"),
                    "the course's index links " + page.getFileName());
        }
        assertTrue(Files.exists(Path.of("docs/workshop/instructor.md")));
    }
}
