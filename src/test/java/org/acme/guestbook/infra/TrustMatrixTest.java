package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Every token of infra/trust-scenarios.yaml against the deploy role's trust policy as
 * infra/github-oidc.yaml renders it, for each SubjectFormat, with a new and with an existing
 * OIDC provider.
 */
class TrustMatrixTest {

    static final Path TEMPLATE = Path.of("infra/github-oidc.yaml");
    static final String EXISTING_PROVIDER =
            "arn:aws:iam::" + RenderedTemplate.ACCOUNT + ":oidc-provider/token.actions.githubusercontent.com";
    private static final TrustScenarios SCENARIOS = TrustScenarios.load();

    @SuppressWarnings("unchecked")
    static Map<String, Object> trustPolicy(String format, String providerArn) {
        Map<String, String> parameters = new HashMap<>(SCENARIOS.parameters(format));
        parameters.put("OIDCProviderArn", providerArn);
        var role = RenderedTemplate.render(TEMPLATE, parameters).properties("DeployRole");
        return (Map<String, Object>) role.get("AssumeRolePolicyDocument");
    }

    /** The scenarios whose answer under this policy is not the expected one, each with the deciding reason. */
    static List<String> wrongAnswers(Map<String, Object> policy, String format) {
        List<String> wrong = new ArrayList<>();
        for (var scenario : SCENARIOS.scenarios()) {
            var decision = TrustPolicyEvaluator.evaluate(policy, scenario.request());
            if (decision.allowed() != scenario.allowedWith(format)) {
                wrong.add("'" + scenario.name() + "' with SubjectFormat " + format + ": expected "
                        + (scenario.allowedWith(format) ? "allow" : "deny") + ", but " + decision.reason());
            }
        }
        return wrong;
    }

    static Stream<Arguments> formatsAndProviders() {
        return TrustScenarios.FORMATS.stream()
                .flatMap(format -> Stream.of(Arguments.of(format, ""), Arguments.of(format, EXISTING_PROVIDER)));
    }

    @ParameterizedTest(name = "SubjectFormat {0}, provider ''{1}''")
    @MethodSource("formatsAndProviders")
    void everyScenarioGetsTheExpectedAnswer(String format, String provider) {
        List<String> wrong = wrongAnswers(trustPolicy(format, provider), format);
        assertEquals(List.of(), wrong, String.join("\n", wrong));
    }

    @Test
    void theMatrixCoversWhatTheIssueAsksFor() {
        var names = SCENARIOS.scenarios().stream().map(TrustScenarios.Scenario::name).toList();
        for (String topic : List.of("intended deploy", "pull request", "push to main", "another branch", "a tag",
                "another environment", "starts with the trusted one", "other letter case", "another repository",
                "fork", "other owner ID", "other repository ID", "legacy subject", "wrong audience", "no audience",
                "extra segments")) {
            assertTrue(names.stream().anyMatch(name -> name.contains(topic)), "a scenario about: " + topic);
        }
        assertTrue(SCENARIOS.scenarios().stream().anyMatch(s -> s.allowedWith("immutable")));
    }

    @Test
    void theScenarioTableInTheDocsListsEveryScenario() throws Exception {
        String docs = java.nio.file.Files.readString(Path.of("docs/trust.md"));
        for (var scenario : SCENARIOS.scenarios()) {
            String row = "| " + scenario.name() + " | " + scenario.expect().get("immutable") + " | "
                    + scenario.expect().get("legacy") + " | " + scenario.expect().get("both") + " |";
            assertTrue(docs.contains(row), "docs/trust.md lacks the row: " + row);
        }
    }

    /**
     * Staging and production each have their own trust stack and deploy role (make bootstrap
     * DEPLOY_ENVIRONMENT=staging): each role takes only its own environment's token.
     */
    @ParameterizedTest(name = "SubjectFormat {0}")
    @MethodSource("formats")
    @SuppressWarnings("unchecked")
    void stagingAndProductionRolesRefuseEachOthersTokens(String format) {
        Map<String, Map<String, Object>> roles = new LinkedHashMap<>();
        for (String environment : List.of("staging", "production")) {
            Map<String, String> parameters = new HashMap<>(SCENARIOS.parameters(format));
            parameters.put("DeployEnvironment", environment);
            parameters.put("AppName", environment.equals("production") ? "guestbook" : "guestbook-" + environment);
            var role = RenderedTemplate.render(TEMPLATE, parameters).properties("DeployRole");
            roles.put(environment, (Map<String, Object>) role.get("AssumeRolePolicyDocument"));
        }
        for (var role : roles.entrySet()) {
            for (String token : roles.keySet()) {
                String sub = format.equals("legacy") ? "repo:octo-org/guestbook:environment:" + token
                        : "repo:octo-org@1111/guestbook@2222:environment:" + token;
                var request = new TrustPolicyEvaluator.Request("sts:AssumeRoleWithWebIdentity",
                        "arn:aws:iam::" + RenderedTemplate.ACCOUNT + ":oidc-provider/token.actions.githubusercontent.com",
                        Map.of("token.actions.githubusercontent.com:sub", List.of(sub),
                                "token.actions.githubusercontent.com:aud", List.of("sts.amazonaws.com")));
                var decision = TrustPolicyEvaluator.evaluate(role.getValue(), request);
                assertEquals(token.equals(role.getKey()), decision.allowed(),
                        "a " + token + " token against the " + role.getKey() + " role: " + decision.reason());
            }
        }
    }

    /**
     * TrustScope=branch, for a private repository on GitHub Free (no environments): a run on main is
     * let in, and nothing else - no other branch, no pull request, no tag, and no environment job
     * (should the repository get environments later, the role then refuses until bootstrapped anew).
     */
    @ParameterizedTest
    @MethodSource("formats")
    @SuppressWarnings("unchecked")
    void aBranchScopedTrustLetsInRunsOnMainAndNothingElse(String format) {
        var parameters = new java.util.HashMap<String, String>(Map.of("GitHubOwner", "octo-org", "GitHubRepo", "guestbook",
                "GitHubOwnerId", "1111", "GitHubRepoId", "2222", "AppName", "guestbook", "SubjectFormat", format,
                "TrustScope", "branch"));
        var role = RenderedTemplate.render(Stacks.TRUST_TEMPLATE, parameters).properties("DeployRole");
        var trust = (Map<String, Object>) role.get("AssumeRolePolicyDocument");
        String prefix = format.equals("legacy") ? "repo:octo-org/guestbook" : "repo:octo-org@1111/guestbook@2222";
        Map<String, Boolean> tokens = new java.util.LinkedHashMap<>();
        tokens.put(prefix + ":ref:refs/heads/main", true);
        tokens.put(prefix + ":ref:refs/heads/feature", false);
        tokens.put(prefix + ":ref:refs/heads/main-evil", false);
        tokens.put(prefix + ":pull_request", false);
        tokens.put(prefix + ":ref:refs/tags/main", false);
        tokens.put(prefix + ":environment:production", false);
        tokens.put("repo:octo-org/guestbook-fork:ref:refs/heads/main", false);
        for (var token : tokens.entrySet()) {
            var request = new TrustPolicyEvaluator.Request("sts:AssumeRoleWithWebIdentity",
                    "arn:aws:iam::" + RenderedTemplate.ACCOUNT + ":oidc-provider/token.actions.githubusercontent.com",
                    Map.of("token.actions.githubusercontent.com:sub", List.of(token.getKey()),
                            "token.actions.githubusercontent.com:aud", List.of("sts.amazonaws.com")));
            assertEquals(token.getValue(), TrustPolicyEvaluator.evaluate(trust, request).allowed(), token.getKey());
        }
    }

    static Stream<String> formats() {
        return TrustScenarios.FORMATS.stream();
    }

    /** Proof that the matrix has teeth: the widenings public examples ship must turn it red. */
    @Test
    void wideningTheTrustTurnsTheMatrixRed() {
        Map<String, Map<String, String>> widenings = new LinkedHashMap<>();
        widenings.put("StringLike on an owner wildcard",
                Map.of("StringLike", "repo:octo-org/*"));
        widenings.put("StringLike on a repository prefix",
                Map.of("StringLike", "repo:octo-org@1111/guestbook*"));
        widenings.put("StringLike on any environment",
                Map.of("StringLike", "repo:octo-org@1111/guestbook@2222:environment:*"));
        widenings.put("StringEqualsIgnoreCase",
                Map.of("StringEqualsIgnoreCase", "repo:octo-org@1111/guestbook@2222:environment:production"));
        widenings.put("ForAllValues on sub",
                Map.of("ForAllValues:StringEquals", "repo:octo-org@1111/guestbook@2222:environment:production"));
        widenings.forEach((name, widened) -> {
            var policy = withSubCondition(trustPolicy("immutable", ""), widened);
            assertTrue(!wrongAnswers(policy, "immutable").isEmpty(), name + " must be caught by the scenarios");
        });
        var noSub = withSubCondition(trustPolicy("immutable", ""), Map.of());
        assertTrue(!wrongAnswers(noSub, "immutable").isEmpty(), "a trust without sub must be caught");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withSubCondition(Map<String, Object> policy, Map<String, String> subCondition) {
        var statement = new HashMap<>((Map<String, Object>) ((List<Object>) policy.get("Statement")).get(0));
        var conditions = new HashMap<String, Object>();
        conditions.put("StringEquals", Map.of("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"));
        subCondition.forEach((operator, value) -> conditions.merge(operator,
                Map.of("token.actions.githubusercontent.com:sub", value), (a, b) -> {
                    var merged = new HashMap<>((Map<String, Object>) a);
                    merged.putAll((Map<String, Object>) b);
                    return merged;
                }));
        statement.put("Condition", conditions);
        return Map.of("Version", "2012-10-17", "Statement", List.of(statement));
    }
}
