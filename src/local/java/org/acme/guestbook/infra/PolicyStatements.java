package org.acme.guestbook.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The part of IAM's policy evaluation that trust policies and identity policies share: how
 * statements combine (an explicit Deny in any statement wins; otherwise any matching Allow
 * grants; otherwise the request is implicitly denied), how a statement's conditions hold, and
 * IAM's wildcard match. What makes a statement apply to a request besides its conditions (a
 * principal, a resource) is each evaluator's own.
 */
final class PolicyStatements {

    /** The answer, with the statement and condition that decided it. */
    record Decision(boolean allowed, String reason) {
    }

    /** Starts a mismatch that concerns the action: such a statement is not mentioned when nothing allows the request. */
    static final String OTHER_ACTION = "not for ";

    private PolicyStatements() {
    }

    /**
     * IAM's combining rule. {@code mismatch} gives null when a statement applies to the request,
     * else why not; {@code what} names the request in the reason.
     */
    static Decision evaluate(List<Map<String, Object>> statements, String what,
            Function<Map<String, Object>, String> mismatch) {
        List<String> misses = new ArrayList<>();
        Decision allow = null;
        for (int i = 0; i < statements.size(); i++) {
            Map<String, Object> statement = statements.get(i);
            String name = "statement " + statement.getOrDefault("Sid", "#" + (i + 1));
            String miss = mismatch.apply(statement);
            String effect = (String) statement.get("Effect");
            if (miss == null && "Deny".equals(effect)) {
                return new Decision(false, name + " explicitly denies " + what);
            }
            if (miss == null && "Allow".equals(effect) && allow == null) {
                allow = new Decision(true, name + " allows " + what);
            }
            if (miss != null && "Allow".equals(effect) && !miss.startsWith(OTHER_ACTION)) {
                misses.add(name + ": " + miss);
            }
        }
        return allow != null ? allow
                : new Decision(false, "no statement allows " + what + (misses.isEmpty() ? "" : " (" + String.join("; ", misses) + ")"));
    }

    /**
     * Null when every condition of the statement holds for the request's context keys (several
     * operators, or several keys under one operator, must all hold), else the first that does not.
     */
    @SuppressWarnings("unchecked")
    static String failedCondition(Map<String, Object> statement, Map<String, List<String>> context) {
        var conditions = (Map<String, Map<String, Object>>) statement.getOrDefault("Condition", Map.of());
        for (var operator : conditions.entrySet()) {
            for (var key : operator.getValue().entrySet()) {
                List<String> expected = values(key.getValue());
                List<String> actual = lookup(context, key.getKey());
                if (!holds(operator.getKey(), expected, actual)) {
                    return operator.getKey() + " " + key.getKey() + " failed: the request has "
                            + (actual == null ? "no such key" : actual) + ", the policy wants " + expected;
                }
            }
        }
        return null;
    }

    /**
     * One condition operator with its values against the request's values of its key:
     * StringEquals and StringNotEquals compare exactly (a * is a plain character); StringLike and
     * StringNotLike treat * as any run of characters and ? as one; IgnoreCase variants ignore
     * letter case; a missing key fails a positive operator and satisfies a negated one, and
     * IfExists makes a missing key satisfy any operator; ForAnyValue wants one value of the key to
     * match (a missing key fails), ForAllValues every value (a missing or empty key matches);
     * ArnEquals and ArnLike match like StringLike; Bool compares true/false; Null asks whether the
     * key is absent ("true") or present ("false"). Any other operator, and policy variables, are
     * refused with an exception rather than guessed.
     */
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

    /** A policy element that may be one value or a list of them, as a list of strings. */
    static List<String> values(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    /** Condition key names ignore case, values do not. */
    private static List<String> lookup(Map<String, List<String>> context, String key) {
        for (var entry : context.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
