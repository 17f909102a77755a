package org.acme.guestbook.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ARNs a CloudFormation handler's calls act on for one resource of a rendered template: the
 * resource's own ARN, and the ARNs of what its properties point at (the function's role and code
 * object, the alias a permission is for). What only AWS knows after creation (a distribution's
 * ID) stays the placeholder, such as {@code distribution/<Distribution>}. And the condition keys
 * those calls carry.
 */
final class TemplateResourceArns {

    private static final String REGION = RenderedTemplate.REGION;
    private static final String ACCOUNT = RenderedTemplate.ACCOUNT;

    private TemplateResourceArns() {
    }

    @SuppressWarnings("unchecked")
    static List<String> of(RenderedTemplate template, String logicalId) {
        Map<String, Object> properties = template.properties(logicalId);
        String type = (String) template.resources.get(logicalId).get("Type");
        List<String> arns = new ArrayList<>();
        switch (type) {
            case "AWS::S3::Bucket" -> arns.add("arn:aws:s3:::" + properties.get("BucketName"));
            case "AWS::S3::BucketPolicy" -> arns.add("arn:aws:s3:::" + properties.get("Bucket"));
            case "AWS::Logs::LogGroup" -> {
                // IAM knows a log group both as log-group:NAME and, as CloudFormation reports it, log-group:NAME:*.
                String group = "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + properties.get("LogGroupName");
                arns.add(group);
                arns.add(group + ":*");
            }
            case "AWS::Lambda::Function" -> {
                arns.add(function(properties.get("FunctionName")));
                arns.add(String.valueOf(properties.get("Role")));
                var code = (Map<String, Object>) properties.get("Code");
                arns.add("arn:aws:s3:::" + code.get("S3Bucket") + "/" + code.get("S3Key"));
            }
            case "AWS::Lambda::Version" -> {
                arns.add(function(properties.get("FunctionName")));
                arns.add(function(properties.get("FunctionName")) + ":1");
            }
            case "AWS::Lambda::Alias" -> {
                arns.add(function(properties.get("FunctionName")));
                arns.add(function(properties.get("FunctionName")) + ":" + properties.get("Name"));
                // Under CodeDeployLambdaAliasUpdate, an update is a deployment of that group, with its configuration.
                var release = (Map<String, Object>) ((Map<String, Object>) template.resources.get(logicalId)
                        .getOrDefault("UpdatePolicy", Map.of())).get("CodeDeployLambdaAliasUpdate");
                if (release != null) {
                    String group = String.valueOf(release.get("DeploymentGroupName"));
                    arns.addAll(of(template, logicalIdOf(template, "AWS::CodeDeploy::DeploymentGroup", group)));
                }
            }
            case "AWS::CodeDeploy::Application" -> arns.add(codeDeploy("application", properties.get("ApplicationName")));
            case "AWS::CodeDeploy::DeploymentGroup" -> {
                arns.add(codeDeploy("deploymentgroup", properties.get("ApplicationName") + "/" + properties.get("DeploymentGroupName")));
                arns.add(codeDeploy("application", properties.get("ApplicationName")));
                arns.add(codeDeploy("deploymentconfig", properties.get("DeploymentConfigName")));
                arns.add(String.valueOf(properties.get("ServiceRoleArn")));
            }
            case "AWS::Lambda::Url" -> arns.add(function(properties.get("TargetFunctionArn")));
            case "AWS::Lambda::Permission" -> arns.add(function(properties.get("FunctionName")));
            case "AWS::CloudFront::Distribution" -> arns.add(cloudFront("distribution", logicalId));
            case "AWS::CloudFront::OriginAccessControl" -> arns.add(cloudFront("origin-access-control", logicalId));
            case "AWS::CloudFront::ResponseHeadersPolicy" -> arns.add(cloudFront("response-headers-policy", logicalId));
            case "AWS::CloudWatch::Alarm" -> arns.add("arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:"
                    + properties.get("AlarmName"));
            case "AWS::SNS::Topic" -> arns.add("arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + properties.get("TopicName"));
            default -> throw new AssertionError("No ARNs known for " + type + " (" + logicalId
                    + "): add the type to TemplateResourceArns");
        }
        return arns;
    }

    private static String codeDeploy(String type, Object name) {
        return "arn:aws:codedeploy:" + REGION + ":" + ACCOUNT + ":" + type + ":" + name;
    }

    /** The resource of a type whose Ref (its name) is the given one. */
    private static String logicalIdOf(RenderedTemplate template, String type, String name) {
        for (String id : template.resources.keySet()) {
            if (type.equals(template.resources.get(id).get("Type"))
                    && name.equals(String.valueOf(template.properties(id).get("DeploymentGroupName")))) {
                return id;
            }
        }
        throw new AssertionError("no " + type + " named " + name);
    }

    /** When a handler's call is made: tags are in the request on create, on the resource from then on. */
    enum Phase {
        /** The resource does not exist yet: its tags are request tags only (aws:RequestTag, aws:TagKeys), never aws:ResourceTag. */
        CREATE,
        /** It exists with its tags, and an update may send tags again (TagResource). */
        UPDATE,
        /** It exists with its tags; nothing is tagged (read and delete). */
        EXISTING;

        static Phase ofHandler(String handler) {
            return switch (handler) {
                case "create" -> CREATE;
                case "update" -> UPDATE;
                default -> EXISTING;
            };
        }
    }

    /**
     * The condition keys of a handler's calls for one resource, as IAM sees them in that phase:
     * the service a passed role goes to (lambda.amazonaws.com for a function's role), and the
     * resource's tags - sent with a create (request tags, the resource has none yet), carried by
     * the resource afterwards, and sent again by an update's tag call.
     */
    @SuppressWarnings("unchecked")
    static Map<String, List<String>> conditionKeys(String type, Map<String, Object> properties, Phase phase) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        context.put("iam:PassedToService", List.of(type.split("::")[1].toLowerCase(Locale.ROOT) + ".amazonaws.com"));
        List<String> keys = new ArrayList<>();
        for (Object raw : (List<Object>) properties.getOrDefault("Tags", List.of())) {
            var tag = (Map<String, Object>) raw;
            keys.add(String.valueOf(tag.get("Key")));
            if (phase != Phase.CREATE) {
                context.put("aws:ResourceTag/" + tag.get("Key"), List.of(String.valueOf(tag.get("Value"))));
            }
            if (phase != Phase.EXISTING) {
                context.put("aws:RequestTag/" + tag.get("Key"), List.of(String.valueOf(tag.get("Value"))));
            }
        }
        if (!keys.isEmpty() && phase != Phase.EXISTING) {
            context.put("aws:TagKeys", keys);
        }
        // What an alarm does when it fires, as PutMetricAlarm sends it.
        if (properties.get("AlarmActions") instanceof List<?> actions) {
            context.put("cloudwatch:AlarmActions", actions.stream().map(String::valueOf).toList());
        }
        // An email subscription of a topic, as Subscribe sends it.
        for (Object raw : (List<Object>) properties.getOrDefault("Subscription", List.of())) {
            var subscription = (Map<String, Object>) raw;
            context.put("sns:Protocol", List.of(String.valueOf(subscription.get("Protocol"))));
            context.put("sns:Endpoint", List.of(String.valueOf(subscription.get("Endpoint"))));
        }
        return context;
    }

    /** A Lambda function name or ARN (possibly qualified) as an ARN. */
    private static String function(Object nameOrArn) {
        String value = String.valueOf(nameOrArn);
        return value.startsWith("arn:") ? value : "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + value;
    }

    private static String cloudFront(String type, String logicalId) {
        return "arn:aws:cloudfront::" + ACCOUNT + ":" + type + "/<" + logicalId + ">";
    }
}
