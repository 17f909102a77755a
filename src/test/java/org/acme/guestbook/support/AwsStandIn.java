package org.acme.guestbook.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A project folder for running the deploy scripts against the stand-in AWS and GitHub CLIs
 * (src/test/resources/stand-ins/aws and gh): the scripts, templates and site linked in, a fake
 * target/function.zip, the stand-ins first on PATH, and their state (stacks, objects, GitHub
 * settings, recorded calls) in a folder the test controls.
 */
public final class AwsStandIn {

    /** How a script run ended. */
    public record Run(int exitCode, String output) {
    }

    private final Path project;
    private final Path state;
    private final Path bin;

    private AwsStandIn(Path work) throws IOException {
        project = work.resolve("project");
        state = work.resolve("state");
        bin = work.resolve("bin");
        Files.createDirectories(project.resolve("target"));
        Files.createDirectories(state);
        Files.createDirectories(bin);
        for (String part : List.of("infra/scripts", "infra/app.yaml", "src/site")) {
            Files.createDirectories(project.resolve(part).getParent());
            Files.createSymbolicLink(project.resolve(part), Path.of(part).toAbsolutePath());
        }
        Files.writeString(project.resolve("target/function.zip"), "pretend this is the zip");
        for (String tool : List.of("aws", "gh")) {
            try (InputStream standIn = AwsStandIn.class.getResourceAsStream("/stand-ins/" + tool)) {
                Files.copy(standIn, bin.resolve(tool));
            }
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    public static AwsStandIn in(Path work) throws IOException {
        return new AwsStandIn(work);
    }

    public Path project() {
        return project;
    }

    public Path state() {
        return state;
    }

    /** A stack that exists now. */
    public void stack(String name, String status, Map<String, ?> outputs) throws IOException {
        writeStack(state.resolve("stacks").resolve(name), status, outputs);
    }

    /** A stack that `cloudformation deploy` creates. */
    public void pendingStack(String name, Map<String, ?> outputs) throws IOException {
        writeStack(state.resolve("pending").resolve(name), "CREATE_COMPLETE", outputs);
    }

    private static void writeStack(Path folder, String status, Map<String, ?> outputs) throws IOException {
        Files.createDirectories(folder.resolve("outputs"));
        Files.writeString(folder.resolve("status"), status + "\n");
        for (var output : outputs.entrySet()) {
            Files.writeString(folder.resolve("outputs").resolve(output.getKey()), output.getValue() + "\n");
        }
    }

    /** Runs a script of the project (e.g. infra/scripts/deploy.sh) with AWS_REGION=eu-west-1 and the given environment. */
    public Run run(String script, Map<String, String> env) throws IOException, InterruptedException {
        var process = new ProcessBuilder("bash", script).directory(project.toFile()).redirectErrorStream(true);
        process.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        process.environment().put("FAKE_STATE", state.toString());
        process.environment().put("AWS_REGION", "eu-west-1");
        process.environment().putAll(env);
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(started.waitFor(), output);
    }

    /** Every aws call so far, each as its arguments (without the leading "aws"). */
    public List<List<String>> calls() throws IOException {
        return recorded(state.resolve("calls"));
    }

    /** Every gh call so far, each as its arguments (without the leading "gh"). */
    public List<List<String>> ghCalls() throws IOException {
        return recorded(state.resolve("gh-calls"));
    }

    /** Where the stand-in gh keeps what GitHub would know (see the stand-in's header). */
    public Path github() throws IOException {
        return Files.createDirectories(state.resolve("github"));
    }

    private static List<List<String>> recorded(Path calls) throws IOException {
        List<List<String>> all = new ArrayList<>();
        if (Files.exists(calls)) {
            for (String line : Files.readAllLines(calls)) {
                all.add(List.of(line.split("\u001f", -1)));
            }
        }
        return all;
    }
}
