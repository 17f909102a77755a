package org.acme.guestbook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `make run` as a person runs it, with what goes wrong at the start of a workshop: a port that
 * something else holds (or a port that is no number) gives one line naming the port and its
 * variable and a non-zero exit within 30 s, before anything starts; and when either half stops
 * (the local S3 server and gateway, or the function), make run stops with nothing left running.
 * The function is a stand-in (a script that sleeps).
 */
class MakeRunFailsFastTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void compileTheLocalServers() throws Exception {
        // Untimed: on a fresh clone make run compiles src/local first.
        Process compile = new ProcessBuilder("make", "-s", "target/local-classes/.compiled").redirectErrorStream(true).start();
        String output = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, compile.waitFor(), output);
    }

    @ParameterizedTest
    @ValueSource(strings = { "GATEWAY_PORT", "FUNCTION_PORT", "S3_PORT" })
    void aPortInUseIsNamedInOneLineAndMakeRunStops(String variable) throws Exception {
        try (var holder = new ServerSocket(0)) {
            Map<String, String> ports = freePorts();
            ports.put(variable, Integer.toString(holder.getLocalPort()));
            Process run = makeRun(ports, fakeFunction("exec sleep 300"));
            assertTrue(run.waitFor(30, TimeUnit.SECONDS), "make run stops within 30 s");
            List<String> lines = ownLines(run);
            assertNotEquals(0, run.exitValue());
            assertEquals(List.of("make run: port " + holder.getLocalPort() + " (" + variable + ") is in use; stop what uses it, "
                    + "or pick another port: " + variable + "=" + (holder.getLocalPort() + 10) + " make run"), lines);
        }
    }

    @Test
    void aPortThatIsNotANumberIsNamed() throws Exception {
        Map<String, String> ports = freePorts();
        ports.put("S3_PORT", "nine");
        Process run = makeRun(ports, fakeFunction("exec sleep 300"));
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, run.exitValue());
        assertEquals(List.of("make run: S3_PORT=nine is not a port number (1 to 65535)"), ownLines(run));
    }

    @Test
    void whenTheLocalServersDieMakeRunStopsAndLeavesNothingRunning() throws Exception {
        Map<String, String> ports = freePorts();
        Process run = makeRun(ports, fakeFunction("exec sleep 300"));
        try {
            localServersDie(run, ports);
        } finally {
            stopWhatIsLeft(run);
        }
    }

    private static void localServersDie(Process run, Map<String, String> ports) throws Exception {
        awaitPort(Integer.parseInt(ports.get("GATEWAY_PORT")), run);
        List<ProcessHandle> started = run.descendants().toList();
        // The one JVM among them (the function is a sleeping script); its command line is too long to be read whole.
        ProcessHandle localServers = started.stream().filter(p -> p.info().command().orElse("").endsWith("/java"))
                .findFirst().orElseThrow(() -> new AssertionError("no local servers among "
                        + started.stream().map(MakeRunFailsFastTest::commandLine).toList()));
        assertTrue(started.stream().anyMatch(p -> commandLine(p).contains("sleep 300")), "the stand-in function runs");
        localServers.destroyForcibly();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS), "make run stops within 30 s once its local servers died");
        assertNotEquals(0, run.exitValue());
        assertTrue(ownLines(run).contains("make run: the local S3 server and gateway stopped (see above); stopping the function too."));
        assertNothingLeft(started);
    }

    @Test
    void whenTheFunctionStopsTheLocalServersStopToo() throws Exception {
        Map<String, String> ports = freePorts();
        Process run = makeRun(ports, fakeFunction("sleep 15; echo 'the function failed' >&2; exit 3"));
        try {
            awaitPort(Integer.parseInt(ports.get("GATEWAY_PORT")), run);
            List<ProcessHandle> started = run.descendants().toList();
            assertTrue(run.waitFor(30, TimeUnit.SECONDS), "make run stops within 30 s once the function stopped");
            assertNotEquals(0, run.exitValue());
            assertTrue(ownLines(run).contains("the function failed"));
            assertNothingLeft(started);
        } finally {
            stopWhatIsLeft(run);
        }
    }

    /** A failed test must not leave a make run behind, holding ports. */
    private static void stopWhatIsLeft(Process run) {
        run.descendants().forEach(ProcessHandle::destroyForcibly);
        run.destroyForcibly();
    }

    private static void awaitPort(int port, Process run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && run.isAlive()) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the gateway never listened on " + port + (run.isAlive() ? "" : "; make run ended"));
    }

    private static void assertNothingLeft(List<ProcessHandle> started) throws InterruptedException {
        for (ProcessHandle process : started) {
            process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> process).join();
            assertTrue(!process.isAlive(), "still running after make run ended: " + commandLine(process));
        }
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse("");
    }

    private static Map<String, String> freePorts() {
        return new java.util.HashMap<>(Map.of("GATEWAY_PORT", Integer.toString(FreePort.find()),
                "FUNCTION_PORT", Integer.toString(FreePort.find()), "S3_PORT", Integer.toString(FreePort.find())));
    }

    /** What make run starts in place of ./mvnw quarkus:dev: a script that ignores its arguments. */
    private static String fakeFunction(String body) throws IOException {
        Path script = Files.createTempFile(work, "function", ".sh");
        Files.writeString(script, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }

    private static Process makeRun(Map<String, String> ports, String mvnw) throws IOException {
        // On make's command line: the Makefile's own MVNW would win over the environment's.
        var builder = new ProcessBuilder("make", "-s", "run", "MVNW=" + mvnw).redirectErrorStream(true);
        builder.environment().putAll(ports);
        builder.environment().put("DATA_DIR", work.resolve("data-" + System.nanoTime()).toString());
        return builder.start();
    }

    /** The output without make's own "make: *** [run] Error N" line ("make[1]: ***" when make test runs it). */
    private static List<String> ownLines(Process run) throws IOException {
        return new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.matches("make(\\[[0-9]+\\])?: \\*\\*\\* .*") && !line.isBlank()).toList();
    }
}
