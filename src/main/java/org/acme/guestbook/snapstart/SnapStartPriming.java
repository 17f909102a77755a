package org.acme.guestbook.snapstart;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.acme.guestbook.Json;
import org.acme.guestbook.api.ApiResponse;
import org.acme.guestbook.api.GuestbookApi;
import org.acme.guestbook.messages.Message;
import org.acme.guestbook.messages.MessageIds;
import org.crac.Context;
import org.eclipse.microprofile.config.ConfigProvider;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

/**
 * Lambda SnapStart's hooks. Before the snapshot: warm the request path, so that a restored
 * function answers its first request almost as fast as a warm one: a health check (the S3
 * client, request signing, HTTP, a one-key listing of the message prefix: no write), the first
 * page of two messages (a listing and reading its objects), a request for a missing path (the
 * error path), and JSON: a message read and written, a Function URL event read and an answer
 * written with the mapper the Lambda runtime uses. Bounded by a
 * short timeout; a failure is logged and never fails the snapshot. After each restore: a new
 * random generator for message ids, since every environment restored from one snapshot would
 * otherwise draw the same numbers.
 *
 * <p>What else a snapshot must not carry (AWS's SnapStart guidance): credentials (the SDK's
 * default chain uses the container credentials Lambda provides at restore, and refreshes them),
 * and open connections (the S3 client's pooled connections may be dead after a restore; the
 * SDK retries a failed call on a new one).
 */
@ApplicationScoped
public class SnapStartPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);
    private static final long BUDGET_MILLIS = 5_000;

    /** A Function URL event for a GET, as the handler's first request brings one; PATH and QUERY filled in. */
    private static final String GET_EVENT = "{\"version\":\"2.0\",\"rawPath\":\"PATH\",\"rawQueryString\":\"QUERY\","
            + "\"queryStringParameters\":{QUERY_JSON},\"headers\":{\"accept\":\"*/*\"},"
            + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"PATH\",\"sourceIp\":\"192.0.2.1\"}},"
            + "\"isBase64Encoded\":false}";

    private final GuestbookApi api;
    private final ObjectMapper lambdaJson;
    private volatile String lastPriming = "not primed";

    @Inject
    public SnapStartPriming(GuestbookApi api, ObjectMapper lambdaJson) {
        this.api = api;
        this.lambdaJson = lambdaJson;
    }

    void register(@Observes StartupEvent started) {
        Core.getGlobalContext().register(this);
        // Work that needs no network moves into init in every case: the router, the error path, JSON.
        try {
            warmWithoutNetwork();
        } catch (Exception e) {
            LOG.warnf("Warming up at start failed (%s); the first request will do it", e.toString());
        }
        // Only for make bench: prime at start, as a stand-in for a restored snapshot (no CRaC runtime there).
        if (ConfigProvider.getConfig().getOptionalValue("guestbook.snapstart.prime-on-start", Boolean.class).orElse(false)) {
            beforeCheckpoint(null);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "snapstart-priming"));
        long start = System.nanoTime();
        try {
            lastPriming = worker.submit(this::prime).get(BUDGET_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            lastPriming = "priming failed: " + e;
            LOG.warnf("SnapStart priming did not finish (%s); the snapshot is taken anyway", e.toString());
        } finally {
            worker.shutdownNow();
        }
        LOG.infof("SnapStart priming in %d ms: %s", (System.nanoTime() - start) / 1_000_000, lastPriming);
    }

    private String prime() throws Exception {
        int health = api.handle(get("/api/health", "")).status();
        // The read path a visitor's first request takes: a listing and reading what it lists (a read, never a write).
        int messages = api.handle(get("/api/messages", "limit=2")).status();
        String rest = warmWithoutNetwork();
        return "health " + health + ", messages " + messages + ", " + rest;
    }

    private String warmWithoutNetwork() throws Exception {
        int missing = api.handle(get("/api/not-a-path", "")).status();
        var sample = new Message("0000000000000-000000000000", "Priming", "Warms up JSON", "2026-01-01T00:00:00Z");
        Message read = Json.MAPPER.readValue(Json.write(sample).getBytes(StandardCharsets.UTF_8), Message.class);
        // The handler's own JSON: Quarkus' Lambda runtime reads events and writes answers with a copy of this mapper.
        APIGatewayV2HTTPEvent event = get("/api/health", "");
        lambdaJson.writeValueAsString(ApiResponse.json(200, Map.of("status", "ok")).toLambdaResponse());
        boolean same = read.equals(sample) && "/api/health".equals(event.getRawPath());
        return "missing path " + missing + ", JSON " + (same ? "ok" : "differs");
    }

    /** A GET as the Lambda runtime hands it over: read from JSON with its mapper. Query: "name=value" or "". */
    private APIGatewayV2HTTPEvent get(String path, String query) throws Exception {
        String queryJson = query.isEmpty() ? "" : "\"" + query.replace("=", "\":\"") + "\"";
        String json = GET_EVENT.replace("PATH", path).replace("QUERY_JSON", queryJson).replace("QUERY", query);
        return lambdaJson.readValue(json, APIGatewayV2HTTPEvent.class);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        MessageIds.renewRandomness();
    }

    /** What the last priming did, for tests and logs. */
    public String lastPriming() {
        return lastPriming;
    }
}
