package org.acme.guestbook.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/** infra/trust-scenarios.yaml: tokens, and the answer the deploy role's trust must give for each SubjectFormat. */
final class TrustScenarios {

    static final Path FILE = Path.of("infra/trust-scenarios.yaml");
    static final List<String> FORMATS = List.of("immutable", "legacy", "both");

    record Scenario(String name, Map<String, String> claims, Map<String, String> expect) {

        boolean allowedWith(String format) {
            String answer = expect.get(format);
            if (!"allow".equals(answer) && !"deny".equals(answer)) {
                throw new IllegalStateException("Scenario '" + name + "' has no allow/deny for " + format);
            }
            return answer.equals("allow");
        }

        /** The request STS evaluates: the provider of the token's issuer, and its claims as condition keys. */
        TrustPolicyEvaluator.Request request() {
            String issuerHost = claims.get("iss").replaceFirst("^https://", "");
            Map<String, List<String>> context = new HashMap<>();
            claims.forEach((claim, value) -> {
                if (value != null && !claim.equals("iss")) {
                    context.put(issuerHost + ":" + claim, List.of(value));
                }
            });
            return new TrustPolicyEvaluator.Request("sts:AssumeRoleWithWebIdentity",
                    "arn:aws:iam::" + RenderedTemplate.ACCOUNT + ":oidc-provider/" + issuerHost, context);
        }
    }

    private final Map<String, String> parameters;
    private final List<Scenario> scenarios;

    private TrustScenarios(Map<String, String> parameters, List<Scenario> scenarios) {
        this.parameters = parameters;
        this.scenarios = scenarios;
    }

    @SuppressWarnings("unchecked")
    static TrustScenarios load() {
        Map<String, Object> file;
        try {
            file = new Yaml().load(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var parameters = new LinkedHashMap<String, String>();
        ((Map<String, Object>) file.get("parameters")).forEach((k, v) -> parameters.put(k, String.valueOf(v)));
        var defaults = (Map<String, Object>) file.get("defaults");
        var scenarios = new ArrayList<Scenario>();
        for (var raw : (List<Map<String, Object>>) file.get("scenarios")) {
            var claims = new LinkedHashMap<String, String>();
            defaults.forEach((k, v) -> claims.put(k, String.valueOf(v)));
            raw.forEach((key, value) -> {
                if (!key.equals("name") && !key.equals("expect")) {
                    claims.put(key, value == null ? null : String.valueOf(value));
                }
            });
            var expect = new LinkedHashMap<String, String>();
            ((Map<String, Object>) raw.get("expect")).forEach((k, v) -> expect.put(k, String.valueOf(v)));
            scenarios.add(new Scenario((String) raw.get("name"), claims, expect));
        }
        return new TrustScenarios(parameters, scenarios);
    }

    List<Scenario> scenarios() {
        return scenarios;
    }

    Map<String, String> parameters(String format) {
        var values = new HashMap<>(parameters);
        values.put("SubjectFormat", format);
        return values;
    }
}
