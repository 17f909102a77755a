package org.acme.guestbook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.acme.guestbook.support.S3ProxyResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * 200 messages posted from 20 threads at once through the whole local stack (gateway, function,
 * S3Proxy): every one is listed exactly once, newest first, across pages.
 */
@QuarkusTest
@Execution(ExecutionMode.SAME_THREAD) // one Quarkus application at a time (see pom.xml, surefire)
@WithTestResource(S3ProxyResource.class)
class ConcurrentPostsTest {

    private static final int THREADS = 20;
    private static final int MESSAGES = 200;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void twoHundredPostsFromTwentyThreadsAreEachListedOnceInOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (var gateway = new LocalGateway(0, Path.of("src/site"), URI.create("http://localhost:" + RestAssured.port))) {
            var pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> posts = new ArrayList<>();
            try {
                for (int i = 0; i < MESSAGES; i++) {
                    String body = "{\"name\":\"Crowd\",\"text\":\"" + run + " #" + i + "\"}";
                    posts.add(pool.submit((Callable<Integer>) () -> client.send(HttpRequest.newBuilder(gateway.url()
                            .resolve("/api/messages"))
                            .header("Content-Type", "application/json")
                            .header("x-amz-content-sha256", ContentHashRule.sha256Hex(body.getBytes(StandardCharsets.UTF_8)))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode()));
                }
                for (var post : posts) {
                    assertEquals(201, post.get());
                }
            } finally {
                pool.shutdownNow();
            }

            // Every page, following the cursors, as a visitor paging back would.
            List<Map<String, String>> listed = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                String query = "/api/messages?limit=30" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor,
                        StandardCharsets.UTF_8));
                var page = JsonPath.from(client.send(HttpRequest.newBuilder(gateway.url().resolve(query)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                listed.addAll(page.getList("messages"));
                cursor = page.getString("next");
                pages++;
            } while (cursor != null);

            List<String> ours = listed.stream().map(m -> m.get("text")).filter(text -> text.startsWith(run + " #")).toList();
            assertEquals(MESSAGES, ours.size(), "each message listed");
            assertEquals(MESSAGES, new java.util.HashSet<>(ours).size(), "and each only once");
            assertTrue(pages > MESSAGES / 30, "across " + pages + " pages");
            List<String> ids = listed.stream().map(m -> m.get("id")).toList();
            assertEquals(ids.stream().sorted().toList(), ids, "newest first, as the ids sort");
            assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "no id on two pages");
            for (int i = 1; i < listed.size(); i++) {
                assertTrue(!java.time.Instant.parse(listed.get(i - 1).get("createdAt"))
                        .isBefore(java.time.Instant.parse(listed.get(i).get("createdAt"))),
                        "times never go forward: " + listed.get(i - 1) + " then " + listed.get(i));
            }
        }
    }
}
