package org.acme.guestbook.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.acme.guestbook.local.HttpRelay;

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

    private final HttpRelay relay;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Fault> faults = request -> new Pass();

    private FaultyProxy(URI upstream) throws IOException {
        this.relay = HttpRelay.inFrontOf(upstream);
        relay.handler(this::serve);
    }

    public static FaultyProxy inFrontOf(URI upstream) throws IOException {
        return new FaultyProxy(upstream);
    }

    public URI endpoint() {
        return relay.endpoint();
    }

    /** From now on, each request meets the fault this function picks for it. */
    public void faults(Function<Request, Fault> choose) {
        this.faults = choose;
    }

    /** Every request so far, as "METHOD target -> Fault". */
    public List<String> log() {
        return List.copyOf(log);
    }

    private void serve(HttpRelay.Request relayed, Socket client) throws IOException {
        var request = new Request(relayed.method(), relayed.target(), relayed.headers());
        Fault fault = faults.apply(request);
        log.add(request.method() + " " + request.target() + " -> " + fault);
        OutputStream out = client.getOutputStream();
        if (fault instanceof Answer answer) {
            out.write(HttpRelay.answer(answer.status(), "Fault", answer.body(), false));
            return;
        }
        byte[] answer = relay.forward(relayed);
        if (fault instanceof ResetAfterForwarding) {
            client.setSoLinger(true, 0); // closing now sends an RST, not an orderly end
            return;
        }
        if (fault instanceof CutAnswerInHalf) {
            int headEnd = indexOf(answer, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
            out.write(answer, 0, headEnd + (answer.length - headEnd) / 2);
            return;
        }
        if (fault instanceof Delay delay) {
            sleep(delay.millis());
        }
        out.write(answer);
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
        relay.close();
    }
}
