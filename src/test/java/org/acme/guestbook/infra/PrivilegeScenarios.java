package org.acme.guestbook.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.infra.IdentityPolicyEvaluator.Request;
import org.yaml.snakeyaml.Yaml;

/** infra/privilege-scenarios.yaml: requests a deploy-role session could make, and the answer each must get. */
final class PrivilegeScenarios {

    static final Path FILE = Path.of("infra/privilege-scenarios.yaml");
    /** The ways a stolen session acts, and the role of infra/github-oidc.yaml each one runs as. */
    static final Map<String, String> ROLES = Map.of(
            "deploy role", "DeployRole",
            "execution role", "CloudFormationExecutionRole",
            "release role", "ReleaseRole",
            "function role", "FunctionRole");

    record Scenario(String name, String via, String action, String resource, Map<String, String> context, String expect) {

        boolean allowed() {
            if (!expect.equals("allow") && !expect.equals("deny")) {
                throw new IllegalStateException("Scenario '" + name + "': expect must be allow or deny, not " + expect);
            }
            return expect.equals("allow");
        }

        String role() {
            String role = ROLES.get(via);
            if (role == null) {
                throw new IllegalStateException("Scenario '" + name + "': via must be one of " + ROLES.keySet() + ", not " + via);
            }
            return role;
        }

        /** The request, with ${AppName}, ${Account} and ${Region} filled in for one app. */
        Request request(String appName) {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            context.forEach((key, value) -> keys.put(key, List.of(fill(value, appName))));
            return new Request(action, fill(resource, appName), keys);
        }

        private static String fill(String text, String appName) {
            return text.replace("${AppName}", appName).replace("${Account}", RenderedTemplate.ACCOUNT)
                    .replace("${Region}", RenderedTemplate.REGION);
        }
    }

    final List<Map<String, String>> parameterSets;
    final List<Scenario> scenarios;

    private PrivilegeScenarios(List<Map<String, String>> parameterSets, List<Scenario> scenarios) {
        this.parameterSets = parameterSets;
        this.scenarios = scenarios;
    }

    @SuppressWarnings("unchecked")
    static PrivilegeScenarios load() {
        Map<String, Object> file;
        try {
            file = new Yaml().load(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, String>> sets = new ArrayList<>();
        for (var raw : (List<Map<String, Object>>) file.get("parameterSets")) {
            var set = new LinkedHashMap<String, String>();
            raw.forEach((key, value) -> set.put(key, String.valueOf(value)));
            sets.add(set);
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (var raw : (List<Map<String, Object>>) file.get("scenarios")) {
            var context = new LinkedHashMap<String, String>();
            ((Map<String, Object>) raw.getOrDefault("context", Map.of())).forEach((k, v) -> context.put(k, String.valueOf(v)));
            scenarios.add(new Scenario((String) raw.get("name"), (String) raw.get("via"), (String) raw.get("action"),
                    String.valueOf(raw.get("resource")), context, (String) raw.get("expect")));
        }
        return new PrivilegeScenarios(sets, scenarios);
    }
}
