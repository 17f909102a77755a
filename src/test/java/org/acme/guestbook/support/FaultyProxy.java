package org.acme.guestbook.support;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An HTTP proxy between the function's S3 client and a real S3 API server that breaks requests
 * on purpose: it delays answers, answers 503 SlowDown itself, lets a request reach the server and
 * then drops the connection before the answer, or cuts an answer off halfway. One request per
 * connection (it asks both sides for Connection: close), so each request meets the fault chosen
 * for it. Every request it saw is recorded, with the fault it got.
 */
public final class FaultyProxy implements AutoCloseable {

    /** One request as the proxy saw it. */
    public record Request(String method, String target, Map<String, String> headers) {

        public boolean isListing() {
            return method.equals("GET") && target.contains("list-type=2");
        }

        public boolean isPutOf(String keyPart) {
            return method.equals("PUT") && target.contains(keyPart);
        }
    }

    /** What happens to a request. */
    public sealed interface Fault {
    }

    /** Forward it and relay the answer. */
    public record Pass() implements Fault {
    }

    /** Forward it, but hold the answer back this long first. */
    public record Delay(long millis) implements Fault {
    }

    /** Answer it here, never forwarding it: S3's 503 SlowDown, say. */
    public record Answer(int status, String body) implements Fault {
    }

    /** Forward it (S3 acts on it), then close the connection without a byte of the answer. */
    public record ResetAfterForwarding() implements Fault {
    }

    /** Forward it, then relay only the first half of the answer and close. */
    public record CutAnswerInHalf() implements Fault {
    }

    public static final Answer SLOW_DOWN = new Answer(503, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown"
            + "</Code><Message>Please reduce your request rate.</Message></Error>");

    private final ServerSocket server;
    private final URI upstream;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "faulty-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Fault> faults = request -> new Pass();

    private FaultyProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        workers.submit(this::accept);
    }

    public static FaultyProxy inFrontOf(URI upstream) throws IOException {
        return new FaultyProxy(upstream);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on, each request meets the fault this function picks for it. */
    public void faults(Function<Request, Fault> choose) {
        this.faults = choose;
    }

    /** Every request so far, as "METHOD target -> Fault". */
    public List<String> log() {
        return List.copyOf(log);
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
            var request = new Request(requestLine[0], requestLine[1], headers);
            Fault fault = faults.apply(request);
            log.add(request.method() + " " + request.target() + " -> " + fault);

            OutputStream out = client.getOutputStream();
            if (fault instanceof Answer answer) {
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + answer.status() + " Fault\r\nContent-Type: application/xml\r\nContent-Length: "
                        + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                return;
            }
            byte[] answer = forward(requestLine, headers, body);
            if (fault instanceof ResetAfterForwarding) {
                client.setSoLinger(true, 0); // closing now sends an RST, not an orderly end
                return;
            }
            if (fault instanceof CutAnswerInHalf) {
                int headEnd = indexOf(answer, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
                out.write(answer, 0, headEnd + (answer.length - headEnd) / 2);
                out.flush();
                return;
            }
            if (fault instanceof Delay delay) {
                sleep(delay.millis());
            }
            out.write(answer);
            out.flush();
        } catch (IOException e) {
            // The client gave up (its timeout): nothing to answer.
        }
    }

    /** Sends the request to the real server on a connection of its own and returns its whole answer. */
    private byte[] forward(String[] requestLine, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5000);
            var head = new StringBuilder(String.join(" ", requestLine)).append("\r\n");
            headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("connection")) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            head.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return socket.getInputStream().readAllBytes();
        }
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
                throw new IllegalStateException("FaultyProxy relays Content-Length bodies only, not " + header.getValue());
            }
        }
        for (var header : headers.entrySet()) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Integer.parseInt(header.getValue());
            }
        }
        return 0;
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return data.length - 4;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
    }
}
