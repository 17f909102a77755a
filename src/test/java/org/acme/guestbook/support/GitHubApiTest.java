package org.acme.guestbook.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** GitHub's OpenAPI description refuses what GitHub would not do, and takes what it does. */
class GitHubApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode call(String method, String path, String body, int status, String response) throws Exception {
        var call = JSON.createObjectNode().put("method", method).put("path", path).put("status", status);
        call.set("body", body == null ? null : JSON.readTree(body));
        call.set("response", response == null ? null : JSON.readTree(response));
        return call;
    }

    @Test
    void theCallsTheScriptsMakeAreOperationsGitHubHas() {
        assertEquals("GET /repos/{owner}/{repo}/actions/oidc/customization/sub",
                GitHubApi.operation("GET", "repos/octo-org/guestbook/actions/oidc/customization/sub").orElseThrow());
        assertEquals("DELETE /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}",
                GitHubApi.operation("DELETE", "repos/o/r/environments/production/deployment-branch-policies/8").orElseThrow());
        assertTrue(GitHubApi.operation("GET", "repos/o/r/environment/production").isEmpty(), "a misspelled path");
        assertTrue(GitHubApi.operation("PATCH", "repos/o/r/environments/production").isEmpty(), "a method GitHub lacks there");
    }

    @Test
    void aRequestFieldGitHubDoesNotKnowIsRefused() throws Exception {
        var problems = GitHubApi.problems(call("PUT", "repos/o/r/environments/production",
                "{\"can_admins_bypass\": false, \"deployment_branch_policy\": {\"protected_branches\": false, "
                        + "\"custom_branch_policies\": true}}", 200, null));
        assertEquals(List.of("PUT repos/o/r/environments/production request: GitHub knows no field can_admins_bypass"), problems);
        var misspelled = GitHubApi.problems(call("PUT", "repos/o/r/environments/production",
                "{\"reviewer\": [{\"type\": \"User\", \"id\": 1}]}", 200, null));
        assertTrue(misspelled.get(0).contains("GitHub knows no field reviewer"), misspelled.toString());
        var wrongType = GitHubApi.problems(call("PUT", "repos/o/r/environments/production",
                "{\"reviewers\": [{\"type\": \"Robot\", \"id\": 1}]}", 200, null));
        assertTrue(wrongType.get(0).contains("must be one of [\"User\",\"Team\"]"), wrongType.toString());
    }

    @Test
    void anAnswerWithAFieldGitHubDoesNotSendIsRefused() throws Exception {
        var problems = GitHubApi.problems(call("GET", "repos/o/r/actions/oidc/customization/sub", null, 200,
                "{\"use_default\": true, \"immutable\": true}"));
        assertEquals(List.of("GET repos/o/r/actions/oidc/customization/sub answer 200: GitHub knows no field immutable"), problems);
        var missing = GitHubApi.problems(call("GET", "repos/o/r/actions/oidc/customization/sub", null, 200,
                "{\"sub_claim_prefix\": \"repo:o@1/r@2\"}"));
        assertEquals(List.of("GET repos/o/r/actions/oidc/customization/sub answer 200: needs the field use_default"), missing);
        assertEquals(List.of(), GitHubApi.problems(call("GET", "repos/o/r/actions/oidc/customization/sub", null, 200,
                "{\"use_default\": true, \"use_immutable_subject\": false, \"sub_claim_prefix\": \"repo:o@1/r@2\"}")));
    }

    @Test
    void everyExampleTheStandInStartsFromFitsItsOwnSchema() throws Exception {
        for (String operation : List.of("GET /repos/{owner}/{repo}", "GET /users/{username}", "GET /orgs/{org}",
                "GET /orgs/{org}/teams/{team_slug}", "GET /repos/{owner}/{repo}/environments/{environment_name}",
                "GET /repos/{owner}/{repo}/commits/{ref}")) {
            String path = operation.substring(4).replaceAll("\\{[^}]+}", "x");
            var example = (com.fasterxml.jackson.databind.node.ObjectNode) GitHubApi.example(operation, 200);
            // The repository example is of a fork whose parent and source do not fit GitHub's own schema;
            // the stand-in's repositories are not forks on GitHub's side and leave them out too.
            if (operation.equals("GET /repos/{owner}/{repo}")) {
                example.remove(List.of("parent", "source", "organization", "template_repository"));
            }
            var problems = GitHubApi.problems(call("GET", path, null, 200, example.toString()));
            assertEquals(List.of(), problems, operation);
        }
    }
}
