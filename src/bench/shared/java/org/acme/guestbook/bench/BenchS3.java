package org.acme.guestbook.bench;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client of make bench's other subjects (the plain handler and the quarkus-amazon-lambda-http
 * resource): the function's HTTP client and retry mode, pointed by the bench's environment at its
 * local S3 server. One copy, compiled into both builds, so that they do the same work.
 */
public final class BenchS3 {

    public static final String BUCKET = System.getenv("GUESTBOOK_DATA_BUCKET");

    private BenchS3() {
    }

    public static S3Client fromEnvironment() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(System.getenv("GUESTBOOK_S3_ENDPOINT")))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getenv("GUESTBOOK_S3_ACCESS_KEY"), System.getenv("GUESTBOOK_S3_SECRET_KEY"))))
                .build();
    }
}
