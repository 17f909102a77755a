package org.acme.guestbook.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.infra.PolicyStatements.Decision;

/**
 * Evaluates an IAM trust policy for one AssumeRoleWithWebIdentity request: a statement applies
 * when its Action, its Principal (the federated OIDC provider, or "*") and all of its conditions
 * match; statements combine and conditions hold by IAM's rules as {@link PolicyStatements} has
 * them. NotPrincipal and NotAction, which a GitHub trust policy does not need, are refused with
 * an exception rather than guessed.
 */
final class TrustPolicyEvaluator {

    /** What STS is asked: the action, the federated principal (the OIDC provider) and the token's condition keys. */
    record Request(String action, String principal, Map<String, List<String>> context) {
    }

    private TrustPolicyEvaluator() {
    }

    @SuppressWarnings("unchecked")
    static Decision evaluate(Map<String, Object> policy, Request request) {
        List<Map<String, Object>> statements = asList(policy.get("Statement")).stream()
                .map(statement -> (Map<String, Object>) statement).toList();
        return PolicyStatements.evaluate(statements, "the request", statement -> mismatch(statement, request));
    }

    /** Null when the statement applies to the request, else why not. */
    private static String mismatch(Map<String, Object> statement, Request request) {
        for (String unsupported : List.of("NotPrincipal", "NotAction")) {
            if (statement.containsKey(unsupported)) {
                throw new IllegalArgumentException(unsupported + " is not supported by this evaluator");
            }
        }
        if (asList(statement.get("Action")).stream().noneMatch(a -> PolicyStatements.glob((String) a, request.action(), true))) {
            return PolicyStatements.OTHER_ACTION + request.action() + " (the statement is for " + statement.get("Action") + ")";
        }
        Object principal = statement.get("Principal");
        if (!"*".equals(principal)) {
            Object federated = principal instanceof Map<?, ?> map ? map.get("Federated") : null;
            if (federated == null || asList(federated).stream().noneMatch(request.principal()::equals)) {
                return "principal " + request.principal() + " is not " + principal;
            }
        }
        return PolicyStatements.failedCondition(statement, request.context());
    }

    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
    }
}
