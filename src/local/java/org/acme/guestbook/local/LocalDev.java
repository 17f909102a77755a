package org.acme.guestbook.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;
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

    public static void main(String[] args) throws Exception {
        int gatewayPort = Integer.parseInt(env("GATEWAY_PORT", "8080"));
        int s3Port = Integer.parseInt(env("S3_PORT", "9090"));
        int functionPort = Integer.parseInt(env("FUNCTION_PORT", "8081"));
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

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
