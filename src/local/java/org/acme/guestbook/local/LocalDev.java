package org.acme.guestbook.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What `make run` starts beside Quarkus dev mode: the local S3 API server (objects kept in
 * .data/s3) with the data bucket, behind the function's IAM role on S3_PORT (so the function
 * meets S3 as its role does in AWS: {@link RoleEnforcingS3}), and the gateway on
 * http://localhost:8080 that serves the site and forwards /api/* to the function. Stops cleanly
 * on Ctrl-C.
 *
 * <p>Settings come from environment variables; the defaults match application.properties' %dev profile.
 */
public final class LocalDev {

    private LocalDev() {
    }

    /** With --check-ports: only check that the three ports are free (run-local.sh does so before anything starts). */
    public static void main(String[] args) throws Exception {
        var ports = new LinkedHashMap<String, Integer>();
        for (String[] port : new String[][] { { "GATEWAY_PORT", "8080" }, { "FUNCTION_PORT", "8081" }, { "S3_PORT", "9090" } }) {
            ports.put(port[0], port(port[0], port[1]));
        }
        String taken = takenPort(ports);
        if (taken != null) {
            System.err.println(taken);
            System.exit(2);
        }
        if (args.length > 0 && args[0].equals("--check-ports")) {
            return;
        }
        int gatewayPort = ports.get("GATEWAY_PORT");
        int s3Port = ports.get("S3_PORT");
        int functionPort = ports.get("FUNCTION_PORT");
        Path dataDir = Path.of(env("DATA_DIR", ".data/s3"));
        Path siteDir = Path.of(env("SITE_DIR", "src/site"));
        String bucket = env("GUESTBOOK_DATA_BUCKET", "guestbook-local");

        LocalS3Server s3 = LocalS3Server.start(dataDir, 0);
        s3.createBucket(bucket);
        RoleEnforcingS3 asTheFunctionRole = RoleEnforcingS3.functionRole(s3.endpoint(), s3Port, bucket);
        LocalGateway gateway = new LocalGateway(gatewayPort, siteDir, URI.create("http://127.0.0.1:" + functionPort));

        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            try {
                asTheFunctionRole.close();
                s3.close();
            } catch (Exception e) {
                System.err.println("Stopping the S3 server: " + e.getMessage());
            }
            stopped.countDown();
        }));
        System.out.printf("Local S3 server: %s as the function's role sees it (bucket %s, data in %s)%n",
                asTheFunctionRole.endpoint(), bucket, dataDir);
        System.out.println("Starting the function (Quarkus dev mode; the first start compiles, later ones take seconds)...");
        waitForFunction(gateway.url());
        System.out.printf("%n  Guestbook ready: %s   (Ctrl-C stops everything)%n%n", gateway.url());
        stopped.await();
    }

    /**
     * Quarkus dev mode takes a while to compile and start; the site works once the function has
     * answered a request through the gateway (502 means it is not listening yet). Only then is
     * the ready line printed, as the last line before requests.
     */
    private static void waitForFunction(URI gateway) throws InterruptedException {
        var client = HttpClient.newHttpClient();
        var health = HttpRequest.newBuilder(gateway.resolve("/api/health")).timeout(Duration.ofSeconds(60)).build();
        while (true) {
            try {
                int status = client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 502 && status != 504) {
                    return;
                }
            } catch (IOException e) {
                // the gateway itself is not up yet
            }
            Thread.sleep(500);
        }
    }

    private static int port(String variable, String fallback) {
        String value = env(variable, fallback);
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.printf("make run: %s=%s is not a port number (1 to 65535)%n", variable, value);
        System.exit(2);
        return -1;
    }

    /** One line naming the first port something else holds and the variable that moves it, or null. */
    static String takenPort(Map<String, Integer> ports) {
        for (var port : ports.entrySet()) {
            // The servers listen on all addresses (the gateway) or loopback; a port held on either is taken.
            try {
                new ServerSocket(port.getValue()).close();
                new ServerSocket(port.getValue(), 1, InetAddress.getLoopbackAddress()).close();
            } catch (IOException e) {
                return String.format("make run: port %d (%s) is in use; stop what uses it, or pick another port: %s=%d make run",
                        port.getValue(), port.getKey(), port.getKey(), port.getValue() + 10);
            }
        }
        return null;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
