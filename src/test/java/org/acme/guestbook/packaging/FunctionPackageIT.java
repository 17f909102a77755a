package org.acme.guestbook.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Properties;

import org.acme.guestbook.support.DefaultAppName;
import org.acme.guestbook.support.Zips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs after `package`: the zip Lambda gets is small and carries exactly one HTTP client. */
class FunctionPackageIT {

    private static final Path ZIP = Path.of("target/function.zip");
    private static final long MAX_BYTES = 13L * 1000 * 1000;
    /** What Lambda allows a function unzipped with its layers (CodeSizeUnzipped; 250 MB as AWS's quotas page gives it, not checked here). */
    private static final long MAX_UNZIPPED_BYTES = 250L * 1000 * 1000;

    private static List<String> entries() throws IOException {
        try (var zip = new ZipFile(ZIP.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void isAtMost13MegabytesAndFarBelowLambdasLimitUnzipped() throws IOException {
        long size = Files.size(ZIP);
        assertTrue(size <= MAX_BYTES, "function.zip is " + size + " bytes; the limit is " + MAX_BYTES);
        try (var zip = new ZipFile(ZIP.toFile())) {
            long unzipped = zip.stream().mapToLong(ZipEntry::getSize).sum();
            assertTrue(unzipped <= MAX_UNZIPPED_BYTES / 4, "function.zip unzipped is " + unzipped + " bytes");
        }
    }

    /** ReproducibleZip stores the jars' entries, so that function.zip compresses each jar as a whole. */
    @Test
    void theLibrariesEntriesAreStoredNotCompressedTwice() throws IOException {
        try (var zip = new ZipFile(ZIP.toFile())) {
            var jars = zip.stream().filter(entry -> entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")).toList();
            assertFalse(jars.isEmpty());
            for (ZipEntry jar : jars) {
                try (var in = new ZipInputStream(zip.getInputStream(jar))) {
                    for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                        assertEquals(ZipEntry.STORED, entry.getMethod(), jar.getName() + " " + entry.getName());
                    }
                }
            }
        }
    }

    @Test
    void holdsExactlyOneHttpClientTheUrlConnectionOne() throws IOException {
        List<String> clients = entries().stream()
                .filter(name -> name.matches(".*software\\.amazon\\.awssdk\\.(url-connection-client|apache5?-client"
                        + "|netty-nio-client|aws-crt-client)-.*\\.jar"))
                .toList();
        assertEquals(1, clients.size(), "HTTP clients in function.zip: " + clients);
        assertTrue(clients.get(0).contains("url-connection-client"), clients.get(0));
    }

    @Test
    void holdsTheFunctionButNoTestToolsNorTheSite() throws IOException {
        List<String> entries = entries();
        assertTrue(entries.contains("org/acme/guestbook/GuestbookFunction.class"), "the handler");
        assertTrue(entries.stream().anyMatch(name -> name.startsWith("lib/io.quarkus.quarkus-amazon-lambda-")),
                "the Quarkus Lambda runtime");
        assertTrue(entries.stream().noneMatch(name -> name.contains("s3proxy") || name.contains("rest-assured")
                || name.contains("junit")), "no test dependencies");
        assertTrue(entries.stream().noneMatch(name -> name.contains("site/") || name.endsWith(".html")),
                "the static site is deployed to S3, not inside the function");
    }

    @Test
    void entriesAreSortedWithOneFixedTimestamp() throws IOException {
        List<String> names = entries();
        assertEquals(names.stream().sorted().toList(), names, "entries in name order");
        try (var zip = new ZipFile(ZIP.toFile())) {
            assertEquals(1, zip.stream().map(ZipEntry::getTimeLocal).distinct().count(), "one timestamp for all");
        }
    }

    @TempDir
    Path unpacked;

    /**
     * Runs the packaged function the way the Lambda Java runtime does: the zip's root and lib/*.jar
     * on a class path of their own, the handler QuarkusStreamHandler called with a Function URL
     * event. This also proves that the reproducible rewrite of the zip left a working program.
     */
    @Test
    void theZipStartsAndAnswersAFunctionUrlEventAsLambdaRunsIt() throws Exception {
        List<URL> classPath = new ArrayList<>();
        for (Path file : Zips.unpack(ZIP, unpacked)) {
            String name = unpacked.relativize(file).toString();
            if (name.startsWith("lib/") && name.endsWith(".jar")) {
                classPath.add(file.toUri().toURL());
            }
        }
        classPath.add(0, unpacked.toUri().toURL());
        var buildInfo = new Properties();
        try (InputStream in = Files.newInputStream(unpacked.resolve("build-info.properties"))) {
            buildInfo.load(in);
        }
        System.setProperty("guestbook.data.bucket", "packaged-function-test");
        // Lambda sets AWS_REGION; the S3 client is built at start-up and needs it.
        System.setProperty("aws.region", "eu-west-1");

        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (var loader = new URLClassLoader(classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
            Object context = Proxy.newProxyInstance(loader, new Class<?>[] { contextType }, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "getAwsRequestId" -> "packaged-function-test";
                        case "getRemainingTimeInMillis" -> 30_000;
                        case "getMemoryLimitInMB" -> 1024;
                        case "getFunctionName" -> "guestbook-function";
                        default -> null;
                    });
            Object handler = loader.loadClass("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler")
                    .getConstructor().newInstance();
            var handle = handler.getClass().getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);

            JsonNode info = invoke(handle, handler, context, "/api/info");
            assertEquals(200, info.get("statusCode").asInt(), info.toString());
            JsonNode body = new ObjectMapper().readTree(info.get("body").asText());
            assertEquals(DefaultAppName.VALUE, body.get("app").asText());
            assertEquals(buildInfo.getProperty("commit"), body.get("commit").asText());

            JsonNode missing = invoke(handle, handler, context, "/api/nothing");
            assertEquals(404, missing.get("statusCode").asInt(), missing.toString());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static JsonNode invoke(java.lang.reflect.Method handle, Object handler, Object context, String path)
            throws Exception {
        String event = "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"" + path + "\",\"rawQueryString\":\"\","
                + "\"headers\":{\"host\":\"example.lambda-url.eu-west-1.on.aws\"},\"requestContext\":{\"http\":"
                + "{\"method\":\"GET\",\"path\":\"" + path + "\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"192.0.2.1\"}},"
                + "\"isBase64Encoded\":false}";
        var out = new ByteArrayOutputStream();
        handle.invoke(handler, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
        return new ObjectMapper().readTree(out.toByteArray());
    }
}
