package org.acme.guestbook.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * GitHub's own OpenAPI description of the REST operations the scripts call, as copied into
 * src/test/resources/github-api/operations.json by make refresh-github-api: every call the
 * stand-in gh answered must name an operation GitHub has, send a body its request schema
 * accepts (no field GitHub does not know: GitHub would silently ignore it), and get back a body
 * that fits the response schema (so no script can rely on a field GitHub does not send).
 */
public final class GitHubApi {

    public static final Path FILE = Path.of("src/test/resources/github-api/operations.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode OPERATIONS = load().path("operations");

    private GitHubApi() {
    }

    private static JsonNode load() {
        try (InputStream in = GitHubApi.class.getResourceAsStream("/github-api/operations.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation ("PUT /repos/{owner}/{repo}/environments/{environment_name}") a call's path and method name, if any. */
    public static Optional<String> operation(String method, String path) {
        String concrete = "/" + path.replaceFirst("\\?.*$", "").replaceFirst("^/", "");
        for (Iterator<String> names = OPERATIONS.fieldNames(); names.hasNext();) {
            String name = names.next();
            String[] parts = name.split(" ", 2);
            if (parts[0].equalsIgnoreCase(method) && concrete.matches(parts[1].replaceAll("\\{[^}]+}", "[^/]+"))) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** GitHub's example answer for an operation and status, as its description gives it. */
    public static JsonNode example(String operation, int status) {
        return OPERATIONS.path(operation).path("responses").path(String.valueOf(status)).path("example").deepCopy();
    }

    /** Why GitHub would not answer this call so, or nothing: one entry of the stand-in's log. */
    public static List<String> problems(JsonNode call) {
        String method = call.path("method").asText();
        String path = call.path("path").asText();
        String where = method + " " + path;
        var operation = operation(method, path);
        if (operation.isEmpty()) {
            return List.of(where + ": GitHub's REST API has no such operation (or it is not in " + FILE
                    + ": add it to infra/scripts/refresh-github-api.py)");
        }
        JsonNode spec = OPERATIONS.path(operation.get());
        List<String> problems = new ArrayList<>();
        JsonNode body = call.path("body");
        if (!body.isMissingNode() && !body.isNull()) {
            if (!spec.has("requestBody")) {
                problems.add(where + ": " + operation.get() + " takes no request body");
            } else {
                check(where + " request", spec.path("requestBody"), body, problems);
            }
        }
        String status = call.path("status").asText();
        JsonNode response = spec.path("responses").path(status);
        if (response.isMissingNode() && status.equals("404")) {
            // GitHub answers 404 for a resource that does not exist (or that the caller may not see) on
            // every path, though the description lists it only for some; its body is always basic-error.
            response = OPERATIONS.path("GET /repos/{owner}/{repo}").path("responses").path("404");
        }
        if (response.isMissingNode()) {
            problems.add(where + ": GitHub does not answer " + operation.get() + " with " + status);
        } else if (!call.path("response").isNull() && !response.path("schema").isNull() && !response.path("schema").isMissingNode()) {
            check(where + " answer " + status, response.path("schema"), call.path("response"), problems);
        }
        return problems;
    }

    /** A JSON value against an OpenAPI schema: types, enums, required and unknown properties, items, any/one/allOf. */
    static void check(String where, JsonNode schema, JsonNode value, List<String> problems) {
        if (value.isNull() && (schema.path("nullable").asBoolean() || schema.path("type").asText().equals("null"))) {
            return;
        }
        for (String combination : List.of("anyOf", "oneOf")) {
            if (schema.has(combination)) {
                List<String> best = null;
                for (JsonNode alternative : schema.path(combination)) {
                    List<String> found = new ArrayList<>();
                    check(where, alternative, value, found);
                    if (best == null || found.size() < best.size()) {
                        best = found;
                    }
                }
                problems.addAll(best == null ? List.of() : best);
                return;
            }
        }
        if (schema.has("allOf")) {
            schema.path("allOf").forEach(part -> check(where, part, value, problems));
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + ": wants an object, not " + value);
                    return;
                }
                JsonNode properties = schema.path("properties");
                for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
                    var field = fields.next();
                    if (properties.has(field.getKey())) {
                        check(where + "." + field.getKey(), properties.path(field.getKey()), field.getValue(), problems);
                    } else if (schema.path("additionalProperties").isObject()) {
                        check(where + "." + field.getKey(), schema.path("additionalProperties"), field.getValue(), problems);
                    } else if (properties.size() > 0 || schema.path("additionalProperties").isBoolean()) {
                        problems.add(where + ": GitHub knows no field " + field.getKey());
                    }
                }
                for (JsonNode required : schema.path("required")) {
                    if (!value.has(required.asText())) {
                        problems.add(where + ": needs the field " + required.asText());
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + ": wants a list, not " + value);
                    return;
                }
                value.forEach(item -> check(where + "[]", schema.path("items"), item, problems));
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + ": wants a string, not " + value);
                } else if (schema.has("enum") && !contains(schema.path("enum"), value)) {
                    problems.add(where + ": must be one of " + schema.path("enum") + ", not " + value);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + ": wants a whole number, not " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + ": wants a number, not " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + ": wants true or false, not " + value);
                }
            }
            default -> {
            }
        }
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode item : list) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
