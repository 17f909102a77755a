package org.acme.guestbook.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.acme.guestbook.info.BuildInfo;
import org.acme.guestbook.info.Invocations;

/** GET /api/info: which build is deployed, and where it runs. */
@ApplicationScoped
public class InfoEndpoint {

    private final BuildInfo build;
    private final Invocations invocations;
    private final Map<String, String> environment;

    @Inject
    public InfoEndpoint(Invocations invocations) {
        this(invocations, System.getenv());
    }

    InfoEndpoint(Invocations invocations, Map<String, String> environment) {
        this.invocations = invocations;
        this.environment = environment;
        this.build = BuildInfo.load(environment);
    }

    public ApiResponse info(ApiRequest request) {
        // Lambda sets AWS_LAMBDA_FUNCTION_NAME in every execution environment; without it we run locally.
        boolean inLambda = environment.containsKey("AWS_LAMBDA_FUNCTION_NAME");
        var body = new LinkedHashMap<String, Object>();
        body.put("app", build.app());
        body.put("version", build.version());
        body.put("commit", build.commit());
        body.put("builtAt", build.builtAt());
        body.put("region", inLambda ? environment.getOrDefault("AWS_REGION", "unknown") : "local");
        body.put("functionVersion", inLambda ? environment.getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "unknown") : "local");
        body.put("coldStart", invocations.isFirst());
        return ApiResponse.json(200, body);
    }
}
