package org.acme.guestbook.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.acme.guestbook.infra.AwsReference.Action;

/**
 * What the Service Authorization Reference says about one statement of an identity policy. A
 * statement that breaks one of these rules grants less than it seems to (or nothing at all), and
 * AWS refuses the call that needs it at deploy time:
 * <ol>
 * <li>every action exists;</li>
 * <li>an action without resource types is granted on Resource "*" only, and an action with
 * resource types is not granted on "*";</li>
 * <li>an action with resource types has at least one ARN in its statement that fits one of those
 * types' ARN formats, and every ARN of the statement fits some action of it;</li>
 * <li>every condition key is one each action of the statement (or its resource types) supports,
 * or a global aws: key.</li>
 * </ol>
 */
final class ServiceAuthorizationRules {

    private ServiceAuthorizationRules() {
    }

    @SuppressWarnings("unchecked")
    static List<String> problems(String where, Map<String, Object> statement) {
        List<String> problems = new ArrayList<>();
        String name = where + " statement " + statement.getOrDefault("Sid", "(no Sid)");
        boolean allow = "Allow".equals(statement.get("Effect"));
        List<String> resources = PolicyChecks.list(statement.get("Resource"));
        boolean star = resources.contains("*");
        List<Action> actions = new ArrayList<>();
        for (String actionName : PolicyChecks.list(statement.get("Action"))) {
            Optional<Action> action = AwsReference.action(actionName);
            if (action.isEmpty()) {
                problems.add(name + ": " + actionName + (AwsReference.knowsService(actionName)
                        ? " is not an action of its service" : " belongs to a service without reference data"));
                continue;
            }
            actions.add(action.get());
            if (!allow) {
                continue;
            }
            Action known = action.get();
            if (known.needsStar() && !(star && resources.size() == 1)) {
                problems.add(name + ": " + known.name() + " has no resource types, so only Resource \"*\" grants it; "
                        + "the statement names " + resources);
            } else if (!known.needsStar() && star) {
                problems.add(name + ": " + known.name() + " supports resource-level permissions, so name its resources "
                        + "instead of \"*\"");
            } else if (!known.needsStar() && resources.stream().allMatch(arn -> known.typesFitting(arn).isEmpty())) {
                problems.add(name + ": no ARN in " + resources + " fits a resource type of " + known.name() + " ("
                        + known.resourceTypes().stream().map(t -> t.name() + " " + t.arnFormat()).toList() + ")");
            }
        }
        if (allow && !star) {
            for (String arn : resources) {
                if (!actions.isEmpty() && actions.stream().allMatch(action -> action.typesFitting(arn).isEmpty())) {
                    problems.add(name + ": " + arn + " fits no resource type of the statement's actions");
                }
            }
        }
        var conditions = (Map<String, Map<String, Object>>) statement.getOrDefault("Condition", Map.of());
        for (var operator : conditions.values()) {
            for (String key : operator.keySet()) {
                for (Action action : actions) {
                    if (!action.supportsConditionKey(key)) {
                        problems.add(name + ": " + action.name() + " does not support the condition key " + key);
                    }
                }
            }
        }
        return problems;
    }
}
