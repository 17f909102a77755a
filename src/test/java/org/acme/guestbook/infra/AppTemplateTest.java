package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** infra/app.yaml rendered for real parameter values. */
class AppTemplateTest {

    private static final Path FILE = Path.of("infra/app.yaml");
    private static final String SHA_HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String SHA_BASE64 = "ASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4mrze8=";
    private static final String DISTRIBUTION_ARN = "arn:aws:cloudfront::123456789012:distribution/<Distribution>";

    private static Map<String, String> parameters() {
        var parameters = new HashMap<String, String>();
        parameters.put("AppName", "guestbook");
        parameters.put("ArtifactBucket", "guestbook-artifacts-123456789012-eu-west-1");
        parameters.put("CodeKey", "function/" + SHA_HEX + ".zip");
        parameters.put("CodeSha256", SHA_BASE64);
        parameters.put("PackageDigest", SHA_HEX);
        parameters.put("SiteOriginAccessControlId", "E1SITEEXAMPLE");
        parameters.put("FunctionOriginAccessControlId", "E2FUNCTIONEXAMPLE");
        parameters.put("SecurityHeadersPolicyId", "5cc3b908-e619-4b99-88e5-2cf7f45965bd");
        parameters.put("MessagesCachePolicyId", "7d2c1a3e-0b4f-4c5d-9e6f-123456789abc");
        parameters.put("ReleaseRoleArn", "arn:aws:iam::123456789012:role/guestbook-release");
        return parameters;
    }

    private static final RenderedTemplate APP = RenderedTemplate.render(FILE, parameters());
    // The CloudFront signing and header settings live in the trust stack.
    private static final RenderedTemplate TRUST = Stacks.of("guestbook").trust;

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String step : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(step)) : ((Map<String, Object>) current).get(step);
        }
        return (T) current;
    }

    @Test
    void bothBucketsArePrivateEncryptedAndTlsOnly() {
        PolicyChecks.assertPrivateBucket(APP, "DataBucket");
        PolicyChecks.assertPrivateBucket(APP, "SiteBucket");
    }

    @Test
    void noWildcardActionsAndEveryResourceScoped() throws Exception {
        PolicyChecks.assertNoWildcardActions(APP);
        PolicyChecks.assertResourcesScoped(APP, FILE);
    }

    @Test
    void theFunctionRunsQuarkusOnJava21WithSnapStart() {
        var function = APP.properties("Function");
        assertTrue(List.of("java21", "java25").contains(function.get("Runtime")));
        assertEquals("java21", function.get("Runtime"), "the default");
        assertEquals("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest", function.get("Handler"));
        assertEquals("1024", String.valueOf(function.get("MemorySize")));
        assertEquals("PublishedVersions", at(function, "SnapStart", "ApplyOn"));
        assertEquals("guestbook-artifacts-123456789012-eu-west-1", at(function, "Code", "S3Bucket"));
        assertEquals("function/" + SHA_HEX + ".zip", at(function, "Code", "S3Key"));
        assertEquals("guestbook-data-123456789012-eu-west-1", at(function, "Environment", "Variables", "GUESTBOOK_DATA_BUCKET"));
        assertEquals("/aws/lambda/guestbook-function", at(function, "LoggingConfig", "LogGroup"));
        assertEquals("JSON", at(function, "LoggingConfig", "LogFormat"), "the function writes JSON lines");
        assertEquals("INFO", at(function, "LoggingConfig", "SystemLogLevel"), "platform.report records stay");
        assertTrue(Integer.parseInt(String.valueOf(APP.properties("FunctionLogGroup").get("RetentionInDays"))) > 0);
    }

    private static Map<String, Object> versionWith(String parameter, String value) {
        var parameters = parameters();
        parameters.put(parameter, value);
        return RenderedTemplate.render(FILE, parameters).properties("FunctionVersion");
    }

    @Test
    void theSameCodeAndSettingsPublishNoNewVersion() {
        var version = APP.properties("FunctionVersion");
        assertEquals(SHA_BASE64, version.get("CodeSha256"));
        assertEquals("guestbook-function", version.get("FunctionName"));
        assertEquals(version, RenderedTemplate.render(FILE, parameters()).properties("FunctionVersion"), "rendered twice");
        assertEquals("live", APP.properties("LiveAlias").get("Name"));
        assertEquals("<FunctionVersion.Version>", APP.properties("LiveAlias").get("FunctionVersion"),
                "without LiveVersion (a first deploy) the alias serves the new version");
    }

    @Test
    void theLiveAliasServesTheVersionMakeDeployNamesAndShiftsThroughCodeDeploy() {
        var pinned = RenderedTemplate.render(FILE, with("LiveVersion", "41"));
        assertEquals("41", pinned.properties("LiveAlias").get("FunctionVersion"), "published, but the alias stays");
        assertEquals("41", pinned.outputs.get("LiveVersion"));
        assertEquals("<FunctionVersion.Version>", pinned.outputs.get("FunctionVersion"), "the newest, which make deploy checks");

        Map<String, Object> alias = APP.resources.get("LiveAlias");
        Map<String, Object> release = at(alias, "UpdatePolicy", "CodeDeployLambdaAliasUpdate");
        assertEquals("guestbook", release.get("ApplicationName"));
        assertEquals("live", release.get("DeploymentGroupName"));
        assertEquals(List.of("NewVersionErrorsAlarm", "NewVersion5xxAlarm"), alias.get("DependsOn"),
                "the alarms watch the new version before the release starts");
        assertEquals("Lambda", APP.properties("ReleaseApplication").get("ComputePlatform"));
    }

    @Test
    void replacedVersionsAreKeptSoThatARollbackHasSomewhereToGo() {
        Map<String, Object> version = APP.resources.get("FunctionVersion");
        assertEquals("Retain", version.get("DeletionPolicy"));
        assertEquals("Retain", version.get("UpdateReplacePolicy"), "a new version replaces the resource, never the old version");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "Canary10Percent5Minutes", "Canary10Percent10Minutes", "Linear10PercentEvery1Minute",
            "Linear10PercentEvery2Minutes", "AllAtOnce" })
    void theReleaseStrategyIsOneOfCodeDeploysLambdaConfigurations(String strategy) {
        var group = RenderedTemplate.render(FILE, with("ReleaseStrategy", strategy)).properties("ReleaseGroup");
        assertEquals("CodeDeployDefault.Lambda" + strategy, group.get("DeploymentConfigName"));
    }

    @Test
    void byDefaultATenthOfTheTrafficTriesANewVersionForFiveMinutes() {
        assertEquals("CodeDeployDefault.LambdaCanary10Percent5Minutes", APP.properties("ReleaseGroup").get("DeploymentConfigName"));
        assertThrows(IllegalArgumentException.class, () -> RenderedTemplate.render(FILE, with("ReleaseStrategy", "Canary50Percent1Minute")),
                "only the strategies docs/releases.md describes");
    }

    @Test
    void theReleaseAlarmsStopARelease() {
        var group = APP.properties("ReleaseGroup");
        assertEquals(List.of(Map.of("Name", "guestbook-new-version-errors"), Map.of("Name", "guestbook-new-version-5xx")),
                at(group, "AlarmConfiguration", "Alarms"));
        assertEquals(true, at(group, "AlarmConfiguration", "Enabled"));
        assertEquals(true, at(group, "AutoRollbackConfiguration", "Enabled"));
        assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"), at(group, "AutoRollbackConfiguration", "Events"));
        assertEquals("arn:aws:iam::123456789012:role/guestbook-release", group.get("ServiceRoleArn"));
        assertEquals("WITH_TRAFFIC_CONTROL", at(group, "DeploymentStyle", "DeploymentOption"));

        // The new version's own failures, by the dimension Lambda adds under an alias with weighted routing.
        var errors = APP.properties("NewVersionErrorsAlarm");
        List<Map<String, Object>> metrics = at(errors, "Metrics");
        for (var metric : metrics.subList(0, 2)) {
            assertEquals(60, ((Number) at(metric, "MetricStat", "Period")).intValue(), "a canary of 5 minutes sees 5 periods");
            assertEquals(List.of(Map.of("Name", "FunctionName", "Value", "guestbook-function"),
                    Map.of("Name", "Resource", "Value", "guestbook-function:live"),
                    Map.of("Name", "ExecutedVersion", "Value", "<FunctionVersion.Version>")), at(metric, "MetricStat", "Metric", "Dimensions"));
        }
        assertEquals(List.of("Errors", "Throttles"), metrics.subList(0, 2).stream()
                .map(metric -> (String) at(metric, "MetricStat", "Metric", "MetricName")).toList());
        assertEquals("errors + throttles", metrics.get(2).get("Expression"));
        var fiveXx = APP.properties("NewVersion5xxAlarm");
        assertEquals("Url5xxCount", fiveXx.get("MetricName"));
        assertEquals("60", String.valueOf(fiveXx.get("Period")));
        for (var alarm : List.of(errors, fiveXx)) {
            assertEquals(null, alarm.get("AlarmActions"), "CodeDeploy acts on them; nobody is mailed");
            assertEquals("notBreaching", alarm.get("TreatMissingData"), "no traffic is no failure");
        }
    }

    /** The stand-in aws publishes a version when one of these parameters changes; they must be the ones the template says. */
    @Test
    void theStandInPublishesAVersionExactlyWhenTheTemplateWould() throws Exception {
        String standIn = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/stand-ins/aws"));
        var matcher = java.util.regex.Pattern.compile("VERSION_PARAMETERS=\"([^\"]+)\"").matcher(standIn);
        assertTrue(matcher.find(), "the stand-in names its VERSION_PARAMETERS");
        var standInParameters = new TreeSet<>(List.of(matcher.group(1).split(" ")));
        @SuppressWarnings("unchecked")
        var raw = (Map<String, Map<String, Object>>) (Map<?, ?>) RenderedTemplate.raw(FILE).get("Resources");
        var named = new TreeSet<String>();
        var parameterMatcher = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)\\}")
                .matcher(String.valueOf(raw.get("FunctionVersion").get("Properties")));
        while (parameterMatcher.find()) {
            named.add(parameterMatcher.group(1));
        }
        named.add("CodeSha256");
        assertEquals(named, standInParameters);
    }

    /** A version is immutable: any change of its properties replaces it, which publishes a new one. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "MemorySize,2048", "Runtime,java25", "Architecture,arm64", "CodeSha256,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "FunctionConfigDigest,1111111111111111",
            "Commit,2222222222222222222222222222222222222222", "CommitTime,2026-11-29T10:00:00Z" })
    void aChangedCodeOrSettingPublishesANewVersion(String parameter, String value) {
        assertNotEquals(APP.properties("FunctionVersion"), versionWith(parameter, value));
        assertTrue(String.valueOf(RenderedTemplate.render(FILE, with(parameter, value)).properties("Function")).contains(value)
                || parameter.equals("CodeSha256") || parameter.equals("FunctionConfigDigest"),
                parameter + " is a setting of the function");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "ReservedConcurrency,5", "LogRetentionDays,30", "PriceClass,PriceClass_All" })
    void whatAVersionDoesNotCaptureRepublishesNothing(String parameter, String value) {
        assertEquals(APP.properties("FunctionVersion"), versionWith(parameter, value));
    }

    private static Map<String, String> with(String parameter, String value) {
        var parameters = parameters();
        parameters.put(parameter, value);
        return parameters;
    }

    /**
     * Every parameter the Function resource uses is named in the version's description, so that
     * changing it publishes a new version, unless it is one of the few a version does not capture;
     * and the function takes nothing from mappings or other resources but the names of its bucket
     * and log group (fixed by AppName). What is written in the Function itself is covered by
     * FunctionConfigDigest (DeployScriptTest).
     */
    @Test
    @SuppressWarnings("unchecked")
    void theVersionCapturesEverySettingOfTheFunction() {
        Map<String, Set<String>> uses = new TreeMap<>();
        var raw = (Map<String, Map<String, Object>>) (Map<?, ?>) RenderedTemplate.raw(FILE).get("Resources");
        collectReferences(raw.get("Function").get("Properties"), uses);
        String description = String.valueOf(raw.get("FunctionVersion").get("Properties"));
        var notCaptured = Set.of("AppName", "ArtifactBucket", "CodeKey", "ReservedConcurrency", "AWS::Partition",
                "AWS::AccountId", "AWS::NoValue", "ReservesConcurrency");
        var resources = Set.of("DataBucket", "FunctionLogGroup");
        for (var use : uses.entrySet()) {
            for (String name : use.getValue()) {
                switch (use.getKey()) {
                    case "parameter" -> assertTrue(notCaptured.contains(name) || resources.contains(name)
                            || description.contains("${" + name + "}"),
                            "the Function uses " + name + ", but a change of it would publish no new version");
                    case "mapping" -> throw new AssertionError("the Function reads the mapping " + name
                            + ": name its values in the version's description too");
                    default -> throw new AssertionError("unexpected reference " + use);
                }
            }
        }
        assertTrue(uses.get("parameter").containsAll(List.of("MemorySize", "Runtime", "Architecture", "Commit")), uses.toString());
    }

    @SuppressWarnings("unchecked")
    private static void collectReferences(Object node, Map<String, Set<String>> uses) {
        if (node instanceof List<?> list) {
            list.forEach(item -> collectReferences(item, uses));
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                switch (String.valueOf(key)) {
                    case "Ref", "Condition" -> uses.computeIfAbsent("parameter", k -> new TreeSet<>()).add(String.valueOf(value));
                    case "Fn::Sub" -> {
                        var matcher = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9:]+)").matcher(
                                String.valueOf(value instanceof List<?> l ? l.get(0) : value));
                        while (matcher.find()) {
                            uses.computeIfAbsent("parameter", k -> new TreeSet<>()).add(matcher.group(1));
                        }
                    }
                    case "Fn::FindInMap" -> uses.computeIfAbsent("mapping", k -> new TreeSet<>())
                            .add(String.valueOf(((List<Object>) value).get(0)));
                    case "Fn::If" -> {
                        uses.computeIfAbsent("parameter", k -> new TreeSet<>()).add(String.valueOf(((List<Object>) value).get(0)));
                        collectReferences(((List<Object>) value).subList(1, 3), uses);
                    }
                    default -> collectReferences(value, uses);
                }
            });
        }
    }

    @Test
    void theVersionsDescriptionFitsLambdasLimitWithTheLongestValues() {
        var parameters = parameters();
        parameters.putAll(Map.of("MemorySize", "10240", "Runtime", "java25", "Commit", "2222222222222222222222222222222222222222-dirty",
                "CommitTime", "2026-11-29T10:00:00Z", "FunctionConfigDigest", "1111111111111111"));
        parameters.putAll(Map.of("PostsPerMinute", "99999", "PostsPerMinutePerVisitor", "99999"));
        String description = String.valueOf(RenderedTemplate.render(FILE, parameters).properties("FunctionVersion").get("Description"));
        assertTrue(description.length() <= 256, description.length() + " characters: " + description);
    }

    /** A flood the function answers fine (or refuses with 429) raises no error alarm: this one counts requests. */
    @Test
    void aFloodRaisesTheTrafficAlarmWhateverTheAnswers() {
        var parameters = parameters();
        parameters.put("AlarmEmail", "owner@example.com");
        parameters.put("TrafficAlarmThreshold", "1200");
        var alarm = RenderedTemplate.render(FILE, parameters).properties("TrafficAlarm");
        assertEquals("AWS/Lambda", alarm.get("Namespace"));
        assertEquals("Invocations", alarm.get("MetricName"));
        assertEquals(List.of(Map.of("Name", "FunctionName", "Value", "guestbook-function")), alarm.get("Dimensions"));
        assertEquals("1200", String.valueOf(alarm.get("Threshold")));
        assertEquals(List.of(300, 1), List.of(((Number) alarm.get("Period")).intValue(), ((Number) alarm.get("EvaluationPeriods")).intValue()),
                "known within 5 to 10 minutes");
        assertEquals(List.of("<AlarmTopic>"), alarm.get("AlarmActions"));
    }

    @Test
    void codeKeysMustBeAddressedByHash() {
        var parameters = parameters();
        parameters.put("CodeKey", "function/latest.zip");
        assertThrows(IllegalArgumentException.class, () -> RenderedTemplate.render(FILE, parameters));
    }

    /**
     * Lambda's guide ("Monitoring Lambda function URLs") lists the dimensions of the URL metrics one by
     * one, FunctionName or Resource; no published set pairs them, and an alarm on a set that is never
     * published never fires.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theApiErrorsAlarmWatchesTheFunctionsUrlMetricByFunctionNameAlone() {
        var alarm = APP.properties("ApiErrorsAlarm");
        assertEquals("Url5xxCount", alarm.get("MetricName"));
        var dimensions = (List<Map<String, Object>>) alarm.get("Dimensions");
        assertEquals(List.of("FunctionName"), dimensions.stream().map(d -> d.get("Name")).toList());
    }

    @Test
    void theFunctionUrlOnTheAliasNeedsSignedRequestsFromTheDistribution() {
        String alias = "arn:aws:lambda:eu-west-1:123456789012:function:guestbook-function:live";
        var url = APP.properties("FunctionUrl");
        assertEquals("AWS_IAM", url.get("AuthType"));
        assertEquals(alias, url.get("TargetFunctionArn"));
        var invokeUrl = APP.properties("CloudFrontInvokesTheUrl");
        var invoke = APP.properties("CloudFrontInvokesTheFunction");
        assertEquals("lambda:InvokeFunctionUrl", invokeUrl.get("Action"));
        assertEquals("AWS_IAM", invokeUrl.get("FunctionUrlAuthType"));
        assertEquals("lambda:InvokeFunction", invoke.get("Action"));
        assertEquals(true, invoke.get("InvokedViaFunctionUrl"), "CloudFront may invoke only through the Function URL");
        for (var permission : List.of(invokeUrl, invoke)) {
            assertEquals("cloudfront.amazonaws.com", permission.get("Principal"));
            assertEquals(DISTRIBUTION_ARN, permission.get("SourceArn"));
            assertEquals(alias, permission.get("FunctionName"));
        }
    }

    @Test
    void reservedConcurrencyIsOptionalAndOffByDefault() {
        assertTrue(!APP.properties("Function").containsKey("ReservedConcurrentExecutions"),
                "new accounts often cannot reserve any concurrency, so the default reserves none");
        var parameters = parameters();
        parameters.put("ReservedConcurrency", "5");
        assertEquals("5", String.valueOf(RenderedTemplate.render(FILE, parameters).properties("Function")
                .get("ReservedConcurrentExecutions")));
        parameters.put("ReservedConcurrency", "0");
        assertThrows(IllegalArgumentException.class, () -> RenderedTemplate.render(FILE, parameters),
                "0 would switch the function off");
    }

    @Test
    void theFunctionUsesTheTrustStacksRoleAndTheAppStackCreatesNoIamAtAll() {
        assertEquals("arn:aws:iam::123456789012:role/guestbook-function", APP.properties("Function").get("Role"));
        for (var resource : APP.resources.values()) {
            assertTrue(!String.valueOf(resource.get("Type")).startsWith("AWS::IAM::"),
                    "the pipeline deploys this stack, so it must create no IAM: " + resource.get("Type"));
        }
    }

    @Test
    void cloudFrontReadsTheSiteThroughAnS3OriginAccessControl() {
        var config = at(APP.properties("Distribution"), "DistributionConfig");
        Map<String, Object> site = at(config, "Origins", "0");
        assertEquals("site", site.get("Id"));
        assertEquals("E1SITEEXAMPLE", site.get("OriginAccessControlId"));
        assertEquals("<SiteOriginAccessControl.Id>", TRUST.outputs.get("SiteOriginAccessControlId"));
        assertEquals("s3", at(TRUST.properties("SiteOriginAccessControl"), "OriginAccessControlConfig", "OriginAccessControlOriginType"));
        assertEquals("always", at(TRUST.properties("SiteOriginAccessControl"), "OriginAccessControlConfig", "SigningBehavior"));
        assertEquals("", at(site, "S3OriginConfig", "OriginAccessIdentity"), "no legacy origin access identity");

        var grants = PolicyChecks.statements(APP).stream().filter(s -> "SiteBucketPolicy".equals(s.get("_resource"))
                && "Allow".equals(s.get("Effect"))).toList();
        assertEquals(2, grants.size(), "GetObject and ListBucket (so a missing file is a 404)");
        for (var grant : grants) {
            assertEquals(Map.of("Service", "cloudfront.amazonaws.com"), grant.get("Principal"));
            assertEquals(Map.of("StringEquals", Map.of("AWS:SourceArn", DISTRIBUTION_ARN)), grant.get("Condition"));
        }
    }

    @Test
    void apiRequestsGoToTheFunctionUncachedThroughALambdaOriginAccessControl() {
        var config = at(APP.properties("Distribution"), "DistributionConfig");
        Map<String, Object> function = at(config, "Origins", "1");
        assertEquals("E2FUNCTIONEXAMPLE", function.get("OriginAccessControlId"));
        assertEquals("<FunctionOriginAccessControl.Id>", TRUST.outputs.get("FunctionOriginAccessControlId"));
        assertEquals("lambda", at(TRUST.properties("FunctionOriginAccessControl"), "OriginAccessControlConfig",
                "OriginAccessControlOriginType"));
        assertEquals("https-only", at(function, "CustomOriginConfig", "OriginProtocolPolicy"));
        Map<String, Object> api = at(config, "CacheBehaviors", "1");
        assertEquals("/api/*", api.get("PathPattern"));
        assertEquals("function", api.get("TargetOriginId"));
        assertEquals("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", api.get("CachePolicyId"), "CachingDisabled");
        assertEquals("b689b0a8-53d0-40ab-baf2-68738e2966ac", api.get("OriginRequestPolicyId"), "AllViewerExceptHostHeader");
        assertTrue(PolicyChecks.list(api.get("AllowedMethods")).contains("POST"));
    }

    /** A read flood costs CloudFront requests: pages are kept for the function's s-maxage, at most 5 s, per limit and cursor. */
    @Test
    @SuppressWarnings("unchecked")
    void pagesOfMessagesAreCachedAFewSecondsPerLimitAndCursor() {
        var config = at(APP.properties("Distribution"), "DistributionConfig");
        Map<String, Object> messages = at(config, "CacheBehaviors", "0");
        assertEquals("/api/messages", messages.get("PathPattern"), "before /api/*, which CloudFront would match first otherwise");
        assertEquals("function", messages.get("TargetOriginId"));
        assertEquals("7d2c1a3e-0b4f-4c5d-9e6f-123456789abc", messages.get("CachePolicyId"));
        assertEquals("b689b0a8-53d0-40ab-baf2-68738e2966ac", messages.get("OriginRequestPolicyId"), "POST still gets its headers");
        assertTrue(PolicyChecks.list(messages.get("AllowedMethods")).contains("POST"));
        assertEquals("<MessagesCachePolicy.Id>", TRUST.outputs.get("MessagesCachePolicyId"));
        Map<String, Object> policy = at(TRUST.properties("MessagesCachePolicy"), "CachePolicyConfig");
        assertEquals(List.of(0, 0, 5), List.of(((Number) policy.get("MinTTL")).intValue(), ((Number) policy.get("DefaultTTL")).intValue(),
                ((Number) policy.get("MaxTTL")).intValue()), "only what the function allows, never more than 5 s");
        Map<String, Object> key = at(policy, "ParametersInCacheKeyAndForwardedToOrigin");
        assertEquals(Map.of("QueryStringBehavior", "whitelist", "QueryStrings", List.of("limit", "cursor")), key.get("QueryStringsConfig"));
        assertEquals(Map.of("HeaderBehavior", "none"), key.get("HeadersConfig"));
        assertEquals(Map.of("CookieBehavior", "none"), key.get("CookiesConfig"));
    }

    @Test
    void httpsOnlyModernProtocolsSecurityHeadersAndTheCheapestPriceClass() {
        Map<String, Object> config = at(APP.properties("Distribution"), "DistributionConfig");
        assertEquals("http2and3", config.get("HttpVersion"));
        assertEquals("PriceClass_100", config.get("PriceClass"));
        assertEquals("index.html", config.get("DefaultRootObject"));
        for (Map<String, Object> behavior : List.<Map<String, Object>>of(at(config, "DefaultCacheBehavior"),
                at(config, "CacheBehaviors", "0"), at(config, "CacheBehaviors", "1"))) {
            assertEquals("redirect-to-https", behavior.get("ViewerProtocolPolicy"));
            assertEquals("5cc3b908-e619-4b99-88e5-2cf7f45965bd", behavior.get("ResponseHeadersPolicyId"));
        }
        assertEquals("658327ea-f89d-4fab-a63d-7e88639e58f6", at(config, "DefaultCacheBehavior", "CachePolicyId"));
        assertTrue(!config.containsKey("CustomErrorResponses"), "no site-wide error pages that would hide API errors");
        assertEquals("<SecurityHeaders.Id>", TRUST.outputs.get("SecurityHeadersPolicyId"));
        Map<String, Object> headers = at(TRUST.properties("SecurityHeaders"), "ResponseHeadersPolicyConfig", "SecurityHeadersConfig");
        assertEquals("DENY", at(headers, "FrameOptions", "FrameOption"));
        assertTrue(String.valueOf((Object) at(headers, "ContentSecurityPolicy", "ContentSecurityPolicy")).contains("default-src 'self'"));
        assertTrue(((Number) at(headers, "StrictTransportSecurity", "AccessControlMaxAgeSec")).intValue() >= 31536000);
    }

    /** What a visitor's browser gets must not depend on where the page runs: make run or CloudFront. */
    @Test
    void cloudFrontSendsTheSameSecurityHeadersAsTheLocalGateway() {
        Map<String, Object> config = at(TRUST.properties("SecurityHeaders"), "ResponseHeadersPolicyConfig");
        var local = org.acme.guestbook.local.LocalGateway.SECURITY_HEADERS;
        assertEquals(local.get("Content-Security-Policy"),
                at(config, "SecurityHeadersConfig", "ContentSecurityPolicy", "ContentSecurityPolicy"));
        assertEquals(local.get("X-Frame-Options"), at(config, "SecurityHeadersConfig", "FrameOptions", "FrameOption"));
        assertEquals(local.get("Referrer-Policy"), at(config, "SecurityHeadersConfig", "ReferrerPolicy", "ReferrerPolicy"));
        assertEquals(Map.of("Header", "Cross-Origin-Opener-Policy", "Value", local.get("Cross-Origin-Opener-Policy"),
                "Override", true), at(config, "CustomHeadersConfig", "Items", "0"));
        assertTrue(local.get("Content-Security-Policy").contains("require-trusted-types-for 'script'"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTaggableResourceCarriesTheAppTagThatScopesThePipeline() {
        for (String resource : List.of("DataBucket", "SiteBucket", "FunctionLogGroup", "Function", "Distribution")) {
            assertEquals(List.of(Map.of("Key", "app", "Value", "guestbook")), APP.properties(resource).get("Tags"), resource);
        }
    }

    private static final String CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void withoutADomainTheSiteStaysOnTheCloudFrontDomain() {
        Map<String, Object> config = at(APP.properties("Distribution"), "DistributionConfig");
        assertTrue(!config.containsKey("Aliases"));
        assertEquals(Map.of("CloudFrontDefaultCertificate", true), config.get("ViewerCertificate"));
        assertEquals("https://<Distribution.DomainName>", APP.outputs.get("SiteUrl"));
    }

    @Test
    void withADomainTheDistributionAnswersOnItWithItsCertificateAndTls12() {
        var parameters = parameters();
        parameters.put("DomainName", "guestbook.example.com");
        parameters.put("CertificateArn", CERTIFICATE);
        var app = RenderedTemplate.render(FILE, parameters);
        Map<String, Object> config = at(app.properties("Distribution"), "DistributionConfig");
        assertEquals(List.of("guestbook.example.com"), config.get("Aliases"));
        assertEquals(Map.of("AcmCertificateArn", CERTIFICATE, "SslSupportMethod", "sni-only",
                "MinimumProtocolVersion", "TLSv1.2_2021"), config.get("ViewerCertificate"));
        assertEquals("https://guestbook.example.com", app.outputs.get("SiteUrl"), "the smoke test uses the domain");
        assertEquals("<Distribution.DomainName>", app.outputs.get("DistributionDomainName"), "what DNS points at");
    }

    @Test
    void aDomainNeedsItsCertificateFromUsEast1AndTheOtherWayRound() {
        var onlyDomain = parameters();
        onlyDomain.put("DomainName", "guestbook.example.com");
        assertThrows(IllegalArgumentException.class, () -> RenderedTemplate.render(FILE, onlyDomain));
        var onlyCertificate = parameters();
        onlyCertificate.put("CertificateArn", CERTIFICATE);
        assertThrows(IllegalArgumentException.class, () -> RenderedTemplate.render(FILE, onlyCertificate));
        var wrongRegion = parameters();
        wrongRegion.put("DomainName", "guestbook.example.com");
        wrongRegion.put("CertificateArn", CERTIFICATE.replace("us-east-1", "eu-west-1"));
        assertThrows(IllegalArgumentException.class, () -> RenderedTemplate.render(FILE, wrongRegion),
                "CloudFront takes certificates from us-east-1 only");
        var notADomain = parameters();
        notADomain.put("DomainName", "https://guestbook.example.com");
        notADomain.put("CertificateArn", CERTIFICATE);
        assertThrows(IllegalArgumentException.class, () -> RenderedTemplate.render(FILE, notADomain));
    }

    @Test
    void outputsWhatTheDeployNeeds() {
        for (String name : List.of("SiteUrl", "SiteBucketName", "DistributionId", "FunctionName", "FunctionUrl")) {
            assertTrue(APP.outputs.containsKey(name), name);
        }
        assertEquals("https://<Distribution.DomainName>", APP.outputs.get("SiteUrl"));
        assertEquals("guestbook-site-123456789012-eu-west-1", APP.outputs.get("SiteBucketName"));
    }
}
