package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** IAM's evaluation rules, one at a time. */
class TrustPolicyEvaluatorTest {

    private static final String PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    private static final String SUB = "token.actions.githubusercontent.com:sub";
    private static final String AUD = "token.actions.githubusercontent.com:aud";

    private static Map<String, Object> statement(String effect, Map<String, Object> condition) {
        return Map.of("Effect", effect, "Principal", Map.of("Federated", PROVIDER),
                "Action", "sts:AssumeRoleWithWebIdentity", "Condition", condition);
    }

    private static Map<String, Object> policy(Object... statements) {
        return Map.of("Version", "2012-10-17", "Statement", List.of(statements));
    }

    private static TrustPolicyEvaluator.Request token(String sub, String aud) {
        var context = new java.util.HashMap<String, List<String>>();
        if (sub != null) {
            context.put(SUB, List.of(sub));
        }
        if (aud != null) {
            context.put(AUD, List.of(aud));
        }
        return new TrustPolicyEvaluator.Request("sts:AssumeRoleWithWebIdentity", PROVIDER, context);
    }

    private static boolean allows(Map<String, Object> condition, String sub, String aud) {
        return TrustPolicyEvaluator.evaluate(policy(statement("Allow", condition)), token(sub, aud)).allowed();
    }

    @Test
    void stringEqualsIsExactAndCaseSensitive() {
        var condition = Map.<String, Object>of("StringEquals", Map.of(SUB, "repo:o/r:environment:prod"));
        assertTrue(allows(condition, "repo:o/r:environment:prod", null));
        assertFalse(allows(condition, "repo:o/r:environment:Prod", null));
        assertFalse(allows(condition, "repo:o/r:environment:prod2", null));
        assertFalse(allows(condition, "repo:o/r:environment:pro", null));
    }

    @Test
    void stringEqualsTreatsAStarAsAPlainCharacter() {
        var condition = Map.<String, Object>of("StringEquals", Map.of(SUB, "repo:o/*"));
        assertFalse(allows(condition, "repo:o/r:environment:prod", null));
        assertTrue(allows(condition, "repo:o/*", null));
    }

    @Test
    void stringLikeStarMatchesAnyRunIncludingSeparators() {
        var condition = Map.<String, Object>of("StringLike", Map.of(SUB, "repo:org/app*"));
        assertTrue(allows(condition, "repo:org/app", null));
        assertTrue(allows(condition, "repo:org/app-evil:environment:production", "x"),
                "a prefix-named repository gets in: why StringLike must not guard sub");
        assertTrue(allows(Map.of("StringLike", Map.of(SUB, "repo:org/*:environment:prod")),
                "repo:org/a/b:c:environment:prod", null));
        assertFalse(allows(condition, "repo:org/ap", null));
        assertFalse(allows(condition, "Repo:org/app", null), "still case-sensitive");
    }

    @Test
    void stringLikeQuestionMarkMatchesExactlyOneCharacter() {
        var condition = Map.<String, Object>of("StringLike", Map.of(SUB, "v?"));
        assertTrue(allows(condition, "v1", null));
        assertFalse(allows(condition, "v", null));
        assertFalse(allows(condition, "v10", null));
    }

    @Test
    void ignoreCaseVariantIgnoresCase() {
        assertTrue(allows(Map.of("StringEqualsIgnoreCase", Map.of(SUB, "Repo:O/R")), "repo:o/r", null));
    }

    @Test
    void negatedOperatorsInvertTheMatchAndAreSatisfiedByAMissingKey() {
        var notEquals = Map.<String, Object>of("StringNotEquals", Map.of(SUB, "repo:o/evil"));
        assertTrue(allows(notEquals, "repo:o/good", null));
        assertFalse(allows(notEquals, "repo:o/evil", null));
        assertTrue(allows(notEquals, null, null), "a missing key satisfies a negated operator");
        var notLike = Map.<String, Object>of("StringNotLike", Map.of(SUB, "repo:o/*"));
        assertFalse(allows(notLike, "repo:o/x", null));
        assertTrue(allows(notLike, "repo:p/x", null));
    }

    @Test
    void aMissingKeyFailsAPositiveOperatorUnlessIfExists() {
        assertFalse(allows(Map.of("StringEquals", Map.of(AUD, "sts.amazonaws.com")), "s", null));
        assertTrue(allows(Map.of("StringEqualsIfExists", Map.of(AUD, "sts.amazonaws.com")), "s", null));
        assertFalse(allows(Map.of("StringEqualsIfExists", Map.of(AUD, "sts.amazonaws.com")), "s", "other"),
                "IfExists still checks a key that is there");
        assertTrue(allows(Map.of("StringLikeIfExists", Map.of(AUD, "sts.*")), "s", null));
    }

    @Test
    void forAnyValueNeedsOneMatchingValueAndFailsOnAMissingKey() {
        var condition = Map.<String, Object>of("ForAnyValue:StringEquals", Map.of(AUD, "sts.amazonaws.com"));
        var both = new TrustPolicyEvaluator.Request("sts:AssumeRoleWithWebIdentity", PROVIDER,
                Map.of(AUD, List.of("other", "sts.amazonaws.com")));
        assertTrue(TrustPolicyEvaluator.evaluate(policy(statement("Allow", condition)), both).allowed());
        assertFalse(allows(condition, "s", "other"));
        assertFalse(allows(condition, "s", null));
    }

    @Test
    void forAllValuesIsVacuouslyTrueForAMissingKey() {
        var condition = Map.<String, Object>of("ForAllValues:StringEquals", Map.of(SUB, "repo:o/r:environment:prod"));
        assertTrue(allows(condition, "repo:o/r:environment:prod", null));
        assertFalse(allows(condition, "repo:o/x", null));
        assertTrue(allows(condition, null, null), "no sub at all passes: never use ForAllValues on sub or aud");
        var mixed = new TrustPolicyEvaluator.Request("sts:AssumeRoleWithWebIdentity", PROVIDER,
                Map.of(SUB, List.of("repo:o/r:environment:prod", "repo:o/x")));
        assertFalse(TrustPolicyEvaluator.evaluate(policy(statement("Allow", condition)), mixed).allowed());
    }

    @Test
    void severalValuesForOneKeyMeanAnyOfThem() {
        var condition = Map.<String, Object>of("StringEquals", Map.of(SUB, List.of("a", "b")));
        assertTrue(allows(condition, "a", null));
        assertTrue(allows(condition, "b", null));
        assertFalse(allows(condition, "c", null));
    }

    @Test
    void severalKeysAndSeveralOperatorsMustAllHold() {
        var keys = Map.<String, Object>of("StringEquals", Map.of(SUB, "s", AUD, "sts.amazonaws.com"));
        assertTrue(allows(keys, "s", "sts.amazonaws.com"));
        assertFalse(allows(keys, "s", "other"));
        var operators = Map.<String, Object>of("StringEquals", Map.of(AUD, "sts.amazonaws.com"),
                "StringLike", Map.of(SUB, "repo:o/*"));
        assertTrue(allows(operators, "repo:o/r", "sts.amazonaws.com"));
        assertFalse(allows(operators, "repo:p/r", "sts.amazonaws.com"));
    }

    @Test
    void conditionKeyNamesIgnoreCase() {
        var condition = Map.<String, Object>of("StringEquals", Map.of("Token.Actions.GitHubUserContent.com:SUB", "s"));
        assertTrue(allows(condition, "s", null));
    }

    @Test
    void anyAllowingStatementGrantsAndAnExplicitDenyWins() {
        var allowA = statement("Allow", Map.of("StringEquals", Map.of(SUB, "a")));
        var allowB = statement("Allow", Map.of("StringEquals", Map.of(SUB, "b")));
        assertTrue(TrustPolicyEvaluator.evaluate(policy(allowA, allowB), token("b", null)).allowed());
        var denyB = statement("Deny", Map.of("StringEquals", Map.of(SUB, "b")));
        var decision = TrustPolicyEvaluator.evaluate(policy(allowA, allowB, denyB), token("b", null));
        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("explicitly denies"), decision.reason());
    }

    @Test
    void theWrongPrincipalOrActionMatchesNothing() {
        var open = statement("Allow", Map.of());
        var otherProvider = new TrustPolicyEvaluator.Request("sts:AssumeRoleWithWebIdentity",
                "arn:aws:iam::123456789012:oidc-provider/token.actions.example.com", Map.of());
        assertFalse(TrustPolicyEvaluator.evaluate(policy(open), otherProvider).allowed());
        var otherAction = new TrustPolicyEvaluator.Request("sts:AssumeRole", PROVIDER, Map.of());
        assertFalse(TrustPolicyEvaluator.evaluate(policy(open), otherAction).allowed());
    }

    @Test
    void aDenialNamesTheConditionThatDecidedIt() {
        var condition = Map.<String, Object>of("StringEquals", Map.of(SUB, "repo:o/r:environment:prod"));
        var decision = TrustPolicyEvaluator.evaluate(policy(statement("Allow", condition)), token("repo:o/r:pull_request", null));
        assertTrue(decision.reason().contains("StringEquals " + SUB), decision.reason());
        assertTrue(decision.reason().contains("repo:o/r:pull_request"), decision.reason());
    }

    @Test
    void refusesWhatItDoesNotModel() {
        assertThrows(IllegalArgumentException.class, () -> allows(Map.of("NumericLessThan", Map.of(SUB, "1")), "1", null));
        assertThrows(IllegalArgumentException.class,
                () -> allows(Map.of("StringEquals", Map.of(SUB, "${aws:username}")), "x", null));
    }
}
