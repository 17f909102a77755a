package org.acme.guestbook.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.acme.guestbook.infra.IdentityPolicyEvaluator.Request;

/**
 * What IAM checks for each AWS CLI call the deploy scripts make: the actions, the resources'
 * ARNs and the condition keys of each API call the command sends. A call that is not listed
 * here is refused with an exception, so a new call in a script cannot slip past the
 * permission test unmapped.
 */
final class AwsCliCalls {

    private static final String REGION = RenderedTemplate.REGION;
    private static final String ACCOUNT = RenderedTemplate.ACCOUNT;
    // The options `cloudformation deploy` is known to be used with; any other changes its calls.
    private static final Set<String> DEPLOY_OPTIONS = Set.of("--stack-name", "--template-file", "--role-arn",
            "--capabilities", "--no-fail-on-empty-changeset", "--parameter-overrides");

    private AwsCliCalls() {
    }

    /**
     * The IAM requests of one recorded call (its arguments after "aws") of the deploy path of these
     * stacks: a call on the app's distribution carries the tags infra/app.yaml gives it.
     */
    static List<Request> requests(Stacks stacks, List<String> call) {
        List<String> args = withoutGlobalOptions(call);
        String command = args.size() < 2 ? String.join(" ", args) : args.get(0) + " " + args.get(1);
        switch (command) {
            case "cloudformation describe-stacks":
                return List.of(Request.of("cloudformation:DescribeStacks", stack(option(args, "--stack-name"))));
            case "cloudformation describe-stack-events":
                return List.of(Request.of("cloudformation:DescribeStackEvents", stack(option(args, "--stack-name"))));
            case "cloudformation list-stack-resources":
                return List.of(Request.of("cloudformation:ListStackResources", stack(option(args, "--stack-name"))));
            case "cloudformation package":
                // awscli's artifact exporter uploads only properties that name a local file and leaves a
                // dict (the Function's Code: S3Bucket, S3Key) alone, so for infra/app.yaml it sends no
                // request (customizations/cloudformation/artifact_exporter.py, Resource.export); the
                // stand-in runs the real CLI against an S3 endpoint nobody listens on, so an upload would fail.
                return List.of();
            case "cloudformation deploy":
                return deploy(args);
            case "cloudformation delete-stack":
                // The stack keeps the execution role it was created with; deleting needs no iam:PassRole
                // (AWS: a stack's service role can be used by anyone allowed to operate on the stack).
                return List.of(Request.of("cloudformation:DeleteStack", stack(option(args, "--stack-name"))));
            case "cloudformation wait":
                // Each waiter polls one describe call: the change set's, or the stack's.
                return List.of(Request.of(args.get(2).startsWith("change-set-") ? "cloudformation:DescribeChangeSet"
                        : "cloudformation:DescribeStacks", stack(option(args, "--stack-name"))));
            case "cloudformation create-change-set": {
                // make rollback: the stack's own template again, run as the execution role.
                String role = option(args, "--role-arn");
                return List.of(new Request("cloudformation:CreateChangeSet", stack(option(args, "--stack-name")),
                        Map.of("cloudformation:RoleArn", List.of(role), "cloudformation:ChangeSetName",
                                List.of(option(args, "--change-set-name")))),
                        new Request("iam:PassRole", role, Map.of("iam:PassedToService", List.of("cloudformation.amazonaws.com"))));
            }
            case "cloudformation execute-change-set":
                return List.of(Request.of("cloudformation:ExecuteChangeSet", stack(option(args, "--stack-name"))));
            case "iam simulate-principal-policy":
                return List.of(Request.of("iam:SimulatePrincipalPolicy", option(args, "--policy-source-arn")));
            case "s3api head-object":
                // HeadObject is authorized as GetObject; without ListBucket S3 answers 403 instead of 404 for
                // a missing key, and deploy.sh could not tell "not uploaded yet" from "forbidden".
                return List.of(Request.of("s3:GetObject", object(args)), Request.of("s3:ListBucket", bucket(args)));
            case "s3api put-object":
                return List.of(Request.of("s3:PutObject", object(args)));
            case "s3api put-object-tagging":
                return List.of(Request.of("s3:PutObjectTagging", object(args)));
            case "s3api list-objects-v2":
                return List.of(Request.of("s3:ListBucket", bucket(args)));
            case "s3api delete-object":
                return List.of(Request.of("s3:DeleteObject", object(args)));
            case "s3api get-object":
                return List.of(Request.of("s3:GetObject", object(args)));
            case "s3 rm":
                return s3Remove(args);
            case "lambda invoke":
                // Invoke of a version: the version's ARN (granted with the function's and its versions' ARNs,
                // since which of the two IAM evaluates is not in the reference data).
                return List.of(Request.of("lambda:InvokeFunction", function(args) + ":" + option(args, "--qualifier")));
            case "lambda list-versions-by-function":
                return List.of(Request.of("lambda:ListVersionsByFunction", function(args)));
            case "lambda delete-function":
                return List.of(Request.of("lambda:DeleteFunction", function(args) + ":" + option(args, "--qualifier")));
            case "cloudfront create-invalidation":
                return List.of(new Request("cloudfront:CreateInvalidation",
                        "arn:aws:cloudfront::" + ACCOUNT + ":distribution/" + option(args, "--distribution-id"),
                        TemplateResourceArns.conditionKeys("AWS::CloudFront::Distribution", stacks.app.properties("Distribution"),
                                TemplateResourceArns.Phase.EXISTING)));
            default:
                throw new IllegalArgumentException("No IAM mapping for the call 'aws " + String.join(" ", call)
                        + "': add it to AwsCliCalls with the actions AWS checks for it");
        }
    }

    /**
     * aws cloudformation deploy (awscli's deployer): DescribeStacks to see whether the stack exists,
     * GetTemplateSummary for an update, CreateChangeSet with the execution role (so iam:PassRole of
     * that role to CloudFormation), DescribeChangeSet while waiting, ExecuteChangeSet, and
     * DescribeStacks while waiting for the stack.
     */
    private static List<Request> deploy(List<String> args) {
        for (String arg : args.subList(2, args.size())) {
            if (arg.startsWith("--") && !DEPLOY_OPTIONS.contains(arg)) {
                throw new IllegalArgumentException("cloudformation deploy with " + arg + " makes other calls (an upload to S3, "
                        + "notifications, tags...): map them in AwsCliCalls first");
            }
        }
        String stack = stack(option(args, "--stack-name"));
        String role = option(args, "--role-arn");
        List<Request> requests = new ArrayList<>();
        requests.add(Request.of("cloudformation:DescribeStacks", stack));
        requests.add(Request.of("cloudformation:GetTemplateSummary", stack));
        requests.add(new Request("cloudformation:CreateChangeSet", stack, Map.of("cloudformation:RoleArn", List.of(role),
                "cloudformation:ChangeSetName", List.of("awscli-cloudformation-package-deploy-1764410000"))));
        requests.add(new Request("iam:PassRole", role, Map.of("iam:PassedToService", List.of("cloudformation.amazonaws.com"))));
        requests.add(Request.of("cloudformation:DescribeChangeSet", stack));
        requests.add(Request.of("cloudformation:ExecuteChangeSet", stack));
        return requests;
    }

    /** aws s3 rm s3://BUCKET --recursive: lists the bucket, then deletes each object. */
    private static List<Request> s3Remove(List<String> args) {
        String target = args.get(2);
        if (!target.startsWith("s3://") || target.substring(5).contains("/") || !args.contains("--recursive")) {
            throw new IllegalArgumentException("Only 'aws s3 rm s3://BUCKET --recursive' is mapped: " + args);
        }
        String bucket = "arn:aws:s3:::" + target.substring(5);
        return List.of(Request.of("s3:ListBucket", bucket), Request.of("s3:DeleteObject", bucket + "/messages/any-key"));
    }

    private static String function(List<String> args) {
        return "arn:aws:lambda:" + RenderedTemplate.REGION + ":" + ACCOUNT + ":function:" + option(args, "--function-name");
    }

    private static String stack(String name) {
        return Stacks.stackArn(name);
    }

    private static String bucket(List<String> args) {
        return "arn:aws:s3:::" + option(args, "--bucket");
    }

    private static String object(List<String> args) {
        return bucket(args) + "/" + option(args, "--key");
    }

    private static String option(List<String> args, String name) {
        int index = args.indexOf(name);
        if (index < 0 || index + 1 >= args.size()) {
            throw new IllegalArgumentException("No " + name + " in 'aws " + String.join(" ", args) + "'");
        }
        return args.get(index + 1);
    }

    /** --region and --output change no permission; --endpoint-url would mean another server, not AWS. */
    private static List<String> withoutGlobalOptions(List<String> call) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < call.size(); i++) {
            if (call.get(i).equals("--region")) {
                i++;
            } else if (call.get(i).equals("--endpoint-url")) {
                throw new IllegalArgumentException("A call to another endpoint is not a call to AWS: " + call);
            } else {
                args.add(call.get(i));
            }
        }
        return args;
    }
}
