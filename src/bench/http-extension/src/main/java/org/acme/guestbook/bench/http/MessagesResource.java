package org.acme.guestbook.bench.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.acme.guestbook.bench.BenchS3;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * GET /api/messages?limit=N the way the Quarkus guides write it: a REST resource behind
 * quarkus-amazon-lambda-http. It does what make bench's baseline does (list the message prefix,
 * read the messages one after the other, answer JSON) with the same S3 client ({@link BenchS3}).
 */
@Path("/api/messages")
public class MessagesResource {

    private static final String BUCKET = BenchS3.BUCKET;
    private static final S3Client S3 = BenchS3.fromEnvironment();

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> page(@QueryParam("limit") int limit) throws Exception {
        var listing = S3.listObjectsV2(list -> list.bucket(BUCKET).prefix("messages/").maxKeys(limit + 1));
        List<JsonNode> messages = new ArrayList<>();
        for (S3Object object : listing.contents().subList(0, Math.min(limit, listing.contents().size()))) {
            messages.add(json.readTree(S3.getObjectAsBytes(get -> get.bucket(BUCKET).key(object.key())).asByteArray()));
        }
        return Map.of("messages", messages, "next", "more");
    }
}
