package org.acme.guestbook.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.acme.guestbook.infra.AwsReference.Action;
import org.acme.guestbook.infra.IdentityPolicyEvaluator.Request;
import org.acme.guestbook.infra.TemplateResourceArns.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The CloudFormation execution role can build, read back, update and delete every resource of
 * infra/app.yaml: each permission that AWS's handler data lists for the resource's type is
 * allowed on that resource's ARN, or is in infra/handler-permissions-not-needed.yaml with the
 * property it serves and why this template does not need it. That list is kept honest too: an
 * entry whose property the template now uses, or that no handler lists any more, fails.
 */
class HandlerPermissionsTest {

    static final Path NOT_NEEDED = Path.of("infra/handler-permissions-not-needed.yaml");
    private static final List<String> HANDLERS = List.of("create", "read", "update", "delete");

    /** One entry of the reviewed list: these permissions of this type serve this property, and why they are not granted. */
    record NotNeeded(String type, List<String> permissions, String property, String authorizedAs, String why) {

        boolean covers(String permission) {
            return permissions.stream().anyMatch(p -> p.equalsIgnoreCase(permission));
        }
    }

    @SuppressWarnings("unchecked")
    static List<NotNeeded> notNeeded() {
        try {
            Map<String, List<Map<String, Object>>> file = new Yaml().load(Files.readString(NOT_NEEDED));
            List<NotNeeded> entries = new ArrayList<>();
            file.forEach((type, list) -> list.forEach(entry -> entries.add(new NotNeeded(type,
                    PolicyChecks.list(entry.get("permissions")), (String) entry.get("property"),
                    (String) entry.get("authorizedAs"), (String) entry.get("why")))));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One call a handler makes, as IAM checks it: where it comes from, and the request. */
    record HandlerRequest(String where, Request request) {
    }

    /**
     * Every request the handlers of the app stack's resources make, with the ARN and condition keys
     * IAM sees; what cannot be turned into a request (no handler data, no such action, no ARN that
     * fits) goes to problems. verify-trust asks AWS's policy simulator the same (TrustRequests).
     */
    @SuppressWarnings("unchecked")
    static List<HandlerRequest> requests(Stacks stacks, List<NotNeeded> notNeeded, List<String> problems) {
        List<HandlerRequest> requests = new ArrayList<>();
        stacks.app.resources.forEach((logicalId, resource) -> {
            String type = (String) resource.get("Type");
            var handlers = AwsReference.handlerPermissions(type);
            if (handlers.isEmpty()) {
                problems.add(logicalId + ": no handler data for " + type + "; add it to src/test/resources/aws-reference/ "
                        + "(make refresh-aws-reference)");
                return;
            }
            List<String> arns = TemplateResourceArns.of(stacks.app, logicalId);
            for (String handler : HANDLERS) {
                for (String permission : handlers.get().getOrDefault(handler, List.of())) {
                    String where = logicalId + " (" + type + ") " + handler + " handler: " + permission;
                    var listed = notNeeded.stream().filter(e -> e.type().equals(type) && e.covers(permission)).findFirst();
                    String checked = listed.isEmpty() ? permission
                            : listed.get().property().equals("none") ? listed.get().authorizedAs() : null;
                    if (checked != null) {
                        String named = listed.isEmpty() ? where : where + ", which IAM checks as " + checked;
                        var context = context(stacks.app, logicalId, handler, checked);
                        for (String arn : targets(named, checked, arns, problems)) {
                            requests.add(new HandlerRequest(named, new Request(checked, arn, context)));
                        }
                    }
                }
            }
        });
        return requests;
    }

    @SuppressWarnings("unchecked")
    static List<String> problems(Stacks stacks, List<Map<String, Object>> executionRole, List<NotNeeded> notNeeded) {
        List<String> problems = new ArrayList<>();
        var raw = (Map<String, Map<String, Object>>) (Map<?, ?>) RenderedTemplate.raw(Stacks.APP_TEMPLATE).get("Resources");
        for (var handlerRequest : requests(stacks, notNeeded, problems)) {
            var decision = IdentityPolicyEvaluator.evaluate(executionRole, handlerRequest.request());
            if (!decision.allowed()) {
                problems.add(handlerRequest.where() + " on " + handlerRequest.request().resource() + " is refused: "
                        + decision.reason());
            }
        }
        for (NotNeeded entry : notNeeded) {
            var handlers = AwsReference.handlerPermissions(entry.type()).orElse(Map.of());
            List<String> listed = handlers.values().stream().flatMap(List::stream).map(p -> p.toLowerCase(Locale.ROOT)).toList();
            if (entry.why() == null || entry.why().isBlank() || entry.property() == null) {
                problems.add(NOT_NEEDED + ": " + entry.type() + " " + entry.permissions() + " needs a property and a why");
                continue;
            }
            if (entry.authorizedAs() != null && AwsReference.action(entry.authorizedAs()).isEmpty()) {
                problems.add(NOT_NEEDED + ": " + entry.authorizedAs() + " is no IAM action either");
            }
            for (String permission : entry.permissions()) {
                if (!listed.contains(permission.toLowerCase(Locale.ROOT))) {
                    problems.add(NOT_NEEDED + ": no handler of " + entry.type() + " lists " + permission + " any more");
                }
            }
            List<String> ofType = stacks.app.resourcesOfType(entry.type());
            boolean inTheTemplate = raw.values().stream().anyMatch(resource -> entry.type().equals(resource.get("Type")));
            if (!inTheTemplate) {
                problems.add(NOT_NEEDED + ": the template has no " + entry.type() + " any more");
            }
            for (String logicalId : ofType) {
                if (!entry.property().equals("none") && present(raw.get(logicalId), entry.property())) {
                    problems.add(NOT_NEEDED + ": " + logicalId + " now uses " + entry.property() + ", so "
                            + entry.permissions() + " are needed after all");
                }
            }
        }
        return problems;
    }

    /**
     * The condition keys IAM sees for one handler call. A create handler's calls that change
     * something (the create itself, the tagging that comes with it) meet a resource that has no
     * tags yet: request tags only. Its reads run after the create, on the resource with its tags.
     */
    private static Map<String, List<String>> context(RenderedTemplate template, String logicalId, String handler,
            String permission) {
        Phase phase = Phase.ofHandler(handler);
        if (phase == Phase.CREATE && AwsReference.action(permission).map(Action::readsOnly).orElse(false)) {
            phase = Phase.EXISTING;
        }
        String type = (String) template.resources.get(logicalId).get("Type");
        return withResourceArns(template, TemplateResourceArns.conditionKeys(type, template.properties(logicalId), phase));
    }

    /** A value that is a resource of the template (<AlarmTopic>, a Ref that yields an ARN) as that resource's ARN. */
    private static Map<String, List<String>> withResourceArns(RenderedTemplate template, Map<String, List<String>> context) {
        Map<String, List<String>> resolved = new LinkedHashMap<>();
        context.forEach((key, values) -> resolved.put(key, values.stream().map(value -> {
            String name = value.startsWith("<") && value.endsWith(">") ? value.substring(1, value.length() - 1) : null;
            return name != null && template.resources.containsKey(name) ? TemplateResourceArns.of(template, name).get(0) : value;
        }).toList()));
        return resolved;
    }

    /** The ARNs a handler call acts on: "*" for an action without resource types, else those of its types. */
    private static List<String> targets(String where, String permission, List<String> arns, List<String> problems) {
        Optional<Action> action = AwsReference.action(permission);
        if (action.isEmpty()) {
            problems.add(where + " is not in the Service Authorization Reference; if it is not an IAM action, "
                    + "list it in " + NOT_NEEDED + " with why");
            return List.of();
        }
        List<String> targets = action.get().needsStar() ? List.of("*")
                : arns.stream().filter(arn -> !action.get().typesFitting(arn).isEmpty()).toList();
        if (targets.isEmpty()) {
            problems.add(where + " acts on none of " + arns + "; teach TemplateResourceArns which ARN it needs");
        }
        return targets;
    }

    /** Whether a dotted path (Properties.Code.S3ObjectVersion) leads to a value; a list step looks into every element. */
    @SuppressWarnings("unchecked")
    static boolean present(Object node, String path) {
        if (path.isEmpty()) {
            return node != null;
        }
        int dot = path.indexOf('.');
        String step = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? "" : path.substring(dot + 1);
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(item -> present(item, path));
        }
        return node instanceof Map<?, ?> map && map.containsKey(step) && present(((Map<String, Object>) map).get(step), rest);
    }

    private static List<Map<String, Object>> executionRole(Stacks stacks) {
        return PolicyChecks.rolePermissions(stacks.trust, "CloudFormationExecutionRole");
    }

    @ParameterizedTest
    @ValueSource(strings = { "guestbook", "my-app-2" })
    void theExecutionRoleCanCreateReadUpdateAndDeleteEveryResource(String appName) {
        var stacks = Stacks.of(appName);
        PolicyChecks.failIfAny(problems(stacks, executionRole(stacks), notNeeded()));
    }

    /** With every optional part switched on: the alarm topic with its email, a domain. */
    @Test
    void andEveryOptionalResourceToo() {
        var stacks = Stacks.of("guestbook", Map.of(), Map.of("AlarmEmail", "owner@example.com",
                "DomainName", "guestbook.example.com",
                "CertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/0f8fad5b-d9cb-469f-a165-70867728950e"));
        assertTrue(stacks.app.resources.containsKey("AlarmTopic"));
        PolicyChecks.failIfAny(problems(stacks, executionRole(stacks), notNeeded()));
    }

    @Test
    void anAlarmThatWouldDoMoreThanNotifyIsRefused() {
        var stacks = Stacks.of("guestbook", Map.of(), Map.of("AlarmEmail", "owner@example.com"));
        stacks.app.properties("ApiErrorsAlarm").put("AlarmActions",
                List.of("arn:aws:automate:eu-west-1:ec2:terminate"));
        var problems = problems(stacks, executionRole(stacks), notNeeded());
        assertTrue(problems.stream().anyMatch(p -> p.contains("cloudwatch:PutMetricAlarm") && p.contains("is refused")),
                problems.toString());
    }

    @Test
    void everyNotNeededEntryNamesAPropertyOfTheResourceOrNone() {
        for (NotNeeded entry : notNeeded()) {
            assertTrue(entry.property().equals("none") || entry.property().startsWith("Properties.")
                    || entry.property().startsWith("UpdatePolicy."),
                    entry + ": property paths start at the resource (Properties.X or UpdatePolicy.X), or are none");
            if (entry.property().equals("none")) {
                assertTrue(entry.why().length() > 40, entry + " explains itself");
            } else {
                assertTrue(entry.authorizedAs() == null, entry + ": authorizedAs is only for calls that happen (property none)");
            }
        }
    }

    @Test
    void anApiNameIsCheckedAsTheActionIamUsesForIt() {
        var problems = problemsWithRole(role -> without(role, "s3:PutEncryptionConfiguration"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("s3:DeleteBucketEncryption, which IAM checks as "
                + "s3:PutEncryptionConfiguration on arn:aws:s3:::guestbook-data-123456789012-eu-west-1 is refused")),
                problems.toString());
    }

    // Mutations: each breaks the role or the list the way a change might, and the test must go red.

    private static List<String> problemsWithRole(UnaryOperator<List<Map<String, Object>>> change) {
        var stacks = Stacks.of("guestbook");
        return problems(stacks, change.apply(executionRole(stacks)), notNeeded());
    }

    private static List<Map<String, Object>> without(List<Map<String, Object>> statements, String action) {
        List<Map<String, Object>> changed = new ArrayList<>();
        for (var statement : statements) {
            var copy = new LinkedHashMap<>(statement);
            copy.put("Action", PolicyChecks.list(statement.get("Action")).stream().filter(a -> !a.equals(action)).toList());
            changed.add(copy);
        }
        return changed;
    }

    @Test
    void aMissingCreatePermissionIsCaught() {
        var problems = problemsWithRole(role -> without(role, "cloudfront:CreateDistribution"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("Distribution (AWS::CloudFront::Distribution) create handler: "
                + "cloudfront:CreateDistribution on * is refused")), problems.toString());
    }

    /** Today's mistake found in review: TagResource only on a distribution that already carries the app tag. */
    @Test
    void aTagGrantThatNeedsTheResourceTagFailsTheCreate() {
        var problems = problemsWithRole(role -> role.stream()
                .filter(statement -> !"TagTheAppDistributionItCreates".equals(statement.get("Sid"))).toList());
        assertTrue(problems.stream().anyMatch(p -> p.contains("Distribution (AWS::CloudFront::Distribution) create handler: "
                + "cloudfront:TagResource on arn:aws:cloudfront::123456789012:distribution/<Distribution> is refused")),
                problems.toString());
    }

    /** The create's tagging is the only tag call that meets no resource tag; an update's meets the app tag. */
    @Test
    void createCallsMeetNoResourceTagAndReadsAndUpdatesMeetTheAppTag() {
        var properties = Stacks.of("guestbook").app.properties("Distribution");
        var create = TemplateResourceArns.conditionKeys("AWS::CloudFront::Distribution", properties, Phase.CREATE);
        var update = TemplateResourceArns.conditionKeys("AWS::CloudFront::Distribution", properties, Phase.UPDATE);
        var read = TemplateResourceArns.conditionKeys("AWS::CloudFront::Distribution", properties, Phase.EXISTING);
        assertTrue(!create.containsKey("aws:ResourceTag/app") && create.get("aws:RequestTag/app").equals(List.of("guestbook"))
                && create.get("aws:TagKeys").contains("app"), create.toString());
        assertTrue(update.get("aws:ResourceTag/app").equals(List.of("guestbook")) && update.containsKey("aws:RequestTag/app"),
                update.toString());
        assertTrue(read.get("aws:ResourceTag/app").equals(List.of("guestbook")) && !read.containsKey("aws:RequestTag/app"),
                read.toString());
    }

    @Test
    void aMissingReadBackPermissionIsCaught() {
        var problems = problemsWithRole(role -> without(role, "s3:GetBucketWebsite"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("read handler: S3:GetBucketWebsite")), problems.toString());
    }

    @Test
    void passingTheFunctionRoleToAnotherServiceIsNotEnough() {
        var problems = problemsWithRole(role -> role.stream().map(statement -> {
            var copy = new LinkedHashMap<>(statement);
            if ("PassTheFunctionRoleToLambdaOnly".equals(statement.get("Sid"))) {
                copy.put("Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com")));
            }
            return (Map<String, Object>) copy;
        }).toList());
        assertTrue(problems.stream().anyMatch(p -> p.contains("create handler: iam:PassRole on arn:aws:iam::123456789012:"
                + "role/guestbook-function is refused")), problems.toString());
    }

    @Test
    void anExclusionWhosePropertyTheTemplateNowUsesIsCaught() {
        var stacks = Stacks.of("guestbook");
        List<NotNeeded> list = new ArrayList<>(notNeeded());
        list.add(new NotNeeded("AWS::Lambda::Function", List.of("lambda:GetFunction"), "Properties.SnapStart", null,
                "pretend the function had no SnapStart"));
        var problems = problems(stacks, executionRole(stacks), list);
        assertTrue(problems.stream().anyMatch(p -> p.contains("Function now uses Properties.SnapStart")), problems.toString());
    }

    @Test
    void anExclusionNoHandlerListsIsCaught() {
        var stacks = Stacks.of("guestbook");
        List<NotNeeded> list = new ArrayList<>(notNeeded());
        list.add(new NotNeeded("AWS::Lambda::Url", List.of("lambda:PutFunctionUrlMagic"), "none", null,
                "an old permission"));
        var problems = problems(stacks, executionRole(stacks), list);
        assertTrue(problems.stream().anyMatch(p -> p.contains("no handler of AWS::Lambda::Url lists lambda:PutFunctionUrlMagic")),
                problems.toString());
    }

    @Test
    void anUntaggedDistributionIsOutOfTheExecutionRolesReach() {
        var stacks = Stacks.of("guestbook");
        stacks.app.properties("Distribution").remove("Tags");
        var problems = problems(stacks, executionRole(stacks), notNeeded());
        for (String action : List.of("CreateDistribution", "UpdateDistribution", "DeleteDistribution")) {
            assertTrue(problems.stream().anyMatch(p -> p.contains("cloudfront:" + action + " on ") && p.contains("is refused")),
                    action + ": " + problems);
        }
    }

    @Test
    void aResourceTypeWithoutHandlerDataIsCaught() {
        var stacks = Stacks.of("guestbook");
        stacks.app.resources.put("Table", new LinkedHashMap<>(Map.of("Type", "AWS::DynamoDB::Table")));
        var problems = problems(stacks, executionRole(stacks), notNeeded());
        assertTrue(problems.stream().anyMatch(p -> p.contains("Table: no handler data for AWS::DynamoDB::Table")),
                problems.toString());
    }
}
