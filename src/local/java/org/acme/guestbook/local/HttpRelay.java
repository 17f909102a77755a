package org.acme.guestbook.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A byte-level HTTP relay on this machine between an S3 client and a real S3 API server, for
 * putting something in between: the role-enforcing front of `make run` and the tests
 * ({@link RoleEnforcingS3}), the fault injector of the storage tests. Requests and headers are
 * passed on exactly as the client signed them. One request per connection (it asks both sides
 * for Connection: close), so each request is seen, and answered, on its own.
 */
public final class HttpRelay implements AutoCloseable {

    /** One request as the client sent it. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {

        /** A header's value (names ignore case), or null. */
        public String header(String name) {
            for (var header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
            return null;
        }
    }

    /** What the relay does with one request: answer the client (or not) on its socket, forwarding with {@link HttpRelay#forward}. */
    @FunctionalInterface
    public interface Handler {
        void handle(Request request, Socket client) throws IOException;
    }

    private final ServerSocket server;
    private final URI upstream;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "http-relay");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Handler handler;

    private HttpRelay(URI upstream, int port) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.handler = (request, client) -> client.getOutputStream().write(forward(request));
        workers.submit(this::accept);
    }

    /** A relay on a free port that forwards everything until {@link #handler(Handler)} says otherwise. */
    public static HttpRelay inFrontOf(URI upstream) throws IOException {
        return new HttpRelay(upstream, 0);
    }

    /** The same on a given port (0: a free one). */
    public static HttpRelay inFrontOf(URI upstream, int port) throws IOException {
        return new HttpRelay(upstream, port);
    }

    public void handler(Handler handler) {
        this.handler = handler;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                workers.submit(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
            }
            byte[] body = in.readNBytes(contentLength(headers));
            handler.handle(new Request(requestLine[0], requestLine[1], headers, body), client);
            client.getOutputStream().flush();
        } catch (IOException e) {
            // The client gave up (its timeout): nothing to answer.
        }
    }

    /** Sends the request to the real server on a connection of its own and returns its whole answer. */
    public byte[] forward(Request request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5000);
            var head = new StringBuilder(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
            request.headers().forEach((name, value) -> {
                if (!name.equalsIgnoreCase("connection")) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            head.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(request.body());
            out.flush();
            return socket.getInputStream().readAllBytes();
        }
    }

    /** A whole answer of the relay's own: status, an XML body (none for a HEAD request), Connection: close. */
    public static byte[] answer(int status, String reason, String xmlBody, boolean head) {
        byte[] body = xmlBody.getBytes(StandardCharsets.UTF_8);
        String start = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = start.getBytes(StandardCharsets.US_ASCII);
        if (head) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** The status code of a whole answer. */
    public static int status(byte[] answer) {
        String first = new String(answer, 0, Math.min(answer.length, 64), StandardCharsets.ISO_8859_1);
        String[] parts = first.split(" ", 3);
        return parts.length > 1 ? Integer.parseInt(parts[1].strip()) : 0;
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    private static int contentLength(Map<String, String> headers) {
        for (var header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("transfer-encoding")) {
                throw new IllegalStateException("HttpRelay relays Content-Length bodies only, not " + header.getValue());
            }
        }
        for (var header : headers.entrySet()) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Integer.parseInt(header.getValue());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
    }
}
