package org.acme.guestbook.infra;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The two stacks of one app, rendered the way make bootstrap and make deploy create them: the
 * trust stack (infra/github-oidc.yaml, named APP-github-oidc) and the app stack (infra/app.yaml,
 * named APP), the app stack with the trust stack's outputs as its parameters.
 */
final class Stacks {

    static final Path TRUST_TEMPLATE = Path.of("infra/github-oidc.yaml");
    static final Path APP_TEMPLATE = Path.of("infra/app.yaml");
    static final String CODE_SHA_HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String CODE_SHA_BASE64 = "ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8=";
    // What only AWS knows once the trust stack exists: the IDs of its CloudFront settings.
    static final Map<String, String> TRUST_IDS = Map.of(
            "<SiteOriginAccessControl.Id>", "E1SITEEXAMPLE",
            "<FunctionOriginAccessControl.Id>", "E2FUNCTIONEXAMPLE",
            "<SecurityHeaders.Id>", "5cc3b908-e619-4b99-88e5-2cf7f45965bd",
            "<MessagesCachePolicy.Id>", "7d2c1a3e-0b4f-4c5d-9e6f-123456789abc");

    final String appName;
    final RenderedTemplate trust;
    final RenderedTemplate app;

    private Stacks(String appName, RenderedTemplate trust, RenderedTemplate app) {
        this.appName = appName;
        this.trust = trust;
        this.app = app;
    }

    static Stacks of(String appName) {
        return of(appName, Map.of());
    }

    /** Both stacks, the trust stack with extra parameters (DeployEnvironment, SubjectFormat, ...). */
    static Stacks of(String appName, Map<String, String> trustParameters) {
        return of(appName, trustParameters, Map.of());
    }

    /** Both stacks, each with extra parameters (the app stack's AlarmEmail, DomainName, ...). */
    static Stacks of(String appName, Map<String, String> trustParameters, Map<String, String> appParameters) {
        var parameters = new HashMap<String, String>();
        parameters.put("GitHubOwner", "octo-org");
        parameters.put("GitHubRepo", "guestbook");
        parameters.put("GitHubOwnerId", "1111");
        parameters.put("GitHubRepoId", "2222");
        parameters.put("AppName", appName);
        parameters.putAll(trustParameters);
        var trust = RenderedTemplate.render(TRUST_TEMPLATE, parameters, trustStackName(appName));
        var appValues = new HashMap<String, String>(Map.of(
                "AppName", appName,
                "ArtifactBucket", trustOutput(trust, "ArtifactBucketName"),
                "SiteOriginAccessControlId", trustOutput(trust, "SiteOriginAccessControlId"),
                "FunctionOriginAccessControlId", trustOutput(trust, "FunctionOriginAccessControlId"),
                "SecurityHeadersPolicyId", trustOutput(trust, "SecurityHeadersPolicyId"),
                "MessagesCachePolicyId", trustOutput(trust, "MessagesCachePolicyId"),
                "ReleaseRoleArn", trustOutput(trust, "ReleaseRoleArn"),
                "CodeKey", "function/" + CODE_SHA_HEX + ".zip",
                "CodeSha256", CODE_SHA_BASE64,
                "PackageDigest", CODE_SHA_HEX));
        appValues.putAll(appParameters);
        var app = RenderedTemplate.render(APP_TEMPLATE, appValues, appName);
        return new Stacks(appName, trust, app);
    }

    /** A trust stack output as make deploy reads it from AWS. */
    static String trustOutput(RenderedTemplate trust, String key) {
        String value = String.valueOf(trust.outputs.get(key));
        return TRUST_IDS.getOrDefault(value, value);
    }

    static String trustStackName(String appName) {
        return appName + "-github-oidc";
    }

    static String stackArn(String stackName) {
        return "arn:aws:cloudformation:" + RenderedTemplate.REGION + ":" + RenderedTemplate.ACCOUNT + ":stack/" + stackName
                + "/5f3a2c10-0000-4000-8000-000000000000";
    }
}
