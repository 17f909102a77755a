package org.acme.guestbook.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates an IAM trust policy for one AssumeRoleWithWebIdentity request, following IAM's
 * documented rules for the parts a GitHub trust policy uses:
 * <ul>
 * <li>an explicit Deny in any statement wins; otherwise any matching Allow grants; otherwise
 * the request is implicitly denied;</li>
 * <li>a statement matches when its Action, its Principal and all of its conditions match:
 * several operators, or several keys under one operator, must all hold; several values for
 * one key mean any of them;</li>
 * <li>StringEquals and StringNotEquals compare exactly and case-sensitively (a * is a plain
 * character); StringLike and StringNotLike treat * as any run of characters (/ and : included)
 * and ? as one character; the IgnoreCase variants ignore letter case;</li>
 * <li>a missing key fails a positive operator and satisfies a negated one; the IfExists suffix
 * makes a missing key satisfy any operator;</li>
 * <li>ForAnyValue: at least one value of the request's key must match (a missing key fails);
 * ForAllValues: every value must match, and a missing or empty key matches, which is why it
 * must never guard aud or sub;</li>
 * <li>ArnEquals and ArnLike match like StringLike; Bool compares true/false; Null asks whether
 * the key is absent ("true") or present ("false");</li>
 * <li>condition key names ignore case, values do not.</li>
 * </ul>
 * Anything else in a policy (another operator, NotPrincipal, policy variables) is refused
 * with an exception rather than guessed.
 */
final class TrustPolicyEvaluator {

    /** What STS is asked: the action, the federated principal (the OIDC provider) and the token's condition keys. */
    record Request(String action, String principal, Map<String, List<String>> context) {
    }

    /** The answer, with the statement and condition that decided it. */
    record Decision(boolean allowed, String reason) {
    }

    private TrustPolicyEvaluator() {
    }

    @SuppressWarnings("unchecked")
    static Decision evaluate(Map<String, Object> policy, Request request) {
        List<Map<String, Object>> statements = asList(policy.get("Statement")).stream()
                .map(statement -> (Map<String, Object>) statement).toList();
        List<String> misses = new ArrayList<>();
        Decision allow = null;
        for (int i = 0; i < statements.size(); i++) {
            Map<String, Object> statement = statements.get(i);
            String name = "statement " + statement.getOrDefault("Sid", "#" + (i + 1));
            String miss = mismatch(statement, request);
            String effect = (String) statement.get("Effect");
            if (miss == null && "Deny".equals(effect)) {
                return new Decision(false, name + " explicitly denies the request");
            }
            if (miss == null && "Allow".equals(effect) && allow == null) {
                allow = new Decision(true, name + " allows the request");
            }
            if (miss != null) {
                misses.add(name + ": " + miss);
            }
        }
        return allow != null ? allow : new Decision(false, "no statement allows it; " + String.join("; ", misses));
    }

    /** Null when the statement applies to the request, else why not. */
    @SuppressWarnings("unchecked")
    private static String mismatch(Map<String, Object> statement, Request request) {
        for (String unsupported : List.of("NotPrincipal", "NotAction")) {
            if (statement.containsKey(unsupported)) {
                throw new IllegalArgumentException(unsupported + " is not supported by this evaluator");
            }
        }
        if (asList(statement.get("Action")).stream().noneMatch(a -> glob((String) a, request.action(), true))) {
            return "action " + request.action() + " is not " + statement.get("Action");
        }
        Object principal = statement.get("Principal");
        if (!"*".equals(principal)) {
            Object federated = principal instanceof Map<?, ?> map ? map.get("Federated") : null;
            if (federated == null || asList(federated).stream().noneMatch(request.principal()::equals)) {
                return "principal " + request.principal() + " is not " + principal;
            }
        }
        var conditions = (Map<String, Map<String, Object>>) statement.getOrDefault("Condition", Map.of());
        for (var operator : conditions.entrySet()) {
            for (var key : operator.getValue().entrySet()) {
                List<String> expected = asList(key.getValue()).stream().map(String::valueOf).toList();
                List<String> actual = lookup(request.context(), key.getKey());
                if (!holds(operator.getKey(), expected, actual)) {
                    return operator.getKey() + " " + key.getKey() + " failed: the request has "
                            + (actual == null ? "no such key" : actual) + ", the policy wants " + expected;
                }
            }
        }
        return null;
    }

    static boolean holds(String operatorName, List<String> expected, List<String> actual) {
        String operator = operatorName;
        String set = "";
        if (operator.startsWith("ForAnyValue:") || operator.startsWith("ForAllValues:")) {
            set = operator.substring(0, operator.indexOf(':'));
            operator = operator.substring(operator.indexOf(':') + 1);
        }
        boolean ifExists = operator.endsWith("IfExists");
        if (ifExists) {
            operator = operator.substring(0, operator.length() - "IfExists".length());
        }
        boolean missing = actual == null || actual.isEmpty();
        if (operator.equals("Null")) {
            // Null: "true" asks for the key to be absent, "false" for it to be present.
            return expected.stream().anyMatch(value -> Boolean.parseBoolean(value) == missing);
        }
        boolean negated = operator.contains("Not");
        String base = operator.replace("Not", "");
        if (!List.of("StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool")
                .contains(base)) {
            throw new IllegalArgumentException("Condition operator not supported by this evaluator: " + operatorName);
        }
        switch (set) {
            case "ForAllValues":
                // Vacuously true for a missing key: the trap that makes it unsafe for aud and sub.
                return missing || actual.stream().allMatch(value -> negated != matchesAny(base, expected, value));
            case "ForAnyValue":
                if (missing) {
                    return ifExists;
                }
                return actual.stream().anyMatch(value -> negated != matchesAny(base, expected, value));
            default:
                if (missing) {
                    return ifExists || negated;
                }
                return actual.stream().anyMatch(value -> negated != matchesAny(base, expected, value));
        }
    }

    private static boolean matchesAny(String operator, List<String> expected, String value) {
        for (String candidate : expected) {
            if (candidate.contains("${")) {
                throw new IllegalArgumentException("Policy variables are not supported by this evaluator: " + candidate);
            }
            boolean match = switch (operator) {
                case "StringEquals" -> candidate.equals(value);
                case "StringEqualsIgnoreCase", "Bool" -> candidate.equalsIgnoreCase(value);
                // StringLike, and ArnEquals/ArnLike, which IAM evaluates alike: * and ? are wildcards.
                default -> glob(candidate, value, false);
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** IAM's wildcard match: * is any run of characters (none included), ? exactly one. */
    static boolean glob(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        int pi = 0;
        int vi = 0;
        int star = -1;
        int resume = 0;
        while (vi < v.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
                pi++;
                vi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                resume = vi;
            } else if (star >= 0) {
                pi = star + 1;
                vi = ++resume;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    private static List<String> lookup(Map<String, List<String>> context, String key) {
        for (var entry : context.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
    }
}
