package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks that apply to every IAM policy and every bucket of both templates. */
final class PolicyChecks {

    private PolicyChecks() {
    }

    /** Every policy document in the rendered template: role trust and inline policies, bucket policies. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(RenderedTemplate template) {
        List<Map<String, Object>> statements = new ArrayList<>();
        template.resources.forEach((name, resource) -> {
            var properties = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
            List<Object> documents = new ArrayList<>();
            if (properties.containsKey("AssumeRolePolicyDocument")) {
                documents.add(properties.get("AssumeRolePolicyDocument"));
            }
            if (properties.containsKey("PolicyDocument")) {
                documents.add(properties.get("PolicyDocument"));
            }
            for (Object policy : (List<Object>) properties.getOrDefault("Policies", List.of())) {
                documents.add(((Map<String, Object>) policy).get("PolicyDocument"));
            }
            for (Object document : documents) {
                for (Object statement : (List<Object>) ((Map<String, Object>) document).get("Statement")) {
                    var copy = new java.util.LinkedHashMap<>((Map<String, Object>) statement);
                    copy.put("_resource", name);
                    statements.add(copy);
                }
            }
        });
        return statements;
    }

    /** The identity (permission) policies of every role in the template, by the role's logical name. */
    @SuppressWarnings("unchecked")
    static Map<String, List<Map<String, Object>>> rolePermissions(RenderedTemplate template) {
        Map<String, List<Map<String, Object>>> roles = new java.util.LinkedHashMap<>();
        for (String role : template.resourcesOfType("AWS::IAM::Role")) {
            List<Map<String, Object>> statements = new ArrayList<>();
            for (Object policy : (List<Object>) template.properties(role).getOrDefault("Policies", List.of())) {
                var document = (Map<String, Object>) ((Map<String, Object>) policy).get("PolicyDocument");
                for (Object statement : (List<Object>) document.get("Statement")) {
                    statements.add((Map<String, Object>) statement);
                }
            }
            if (template.properties(role).containsKey("ManagedPolicyArns")) {
                throw new AssertionError(role + ": managed policies cannot be checked here; use inline policies");
            }
            roles.put(role, statements);
        }
        return roles;
    }

    static List<Map<String, Object>> rolePermissions(RenderedTemplate template, String role) {
        var statements = rolePermissions(template).get(role);
        if (statements == null) {
            throw new AssertionError("No role " + role + " in the rendered template");
        }
        return statements;
    }

    static List<String> list(Object value) {
        return IdentityPolicyEvaluator.values(value);
    }


    /** No Action '*' anywhere; no service-wide wildcard such as s3:* in an Allow. */
    static void assertNoWildcardActions(RenderedTemplate template) {
        for (var statement : statements(template)) {
            for (String action : list(statement.get("Action"))) {
                assertFalse(action.equals("*"), "Action '*' in " + statement);
                if ("Allow".equals(statement.get("Effect"))) {
                    assertFalse(action.endsWith(":*"), "service-wide action " + action + " in " + statement);
                }
            }
            assertFalse(statement.containsKey("NotAction"), "NotAction in " + statement);
        }
    }

    /**
     * Every Allow of an identity policy names its resources; a Resource '*' must carry, in the template
     * text, a comment right above it that starts with "# Resource '*':" and says why.
     */
    static void assertResourcesScoped(RenderedTemplate template, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        long starsInText = lines.stream().filter(line -> line.strip().equals("Resource: \"*\"")).count();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("Resource: \"*\"")) {
                assertTrue(lines.get(i - 1).strip().startsWith("# Resource '*':"),
                        file + " line " + (i + 1) + ": a Resource '*' needs a comment saying why, right above it");
            }
        }
        long starsRendered = 0;
        for (var statement : statements(template)) {
            if (statement.containsKey("Principal")) {
                continue;
            }
            List<String> resources = list(statement.get("Resource"));
            if ("Deny".equals(statement.get("Effect"))) {
                starsRendered += resources.stream().filter("*"::equals).count();
                continue;
            }
            assertFalse(resources.isEmpty(), "no Resource in " + statement);
            for (String resource : resources) {
                if (resource.equals("*")) {
                    starsRendered++;
                } else {
                    assertTrue(resource.startsWith("arn:aws:"), "a resource that is not an ARN: " + resource);
                    assertTrue(resource.contains(RenderedTemplate.ACCOUNT) || resource.startsWith("arn:aws:s3:::"),
                            "a resource outside this account: " + resource);
                }
            }
        }
        assertEquals(starsInText, starsRendered, "every Resource '*' is one the text explains");
    }

    /** Private, encrypted, owner-enforced, TLS-only. */
    @SuppressWarnings("unchecked")
    static void assertPrivateBucket(RenderedTemplate template, String bucket) {
        var properties = template.properties(bucket);
        var block = (Map<String, Object>) properties.get("PublicAccessBlockConfiguration");
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertEquals(true, block.get(setting), bucket + " " + setting);
        }
        var ownership = (Map<String, Object>) properties.get("OwnershipControls");
        assertEquals("BucketOwnerEnforced",
                ((Map<String, Object>) ((List<Object>) ownership.get("Rules")).get(0)).get("ObjectOwnership"));
        var encryption = (Map<String, Object>) properties.get("BucketEncryption");
        var rule = (Map<String, Object>) ((List<Object>) encryption.get("ServerSideEncryptionConfiguration")).get(0);
        assertTrue(List.of("AES256", "aws:kms", "aws:kms:dsse").contains(
                ((Map<String, Object>) rule.get("ServerSideEncryptionByDefault")).get("SSEAlgorithm")));

        String bucketArn = "arn:aws:s3:::" + properties.get("BucketName");
        boolean tlsOnly = false;
        boolean publicAllow = false;
        for (String policy : template.resourcesOfType("AWS::S3::BucketPolicy")) {
            var policyProperties = template.properties(policy);
            if (!String.valueOf(policyProperties.get("Bucket")).equals(properties.get("BucketName"))) {
                continue;
            }
            var document = (Map<String, Object>) policyProperties.get("PolicyDocument");
            for (Object raw : (List<Object>) document.get("Statement")) {
                var statement = (Map<String, Object>) raw;
                var condition = (Map<String, Object>) statement.getOrDefault("Condition", Map.of());
                if ("Deny".equals(statement.get("Effect")) && "*".equals(statement.get("Principal"))
                        && condition.containsKey("Bool")
                        && "false".equals(((Map<String, Object>) condition.get("Bool")).get("aws:SecureTransport"))
                        && list(statement.get("Resource")).containsAll(List.of(bucketArn, bucketArn + "/*"))) {
                    tlsOnly = true;
                }
                if ("Allow".equals(statement.get("Effect")) && "*".equals(statement.get("Principal"))) {
                    publicAllow = true;
                }
            }
        }
        assertTrue(tlsOnly, bucket + " has a policy that refuses plain HTTP");
        assertFalse(publicAllow, bucket + " allows everyone");
    }

    static void failIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }
}
