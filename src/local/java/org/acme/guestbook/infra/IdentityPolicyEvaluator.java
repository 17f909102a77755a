package org.acme.guestbook.infra;

import java.util.List;
import java.util.Map;

import org.acme.guestbook.infra.PolicyStatements.Decision;

/**
 * Evaluates a role's identity policies (its permission policies) for one request, with IAM's
 * documented rules:
 * <ul>
 * <li>an explicit Deny in any statement wins; otherwise any matching Allow grants; otherwise
 * the request is implicitly denied;</li>
 * <li>Action and NotAction match action names with * and ? wildcards, ignoring case;</li>
 * <li>Resource and NotResource match ARNs segment by segment (partition, service, region,
 * account, resource), * and ? as wildcards, case-sensitively; Resource "*" matches every
 * request, and a request for an action without resource types (Resource "*" in the request)
 * is matched only by a "*";</li>
 * <li>conditions as in {@link PolicyStatements#holds}: all operators and keys must hold,
 * any value of one key may match.</li>
 * </ul>
 */
final class IdentityPolicyEvaluator {

    /** An API call as IAM sees it: the action, the resource's ARN ("*" if the action has no resource type) and the context keys. */
    record Request(String action, String resource, Map<String, List<String>> context) {

        static Request of(String action, String resource) {
            return new Request(action, resource, Map.of());
        }
    }

    private IdentityPolicyEvaluator() {
    }

    static Decision evaluate(List<Map<String, Object>> statements, Request request) {
        return PolicyStatements.evaluate(statements, request.action() + " on " + request.resource(),
                statement -> mismatch(statement, request));
    }

    /** Null when the statement applies to the request, else why not. */
    private static String mismatch(Map<String, Object> statement, Request request) {
        if (statement.containsKey("Principal") || statement.containsKey("NotPrincipal")) {
            throw new IllegalArgumentException("A principal in an identity policy: " + statement);
        }
        if (statement.containsKey("Action")
                ? values(statement.get("Action")).stream().noneMatch(a -> actionMatches(a, request.action()))
                : values(statement.get("NotAction")).stream().anyMatch(a -> actionMatches(a, request.action()))) {
            return PolicyStatements.OTHER_ACTION + request.action();
        }
        if (statement.containsKey("Resource")
                ? values(statement.get("Resource")).stream().noneMatch(r -> arnMatches(r, request.resource()))
                : values(statement.get("NotResource")).stream().anyMatch(r -> arnMatches(r, request.resource()))) {
            return "not on " + request.resource();
        }
        return PolicyStatements.failedCondition(statement, request.context());
    }

    /** A policy element that may be one value or a list of them, as a list. */
    static List<String> values(Object value) {
        return PolicyStatements.values(value);
    }

    static boolean actionMatches(String pattern, String action) {
        return PolicyStatements.glob(pattern, action, true);
    }

    /** IAM's ARN matching: segment by segment, wildcards within a segment; the resource part may contain colons. */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        if (arn.equals("*")) {
            return false;
        }
        String[] wanted = pattern.split(":", 6);
        String[] given = arn.split(":", 6);
        if (wanted.length != 6 || given.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!PolicyStatements.glob(wanted[i], given[i], false)) {
                return false;
            }
        }
        return true;
    }
}
