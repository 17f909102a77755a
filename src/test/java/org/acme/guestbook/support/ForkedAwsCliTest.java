package org.acme.guestbook.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.local.LocalS3Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forked AWS CLI answers every kind of call exactly as the CLI on PATH does. */
class ForkedAwsCliTest {

    @TempDir
    Path data;
    @TempDir
    Path work;
    private LocalS3Server server;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        AwsCliForS3Proxy.requireInstalled("the forked AWS CLI's test");
        // CI's machine has the awscli package (v1): there the fork server must run. Elsewhere (an AWS
        // CLI v2 binary, say) the scripts use the CLI on PATH and there is nothing to compare.
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(ForkedAwsCli.available(), "No fork server for this AWS CLI: nothing to compare.");
        }
        assertTrue(ForkedAwsCli.available(), "the fork server runs (see the message above for why not)");
        server = LocalS3Server.start(data, 0);
        server.createBucket("notes");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Run aws(boolean forked, Map<String, String> settings, String stdin, String... args) throws Exception {
        var command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        if (args.length > 1 && args[0].startsWith("s3")) {
            command.addAll(List.of("--endpoint-url", server.endpoint().toString()));
        }
        var process = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> env = new HashMap<>(process.environment());
        AwsCliForS3Proxy.environment(env, server, work);
        if (!forked) {
            env.remove("AWS_CLI_SERVER");
            env.put("PATH", System.getenv("PATH"));
        }
        env.putAll(settings);
        process.environment().clear();
        process.environment().putAll(env);
        // The forked client is found on the PATH the child is given, as a script's `aws` would be.
        command.set(0, forked ? find(env.get("PATH")) : "aws");
        process.command(command);
        process.redirectError(work.resolve("stderr").toFile());
        Process run = process.start();
        run.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        run.getOutputStream().close();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = run.waitFor();
        return new Run(exit, out, Files.readString(work.resolve("stderr")));
    }

    private static String find(String path) {
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, "aws"))) {
                return Path.of(dir, "aws").toString();
            }
        }
        throw new AssertionError("no aws on " + path);
    }

    private void same(Map<String, String> settings, String stdin, String... args) throws Exception {
        Run plain = aws(false, settings, stdin, args);
        Run forked = aws(true, settings, stdin, args);
        assertEquals(plain, forked, String.join(" ", args));
    }

    @Test
    void theForkedCliIsTheOneOnPath() throws Exception {
        String client = find(pathOfForked());
        assertTrue(Files.readString(Path.of(client)).contains("AWS_CLI_SERVER"),
                "the scripts get the fork server's client, not the CLI itself: " + client);
        same(Map.of(), "", "--version");
    }

    private String pathOfForked() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        AwsCliForS3Proxy.environment(env, server, work);
        return env.get("PATH");
    }

    @Test
    void refusalsAndTheirExitCodesAreTheCliOwn() throws Exception {
        same(Map.of(), "", "s3api", "head-object", "--bucket", "notes", "--key", "missing");
    }

    @Test
    void standardInputWorkingFolderAndEnvironmentAreTheCaller() throws Exception {
        Run upload = aws(true, Map.of(), "from stdin\n", "s3", "cp", "-", "s3://notes/piped.txt");
        assertEquals(0, upload.exit(), upload.err());
        Files.writeString(work.resolve("local.txt"), "from the working folder\n");
        Run copy = aws(true, Map.of(), "", "s3", "cp", "local.txt", "s3://notes/local.txt");
        assertEquals(0, copy.exit(), copy.err());

        assertEquals("from stdin\n", aws(true, Map.of(), "", "s3", "cp", "s3://notes/piped.txt", "-").out());
        assertEquals("from the working folder\n", aws(true, Map.of(), "", "s3", "cp", "s3://notes/local.txt", "-").out());
        same(Map.of(), "", "s3api", "list-objects-v2", "--bucket", "notes", "--query", "Contents[].[Key,Size]");
        Run text = aws(true, Map.of("AWS_DEFAULT_OUTPUT", "text"), "", "s3api", "list-objects-v2", "--bucket", "notes",
                "--query", "Contents[].Key");
        assertEquals("local.txt\tpiped.txt\n", text.out(), "AWS_DEFAULT_OUTPUT of this call");
    }
}
