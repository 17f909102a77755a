package org.acme.guestbook.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * make bench's baseline: a plain aws-lambda-java-core handler doing the function's read path
 * (list 11 keys of the message prefix, read 10 messages, answer JSON) with the same S3 client
 * setup, and nothing else: no framework. The bench compiles it (it lives outside the test
 * sources, where Quarkus would take it for a second handler) and runs it with the same runtime client.
 */
public class BaselineHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = System.getenv("GUESTBOOK_DATA_BUCKET");
    private static final S3Client S3 = S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(System.getenv("GUESTBOOK_S3_ENDPOINT")))
            .forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    System.getenv("GUESTBOOK_S3_ACCESS_KEY"), System.getenv("GUESTBOOK_S3_SECRET_KEY"))))
            .build();

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            var listing = S3.listObjectsV2(list -> list.bucket(BUCKET).prefix("messages/").maxKeys(11));
            List<JsonNode> messages = new ArrayList<>();
            for (S3Object object : listing.contents().subList(0, Math.min(10, listing.contents().size()))) {
                messages.add(JSON.readTree(S3.getObjectAsBytes(get -> get.bucket(BUCKET).key(object.key())).asByteArray()));
            }
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody(JSON.writeValueAsString(Map.of("messages", messages, "next", "more"))).build();
        } catch (Exception e) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(500).withBody(e.toString()).build();
        }
    }
}
