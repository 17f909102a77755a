package org.acme.guestbook.storage;

import java.time.Duration;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the one S3 client of the function. In AWS: region from AWS_REGION and the default
 * credential chain (the function's execution role). With a local endpoint: path-style
 * addressing and the static credentials of the local server.
 */
public class S3ClientProducer {

    // The time budget, in one place. Lambda stops the function after 15 s (Timeout in
    // infra/app.yaml); a visitor must get an answer well before: at most 10 s (StorageFaultsTest). A single S3 call, its retries
    // included (the SDK's standard mode: 3 attempts, backing off on 503 SlowDown), ends within
    // API_CALL_TIMEOUT. The longest request, a POST with an Idempotency-Key, makes at most
    // WORST_CASE_CALLS calls one after the other (claim, read the claim, store, read back), so a
    // visitor waits at most WORST_CASE_ANSWER; a page of messages is one listing and then
    // parallel reads: two calls in sequence.
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration API_CALL_TIMEOUT = Duration.ofMillis(2500);
    public static final int WORST_CASE_CALLS = 4;
    public static final Duration WORST_CASE_ANSWER = API_CALL_TIMEOUT.multipliedBy(WORST_CASE_CALLS);
    // The SDK's standard retries (3 attempts), with back-offs short enough that two retries fit in
    // API_CALL_TIMEOUT: the default wait after a 503 SlowDown can alone exceed it.
    private static final StandardRetryStrategy RETRIES = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofMillis(400)))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofMillis(800)))
            .build();

    /**
     * Built at start (@Startup), during Lambda's init, which runs with full CPU and before a
     * SnapStart snapshot, rather than on the first request.
     */
    @Produces
    @Singleton
    @Startup
    public S3Client s3Client(StorageConfig config) {
        return build(config.s3());
    }

    public void close(@Disposes S3Client client) {
        client.close();
    }

    public static S3Client build(StorageConfig.S3 s3) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .overrideConfiguration(o -> o
                        .retryStrategy(RETRIES)
                        .apiCallTimeout(API_CALL_TIMEOUT));
        s3.region().ifPresent(region -> builder.region(Region.of(region)));
        s3.endpoint().ifPresent(endpoint -> {
            builder.endpointOverride(endpoint).forcePathStyle(true);
            if (s3.region().isEmpty()) {
                builder.region(Region.US_EAST_1);
            }
            if (s3.accessKey().isPresent() && s3.secretKey().isPresent()) {
                builder.credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey().get(), s3.secretKey().get())));
            }
        });
        return builder.build();
    }
}
