package org.acme.guestbook.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API as a runtime client sees it (AWS_LAMBDA_RUNTIME_API): the client polls
 * /2018-06-01/runtime/invocation/next for an event with its request id and deadline, and posts
 * the answer to .../invocation/{id}/response (or .../error, or /runtime/init/error). Test scope
 * only: it lets tests run function.zip in its own JVM with AWS's runtime client, as Lambda does.
 */
public final class RuntimeApiEmulator implements AutoCloseable {

    private record Invocation(String requestId, String event) {
    }

    private final HttpServer server;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();

    public RuntimeApiEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "runtime-api");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/2018-06-01/runtime/", this::handle);
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Hands the event to the function and waits for its answer (or its error, as "ERROR: ..."). */
    public String invoke(String requestId, String event, Duration timeout) throws Exception {
        var answer = new CompletableFuture<String>();
        answers.put(requestId, answer);
        pending.add(new Invocation(requestId, event));
        try {
            return CompletableFuture.anyOf(answer, initError.thenApply(error -> "INIT ERROR: " + error))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).toString();
        } finally {
            answers.remove(requestId);
        }
    }

    /** When the runtime first asked for an event (System.nanoTime()): its init is over. */
    public long firstPollNanos(Duration timeout) throws Exception {
        return firstPoll.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String text = new String(body, StandardCharsets.UTF_8);
            if (path.endsWith("/invocation/next")) {
                firstPoll.complete(System.nanoTime());
                Invocation next = pending.take();
                exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", next.requestId());
                exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms",
                        String.valueOf(System.currentTimeMillis() + 15_000));
                exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:eu-west-1:123456789012:function:guestbook-function:live");
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                send(exchange, 200, next.event());
            } else if (path.endsWith("/response") || path.endsWith("/error")) {
                String id = path.split("/")[4];
                var answer = answers.get(id);
                if (answer != null) {
                    answer.complete(path.endsWith("/error") ? "ERROR: " + text : text);
                }
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (path.endsWith("/init/error")) {
                initError.complete(text);
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
