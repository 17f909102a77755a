package org.acme.guestbook.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Plays CloudFront on this machine: serves the static site, and sends every /api/* request
 * to the function as a Function URL event (through Quarkus' mock Lambda event server).
 *
 * <p>Like CloudFront with an origin access control in front of a Function URL, it refuses a
 * POST or PUT whose x-amz-content-sha256 header is missing or is not the SHA-256 of the body:
 * in AWS such a request never reaches the function, so it must not work locally either.
 */
public final class LocalGateway implements AutoCloseable {

    /** Lambda refuses request payloads over 6 MB. */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    /** The same headers CloudFront adds (SecurityHeaders in infra/github-oidc.yaml; AppTemplateTest compares them). */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "strict-origin-when-cross-origin",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                    + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
                    + "require-trusted-types-for 'script'");

    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicInteger postAnswersToLose = new java.util.concurrent.atomic.AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final SiteFiles site;
    private final URI function;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /**
     * @param port     where the gateway listens (0 picks a free port)
     * @param siteDir  the static site's folder
     * @param function the mock event server that runs the function, e.g. http://127.0.0.1:8081
     */
    public LocalGateway(int port, Path siteDir, URI function) throws IOException {
        this.site = new SiteFiles(siteDir);
        this.function = function;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * For the browser tests: the function handles the next POSTs, but their answers never reach
     * the browser, as when a mobile network or CloudFront drops them. (Chromium resends a POST
     * once by itself when a reused connection closes without an answer, so tests lose two.)
     */
    public void loseTheNextPostAnswers(int count) {
        postAnswersToLose.set(count);
    }

    public URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/api/")) {
                handleApi(exchange);
            } else {
                handleSite(exchange, path);
            }
        } catch (RuntimeException e) {
            // Never leave the browser hanging: report, but do not echo internals.
            System.err.println("gateway: " + e);
            sendJson(exchange, 500, "gateway_error", "The local gateway failed; see its console.");
        }
    }

    private void handleApi(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            sendJson(exchange, 413, "payload_too_large", "The request body is larger than Lambda's 6 MB limit.");
            return;
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Optional<String> hashProblem = ContentHashRule.check(method,
                exchange.getRequestHeaders().getFirst("x-amz-content-sha256"), body);
        if (hashProblem.isPresent()) {
            sendJson(exchange, 403, "content_hash_required", hashProblem.get());
            return;
        }
        var viewer = new ViewerRequest(method, exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), lowerCaseHeaders(exchange), body,
                exchange.getRemoteAddress().getAddress().getHostAddress());
        byte[] event = FunctionUrlTranslation.toEvent(viewer, Instant.now()).toString().getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> output;
        try {
            output = client.send(HttpRequest.newBuilder(function)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            sendJson(exchange, 504, "function_timeout", "The function did not answer within 30 seconds.");
            return;
        } catch (ConnectException e) {
            sendJson(exchange, 502, "function_unreachable",
                    "The function is not running (yet). If `make run` is still starting, try again in a moment.");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (output.statusCode() != 200) {
            sendJson(exchange, 502, "function_error", "The function failed to handle the request.");
            return;
        }
        if (method.equals("POST") && postAnswersToLose.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            return; // the connection closes with no answer at all
        }
        var response = FunctionUrlTranslation.toResponse(output.body());
        response.headers().forEach(exchange.getResponseHeaders()::set);
        response.cookies().forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        send(exchange, response.status(), response.body());
    }

    private void handleSite(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            sendText(exchange, 405, "The site only answers GET and HEAD.");
            return;
        }
        Optional<Path> file = site.find(path);
        if (file.isEmpty()) {
            sendText(exchange, 404, "Not found: " + path);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", SiteFiles.contentType(file.get()));
        // Locally every file is revalidated, so an edit shows up on the next reload.
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        send(exchange, 200, SiteFiles.read(file.get()));
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return headers;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void sendJson(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        String json = "{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        SECURITY_HEADERS.forEach(exchange.getResponseHeaders()::set);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }
}
