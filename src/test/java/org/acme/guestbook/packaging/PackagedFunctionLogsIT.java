package org.acme.guestbook.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.acme.guestbook.support.RuntimeApiEmulator;
import org.acme.guestbook.support.Zips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * target/function.zip in a JVM of its own, run the way Lambda runs it: AWS's runtime interface
 * client with the task root and lib/* on the class path, JAVA_TOOL_OPTIONS as infra/app.yaml sets
 * it, events from a Runtime API. Its log lines must be JSON objects with an RFC 3339 timestamp,
 * a level, the message, the logger and the Lambda request id, which is what Lambda's JSON log
 * format needs.
 */
class PackagedFunctionLogsIT {

    private static final Path ZIP = Path.of("target/function.zip");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path taskRoot;

    private static String event(String path) {
        return "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"" + path + "\",\"rawQueryString\":\"\","
                + "\"headers\":{\"host\":\"example.lambda-url.eu-west-1.on.aws\"},\"requestContext\":{\"http\":"
                + "{\"method\":\"GET\",\"path\":\"" + path + "\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"192.0.2.1\"}},"
                + "\"isBase64Encoded\":false}";
    }

    @Test
    void logsOneJsonObjectPerLineWithTheRequestId() throws Exception {
        Zips.unpack(ZIP, taskRoot);
        // Lambda's class path: the task root, its lib/*, then the runtime's own jars.
        List<String> classPath = new ArrayList<>(List.of(taskRoot.toString(), taskRoot.resolve("lib/*").toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("aws-lambda-java-runtime-interface-client") || entry.contains("aws-lambda-java-serialization")) {
                classPath.add(entry);
            }
        }
        assertEquals(4, classPath.size(), "the runtime interface client and its serialization on " + classPath);

        try (var runtimeApi = new RuntimeApiEmulator()) {
            var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", String.join(File.pathSeparator, classPath),
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                    "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
            var process = new ProcessBuilder(command).redirectErrorStream(true);
            var env = process.environment();
            env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
            env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            env.put("_HANDLER", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
            env.put("AWS_LAMBDA_FUNCTION_NAME", "guestbook-function");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            env.put("AWS_REGION", "eu-west-1");
            env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
            // Storage that refuses connections at once: the health check logs a warning.
            env.put("GUESTBOOK_DATA_BUCKET", "packaged-logs-test");
            env.put("GUESTBOOK_S3_ENDPOINT", "http://127.0.0.1:9");
            env.put("GUESTBOOK_S3_ACCESS_KEY", "test");
            env.put("GUESTBOOK_S3_SECRET_KEY", "test");
            Process function = process.start();
            var output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(function.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                    return "unreadable: " + e;
                }
            });
            try {
                String health = runtimeApi.invoke("req-health-1", event("/api/health"), Duration.ofSeconds(60));
                assertEquals(503, JSON.readTree(health).get("statusCode").asInt(), health);
                String info = runtimeApi.invoke("req-info-2", event("/api/info"), Duration.ofSeconds(30));
                assertEquals(200, JSON.readTree(info).get("statusCode").asInt(), info);
            } finally {
                function.destroy();
            }
            String log = output.get();

            List<JsonNode> lines = new ArrayList<>();
            for (String line : log.lines().filter(line -> line.startsWith("{")).toList()) {
                lines.add(JSON.readTree(line));
            }
            assertTrue(!lines.isEmpty(), "JSON lines in:\n" + log);
            for (JsonNode line : lines) {
                for (String field : List.of("timestamp", "level", "message", "logger")) {
                    assertTrue(line.hasNonNull(field), field + " in " + line);
                }
                OffsetDateTime.parse(line.get("timestamp").asText()); // RFC 3339
            }
            var warning = lines.stream().filter(line -> line.get("message").asText().contains("is not reachable")).findFirst()
                    .orElseThrow(() -> new AssertionError("the storage warning, as JSON, in:\n" + log));
            assertEquals("WARN", warning.get("level").asText());
            assertEquals("req-health-1", warning.at("/mdc/requestId").asText(), "the request id: " + warning);
            assertTrue(warning.get("logger").asText().startsWith("org.acme.guestbook"), warning.toString());
            List<String> notJson = log.lines().filter(line -> !line.isBlank() && !line.startsWith("{")
                    && !line.startsWith("Picked up JAVA_TOOL_OPTIONS")).toList();
            assertEquals(List.of(), notJson, "every line the function writes is JSON");
        }
    }
}
