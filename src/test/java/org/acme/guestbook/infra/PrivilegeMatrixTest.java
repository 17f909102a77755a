package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request of infra/privilege-scenarios.yaml against the rendered policy of the role it
 * runs as, for each parameter set: a stolen deploy-role session reaches the app's resources and
 * nothing else. Widening any one statement must turn the matrix red, as for the trust.
 */
class PrivilegeMatrixTest {

    private static final PrivilegeScenarios SCENARIOS = PrivilegeScenarios.load();

    /** The roles' permission policies as rendered for one parameter set, by logical ID. */
    static Map<String, List<Map<String, Object>>> roles(Map<String, String> parameterSet) {
        var parameters = new HashMap<>(parameterSet);
        parameters.remove("AppName");
        return PolicyChecks.rolePermissions(Stacks.of(parameterSet.get("AppName"), parameters).trust);
    }

    /** The scenarios whose answer under these policies is not the expected one, each with the deciding reason. */
    static List<String> wrongAnswers(Map<String, List<Map<String, Object>>> roles, String appName) {
        List<String> wrong = new ArrayList<>();
        for (var scenario : SCENARIOS.scenarios) {
            var decision = IdentityPolicyEvaluator.evaluate(roles.get(scenario.role()), scenario.request(appName));
            if (decision.allowed() != scenario.allowed()) {
                wrong.add("'" + scenario.name() + "' (" + scenario.via() + ", app " + appName + "): expected "
                        + scenario.expect() + ", but " + decision.reason());
            }
        }
        return wrong;
    }

    static Stream<Arguments> parameterSets() {
        return SCENARIOS.parameterSets.stream().map(set -> Arguments.of(set.get("AppName"), set));
    }

    @ParameterizedTest(name = "app {0}")
    @MethodSource("parameterSets")
    void everyScenarioGetsTheExpectedAnswer(String appName, Map<String, String> parameterSet) {
        var wrong = wrongAnswers(roles(parameterSet), appName);
        assertEquals(List.of(), wrong, String.join("\n", wrong));
    }

    /**
     * Staging and production are two apps with their own trust stacks (guestbook-staging and
     * guestbook): whatever one may do to its own resources, the other's roles may not do to them.
     */
    @Test
    void stagingAndProductionCannotTouchEachOthersApp() {
        var production = roles(Map.of("AppName", "guestbook"));
        var staging = roles(Map.of("AppName", "guestbook-staging", "DeployEnvironment", "staging"));
        List<String> crossing = new ArrayList<>();
        for (var scenario : SCENARIOS.scenarios.stream().filter(PrivilegeScenarios.Scenario::allowed).toList()) {
            for (var pair : List.of(Map.entry("staging", Map.entry(staging, "guestbook")),
                    Map.entry("production", Map.entry(production, "guestbook-staging")))) {
                var roles = pair.getValue().getKey();
                String otherApp = pair.getValue().getValue();
                var decision = IdentityPolicyEvaluator.evaluate(roles.get(scenario.role()), scenario.request(otherApp));
                if (decision.allowed()) {
                    crossing.add("the " + pair.getKey() + " " + scenario.via() + " may '" + scenario.name() + "' of "
                            + otherApp + ": " + decision.reason());
                }
            }
        }
        assertEquals(List.of(), crossing, String.join("\n", crossing));
    }

    @Test
    void theMatrixCoversWhatTheIssueAsksFor() {
        var names = SCENARIOS.scenarios.stream().map(PrivilegeScenarios.Scenario::name).toList();
        for (String topic : List.of("inline policy on the function role", "function role's trust policy",
                "attach a managed policy", "create a new role", "app named guest", "untagged distribution",
                "import change set", "delete the trust stack", "delete the artifact bucket")) {
            assertTrue(names.stream().anyMatch(name -> name.contains(topic)), "a scenario about: " + topic);
        }
        for (String via : PrivilegeScenarios.ROLES.keySet()) {
            assertTrue(SCENARIOS.scenarios.stream().anyMatch(s -> s.via().equals(via) && s.allowed()),
                    "an allowed request via the " + via + ", so the matrix cannot pass by denying everything");
        }
    }

    @Test
    void theTableInTheDocsListsEveryScenario() throws Exception {
        String docs = Files.readString(Path.of("docs/trust.md"));
        for (var scenario : SCENARIOS.scenarios) {
            String row = "| " + scenario.name() + " | " + scenario.via() + " | " + (scenario.allowed() ? "yes" : "**no**") + " |";
            assertTrue(docs.contains(row), "docs/trust.md lacks the row: " + row);
        }
    }

    /**
     * Proof that the matrix has teeth. Each Allow statement of each role is widened in turn: to
     * any resource without its conditions; without its conditions alone; and, where it already
     * names every resource, to every action of its service. Each widening must give some scenario
     * a wrong answer, and so must dropping any Deny statement.
     */
    @ParameterizedTest(name = "app {0}")
    @MethodSource("parameterSets")
    void wideningAnyStatementTurnsTheMatrixRed(String appName, Map<String, String> parameterSet) {
        var roles = roles(parameterSet);
        List<String> uncaught = new ArrayList<>();
        roles.forEach((role, statements) -> {
            for (int i = 0; i < statements.size(); i++) {
                for (var widening : widenings(statements.get(i)).entrySet()) {
                    var changed = new LinkedHashMap<>(roles);
                    var widened = new ArrayList<>(statements);
                    if (widening.getValue() == null) {
                        widened.remove(i);
                    } else {
                        widened.set(i, widening.getValue());
                    }
                    changed.put(role, widened);
                    if (wrongAnswers(changed, appName).isEmpty()) {
                        uncaught.add(role + " statement " + statements.get(i).get("Sid") + " " + widening.getKey());
                    }
                }
            }
        });
        assertEquals(List.of(), uncaught, "widenings no scenario catches:\n" + String.join("\n", uncaught));
    }

    /** The widenings of one statement, by name; a null statement means "removed". */
    static Map<String, Map<String, Object>> widenings(Map<String, Object> statement) {
        Map<String, Map<String, Object>> widenings = new LinkedHashMap<>();
        if ("Deny".equals(statement.get("Effect"))) {
            widenings.put("removed", null);
            return widenings;
        }
        boolean onEverything = PolicyChecks.list(statement.get("Resource")).equals(List.of("*"));
        if (!onEverything) {
            var anyResource = new LinkedHashMap<>(statement);
            anyResource.put("Resource", "*");
            anyResource.remove("Condition");
            widenings.put("on any resource", anyResource);
        }
        if (statement.containsKey("Condition")) {
            var unconditional = new LinkedHashMap<>(statement);
            unconditional.remove("Condition");
            widenings.put("without its conditions", unconditional);
        }
        if (onEverything && !statement.containsKey("Condition")) {
            var everyAction = new LinkedHashMap<>(statement);
            everyAction.put("Action", PolicyChecks.list(statement.get("Action")).stream()
                    .map(action -> action.substring(0, action.indexOf(':')) + ":*").distinct().toList());
            widenings.put("to every action of its service", everyAction);
        }
        return widenings;
    }

    @Test
    void theWideningsThemselvesChangeThePolicy() {
        var statement = new LinkedHashMap<String, Object>(Map.of("Sid", "X", "Effect", "Allow", "Action", "s3:GetObject",
                "Resource", "arn:aws:s3:::b/*", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "true"))));
        var widened = widenings(statement);
        assertEquals(List.of("on any resource", "without its conditions"), List.copyOf(widened.keySet()));
        assertEquals("*", widened.get("on any resource").get("Resource"));
        assertFalse(widened.get("without its conditions").containsKey("Condition"));
        var star = new LinkedHashMap<String, Object>(Map.of("Effect", "Allow", "Action", List.of("logs:DescribeLogGroups"),
                "Resource", "*"));
        assertEquals(List.of("logs:*"), widenings(star).get("to every action of its service").get("Action"));
    }
}
