package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.infra.IdentityPolicyEvaluator.Request;
import org.junit.jupiter.api.Test;

/** The identity-policy rules of IAM that the permission tests rely on, one by one. */
class IdentityPolicyEvaluatorTest {

    private static final String BUCKET = "arn:aws:s3:::app-data";

    private static Map<String, Object> statement(String effect, Object action, Object resource) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Effect", effect);
        statement.put("Action", action);
        statement.put("Resource", resource);
        return statement;
    }

    private static boolean allowed(List<Map<String, Object>> policy, Request request) {
        return IdentityPolicyEvaluator.evaluate(policy, request).allowed();
    }

    @Test
    void nothingIsAllowedUnlessAStatementAllowsIt() {
        assertFalse(allowed(List.of(), Request.of("s3:GetObject", BUCKET + "/k")));
        assertTrue(allowed(List.of(statement("Allow", "s3:GetObject", BUCKET + "/*")), Request.of("s3:GetObject", BUCKET + "/k")));
    }

    @Test
    void anExplicitDenyWinsOverAnyAllow() {
        var policy = List.of(statement("Allow", "s3:*", "*"), statement("Deny", "s3:DeleteObject", BUCKET + "/*"));
        assertFalse(allowed(policy, Request.of("s3:DeleteObject", BUCKET + "/k")));
        assertTrue(allowed(policy, Request.of("s3:PutObject", BUCKET + "/k")));
    }

    @Test
    void actionNamesIgnoreCaseAndTakeWildcards() {
        var policy = List.of(statement("Allow", "S3:get*", BUCKET));
        assertTrue(allowed(policy, Request.of("s3:GetBucketWebsite", BUCKET)));
        assertFalse(allowed(policy, Request.of("s3:PutBucketWebsite", BUCKET)));
    }

    @Test
    void notActionAndNotResourceAllowEverythingElse() {
        var notAction = new LinkedHashMap<String, Object>(Map.of("Effect", "Allow", "NotAction", "s3:DeleteObject",
                "Resource", "*"));
        assertTrue(allowed(List.of(notAction), Request.of("s3:PutObject", BUCKET + "/k")));
        assertFalse(allowed(List.of(notAction), Request.of("s3:DeleteObject", BUCKET + "/k")));
        var notResource = new LinkedHashMap<String, Object>(Map.of("Effect", "Allow", "Action", "s3:GetObject",
                "NotResource", BUCKET + "/secret/*"));
        assertTrue(allowed(List.of(notResource), Request.of("s3:GetObject", BUCKET + "/public/k")));
        assertFalse(allowed(List.of(notResource), Request.of("s3:GetObject", BUCKET + "/secret/k")));
    }

    @Test
    void anActionWithoutResourceTypesIsGrantedOnlyByStar() {
        var named = List.of(statement("Allow", "cloudfront:CreateDistribution", "arn:aws:cloudfront::123456789012:distribution/*"));
        assertFalse(allowed(named, Request.of("cloudfront:CreateDistribution", "*")));
        assertTrue(allowed(List.of(statement("Allow", "cloudfront:CreateDistribution", "*")),
                Request.of("cloudfront:CreateDistribution", "*")));
    }

    @Test
    void arnsMatchSegmentBySegment() {
        var policy = List.of(statement("Allow", "cloudformation:DescribeStacks",
                "arn:aws:cloudformation:eu-west-1:123456789012:stack/guestbook/*"));
        assertTrue(allowed(policy, Request.of("cloudformation:DescribeStacks",
                "arn:aws:cloudformation:eu-west-1:123456789012:stack/guestbook/1234")));
        assertFalse(allowed(policy, Request.of("cloudformation:DescribeStacks",
                "arn:aws:cloudformation:eu-west-1:123456789012:stack/guestbook-github-oidc/1234")),
                "stack/guestbook/* is not stack/guestbook-github-oidc/...");
        assertFalse(allowed(policy, Request.of("cloudformation:DescribeStacks",
                "arn:aws:cloudformation:us-east-1:123456789012:stack/guestbook/1234")));
        assertTrue(IdentityPolicyEvaluator.arnMatches("arn:aws:s3:::app-*", "arn:aws:s3:::app-data/k"),
                "a wildcard in the resource part crosses slashes, as in IAM");
    }

    @Test
    void conditionsMustAllHold() {
        var pass = statement("Allow", "iam:PassRole", "arn:aws:iam::123456789012:role/f");
        pass.put("Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "lambda.amazonaws.com")));
        assertTrue(allowed(List.of(pass), new Request("iam:PassRole", "arn:aws:iam::123456789012:role/f",
                Map.of("iam:PassedToService", List.of("lambda.amazonaws.com")))));
        assertFalse(allowed(List.of(pass), new Request("iam:PassRole", "arn:aws:iam::123456789012:role/f",
                Map.of("iam:PassedToService", List.of("ec2.amazonaws.com")))));
        assertFalse(allowed(List.of(pass), Request.of("iam:PassRole", "arn:aws:iam::123456789012:role/f")),
                "a missing key fails a positive operator");
    }

    @Test
    void nullBoolAndArnOperators() {
        var noImports = statement("Deny", "cloudformation:CreateChangeSet", "*");
        noImports.put("Condition", Map.of("Null", Map.of("cloudformation:ImportResourceTypes", "false")));
        var policy = List.of(statement("Allow", "cloudformation:CreateChangeSet", "*"), noImports);
        assertTrue(allowed(policy, Request.of("cloudformation:CreateChangeSet", "*")));
        assertFalse(allowed(policy, new Request("cloudformation:CreateChangeSet", "*",
                Map.of("cloudformation:ImportResourceTypes", List.of("AWS::S3::Bucket")))));

        var tls = statement("Allow", "s3:GetObject", "*");
        tls.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "true")));
        assertTrue(allowed(List.of(tls), new Request("s3:GetObject", BUCKET + "/k", Map.of("aws:SecureTransport", List.of("TRUE")))));

        var role = statement("Allow", "cloudformation:CreateChangeSet", "*");
        role.put("Condition", Map.of("ArnLike", Map.of("cloudformation:RoleArn", "arn:aws:iam::123456789012:role/app-*")));
        assertTrue(allowed(List.of(role), new Request("cloudformation:CreateChangeSet", "*",
                Map.of("cloudformation:RoleArn", List.of("arn:aws:iam::123456789012:role/app-cfn")))));
    }

    @Test
    void principalsDoNotBelongInIdentityPolicies() {
        var statement = statement("Allow", "s3:GetObject", "*");
        statement.put("Principal", "*");
        assertThrows(IllegalArgumentException.class, () -> allowed(List.of(statement), Request.of("s3:GetObject", BUCKET)));
    }
}
