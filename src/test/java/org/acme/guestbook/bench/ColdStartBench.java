package org.acme.guestbook.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

import org.acme.guestbook.local.FreePort;
import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.NewMessage;
import org.acme.guestbook.storage.MessageStore;
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
 * messages. BENCH_RUNS JVMs per row (10), the rows run interleaved; BENCH_JAVA_HOMES adds the
 * same rows on other JDKs, BENCH_JVM_OPTIONS options to every JVM. Prints a Markdown table of
 * medians and ranges and writes target/bench/report.md and report.json.
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
        String runsSetting = System.getenv().getOrDefault("BENCH_RUNS", "");
        int runs = runsSetting.isBlank() ? 10 : Integer.parseInt(runsSetting.strip());
        if (runs < 1) {
            throw new IllegalArgumentException("BENCH_RUNS must be at least 1, not " + runs);
        }
        Path out = Path.of("target/bench");
        Path zip = Path.of("target/function.zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException("target/function.zip is missing: run make package first");
        }
        Files.createDirectories(out);
        Path taskRoot = unzip(zip, out.resolve("function"));
        Path baselineRoot = baselineTaskRoot(out.resolve("baseline"), taskRoot);
        // The read path behind quarkus-amazon-lambda-http (src/bench/http-extension), built by make bench.
        Path httpZip = Path.of("target/bench-http/function.zip");
        Path httpRoot = Files.exists(httpZip) ? unzip(httpZip, out.resolve("http-extension")) : null;
        Set<String> kinds = rowKinds();
        List<String> runtime = runtimeJars();
        // BENCH_JVM_OPTIONS is added for a look inside, e.g. -Xlog:class+load:file=target/bench/classes-%p.txt
        String javaToolOptions = (javaToolOptions() + " " + System.getenv().getOrDefault("BENCH_JVM_OPTIONS", "")).strip();

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

            var primed = new LinkedHashMap<>(env);
            primed.put("GUESTBOOK_SNAPSTART_PRIME_ON_START", "true");
            List<Row> rows = new ArrayList<>();
            for (Path javaCommand : javas()) {
                String on = " on Java " + javaVersion(javaCommand);
                rows.add(new Row("baseline (plain handler)" + on, () -> measure(javaCommand, baselineRoot, runtime,
                        "org.acme.guestbook.bench.BaselineHandler::handleRequest", env)));
                if (kinds.contains("function")) {
                    rows.add(new Row("function" + on, () -> measure(javaCommand, taskRoot, runtime, HANDLER, env)));
                }
                if (kinds.contains("primed")) {
                    rows.add(new Row("function, primed (SnapStart stand-in)" + on,
                            () -> measure(javaCommand, taskRoot, runtime, HANDLER, primed)));
                }
                if (kinds.contains("http") && httpRoot != null) {
                    rows.add(new Row("the same read path with quarkus-amazon-lambda-http + REST" + on,
                            () -> measure(javaCommand, httpRoot, runtime, HANDLER, env)));
                }
            }
            // Interleaved: run i of every row, then run i + 1, so that a slow moment of the machine
            // falls on all rows alike and each run's ratio to its baseline compares like with like.
            for (int i = 0; i < runs; i++) {
                for (Row row : rows) {
                    row.runs.add(row.measurement.run());
                    System.err.printf("%s, run %d/%d: %s%n", row.name, i + 1, runs, row.runs.get(i));
                }
            }

            String table = table(rows, runs, Files.size(zip));
            System.out.println(table);
            Files.writeString(out.resolve("report.md"), table);
            var json = new LinkedHashMap<String, Object>();
            json.put("runs", runs);
            json.put("zipBytes", Files.size(zip));
            json.put("machine", machine());
            var figures = new LinkedHashMap<String, List<Figures>>();
            rows.forEach(row -> figures.put(row.name(), row.runs()));
            json.put("rows", figures);
            Files.writeString(out.resolve("report.json"), JSON.writeValueAsString(json));
        }
        System.exit(0);
    }

    /** BENCH_ROWS=function,primed,http (the default: all) picks the rows beside the baseline, which is always measured. */
    private static Set<String> rowKinds() {
        String setting = System.getenv().getOrDefault("BENCH_ROWS", "").strip();
        Set<String> known = Set.of("function", "primed", "http");
        if (setting.isEmpty()) {
            return known;
        }
        Set<String> kinds = Set.of(setting.split("\\s*,\\s*"));
        if (!known.containsAll(kinds)) {
            throw new IllegalArgumentException("BENCH_ROWS takes function, primed and http, comma-separated, not " + setting);
        }
        return kinds;
    }

    @FunctionalInterface
    private interface Measurement {
        Figures run() throws Exception;
    }

    /** A row of the table: what it measures, and its figures run by run. */
    private record Row(String name, Measurement measurement, List<Figures> runs) {
        Row(String name, Measurement measurement) {
            this(name, measurement, new ArrayList<>());
        }
    }

    /** One fresh JVM: init, first answer, cold start, 50 warm requests, resident memory. */
    private static Figures measure(Path javaCommand, Path taskRoot, List<String> runtime, String handler, Map<String, String> env)
            throws Exception {
        try (var api = new RuntimeApiEmulator()) {
            List<String> classPath = new ArrayList<>(List.of(taskRoot.toString(), taskRoot.resolve("lib/*").toString()));
            classPath.addAll(runtime);
            var process = new ProcessBuilder(javaCommand.toString(),
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
        deleteTree(target); // a jar of an earlier package left in lib/ would be on the class path
        Zips.unpack(zip, target);
        return target;
    }

    /**
     * The baseline's task root: src/bench's handler, compiled here, and the same libraries as the
     * function's (SDK, Jackson, Lambda core and events).
     */
    private static Path baselineTaskRoot(Path root, Path functionRoot) throws IOException {
        deleteTree(root);
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
                    "-cp", classPath, "-d", root.toString(), "src/bench/java/org/acme/guestbook/bench/BaselineHandler.java",
                    "src/bench/shared/java/org/acme/guestbook/bench/BenchS3.java");
            if (compiled != 0) {
                throw new IllegalStateException("src/bench/java/org/acme/guestbook/bench/BaselineHandler.java does not compile");
            }
        }
        return root;
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
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

    /** The JVMs to run every row with: the one running the bench, and BENCH_JAVA_HOMES' (space-separated JDK homes). */
    private static List<Path> javas() {
        List<Path> javas = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")));
        for (String home : System.getenv().getOrDefault("BENCH_JAVA_HOMES", "").trim().split("\\s+")) {
            if (!home.isEmpty()) {
                Path javaCommand = Path.of(home, "bin", "java");
                if (!Files.isExecutable(javaCommand)) {
                    throw new IllegalStateException("BENCH_JAVA_HOMES names " + home + ", which has no bin/java");
                }
                javas.add(javaCommand);
            }
        }
        return javas;
    }

    private static String javaVersion(Path javaCommand) throws IOException, InterruptedException {
        Process version = new ProcessBuilder(javaCommand.toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        version.waitFor();
        var matcher = Pattern.compile("java\\.version = (\\S+)").matcher(output);
        return matcher.find() ? matcher.group(1) : javaCommand.toString();
    }

    private static String machine() {
        return String.format(Locale.ROOT, "%d cores, %s %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    private static double median(List<Figures> runs, ToDoubleFunction<Figures> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /** Median and range of a figure: "1803 ms (1690–1950)". */
    private static String spread(List<Figures> runs, ToDoubleFunction<Figures> figure, String unit) {
        DoubleSummaryStatistics all = runs.stream().mapToDouble(figure).summaryStatistics();
        return String.format(Locale.ROOT, "%.0f %s (%.0f–%.0f)", median(runs, figure), unit, all.getMin(), all.getMax());
    }

    /** Median and range of a ratio computed run by run: "1.01× (0.94–1.09)". */
    private static String ratio(List<Double> ratios) {
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", median, sorted[0], sorted[sorted.length - 1]);
    }

    private static String table(List<Row> rows, int runs, long zipBytes) {
        var text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Medians of %d fresh JVMs per row (min–max), rows run interleaved; %s; "
                + "function.zip %.1f MB.%n%n", runs, machine(), zipBytes / 1e6));
        text.append("| row | init (start → first poll) | first answer | cold (start → first answer) | cold ÷ baseline's, run by run "
                + "| first answer ÷ own warm p50 | warm p50 | warm p99 | RSS |\n");
        text.append("|---|---|---|---|---|---|---|---|---|\n");
        Row base = rows.get(0);
        for (Row row : rows) {
            if (row.name().startsWith("baseline")) {
                base = row;
            }
            List<Double> cold = new ArrayList<>();
            List<Double> first = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                cold.add(row.runs().get(i).coldMs() / base.runs().get(i).coldMs());
                first.add(row.runs().get(i).firstAnswerMs() / row.runs().get(i).warmP50Ms());
            }
            text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.name(),
                    spread(row.runs(), Figures::initMs, "ms"), spread(row.runs(), Figures::firstAnswerMs, "ms"),
                    spread(row.runs(), Figures::coldMs, "ms"), row == base ? "1" : ratio(cold), ratio(first),
                    spread(row.runs(), Figures::warmP50Ms, "ms"), spread(row.runs(), Figures::warmP99Ms, "ms"),
                    spread(row.runs(), Figures::rssMb, "MB")));
        }
        return text.toString();
    }
}
