package org.acme.guestbook.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The real AWS CLI for the script tests, imported once per test run and forked for each call
 * (src/test/resources/aws-cli): a call then costs a tenth of a second instead of a second. It is
 * used only when the Python that has the awscli package is the installation `aws` on PATH runs
 * (their version lines are compared once); otherwise the scripts get the CLI on PATH as it is.
 */
public final class ForkedAwsCli {

    private static Path bin;
    private static Path socket;
    private static Path log;
    private static boolean tried;

    private ForkedAwsCli() {
    }

    /** Whether the fork server runs (else the scripts get the CLI on PATH as it is). */
    public static synchronized boolean available() {
        startOnce();
        return bin != null;
    }

    /** Puts the forked CLI first on the PATH of a script's environment (when it could be started). */
    public static synchronized void environment(Map<String, String> env) {
        startOnce();
        if (bin != null) {
            env.put("PATH", bin + ":" + env.getOrDefault("PATH", System.getenv("PATH")));
            env.put("AWS_CLI_SERVER", socket.toString());
            env.put("AWS_CLI_SERVER_LOG", log.toString());
        }
    }

    private static void startOnce() {
        if (!tried) {
            tried = true;
            try {
                start();
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("The AWS CLI fork server did not start (" + e.getMessage() + "); the scripts use aws from PATH.");
                bin = null;
            }
        }
    }

    private static void start() throws IOException, InterruptedException {
        String python = output("python3", "-c", "import awscli, sys; print(sys.executable)").strip();
        String onPath = output("aws", "--version").strip();
        String imported = output(python, "-m", "awscli", "--version").strip();
        if (!onPath.equals(imported)) {
            throw new IllegalStateException("aws on PATH is '" + onPath + "', " + python + " has '" + imported + "'");
        }
        Path home = Files.createTempDirectory("aws-cli-");
        Path server = home.resolve("fork-server.py");
        copyResource("fork-server.py", server);
        Files.createDirectories(home.resolve("bin"));
        Path client = home.resolve("bin/aws");
        copyResource("aws-client.py", client);
        Files.writeString(client, "#!" + python + " -I\n" + Files.readString(client));
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwxr-xr-x"));
        socket = home.resolve("cli.sock");
        log = home.resolve("server.log");
        Process process = new ProcessBuilder(python, server.toString(), socket.toString())
                .redirectError(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try (var files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }));
        var ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"ready".equals(ready)) {
            throw new IllegalStateException("it said " + ready + ": " + Files.readString(log));
        }
        bin = home.resolve("bin");
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = ForkedAwsCli.class.getResourceAsStream("/aws-cli/" + name)) {
            Files.copy(in, to);
        }
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
        return output;
    }
}
