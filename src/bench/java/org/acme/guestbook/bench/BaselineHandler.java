package org.acme.guestbook.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * make bench's baseline: a plain aws-lambda-java-core handler doing the function's read path
 * (list 11 keys of the message prefix, read 10 messages, answer JSON) with the function's S3 client
 * setup ({@link BenchS3}), and nothing else: no framework. The bench compiles it (it lives outside the test
 * sources, where Quarkus would take it for a second handler) and runs it with the same runtime client.
 */
public class BaselineHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = BenchS3.BUCKET;
    private static final S3Client S3 = BenchS3.fromEnvironment();

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
