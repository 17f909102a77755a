package org.acme.guestbook.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The hardening rules every workflow of this repository must follow, checked on the workflow's
 * text: a list of violations, empty when the workflow is fine.
 */
final class WorkflowRules {

    private static final Pattern USES = Pattern.compile("^\\s*(?:-\\s*)?uses:\\s*(\\S+)(.*)$", Pattern.MULTILINE);
    private static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w./-]+@[0-9a-f]{40}");
    private static final Pattern VERSION_COMMENT = Pattern.compile("\\s*#\\s*v\\d+(\\.\\d+)*\\s*");
    static final String AWS_ACTION = "aws-actions/configure-aws-credentials@";
    static final String DEPLOY_TO = "./.github/workflows/deploy-to.yml";
    static final String ATTEST_ACTION = "actions/attest@";
    /** Where GitHub offers artifact attestations: public repositories, and private ones that say so (Enterprise Cloud). */
    static final String ATTESTATIONS_OFFERED = "!github.event.repository.private || vars.ATTESTATIONS == 'true'";
    private static final List<String> ENVIRONMENTS = List.of("staging", "production");

    private WorkflowRules() {
    }

    @SuppressWarnings("unchecked")
    static List<String> check(String name, String text) {
        List<String> violations = new ArrayList<>();
        Matcher uses = USES.matcher(text);
        while (uses.find()) {
            String target = uses.group(1);
            if (target.startsWith("./")) {
                continue;
            }
            if (!PINNED.matcher(target).matches()) {
                violations.add(name + ": " + target + " is not pinned to a full commit SHA");
            } else if (!VERSION_COMMENT.matcher(uses.group(2)).matches()) {
                violations.add(name + ": " + target + " has no '# vX.Y.Z' comment naming its version");
            }
        }

        Map<String, Object> workflow = new Yaml().load(text);
        Object triggers = workflow.containsKey("on") ? workflow.get("on") : workflow.get(true);
        String triggerText = String.valueOf(triggers);
        for (String dangerous : List.of("pull_request_target", "workflow_run")) {
            if (triggerText.contains(dangerous)) {
                violations.add(name + ": the " + dangerous + " trigger runs with the base repository's rights");
            }
        }
        Object topPermissions = workflow.get("permissions");
        if (!(Map.of().equals(topPermissions) || Map.of("contents", "read").equals(topPermissions))) {
            violations.add(name + ": top-level permissions must be {} or contents: read, not " + topPermissions);
        }

        // A reusable workflow (only workflow_call) is serialized by the workflow that calls it.
        boolean reusable = triggers instanceof Map<?, ?> on && on.keySet().equals(java.util.Set.of("workflow_call"));
        var jobs = (Map<String, Map<String, Object>>) workflow.getOrDefault("jobs", Map.of());
        boolean environmentInput = reusable || environmentIsAChoiceOfKnownOnes(triggers);
        jobs.forEach((jobName, job) -> checkJob(name + " job " + jobName, job, topPermissions, environmentInput, violations));
        jobs.forEach((jobName, job) -> {
            if (indexOf(steps(job), ATTEST_ACTION) >= 0 && !uploadsThePackage(job)) {
                violations.add(name + " job " + jobName + ": attests, but only the package job attests what it built");
            }
            if (uploadsThePackage(job)) {
                checkPackageJob(name + " job " + jobName, jobName, job, violations);
            }
            if (runs(job, "make deploy")) {
                checkDeployJob(name + " job " + jobName, job, jobs, reusable, violations);
            }
            if (DEPLOY_TO.equals(job.get("uses"))) {
                checkDeployCall(name + " job " + jobName, job, jobs, violations);
            }
        });
        boolean credentials = jobs.values().stream().anyMatch(job -> assumesRole(job) || DEPLOY_TO.equals(job.get("uses")));
        var concurrency = workflow.get("concurrency") instanceof Map<?, ?> map ? map : Map.of();
        boolean destroys = jobs.values().stream().anyMatch(job -> runs(job, "make destroy"));
        String group = String.valueOf(concurrency.get("group"));
        if (credentials && !reusable && !Boolean.FALSE.equals(concurrency.get("cancel-in-progress"))) {
            violations.add(name + ": a workflow with AWS credentials runs one at a time, the whole workflow, and never "
                    + "cancels a running one (cancel-in-progress: false at the top)");
        }
        if (credentials && !reusable && !destroys && !group.equals("deploy-production")) {
            violations.add(name + ": the deploy workflow's concurrency group is deploy-production");
        }
        if (credentials && destroys && !group.equals("destroy-${{ inputs.environment }}")) {
            violations.add(name + ": a destroy has a group of its own per environment (destroy-${{ inputs.environment }}): "
                    + "in the deploy group a waiting destroy would cancel a waiting deploy");
        }
        return violations;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.getOrDefault("steps", List.of());
    }

    private static boolean assumesRole(Map<String, Object> job) {
        return steps(job).stream().anyMatch(step -> String.valueOf(step.get("uses")).startsWith(AWS_ACTION));
    }

    private static boolean runs(Map<String, Object> job, String command) {
        return steps(job).stream().anyMatch(step -> String.valueOf(step.get("run")).contains(command));
    }

    private static boolean uploadsThePackage(Map<String, Object> job) {
        return steps(job).stream().anyMatch(step -> String.valueOf(step.get("uses")).startsWith("actions/upload-artifact@")
                && String.valueOf(step.get("with")).contains("function.zip"));
    }

    private static int indexOf(List<Map<String, Object>> steps, String usesOrRun) {
        for (int i = 0; i < steps.size(); i++) {
            if (String.valueOf(steps.get(i).get("uses")).startsWith(usesOrRun)
                    || String.valueOf(steps.get(i).get("run")).contains(usesOrRun)) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static String packageJobNeeded(Map<String, Object> job, Map<String, Map<String, Object>> jobs) {
        List<String> needs = job.get("needs") instanceof List<?> list ? (List<String>) list : List.of(String.valueOf(job.get("needs")));
        return needs.stream().filter(n -> jobs.containsKey(n) && uploadsThePackage(jobs.get(n))).findFirst().orElse(null);
    }

    /** A call of deploy-to.yml names a known environment and passes the package job's SHA-256. */
    @SuppressWarnings("unchecked")
    private static void checkDeployCall(String where, Map<String, Object> job, Map<String, Map<String, Object>> jobs,
            List<String> violations) {
        var with = (Map<String, Object>) job.getOrDefault("with", Map.of());
        if (!ENVIRONMENTS.contains(String.valueOf(with.get("environment")))) {
            violations.add(where + ": deploys to " + with.get("environment") + ", not one of " + ENVIRONMENTS);
        }
        String packageJob = packageJobNeeded(job, jobs);
        if (packageJob == null || !("${{ needs." + packageJob + ".outputs.sha256 }}").equals(with.get("package-sha256"))) {
            violations.add(where + ": needs the package job and passes its sha256 output as package-sha256");
        }
    }

    /** The job whose package is deployed builds it from the sources alone and publishes its SHA-256. */
    @SuppressWarnings("unchecked")
    private static void checkPackageJob(String where, String jobName, Map<String, Object> job, List<String> violations) {
        for (var step : steps(job)) {
            Object run = step.get("run");
            if (run != null && !"make package".equals(String.valueOf(run).strip())) {
                violations.add(where + ": the package job runs only make package, not: " + String.valueOf(run).strip());
            }
            var with = (Map<String, Object>) step.getOrDefault("with", Map.of());
            if (String.valueOf(step.get("uses")).contains("/cache@") || with.containsKey("cache")) {
                violations.add(where + ": the package job restores no cache");
            }
            if (String.valueOf(step.get("uses")).startsWith("actions/upload-artifact@")
                    && !(with.get("retention-days") instanceof Number days && days.intValue() >= 30)) {
                violations.add(where + ": the package is kept at least 30 days (retention-days), as long as an approval may wait");
            }
        }
        int build = indexOf(steps(job), "make package");
        int attest = indexOf(steps(job), ATTEST_ACTION);
        if (attest < build || attest < 0) {
            violations.add(where + ": attests the package it built (" + ATTEST_ACTION + ", after make package)");
        } else {
            var step = steps(job).get(attest);
            var with = (Map<String, Object>) step.getOrDefault("with", Map.of());
            if (!"target/function.zip".equals(with.get("subject-path"))) {
                violations.add(where + ": the attestation's subject is target/function.zip, not " + with.get("subject-path"));
            }
            if (!("${{ " + ATTESTATIONS_OFFERED + " }}").equals(step.get("if"))) {
                violations.add(where + ": attests wherever GitHub offers attestations (if: ${{ " + ATTESTATIONS_OFFERED + " }})");
            }
        }
        Object id = build < 0 ? null : steps(job).get(build).get("id");
        var outputs = (Map<String, Object>) job.getOrDefault("outputs", Map.of());
        if (id == null || !("${{ steps." + id + ".outputs.sha256 }}").equals(outputs.get("sha256"))) {
            violations.add(where + ": the package job publishes the SHA-256 of make package as its output sha256");
        }
    }

    /** The deploy job deploys only the package that was built, only if its commit is still the newest. */
    @SuppressWarnings("unchecked")
    private static void checkDeployJob(String where, Map<String, Object> job, Map<String, Map<String, Object>> jobs,
            boolean reusable, List<String> violations) {
        var steps = steps(job);
        for (String build : List.of("mvnw", "make test", "make package")) {
            if (runs(job, build)) {
                violations.add(where + ": builds in the job that has credentials (" + build + ")");
            }
        }
        String packageJob = packageJobNeeded(job, jobs);
        if (packageJob == null && !reusable) {
            violations.add(where + ": needs the job that builds the package");
        }
        // The package job's output, directly or passed in by the calling workflow.
        String expectedDigest = reusable ? "inputs.package-sha256" : "needs." + packageJob + ".outputs.sha256";
        int download = indexOf(steps, "actions/download-artifact@");
        int check = indexOf(steps, "make check-package");
        int credentials = indexOf(steps, AWS_ACTION);
        int newest = indexOf(steps, "make check-newest");
        if (check < 0 || download > check || credentials < check
                || !String.valueOf(steps.get(check).get("env")).contains(expectedDigest)) {
            violations.add(where + ": checks the downloaded package against the package job's sha256 output "
                    + "(make check-package) before any AWS credentials");
        }
        int provenance = indexOf(steps, "make verify-package");
        String provenanceEnv = provenance < 0 ? "" : String.valueOf(steps.get(provenance).get("env"));
        if (provenance < 0 || provenance < check || provenance > credentials
                || !provenanceEnv.contains("ATTESTATIONS=${{ (" + ATTESTATIONS_OFFERED + ") && 'on' || 'off' }}")
                || !provenanceEnv.contains("SIGNER_WORKFLOW=${{ github.repository }}/.github/workflows/deploy.yml")) {
            violations.add(where + ": verifies the package's attestation (make verify-package, ATTESTATIONS on exactly where "
                    + "the package job attests, signed by deploy.yml) after make check-package and before any AWS credentials");
        }
        var permissions = job.get("permissions") instanceof Map<?, ?> map ? map : Map.of();
        if (!"read".equals(permissions.get("attestations"))) {
            violations.add(where + ": reads the attestation (attestations: read)");
        }
        int verify = indexOf(steps, "make verify-trust");
        int deploy = indexOf(steps, "make deploy");
        if (verify < 0 || verify < credentials || verify > deploy) {
            violations.add(where + ": asks IAM's policy simulator (make verify-trust) after the credentials and before make deploy");
        }
        if (newest < 0 || (download >= 0 && newest > download) || newest > credentials) {
            violations.add(where + ": checks that its commit is still the head of main (make check-newest) first");
        } else {
            String gate = "steps." + steps.get(newest).get("id") + ".outputs.newest == 'true'";
            for (var step : steps.subList(newest + 1, steps.size())) {
                if (!gate.equals(step.get("if"))) {
                    violations.add(where + ": a step after make check-newest runs only if: " + gate + " ("
                            + step.getOrDefault("name", step.get("uses")) + ")");
                }
            }
        }
    }

    /** A workflow_dispatch input "environment" that can only be one of the known environments. */
    @SuppressWarnings("unchecked")
    private static boolean environmentIsAChoiceOfKnownOnes(Object triggers) {
        if (!(triggers instanceof Map<?, ?> on) || !(on.get("workflow_dispatch") instanceof Map<?, ?> dispatch)
                || !(dispatch.get("inputs") instanceof Map<?, ?> inputs) || !(inputs.get("environment") instanceof Map<?, ?> input)) {
            return false;
        }
        return "choice".equals(input.get("type")) && input.get("options") instanceof List<?> options
                && ENVIRONMENTS.containsAll((List<String>) options);
    }

    @SuppressWarnings("unchecked")
    private static void checkJob(String where, Map<String, Object> job, Object topPermissions, boolean environmentInput,
            List<String> violations) {
        var permissions = job.containsKey("permissions") ? job.get("permissions") : topPermissions;
        var steps = (List<Map<String, Object>>) job.getOrDefault("steps", List.of());
        boolean assumesRole = steps.stream().anyMatch(step -> String.valueOf(step.get("uses")).startsWith(AWS_ACTION));
        boolean idToken = permissions instanceof Map<?, ?> map && "write".equals(map.get("id-token"));
        boolean attests = steps.stream().anyMatch(step -> String.valueOf(step.get("uses")).startsWith(ATTEST_ACTION));

        if (permissions instanceof String) {
            violations.add(where + ": permissions must be listed, not " + permissions);
        }
        if (permissions instanceof Map<?, ?> map) {
            map.forEach((scope, level) -> {
                if ("write".equals(level) && !"id-token".equals(scope) && !("attestations".equals(scope) && attests)) {
                    violations.add(where + ": needs no " + scope + ": write");
                }
            });
        }
        if (idToken && !assumesRole && !attests && !DEPLOY_TO.equals(job.get("uses"))) {
            violations.add(where + ": id-token: write on a job that assumes no role and attests nothing");
        }
        if (assumesRole) {
            if (!idToken) {
                violations.add(where + ": assumes a role without id-token: write");
            }
            Object environment = job.get("environment");
            String environmentName = environment instanceof Map<?, ?> env ? String.valueOf(env.get("name")) : String.valueOf(environment);
            boolean known = ENVIRONMENTS.contains(environmentName)
                    || (environmentInput && "${{ inputs.environment }}".equals(environmentName));
            if (!known) {
                violations.add(where + ": gets AWS credentials outside the staging and production environments ("
                        + environmentName + ")");
            }
        }

        for (var step : steps) {
            String uses = String.valueOf(step.get("uses"));
            var with = (Map<String, Object>) step.getOrDefault("with", Map.of());
            Object run = step.get("run");
            if (run != null && String.valueOf(run).contains("${{")) {
                violations.add(where + ": an expression inside run: (pass it through env:) in " + firstLine(run));
            }
            if (uses.startsWith("actions/checkout@") && !Boolean.FALSE.equals(with.get("persist-credentials"))) {
                violations.add(where + ": checkout without persist-credentials: false");
            }
            if (uses.startsWith(AWS_ACTION)) {
                if (!"${{ vars.AWS_ROLE_ARN }}".equals(with.get("role-to-assume"))) {
                    violations.add(where + ": role-to-assume must be ${{ vars.AWS_ROLE_ARN }}");
                }
                if (!"${{ vars.AWS_REGION }}".equals(with.get("aws-region"))) {
                    violations.add(where + ": aws-region must be ${{ vars.AWS_REGION }}");
                }
                if (!String.valueOf(with.get("role-session-name")).contains("${{ github.run_id }}")) {
                    violations.add(where + ": the role session name must carry the run ID");
                }
                if (!"${{ vars.AWS_ACCOUNT_ID }}".equals(with.get("allowed-account-ids"))) {
                    violations.add(where + ": allowed-account-ids must be ${{ vars.AWS_ACCOUNT_ID }} (the account of make bootstrap)");
                }
                if (!Boolean.TRUE.equals(with.get("mask-aws-account-id")) && !"true".equals(with.get("mask-aws-account-id"))) {
                    violations.add(where + ": mask-aws-account-id: true, so the account ID stays out of the log");
                }
                for (String forbidden : List.of("aws-access-key-id", "aws-secret-access-key", "aws-session-token")) {
                    if (with.containsKey(forbidden)) {
                        violations.add(where + ": stored AWS keys (" + forbidden + ")");
                    }
                }
            }
        }
    }

    private static String firstLine(Object run) {
        return String.valueOf(run).lines().filter(line -> line.contains("${{")).findFirst().orElse("").strip();
    }
}
