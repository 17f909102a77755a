package org.acme.guestbook.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.acme.guestbook.infra.IdentityPolicyEvaluator.Request;

/**
 * What the stand-in aws answers for IAM's policy simulator: for every question of
 * infra/trust-requests.tsv, the decision of the project's IAM evaluator on the given role
 * policies (allowed, explicitDeny or implicitDeny), the policy that decided it, and the condition
 * keys a matching statement wanted but the request did not carry (MissingContextValues).
 */
final class SimulatorAnswers {

    private SimulatorAnswers() {
    }

    /** Writes the answers into the stand-in's state, for the trust stack's roles as rendered (account 123456789012, eu-west-1, guestbook). */
    @SuppressWarnings("unchecked")
    static void write(Path state, RenderedTemplate trust, Map<String, List<Map<String, Object>>> policies) throws IOException {
        Map<String, String> arns = Map.of("deploy role", String.valueOf(trust.outputs.get("DeployRoleArn")),
                "execution role", String.valueOf(trust.outputs.get("CloudFormationExecutionRoleArn")),
                "release role", String.valueOf(trust.outputs.get("ReleaseRoleArn")),
                "function role", String.valueOf(trust.outputs.get("FunctionRoleArn")));
        var answers = new StringBuilder();
        for (String line : Files.readAllLines(TrustRequests.FILE)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] column = line.split("\t", -1);
            String role = PrivilegeScenarios.ROLES.get(column[1]);
            var statements = policies.get(role);
            String policyName = String.valueOf(((Map<String, Object>) ((List<Object>) trust.properties(role).get("Policies"))
                    .get(0)).get("PolicyName"));
            var context = new TreeMap<String, List<String>>();
            for (String entry : fill(column[4]).split(";")) {
                if (!entry.isEmpty()) {
                    context.put(entry.substring(0, entry.lastIndexOf(':', entry.indexOf('='))),
                            List.of(entry.substring(entry.indexOf('=') + 1).split("\\|")));
                }
            }
            var request = new Request(column[2], fill(column[3]), context);
            var decision = IdentityPolicyEvaluator.evaluate(statements, request);
            String answer = decision.allowed() ? "allowed"
                    : decision.reason().contains("explicitly denies") ? "explicitDeny" : "implicitDeny";
            String matched = answer.equals("implicitDeny") ? "" : policyName;
            String normal = String.join(";", context.entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.join("|", e.getValue())).sorted().toList());
            answers.append(String.join("\t", arns.get(column[1]), request.resource(), normal, request.action(), answer, matched,
                    String.join(",", missing(statements, request)))).append('\n');
        }
        Files.writeString(state.resolve("simulations.tsv"), answers);
    }

    /** Condition keys of the Allow statements that match the action and resource, which the request lacks. */
    @SuppressWarnings("unchecked")
    private static Set<String> missing(List<Map<String, Object>> statements, Request request) {
        Set<String> missing = new LinkedHashSet<>();
        for (var statement : statements) {
            boolean action = IdentityPolicyEvaluator.values(statement.get("Action")).stream()
                    .anyMatch(a -> IdentityPolicyEvaluator.actionMatches(a, request.action()));
            boolean resource = IdentityPolicyEvaluator.values(statement.get("Resource")).stream()
                    .anyMatch(r -> IdentityPolicyEvaluator.arnMatches(r, request.resource()));
            if (!"Allow".equals(statement.get("Effect")) || !action || !resource) {
                continue;
            }
            var conditions = (Map<String, Map<String, Object>>) statement.getOrDefault("Condition", Map.of());
            for (var operator : conditions.entrySet()) {
                if (operator.getKey().endsWith("IfExists") || operator.getKey().equals("Null")) {
                    continue;
                }
                for (String key : operator.getValue().keySet()) {
                    if (request.context().keySet().stream().noneMatch(k -> k.equalsIgnoreCase(key))) {
                        missing.add(key);
                    }
                }
            }
        }
        return missing;
    }

    private static String fill(String text) {
        return text.replace("${Account}", RenderedTemplate.ACCOUNT).replace("${Region}", RenderedTemplate.REGION)
                .replace("${AppName}", "guestbook");
    }


    /** The rendered roles' policies, one statement left out: a grant removed, as a mistake would remove it. */
    static Map<String, List<Map<String, Object>>> without(Map<String, List<Map<String, Object>>> roles, String role, String sid) {
        var changed = new java.util.LinkedHashMap<>(roles);
        List<Map<String, Object>> kept = new ArrayList<>();
        for (var statement : roles.get(role)) {
            if (!sid.equals(statement.get("Sid"))) {
                kept.add(statement);
            }
        }
        changed.put(role, kept);
        return changed;
    }
}
