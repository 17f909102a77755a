#!/usr/bin/env python3
"""make refresh-github-api: copies, from GitHub's own OpenAPI description of its REST API (the npm
package @octokit/openapi, generated/api.github.com.json), the operations the scripts call into
src/test/resources/github-api/operations.json: each with its path template, method, request body
schema and response schemas ($refs resolved), and the example GitHub gives. The stand-in gh of the
script tests is checked against it, so a path, a method, a request field or a response field that
GitHub does not have cannot be relied on by accident. A required field that GitHub's own example
leaves out is added to the example with a placeholder of its type.

Usage: refresh-github-api.py PATH/TO/api.github.com.json PACKAGE_VERSION > operations.json"""
import json
import sys

# (method, path) of every REST call in infra/scripts/ (GitHubApiTest fails on a call not listed here).
OPERATIONS = [
    ("get", "/repos/{owner}/{repo}"),
    ("get", "/repos/{owner}/{repo}/actions/oidc/customization/sub"),
    ("get", "/repos/{owner}/{repo}/commits/{ref}"),
    ("get", "/repos/{owner}/{repo}/environments/{environment_name}"),
    ("put", "/repos/{owner}/{repo}/environments/{environment_name}"),
    ("get", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies"),
    ("post", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies"),
    ("delete", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}"),
    ("get", "/users/{username}"),
    ("get", "/user"),
    ("get", "/orgs/{org}"),
    ("get", "/orgs/{org}/teams/{team_slug}"),
]
MAX_DEPTH = 6


def resolve(node, spec, depth=0, names=False):
    """The schema with every $ref replaced by what it names, down to MAX_DEPTH levels; prose left out
    (names: the node is a map of property names, whose keys are kept whatever they are)."""
    if isinstance(node, dict):
        if "$ref" in node and not names:
            if depth >= MAX_DEPTH:
                return {}
            target = spec
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            return resolve(target, spec, depth + 1)
        return {key: resolve(value, spec, depth, names=(key == "properties" and not names))
                for key, value in node.items()
                if names or key not in ("description", "x-github", "externalDocs", "title")}
    if isinstance(node, list):
        return [resolve(item, spec, depth) for item in node]
    return node


def placeholder(schema):
    """A value of the schema's type, for a required field GitHub's own example leaves out."""
    if schema.get("nullable"):
        return None
    for combination in ("anyOf", "oneOf", "allOf"):
        if schema.get(combination):
            return placeholder(schema[combination][0])
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    return {"string": "", "integer": 0, "number": 0, "boolean": False, "array": []}.get(kind, {}) \
        if kind != "object" else complete({}, schema)


def complete(example, schema):
    """The example with every required field its schema names (GitHub's examples leave some out)."""
    if isinstance(example, dict) and schema.get("type") == "object":
        for name in schema.get("required", []):
            if name not in example:
                example[name] = placeholder(schema.get("properties", {}).get(name, {}))
        for name, value in example.items():
            if name in schema.get("properties", {}):
                complete(value, schema["properties"][name])
    elif isinstance(example, list) and schema.get("type") == "array":
        for item in example:
            complete(item, schema.get("items", {}))
    elif (schema.get("anyOf") or schema.get("oneOf")) and isinstance(example, dict):
        # The alternative the example follows: the one whose properties share most of its field names.
        alternatives = schema.get("anyOf") or schema.get("oneOf")
        best = max(alternatives, key=lambda alt: len(set(alt.get("properties", {})) & set(example))
                   - len(set(example) - set(alt.get("properties", {}))))
        complete(example, best)
    return example


def main():
    spec = json.load(open(sys.argv[1]))
    out = {}
    for method, path in OPERATIONS:
        operation = spec["paths"][path][method]
        entry = {"operationId": operation["operationId"], "responses": {}}
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            entry["requestBody"] = resolve(body["schema"], spec)
        for status, response in operation["responses"].items():
            response = resolve(response, spec)
            content = response.get("content", {}).get("application/json", {})
            example = next(iter(content.get("examples", {}).values()), {}).get("value")
            if content.get("schema") and example is not None:
                example = complete(example, content["schema"])
            entry["responses"][status] = {"schema": content.get("schema"), "example": example}
        out[method.upper() + " " + path] = entry
    json.dump({"source": "@octokit/openapi %s, generated/api.github.com.json" % sys.argv[2], "operations": out},
              sys.stdout, separators=(",", ":"), sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
