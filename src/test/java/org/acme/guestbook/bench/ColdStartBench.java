package org.acme.guestbook.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.acme.guestbook.local.FreePort;
import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.MessageStore;
import org.acme.guestbook.messages.NewMessage;
import org.acme.guestbook.support.RuntimeApiEmulator;
import org.acme.guestbook.support.TestS3;
import org.acme.guestbook.support.Zips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * make bench: target/function.zip run the way Lambda runs it (AWS's runtime interface client,
 * the task root and lib/* on the class path, JAVA_TOOL_OPTIONS as infra/app.yaml sets it, events
 * from a Runtime API), in K fresh JVMs, against S3Proxy holding 11 messages; beside it a plain
 * aws-lambda-java-core handler doing the same work (BaselineHandler), and the function primed at
 * start as a stand-in for a restored SnapStart snapshot. Every answer must be a 200 with 10
 * messages. Prints a Markdown table and writes target/bench/report.md and report.json.
 * A benchmark, not a test: the numbers depend on the machine.
 */
public final class ColdStartBench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String BUCKET = "bench-data";
    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final int WARM_REQUESTS = 50;

    private record Figures(String row, double initMs, double firstAnswerMs, double coldMs, double warmP50Ms,
            double warmP99Ms, double rssMb) {
    }

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "5"));
        Path out = Path.of("target/bench");
        Path zip = Path.of("target/function.zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException("target/function.zip is missing: run make package first");
        }
        Files.createDirectories(out);
        Path taskRoot = unzip(zip, out.resolve("function"));
        Path baselineRoot = baselineTaskRoot(out.resolve("baseline"), taskRoot);
        List<String> runtime = runtimeJars();
        String javaToolOptions = javaToolOptions();

        try (LocalS3Server s3 = LocalS3Server.start(Files.createTempDirectory("bench-s3"), FreePort.find())) {
            s3.createBucket(BUCKET);
            try (var client = TestS3.client(s3)) {
                var store = new MessageStore(client, BUCKET, "messages/", Clock.systemUTC(), MessageIds::newId);
                for (int i = 0; i < 11; i++) {
                    store.add(new NewMessage("Bench", "message " + i));
                }
            }
            Map<String, String> env = new LinkedHashMap<>(Map.of(
                    "GUESTBOOK_DATA_BUCKET", BUCKET,
                    "GUESTBOOK_S3_ENDPOINT", s3.endpoint().toString(),
                    "GUESTBOOK_S3_ACCESS_KEY", LocalS3Server.ACCESS_KEY,
                    "GUESTBOOK_S3_SECRET_KEY", LocalS3Server.SECRET_KEY,
                    "JAVA_TOOL_OPTIONS", javaToolOptions));

            List<Figures> rows = new ArrayList<>();
            rows.add(median("baseline (plain handler)", runs, () -> measure(baselineRoot, runtime,
                    "org.acme.guestbook.bench.BaselineHandler::handleRequest", env)));
            rows.add(median("function", runs, () -> measure(taskRoot, runtime, HANDLER, env)));
            var primed = new LinkedHashMap<>(env);
            primed.put("GUESTBOOK_SNAPSTART_PRIME_ON_START", "true");
            rows.add(median("function, primed (SnapStart stand-in)", runs, () -> measure(taskRoot, runtime, HANDLER, primed)));

            String table = table(rows, runs, Files.size(zip));
            System.out.println(table);
            Files.writeString(out.resolve("report.md"), table);
            var json = new LinkedHashMap<String, Object>();
            json.put("runs", runs);
            json.put("zipBytes", Files.size(zip));
            json.put("machine", machine());
            json.put("rows", rows);
            Files.writeString(out.resolve("report.json"), JSON.writeValueAsString(json));
        }
        System.exit(0);
    }

    @FunctionalInterface
    private interface Measurement {
        Figures run() throws Exception;
    }

    private static Figures median(String row, int runs, Measurement measurement) throws Exception {
        List<Figures> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            all.add(measurement.run());
            System.err.printf("%s, run %d/%d: %s%n", row, i + 1, runs, all.get(all.size() - 1));
        }
        return new Figures(row, med(all, Figures::initMs), med(all, Figures::firstAnswerMs), med(all, Figures::coldMs),
                med(all, Figures::warmP50Ms), med(all, Figures::warmP99Ms), med(all, Figures::rssMb));
    }

    private static double med(List<Figures> all, java.util.function.ToDoubleFunction<Figures> figure) {
        double[] values = all.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }

    /** One fresh JVM: init, first answer, cold start, 50 warm requests, resident memory. */
    private static Figures measure(Path taskRoot, List<String> runtime, String handler, Map<String, String> env)
            throws Exception {
        try (var api = new RuntimeApiEmulator()) {
            List<String> classPath = new ArrayList<>(List.of(taskRoot.toString(), taskRoot.resolve("lib/*").toString()));
            classPath.addAll(runtime);
            var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", String.join(File.pathSeparator, classPath),
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            process.environment().putAll(env);
            process.environment().putAll(Map.of("AWS_LAMBDA_RUNTIME_API", api.address(), "LAMBDA_TASK_ROOT", taskRoot.toString(),
                    "_HANDLER", handler, "AWS_LAMBDA_FUNCTION_NAME", "guestbook-function", "AWS_LAMBDA_FUNCTION_VERSION", "1",
                    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024", "AWS_REGION", "us-east-1", "AWS_LAMBDA_LOG_FORMAT", "JSON"));
            long start = System.nanoTime();
            Process jvm = process.start();
            try {
                long firstPoll = api.firstPollNanos(Duration.ofSeconds(60));
                long handedOut = System.nanoTime();
                check(api.invoke("cold", event(), Duration.ofSeconds(60)));
                long answered = System.nanoTime();
                double[] warm = new double[WARM_REQUESTS];
                for (int i = 0; i < WARM_REQUESTS; i++) {
                    long sent = System.nanoTime();
                    check(api.invoke("warm-" + i, event(), Duration.ofSeconds(30)));
                    warm[i] = (System.nanoTime() - sent) / 1e6;
                }
                Arrays.sort(warm);
                return new Figures("", (firstPoll - start) / 1e6, (answered - handedOut) / 1e6, (answered - start) / 1e6,
                        warm[WARM_REQUESTS / 2], warm[(int) Math.ceil(WARM_REQUESTS * 0.99) - 1], rssMb(jvm.pid()));
            } finally {
                jvm.destroy();
                jvm.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String event() {
        return "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/api/messages\",\"rawQueryString\":\"limit=10\","
                + "\"queryStringParameters\":{\"limit\":\"10\"},\"headers\":{\"host\":\"example.lambda-url.us-east-1.on.aws\"},"
                + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/api/messages\",\"protocol\":\"HTTP/1.1\","
                + "\"sourceIp\":\"192.0.2.1\"}},\"isBase64Encoded\":false}";
    }

    /** A benchmark of failing requests measures nothing: every answer is a 200 with 10 messages. */
    private static void check(String answer) throws IOException {
        JsonNode response = JSON.readTree(answer);
        JsonNode body = JSON.readTree(response.path("body").asText("{}"));
        if (response.path("statusCode").asInt() != 200 || body.path("messages").size() != 10) {
            throw new IllegalStateException("Not a page of 10 messages, so no figures: " + answer);
        }
    }

    private static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static Path unzip(Path zip, Path target) throws IOException {
        Zips.unpack(zip, target);
        return target;
    }

    /**
     * The baseline's task root: src/bench's handler, compiled here, and the same libraries as the
     * function's (SDK, Jackson, Lambda core).
     */
    private static Path baselineTaskRoot(Path root, Path functionRoot) throws IOException {
        Path lib = root.resolve("lib");
        Files.createDirectories(lib);
        try (var jars = Files.list(functionRoot.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName().toString();
                if (name.startsWith("software.amazon") || name.startsWith("com.fasterxml") || name.startsWith("com.amazonaws")
                        || name.startsWith("org.reactivestreams") || name.startsWith("org.slf4j")) {
                    Files.copy(jar, lib.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (var jars = Files.list(lib)) {
            String classPath = String.join(File.pathSeparator, jars.map(Path::toString).toList());
            int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17",
                    "-cp", classPath, "-d", root.toString(), "src/bench/java/org/acme/guestbook/bench/BaselineHandler.java");
            if (compiled != 0) {
                throw new IllegalStateException("src/bench/java/org/acme/guestbook/bench/BaselineHandler.java does not compile");
            }
        }
        return root;
    }

    private static List<String> runtimeJars() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("aws-lambda-java-runtime-interface-client") || entry.contains("aws-lambda-java-serialization")) {
                jars.add(entry);
            }
        }
        if (jars.size() != 2) {
            throw new IllegalStateException("AWS's runtime interface client is not on the class path: " + jars);
        }
        return jars;
    }

    /** JAVA_TOOL_OPTIONS exactly as infra/app.yaml gives the function. */
    private static String javaToolOptions() throws IOException {
        for (String line : Files.readAllLines(Path.of("infra/app.yaml"))) {
            if (line.strip().startsWith("JAVA_TOOL_OPTIONS:")) {
                return line.strip().substring("JAVA_TOOL_OPTIONS:".length()).strip();
            }
        }
        throw new IllegalStateException("no JAVA_TOOL_OPTIONS in infra/app.yaml");
    }

    private static String machine() {
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    private static String table(List<Figures> rows, int runs, long zipBytes) {
        Figures base = rows.get(0);
        var text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Medians of %d fresh JVMs each; %s; function.zip %.1f MB.%n%n", runs, machine(),
                zipBytes / 1e6));
        text.append("| row | init (start → first poll) | first answer | cold (start → first answer) | warm p50 | warm p99 | RSS |\n");
        text.append("|---|---|---|---|---|---|---|\n");
        for (Figures row : rows) {
            text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", row.row(),
                    cell(row.initMs(), base.initMs(), "ms", row == base), cell(row.firstAnswerMs(), base.firstAnswerMs(), "ms", row == base),
                    cell(row.coldMs(), base.coldMs(), "ms", row == base), cell(row.warmP50Ms(), base.warmP50Ms(), "ms", row == base),
                    cell(row.warmP99Ms(), base.warmP99Ms(), "ms", row == base), cell(row.rssMb(), base.rssMb(), "MB", row == base)));
        }
        return text.toString();
    }

    private static String cell(double value, double baseline, String unit, boolean isBaseline) {
        return isBaseline ? String.format(Locale.ROOT, "%.0f %s", value, unit)
                : String.format(Locale.ROOT, "%.0f %s (%.2f×)", value, unit, value / baseline);
    }
}
