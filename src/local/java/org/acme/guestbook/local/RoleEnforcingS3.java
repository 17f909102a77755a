package org.acme.guestbook.local;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.acme.guestbook.infra.RolePolicy;
import org.acme.guestbook.infra.RolePolicy.Verdict;

/**
 * The local S3 server as S3 answers one IAM role: every request is authorized against the role's
 * policy (rendered from infra/github-oidc.yaml) before it reaches the server, with the action,
 * ARN and condition keys S3 uses for it, and refused with 403 AccessDenied when the policy does
 * not allow it. A read of a missing key is answered 403, not 404, unless the role may list the
 * bucket: S3 only tells a caller with s3:ListBucket that a key does not exist.
 *
 * <p>The local bucket stands for the app's data bucket, so the ARNs are those the policy names.
 * Requests this class cannot map to an IAM action are refused too, naming the request.
 */
public final class RoleEnforcingS3 implements AutoCloseable {

    /** One IAM request: what S3 checks for an API call. */
    record Authorization(String operation, String action, String resource, Map<String, List<String>> context) {
    }

    // Query parameters that choose no other operation (the SDK's operation hint, listing options).
    private static final Set<String> PLAIN_PARAMETERS = Set.of("x-id", "list-type", "prefix", "max-keys",
            "start-after", "continuation-token", "delimiter", "encoding-type", "fetch-owner");

    private final HttpRelay relay;
    private final RolePolicy role;
    private final String localBucket;
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    private RoleEnforcingS3(URI server, int port, RolePolicy role, String localBucket) throws IOException {
        this.role = role;
        this.localBucket = localBucket;
        this.relay = HttpRelay.inFrontOf(server, port);
        relay.handler(this::serve);
    }

    /** The function's role in front of the server, whose bucket localBucket stands for the app's data bucket. */
    public static RoleEnforcingS3 functionRole(URI server, String localBucket) throws IOException {
        return new RoleEnforcingS3(server, 0, RolePolicy.functionRole(), localBucket);
    }

    /** The same on a given port (0: a free one). */
    public static RoleEnforcingS3 functionRole(URI server, int port, String localBucket) throws IOException {
        return new RoleEnforcingS3(server, port, RolePolicy.functionRole(), localBucket);
    }

    public URI endpoint() {
        return relay.endpoint();
    }

    /** Every refused request so far, as "Operation action on ARN: reason". */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void serve(HttpRelay.Request request, Socket client) throws IOException {
        boolean head = request.method().equals("HEAD");
        Authorization wanted = authorization(request);
        Verdict verdict = role.decide(wanted.action(), wanted.resource(), wanted.context());
        if (!verdict.allowed()) {
            refuse(client, head, wanted.operation() + " " + wanted.action() + " on " + wanted.resource() + ": "
                    + verdict.reason(), "User: " + role.sessionArn() + " is not authorized to perform: " + wanted.action()
                            + " on resource: \"" + wanted.resource() + "\" because no identity-based policy allows the "
                            + wanted.action() + " action");
            return;
        }
        byte[] answer = relay.forward(request);
        if (HttpRelay.status(answer) == 404 && wanted.action().equals("s3:GetObject")) {
            // The request itself carries no s3:prefix: a ListBucket grant conditioned on one does not count.
            String bucketArn = wanted.resource().substring(0, wanted.resource().indexOf('/'));
            if (!role.decide("s3:ListBucket", bucketArn, Map.of()).allowed()) {
                refuse(client, head, wanted.operation() + " of a missing key " + wanted.resource()
                        + ": 403, as S3 answers a role without s3:ListBucket on " + bucketArn, "Access Denied");
                return;
            }
        }
        client.getOutputStream().write(answer);
    }

    private void refuse(Socket client, boolean head, String why, String message) throws IOException {
        refusals.add(why);
        System.err.println("S3 AccessDenied (as AWS would answer the function's role): " + why);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>"
                + message.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;")
                + "</Message><RequestId>LOCAL</RequestId></Error>";
        client.getOutputStream().write(HttpRelay.answer(403, "Forbidden", xml, head));
    }

    /** What S3 authorizes for a path-style request (Service Authorization Reference; S3 API reference, per operation). */
    Authorization authorization(HttpRelay.Request request) {
        String target = request.target();
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        Map<String, String> parameters = parameters(query < 0 ? "" : target.substring(query + 1));
        String[] parts = path.substring(1).split("/", 2);
        String bucket = decode(parts[0]);
        String awsBucket = bucket.equals(localBucket) ? role.dataBucket() : bucket;
        String bucketArn = "arn:aws:s3:::" + awsBucket;
        String key = parts.length > 1 ? decode(parts[1]) : "";
        String method = request.method();
        var unmapped = parameters.keySet().stream().filter(name -> !PLAIN_PARAMETERS.contains(name)).toList();
        if (!unmapped.isEmpty()) {
            return new Authorization(method + " ?" + unmapped, "s3:unmapped-" + unmapped.get(0), bucketArn, Map.of());
        }
        if (key.isEmpty()) {
            return switch (method) {
                case "GET" -> new Authorization("ListObjectsV2", "s3:ListBucket", bucketArn, listingContext(parameters));
                case "HEAD" -> new Authorization("HeadBucket", "s3:ListBucket", bucketArn, Map.of());
                case "PUT" -> new Authorization("CreateBucket", "s3:CreateBucket", bucketArn, Map.of());
                case "DELETE" -> new Authorization("DeleteBucket", "s3:DeleteBucket", bucketArn, Map.of());
                default -> new Authorization(method + " bucket", "s3:unmapped-" + method, bucketArn, Map.of());
            };
        }
        String objectArn = bucketArn + "/" + key;
        return switch (method) {
            case "GET" -> new Authorization("GetObject", "s3:GetObject", objectArn, Map.of());
            case "HEAD" -> new Authorization("HeadObject", "s3:GetObject", objectArn, Map.of());
            case "PUT" -> request.header("x-amz-copy-source") != null
                    ? new Authorization("CopyObject", "s3:unmapped-CopyObject", objectArn, Map.of())
                    : new Authorization("PutObject", "s3:PutObject", objectArn, Map.of());
            case "DELETE" -> new Authorization("DeleteObject", "s3:DeleteObject", objectArn, Map.of());
            default -> new Authorization(method + " object", "s3:unmapped-" + method, objectArn, Map.of());
        };
    }

    /** ListBucket's condition keys, from the request's parameters: s3:prefix, s3:delimiter, s3:max-keys. */
    private static Map<String, List<String>> listingContext(Map<String, String> parameters) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        for (String name : List.of("prefix", "delimiter", "max-keys")) {
            if (parameters.containsKey(name)) {
                context.put("s3:" + name, List.of(parameters.get(name)));
            }
        }
        return context;
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                parameters.put(decode(equals < 0 ? pair : pair.substring(0, equals)),
                        equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        relay.close();
    }
}
