package org.acme.guestbook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.acme.guestbook.support.S3ProxyResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * A bounded flood through the whole local stack: 20 visitors (each from its own loopback address)
 * post as fast as they can for at least FLOOD_SECONDS (10; -Dflood.seconds=20 for a longer one)
 * and each until it has been refused once, so how fast the machine is decides how long the flood
 * lasts, never whether it reaches the limits (MAX_SECONDS bounds it). A reader loads the first
 * page every 100 ms meanwhile. The function accepts no more than its limits allow, refuses the
 * rest with 429 and Retry-After, a refused post writes nothing, every accepted one is listed once,
 * and the page answers throughout.
 */
@QuarkusTest
@Execution(ExecutionMode.SAME_THREAD) // one Quarkus application at a time (see pom.xml, surefire)
@TestProfile(LocalFloodTest.Limits.class)
@WithTestResource(S3ProxyResource.class)
class LocalFloodTest {

    static final int PER_MINUTE = 40;
    static final int PER_VISITOR = 4;
    static final int VISITORS = 20;
    static final long FLOOD_SECONDS = Long.getLong("flood.seconds", 10);
    static final long MAX_SECONDS = FLOOD_SECONDS + 50; // under a minute longer: the limits' window stays one or two minutes

    public static final class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("guestbook.posts.per-minute", Integer.toString(PER_MINUTE),
                    "guestbook.posts.per-minute-per-visitor", Integer.toString(PER_VISITOR));
        }
    }

    @Test
    void refusedPostsWriteNothingAndThePageStaysReadable() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long objectsBefore = messageObjects();
        var accepted = new ConcurrentLinkedQueue<String>();
        var acceptedPerVisitor = new ConcurrentHashMap<String, AtomicInteger>();
        var refused = new AtomicInteger();
        var other = new ConcurrentLinkedQueue<String>();
        var pageAnswers = new ConcurrentLinkedQueue<Integer>();
        var slowestPage = new java.util.concurrent.atomic.AtomicLong();
        try (var gateway = new LocalGateway(0, Path.of("src/site"), URI.create("http://localhost:" + RestAssured.port))) {
            URI api = URI.create("http://127.0.0.1:" + gateway.url().getPort() + "/api/messages");
            long started = System.nanoTime();
            long minimumEnd = started + Duration.ofSeconds(FLOOD_SECONDS).toNanos();
            long end = started + Duration.ofSeconds(MAX_SECONDS).toNanos();
            var visitorsDone = new AtomicInteger();
            var pool = Executors.newFixedThreadPool(VISITORS + 1);
            try {
                List<java.util.concurrent.Future<?>> work = new ArrayList<>();
                for (int v = 0; v < VISITORS; v++) {
                    String address = "127.0.0." + (v + 2);
                    work.add(pool.submit(() -> {
                        try {
                            boolean refusedOnce = false;
                            for (int i = 0; System.nanoTime() < end && !(refusedOnce && System.nanoTime() >= minimumEnd); i++) {
                                String body = "{\"name\":\"Flood " + address + "\",\"text\":\"" + run + " " + address + " #" + i + "\"}";
                                var response = post(address, api, body);
                                if (response.status() == 201) {
                                    accepted.add(JsonPath.from(response.body()).getString("text"));
                                    acceptedPerVisitor.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                                } else if (response.status() == 429 && response.retryAfter().matches("[1-9][0-9]*")) {
                                    refused.incrementAndGet();
                                    refusedOnce = true;
                                } else {
                                    other.add(response.status() + " " + response.body());
                                }
                            }
                            return null;
                        } finally {
                            visitorsDone.incrementAndGet();
                        }
                    }));
                }
                var reader = HttpClient.newHttpClient();
                work.add(pool.submit(() -> {
                    while (visitorsDone.get() < VISITORS) {
                        long start = System.nanoTime();
                        pageAnswers.add(reader.send(HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                        slowestPage.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                        Thread.sleep(100);
                    }
                    return null;
                }));
                for (var future : work) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }

            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
            double minutes = seconds / 60.0 + 0.05;
            System.out.printf("flood: %d s, %d visitors: %d accepted, %d refused with 429, %d page loads (slowest %d ms)%n",
                    seconds, VISITORS, accepted.size(), refused.get(), pageAnswers.size(), slowestPage.get());
            assertEquals(List.of(), List.copyOf(other), "every post is accepted or refused with 429 and Retry-After");
            assertTrue(refused.get() > 0, "the flood went past the limit and was refused");
            assertTrue(accepted.size() <= PER_MINUTE * (1 + minutes), accepted.size() + " accepted: more than the total allows");
            acceptedPerVisitor.forEach((visitor, count) -> assertTrue(count.get() <= PER_VISITOR * (1 + minutes),
                    visitor + " got " + count + " posts in"));
            // Locally one function instance serves every request in turn, so a page waits behind the posts.
            assertTrue(pageAnswers.size() >= seconds / 4 && pageAnswers.stream().allMatch(status -> status == 200),
                    "the page answered throughout: " + pageAnswers);

            assertEquals(objectsBefore + accepted.size(), messageObjects(), "a refused post stores nothing");
            Set<String> listed = listAll(gateway, run);
            assertEquals(new HashSet<>(accepted), listed, "every accepted post is listed");
            assertEquals(accepted.size(), listed.size(), "once");
        }
    }

    private record Answer(int status, String retryAfter, String body) {
    }

    /**
     * One POST over a socket bound to the visitor's own loopback address, so the gateway sees each
     * visitor as a different client (java.net.http cannot pick its local address in Java 17).
     */
    private static Answer post(String fromAddress, URI api, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
            socket.connect(new InetSocketAddress(api.getHost(), api.getPort()), 2000);
            socket.setSoTimeout(30_000);
            String head = "POST " + api.getPath() + " HTTP/1.1\r\nHost: " + api.getHost() + ":" + api.getPort()
                    + "\r\nContent-Type: application/json\r\nx-amz-content-sha256: " + ContentHashRule.sha256Hex(body)
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String headers = answer.substring(0, split);
            var retryAfter = headers.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("retry-after:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("");
            return new Answer(Integer.parseInt(headers.substring(9, 12)), retryAfter, answer.substring(split + 4));
        }
    }

    private static long messageObjects() throws Exception {
        Path messages = S3ProxyResource.bucketDir().resolve("messages");
        if (!Files.isDirectory(messages)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(messages)) {
            return files.filter(file -> file.toString().endsWith(".json")).count();
        }
    }

    private static Set<String> listAll(LocalGateway gateway, String run) throws Exception {
        var client = HttpClient.newHttpClient();
        Set<String> texts = new HashSet<>();
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            String query = "/api/messages?limit=50" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            var page = JsonPath.from(client.send(HttpRequest.newBuilder(gateway.url().resolve(query)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            List<String> pageTexts = page.getList("messages.text");
            pageTexts.stream().filter(text -> text.startsWith(run + " ")).forEach(all::add);
            cursor = page.getString("next");
        } while (cursor != null);
        texts.addAll(all);
        assertEquals(all.size(), texts.size(), "no message listed twice");
        return texts;
    }
}
