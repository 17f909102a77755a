package org.acme.guestbook.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * AWS's own permission data, as copied into src/test/resources/aws-reference/ (see its README
 * for where it comes from): the Service Authorization Reference (which actions exist, on which
 * resource types, with which condition keys) and the IAM permissions each CloudFormation
 * resource handler may call.
 */
final class AwsReference {

    /** One IAM action: its access level (Read, List, Write, Tagging...), its resource types (with their ARN formats) and the condition keys it supports. */
    record Action(String name, String access, List<ResourceType> resourceTypes, List<String> conditionKeys) {

        /** Read and List actions change nothing: in a create handler they run once the resource exists. */
        boolean readsOnly() {
            return access.equals("Read") || access.equals("List");
        }

        /** Actions without resource types can only be granted on Resource "*". */
        boolean needsStar() {
            return resourceTypes.isEmpty();
        }

        /** The resource types whose ARN format the given ARN (possibly with wildcards) can match. */
        List<ResourceType> typesFitting(String arn) {
            return resourceTypes.stream().filter(type -> type.fits(arn)).toList();
        }

        /** A condition key the action accepts: its own, its resource types', or a global aws: key. */
        boolean supportsConditionKey(String key) {
            if (isGlobalKey(key)) {
                return true;
            }
            List<String> supported = new ArrayList<>(conditionKeys);
            resourceTypes.forEach(type -> supported.addAll(type.conditionKeys()));
            return supported.stream().anyMatch(pattern -> keyMatches(pattern, key));
        }
    }

    /** A resource type such as s3 "object", with its ARN format and condition keys. */
    record ResourceType(String name, String arnFormat, List<String> conditionKeys) {

        /**
         * Whether the ARN can name a resource of this type. A wildcard in the ARN may stand for
         * anything, so it is tried as a plain name, as a path (x/x), as a qualified name (x:x)...
         */
        boolean fits(String arn) {
            Pattern format = formatPattern(arnFormat);
            List<String> stands = new ArrayList<>(List.of("x", "x/x", "x:x"));
            // ...and as anything the format has after a name, such as ":log-stream:" in a log stream's ARN.
            for (String literal : arnFormat.substring(arnFormat.indexOf("}") + 1).split("\\$\\{[A-Za-z]+}")) {
                stands.add("x" + literal + "x");
            }
            for (String stand : stands) {
                if (format.matcher(arn.replace("*", stand).replace("?", "x")).matches()) {
                    return true;
                }
            }
            return false;
        }
    }

    // The tag keys are service-specific even though they start with aws:, so an action must list them.
    private static final List<String> SERVICE_SPECIFIC_GLOBAL_KEYS = List.of("aws:requesttag/", "aws:resourcetag/",
            "aws:tagkeys");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");
    // Placeholders whose values contain slashes: object keys, log group names, IAM paths.
    private static final Pattern PATH_PLACEHOLDER = Pattern.compile("ObjectName|LogGroupName|.*WithPath|EntityPath");
    private static final Pattern PREFIX_PLACEHOLDER = Pattern.compile("Partition|Region|Account");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, Object>> SERVICES = read("service-authorization.json", new TypeReference<>() {
    });
    private static final Map<String, Map<String, List<String>>> HANDLERS = read("cloudformation-handler-permissions.json",
            new TypeReference<>() {
            });

    private AwsReference() {
    }

    /** Whether the Service Authorization data covers this action's service at all. */
    static boolean knowsService(String action) {
        return SERVICES.containsKey(service(action));
    }

    /** The action (names are case-insensitive, as in IAM), or empty if AWS lists no such action. */
    @SuppressWarnings("unchecked")
    static Optional<Action> action(String action) {
        var service = SERVICES.get(service(action));
        if (service == null || !action.contains(":")) {
            return Optional.empty();
        }
        String wanted = action.substring(action.indexOf(':') + 1);
        var actions = (Map<String, Map<String, Object>>) service.get("actions");
        var types = (Map<String, Map<String, Object>>) service.get("resourceTypes");
        for (var entry : actions.entrySet()) {
            if (!entry.getKey().equalsIgnoreCase(wanted)) {
                continue;
            }
            List<ResourceType> resourceTypes = new ArrayList<>();
            for (var resource : (List<Map<String, Object>>) entry.getValue().get("resources")) {
                String name = (String) resource.get("type");
                var type = types.get(name);
                resourceTypes.add(new ResourceType(name, (String) type.get("arn"), (List<String>) type.get("conditions")));
            }
            return Optional.of(new Action(service(action) + ":" + entry.getKey(), (String) entry.getValue().get("access"),
                    List.copyOf(resourceTypes),
                    List.copyOf((List<String>) entry.getValue().get("conditions"))));
        }
        return Optional.empty();
    }

    /** create, read, update and delete: the IAM permissions the handler of a resource type may call; empty if unknown. */
    static Optional<Map<String, List<String>>> handlerPermissions(String resourceType) {
        return Optional.ofNullable(HANDLERS.get(resourceType));
    }

    static boolean isGlobalKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.startsWith("aws:") && SERVICE_SPECIFIC_GLOBAL_KEYS.stream().noneMatch(lower::startsWith);
    }

    /** A key such as aws:RequestTag/app against a pattern such as aws:RequestTag/${TagKey}; case-insensitive. */
    /** Whether a condition key holds a list of values (ArrayOf... in the reference), as the policy simulator needs to be told. */
    @SuppressWarnings("unchecked")
    static boolean isListKey(String key) {
        if (key.equalsIgnoreCase("aws:TagKeys")) {
            return true;
        }
        var service = SERVICES.get(key.substring(0, key.indexOf(':')).toLowerCase(Locale.ROOT));
        var keys = service == null ? Map.<String, Map<String, Object>>of()
                : (Map<String, Map<String, Object>>) service.getOrDefault("conditionKeys", Map.of());
        return keys.entrySet().stream().anyMatch(entry -> keyMatches(entry.getKey(), key)
                && String.valueOf(entry.getValue().get("type")).startsWith("ArrayOf"));
    }

    static boolean keyMatches(String pattern, String key) {
        String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replaceAll("\\$\\{[^}]*}|<[^>]*>",
                Matcher.quoteReplacement("\\E.+\\Q"));
        return Pattern.matches(regex, key.toLowerCase(Locale.ROOT));
    }

    private static String service(String action) {
        int colon = action.indexOf(':');
        return (colon < 0 ? action : action.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    private static Pattern formatPattern(String format) {
        Matcher matcher = PLACEHOLDER.matcher(format);
        var regex = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(format.substring(last, matcher.start())));
            String name = matcher.group(1);
            if (PREFIX_PLACEHOLDER.matcher(name).matches()) {
                regex.append("[^:/]*");
            } else if (PATH_PLACEHOLDER.matcher(name).matches()) {
                regex.append(".+");
            } else {
                regex.append("[^/]+");
            }
            last = matcher.end();
        }
        regex.append(Pattern.quote(format.substring(last)));
        return Pattern.compile(regex.toString());
    }

    private static <T> T read(String file, TypeReference<T> type) {
        try (InputStream in = AwsReference.class.getResourceAsStream("/aws-reference/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource aws-reference/" + file);
            }
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
