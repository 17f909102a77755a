package org.acme.guestbook.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation template resolved for given parameter values, the way CloudFormation would:
 * parameters are checked against AllowedPattern and AllowedValues, Rules are asserted,
 * conditions decide which resources and values exist, and the intrinsic functions the
 * templates use (Ref, Sub, GetAtt, If, Join, Select, Split, FindInMap, Equals, Not, And, Or,
 * Condition, pseudo parameters) are evaluated. What only AWS knows after creation (a
 * distribution's ID, say) stays a placeholder such as {@code <Distribution>} or
 * {@code <Distribution.DomainName>}.
 */
final class RenderedTemplate {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final Map<String, Object> template;
    private String stackName = "<stack-name>";
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<String, Boolean> conditions = new HashMap<>();
    final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
    final Map<String, Object> outputs = new LinkedHashMap<>();

    private RenderedTemplate(Map<String, Object> template) {
        this.template = template;
    }

    static Map<String, Object> raw(Path file) {
        return CloudFormationYaml.load(file);
    }

    /** Renders the template; throws IllegalArgumentException where CloudFormation would refuse the parameters. */
    static RenderedTemplate render(Path file, Map<String, String> given) {
        return render(file, given, "<stack-name>");
    }

    /** Renders the template as the stack of the given name (AWS::StackName). */
    @SuppressWarnings("unchecked")
    static RenderedTemplate render(Path file, Map<String, String> given, String stackName) {
        var rendered = new RenderedTemplate(CloudFormationYaml.load(file));
        rendered.stackName = stackName;
        rendered.resolveParameters(given);
        rendered.checkRules();
        var resources = (Map<String, Map<String, Object>>) rendered.template.get("Resources");
        resources.forEach((name, resource) -> {
            if (resource.containsKey("Condition") && !rendered.condition((String) resource.get("Condition"))) {
                return;
            }
            var copy = new LinkedHashMap<String, Object>();
            copy.put("Type", resource.get("Type"));
            for (String attribute : List.of("Properties", "UpdatePolicy", "DeletionPolicy", "UpdateReplacePolicy", "DependsOn")) {
                if (resource.containsKey(attribute)) {
                    copy.put(attribute, rendered.resolve(resource.get(attribute)));
                }
            }
            rendered.resources.put(name, copy);
        });
        var outputs = (Map<String, Map<String, Object>>) rendered.template.getOrDefault("Outputs", Map.of());
        outputs.forEach((name, output) -> {
            if (!output.containsKey("Condition") || rendered.condition((String) output.get("Condition"))) {
                rendered.outputs.put(name, rendered.resolve(output.get("Value")));
            }
        });
        return rendered;
    }

    Map<String, Object> properties(String resource) {
        var found = resources.get(resource);
        if (found == null) {
            throw new AssertionError("No resource " + resource + " in the rendered template");
        }
        return propertiesOf(found);
    }

    List<String> resourcesOfType(String type) {
        return resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type"))).map(Map.Entry::getKey)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private void resolveParameters(Map<String, String> given) {
        var declared = (Map<String, Map<String, Object>>) template.getOrDefault("Parameters", Map.of());
        for (String name : given.keySet()) {
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException("Unknown parameter " + name);
            }
        }
        declared.forEach((name, spec) -> {
            String value = given.containsKey(name) ? given.get(name)
                    : spec.containsKey("Default") ? String.valueOf(spec.get("Default")) : null;
            if (value == null) {
                throw new IllegalArgumentException("Parameter " + name + " has no value");
            }
            if (spec.containsKey("AllowedPattern") && !Pattern.matches((String) spec.get("AllowedPattern"), value)) {
                throw new IllegalArgumentException("Parameter " + name + " does not match its AllowedPattern: " + value);
            }
            if (spec.containsKey("AllowedValues")
                    && ((List<Object>) spec.get("AllowedValues")).stream().map(String::valueOf).noneMatch(value::equals)) {
                throw new IllegalArgumentException("Parameter " + name + " is not one of its AllowedValues: " + value);
            }
            parameters.put(name, value);
        });
    }

    @SuppressWarnings("unchecked")
    private void checkRules() {
        var rules = (Map<String, Map<String, Object>>) template.getOrDefault("Rules", Map.of());
        rules.forEach((name, rule) -> {
            if (rule.containsKey("RuleCondition") && !(Boolean) resolve(rule.get("RuleCondition"))) {
                return;
            }
            for (var assertion : (List<Map<String, Object>>) rule.get("Assertions")) {
                if (!(Boolean) resolve(assertion.get("Assert"))) {
                    throw new IllegalArgumentException("Rule " + name + ": " + assertion.get("AssertDescription"));
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known == null) {
            var declared = (Map<String, Object>) template.getOrDefault("Conditions", Map.of());
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException("Unknown condition " + name);
            }
            known = (Boolean) resolve(declared.get(name));
            conditions.put(name, known);
        }
        return known;
    }

    @SuppressWarnings("unchecked")
    private Object resolve(Object node) {
        if (node instanceof List<?> list) {
            var result = new ArrayList<>();
            for (Object item : list) {
                Object value = resolve(item);
                if (value != NO_VALUE) {
                    result.add(value);
                }
            }
            return result;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        if (map.size() == 1) {
            String key = (String) map.keySet().iterator().next();
            Object argument = map.get(key);
            if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                return function(key, argument);
            }
        }
        var result = new LinkedHashMap<String, Object>();
        ((Map<String, Object>) map).forEach((key, value) -> {
            Object resolved = resolve(value);
            if (resolved != NO_VALUE) {
                result.put(key, resolved);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private Object function(String name, Object argument) {
        switch (name) {
            case "Ref":
                return ref((String) argument);
            case "Condition":
                return condition((String) argument);
            case "Fn::GetAtt": {
                List<String> parts = (List<String>) resolve(argument);
                return getAtt(parts.get(0), parts.get(1));
            }
            case "Fn::Sub":
                return sub(argument);
            case "Fn::If": {
                List<Object> args = (List<Object>) argument;
                return condition((String) args.get(0)) ? resolve(args.get(1)) : resolve(args.get(2));
            }
            case "Fn::Join": {
                List<Object> args = (List<Object>) argument;
                List<Object> items = (List<Object>) resolve(args.get(1));
                return String.join((String) args.get(0), items.stream().map(String::valueOf).toList());
            }
            case "Fn::Select": {
                List<Object> args = (List<Object>) argument;
                int index = Integer.parseInt(String.valueOf(resolve(args.get(0))));
                return ((List<Object>) resolve(args.get(1))).get(index);
            }
            case "Fn::Split": {
                List<Object> args = (List<Object>) argument;
                String text = String.valueOf(resolve(args.get(1)));
                return List.of(text.split(Pattern.quote((String) args.get(0)), -1));
            }
            case "Fn::FindInMap": {
                List<Object> args = (List<Object>) resolve(argument);
                var mappings = (Map<String, Map<String, Map<String, Object>>>) template.get("Mappings");
                return mappings.get(args.get(0)).get(args.get(1)).get(args.get(2));
            }
            case "Fn::Equals": {
                List<Object> args = (List<Object>) resolve(argument);
                return String.valueOf(args.get(0)).equals(String.valueOf(args.get(1)));
            }
            case "Fn::Not":
                return !(Boolean) ((List<Object>) resolve(argument)).get(0);
            case "Fn::And":
                return ((List<Object>) resolve(argument)).stream().allMatch(Boolean.TRUE::equals);
            case "Fn::Or":
                return ((List<Object>) resolve(argument)).stream().anyMatch(Boolean.TRUE::equals);
            default:
                throw new IllegalArgumentException("Intrinsic function not supported by this renderer: " + name);
        }
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Region":
                return REGION;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return stackName;
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        var resource = declaredResource(name, "Ref to unknown name ");
        var properties = propertiesOf(resource);
        switch ((String) resource.get("Type")) {
            case "AWS::IAM::OIDCProvider":
                return "arn:aws:iam::" + ACCOUNT + ":oidc-provider/"
                        + String.valueOf(resolve(properties.get("Url"))).replaceFirst("^https://", "");
            case "AWS::S3::Bucket":
                return properties.containsKey("BucketName") ? resolve(properties.get("BucketName")) : "<" + name + ">";
            case "AWS::Lambda::Function":
                return properties.containsKey("FunctionName") ? resolve(properties.get("FunctionName")) : "<" + name + ">";
            case "AWS::Lambda::Alias":
                return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + resolve(properties.get("FunctionName"))
                        + ":" + resolve(properties.get("Name"));
            case "AWS::Logs::LogGroup":
                return resolve(properties.get("LogGroupName"));
            case "AWS::CodeDeploy::Application":
                return resolve(properties.get("ApplicationName"));
            case "AWS::CodeDeploy::DeploymentGroup":
                return resolve(properties.get("DeploymentGroupName"));
            case "AWS::CloudWatch::Alarm":
                return resolve(properties.get("AlarmName"));
            default:
                return "<" + name + ">";
        }
    }

    /** The template's resource of that logical name; an unknown one is an error that says how it was named. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> declaredResource(String name, String unknown) {
        var declared = (Map<String, Map<String, Object>>) template.get("Resources");
        var resource = declared.get(name);
        if (resource == null) {
            throw new IllegalArgumentException(unknown + name);
        }
        return resource;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> propertiesOf(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    private Object getAtt(String resource, String attribute) {
        var found = declaredResource(resource, "GetAtt of unknown resource ");
        var properties = propertiesOf(found);
        String type = (String) found.get("Type");
        if (attribute.equals("Arn")) {
            switch (type) {
                case "AWS::S3::Bucket":
                    return "arn:aws:s3:::" + ref(resource);
                case "AWS::IAM::Role":
                    return "arn:aws:iam::" + ACCOUNT + ":role/" + resolve(properties.get("RoleName"));
                case "AWS::Logs::LogGroup":
                    return "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + ref(resource) + ":*";
                case "AWS::Lambda::Function":
                    return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + ref(resource);
                default:
                    break;
            }
        }
        if (type.equals("AWS::Lambda::Url") && attribute.equals("FunctionUrl")) {
            return "https://<" + resource + ">.lambda-url." + REGION + ".on.aws/";
        }
        return "<" + resource + "." + attribute + ">";
    }

    @SuppressWarnings("unchecked")
    private Object sub(Object argument) {
        String text;
        Map<String, Object> variables = new HashMap<>();
        if (argument instanceof List<?> list) {
            text = (String) list.get(0);
            ((Map<String, Object>) list.get(1)).forEach((key, value) -> variables.put(key, resolve(value)));
        } else {
            text = (String) argument;
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        var result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            String variable = matcher.group(2);
            if (!matcher.group(1).isEmpty()) {
                replacement = "${" + variable + "}";
            } else if (variables.containsKey(variable)) {
                replacement = String.valueOf(variables.get(variable));
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                replacement = String.valueOf(getAtt(variable.substring(0, dot), variable.substring(dot + 1)));
            } else {
                replacement = String.valueOf(ref(variable));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
