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
        Files.createDirectories(project.resolve("src"));
        Files.createSymbolicLink(project.resolve("src/site"), Path.of("src/site").toAbsolutePath());
        // The scripts, the template and the package's inputs are copies a test may change, in a git
        // checkout as in CI: the package is named by the git hashes of its inputs.
        for (String part : List.of("infra/scripts", "infra/app.yaml", "pom.xml", ".mvn", "mvnw", "src/main")) {
            copy(Path.of(part), project.resolve(part));
        }
        git("init", "--quiet");
        git("add", "--all");
        git("-c", "user.name=Stand-in", "-c", "user.email=stand-in@example.com", "commit", "--quiet", "-m", "the project");
        Files.writeString(project.resolve("target/function.zip"), "pretend this is the zip");
        recordPackageInputs();
        for (String tool : List.of("aws", "gh")) {
            try (InputStream standIn = AwsStandIn.class.getResourceAsStream("/stand-ins/" + tool)) {
                Files.copy(standIn, bin.resolve(tool));
            }
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                Files.createDirectories(target.getParent());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Runs git in the project; fails the test if git fails. */
    public void git(String... args) throws IOException {
        var command = new ArrayList<String>(List.of("git"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** What make package does after a build: target/function.inputs from the project as it is now (JDK 21). */
    public void recordPackageInputs() throws IOException {
        try {
            var run = run("infra/scripts/package-inputs.sh", Map.of(), "21");
            if (run.exitCode() != 0) {
                throw new IllegalStateException("package-inputs.sh failed: " + run.output());
            }
            Files.writeString(project.resolve("target/function.inputs"), run.output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
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

    /** The app stack's bucket resources, by the outputs that name them (as infra/app.yaml has it). */
    private static final Map<String, String> BUCKET_OUTPUTS = Map.of("SiteBucketName", "SiteBucket",
            "DataBucketName", "DataBucket");

    private static void writeStack(Path folder, String status, Map<String, ?> outputs) throws IOException {
        Files.createDirectories(folder.resolve("outputs"));
        Files.writeString(folder.resolve("status"), status + "\n");
        var resources = new StringBuilder();
        for (var output : outputs.entrySet()) {
            Files.writeString(folder.resolve("outputs").resolve(output.getKey()), output.getValue() + "\n");
            if (BUCKET_OUTPUTS.containsKey(output.getKey())) {
                resources.append(BUCKET_OUTPUTS.get(output.getKey())).append('\t').append(output.getValue())
                        .append("\tAWS::S3::Bucket\tCREATE_COMPLETE\n");
            }
        }
        Files.writeString(folder.resolve("resources"), resources);
    }

    /** The events CloudFormation keeps for a stack, newest first: "time, logical id, status, reason" each. */
    public void stackEvents(String name, List<List<String>> events) throws IOException {
        var text = new StringBuilder();
        events.forEach(event -> text.append(String.join("\t", event)).append('\n'));
        Files.writeString(state.resolve("stacks").resolve(name).resolve("events"), text);
    }

    /** An IAM role that exists in the account (for iam get-role). */
    public void role(String name) throws IOException {
        Files.createDirectories(state.resolve("roles"));
        Files.writeString(state.resolve("roles").resolve(name), "arn:aws:iam::123456789012:role/" + name + "\n");
    }

    /** Runs a script of the project (e.g. infra/scripts/deploy.sh) with AWS_REGION=eu-west-1 and the given environment. */
    public Run run(String script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>(List.of("bash", script));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        process.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        process.environment().put("FAKE_STATE", state.toString());
        process.environment().put("AWS_REGION", "eu-west-1");
        // As on a laptop with only AWS_REGION set: the stand-in is AWS CLI v1 unless FAKE_CLI_VERSION=2,
        // and v1 reads the region from AWS_DEFAULT_REGION alone.
        process.environment().remove("AWS_DEFAULT_REGION");
        process.environment().remove("AWS_PROFILE");
        // The tests' app is named guestbook, whatever make rename made the default.
        process.environment().put("APP_NAME", "guestbook");
        process.environment().putAll(env);
        int before = calls().size();
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var run = new Run(started.waitFor(), output);
        // What the real CLI would refuse must not pass because the stand-in answered it.
        List<String> refused = new ArrayList<>();
        for (List<String> call : calls().subList(before, calls().size())) {
            AwsCliModel.problems(call).forEach(problem -> refused.add("aws " + String.join(" ", call) + ": " + problem));
        }
        if (!refused.isEmpty()) {
            throw new AssertionError(script + " made calls the AWS CLI would refuse (src/test/resources/aws-cli-model/):\n  "
                    + String.join("\n  ", refused) + "\noutput:\n" + output);
        }
        return run;
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
