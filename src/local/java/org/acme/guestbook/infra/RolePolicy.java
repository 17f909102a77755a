package org.acme.guestbook.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.infra.IdentityPolicyEvaluator.Request;

/**
 * One role of the trust stack (infra/github-oidc.yaml) as IAM evaluates it: its permission
 * policies, rendered for an app in the example account and region the permission tests use,
 * and a decision for one request. `make run` and the tests put the function's role in front of
 * the local S3 server with it ({@link org.acme.guestbook.local.RoleEnforcingS3}).
 */
public final class RolePolicy {

    public static final Path TRUST_TEMPLATE = Path.of("infra/github-oidc.yaml");
    public static final String ACCOUNT = RenderedTemplate.ACCOUNT;
    public static final String REGION = RenderedTemplate.REGION;

    /** IAM's answer to one request, and the statement (or the missing match) that decided it. */
    public record Verdict(boolean allowed, String reason) {
    }

    private final String appName;
    private final String role;
    private final List<Map<String, Object>> statements;

    private RolePolicy(String appName, String role, List<Map<String, Object>> statements) {
        this.appName = appName;
        this.role = role;
        this.statements = statements;
    }

    /** The function's role (FunctionRole) for the app named by the template's default AppName. */
    public static RolePolicy functionRole() {
        return of(TRUST_TEMPLATE, null, "FunctionRole");
    }

    /** A role of the template for an app (null: the template's default AppName). */
    @SuppressWarnings("unchecked")
    public static RolePolicy of(Path template, String appName, String role) {
        String app = appName != null ? appName
                : String.valueOf(((Map<String, Map<String, Object>>) CloudFormationYaml.load(template).get("Parameters"))
                        .get("AppName").get("Default"));
        var rendered = RenderedTemplate.render(template, Map.of("GitHubOwner", "octo-org", "GitHubRepo", "guestbook",
                "GitHubOwnerId", "1111", "GitHubRepoId", "2222", "AppName", app), app + "-github-oidc");
        return new RolePolicy(app, role, permissions(rendered, role));
    }

    /** The statements of a role's inline policies in a rendered template. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> permissions(RenderedTemplate template, String role) {
        if (template.properties(role).containsKey("ManagedPolicyArns")) {
            throw new IllegalArgumentException(role + ": managed policies cannot be evaluated here; use inline policies");
        }
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<Object>) template.properties(role).getOrDefault("Policies", List.of())) {
            var document = (Map<String, Object>) ((Map<String, Object>) policy).get("PolicyDocument");
            for (Object statement : (List<Object>) document.get("Statement")) {
                statements.add((Map<String, Object>) statement);
            }
        }
        return statements;
    }

    public Verdict decide(String action, String resource, Map<String, List<String>> context) {
        var decision = IdentityPolicyEvaluator.evaluate(statements, new Request(action, resource, context));
        return new Verdict(decision.allowed(), decision.reason());
    }

    /** The app's data bucket in the example account and region, as the policy names it. */
    public String dataBucket() {
        return appName + "-data-" + ACCOUNT + "-" + REGION;
    }

    /** The ARN a session of this role has, as AWS names it in an AccessDenied message. */
    public String sessionArn() {
        String roleName = appName + "-" + (role.equals("FunctionRole") ? "function" : role);
        return "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + roleName + "/" + roleName;
    }
}
