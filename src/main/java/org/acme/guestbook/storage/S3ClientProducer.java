package org.acme.guestbook.storage;

import java.time.Duration;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the one S3 client of the function. In AWS: region from AWS_REGION and the default
 * credential chain (the function's execution role). With a local endpoint: path-style
 * addressing and the static credentials of the local server.
 */
public class S3ClientProducer {

    @Produces
    @Singleton
    public S3Client s3Client(StorageConfig config) {
        return build(config.s3());
    }

    public void close(@Disposes S3Client client) {
        client.close();
    }

    public static S3Client build(StorageConfig.S3 s3) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(o -> o
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(10)));
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
