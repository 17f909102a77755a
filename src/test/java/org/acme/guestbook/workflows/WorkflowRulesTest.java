package org.acme.guestbook.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** The workflows as written, against the hardening rules, and what each workflow must do. */
class WorkflowRulesTest {

    private static final Path DIR = Path.of(".github/workflows");

    private static String read(String file) throws Exception {
        return Files.readString(DIR.resolve(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> job(String file, String job) throws Exception {
        Map<String, Object> workflow = new Yaml().load(read(file));
        return ((Map<String, Map<String, Object>>) workflow.get("jobs")).get(job);
    }

    @SuppressWarnings("unchecked")
    private static Object triggers(String file) throws Exception {
        Map<String, Object> workflow = new Yaml().load(read(file));
        return workflow.containsKey("on") ? workflow.get("on") : workflow.get(true);
    }

    @SuppressWarnings("unchecked")
    private static String steps(String file, String job) throws Exception {
        return String.valueOf(job(file, job).get("steps"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ci.yml", "deploy.yml", "deploy-to.yml", "destroy.yml", "rollback.yml" })
    void followsEveryHardeningRule(String file) throws Exception {
        assertEquals(List.of(), WorkflowRules.check(file, read(file)));
    }

    @Test
    void thereAreNoOtherWorkflows() throws Exception {
        try (var files = Files.list(DIR)) {
            assertEquals(List.of("ci.yml", "deploy-to.yml", "deploy.yml", "destroy.yml", "rollback.yml"),
                    files.map(file -> file.getFileName().toString()).sorted().toList());
        }
    }

    /** A rule that cannot fail proves nothing: each typical mistake must be caught. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unpinned action         | deploy.yml    | actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1 | actions/checkout@v7",
            "a pin without its version  | deploy-to.yml | actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1 | actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
            "write-all permissions      | deploy.yml    | 'permissions: {}'                                                 | 'permissions: write-all'",
            "id-token on the tests      | ci.yml        | '    timeout-minutes: 30\n'                                         | '    timeout-minutes: 30\n    permissions:\n      id-token: write\n'",
            "an untrusted expression    | deploy-to.yml | run: make deploy                                                   | 'run: echo ${{ github.event.head_commit.message }}'",
            "a cancelled deploy         | deploy.yml    | cancel-in-progress: false                                          | cancel-in-progress: true",
            "another environment        | deploy-to.yml | '      name: ${{ inputs.environment }}\n      url:'               | '      name: preview\n      url:'",
            "an environment by hand     | destroy.yml   | 'options: [production, staging]'                                   | 'options: [production, staging, sandbox]'",
            "a role from a literal      | deploy-to.yml | 'role-to-assume: ${{ vars.AWS_ROLE_ARN }}'                         | 'role-to-assume: arn:aws:iam::123456789012:role/x'",
            "stored keys                | deploy-to.yml | 'aws-region: ${{ vars.AWS_REGION }}'                               | 'aws-region: ${{ vars.AWS_REGION }}\n          aws-access-key-id: AKIAEXAMPLE'",
            "checkout keeping its token | deploy-to.yml | persist-credentials: false                                         | persist-credentials: true",
            "a pull_request_target      | deploy.yml    | '  workflow_dispatch:'                                             | '  workflow_dispatch:\n  pull_request_target:'",
            "a destroy beside a deploy  | destroy.yml   | '  group: destroy-${{ inputs.environment }}'                       | '  group: deploy-production'",
            "one destroy group for all  | destroy.yml   | '  group: destroy-${{ inputs.environment }}'                       | '  group: destroy'",
            "any account                | deploy-to.yml | '          allowed-account-ids: ${{ vars.AWS_ACCOUNT_ID }}\n'      | ''",
            "the account ID in the log  | destroy.yml   | '          mask-aws-account-id: true'                              | '          mask-aws-account-id: false'",
            "a package gone in a week   | deploy.yml    | 'retention-days: 30'                                               | 'retention-days: 7'",
    })
    void breakingARuleTurnsRed(String mistake, String file, String original, String broken) throws Exception {
        String text = read(file);
        String from = original.replace("\\n", "\n");
        assertTrue(text.contains(from), file + " contains: " + from);
        String mutated = text.replace(from, broken.replace("\\n", "\n"));
        assertFalse(WorkflowRules.check(file, mutated).isEmpty(), mistake + " must be caught");
    }

    /** The rules of the package and deploy jobs, each broken the way a change might break it. */
    static Stream<Arguments> deployMutations() {
        return Stream.of(
                Arguments.of("a cache in the package job", "deploy.yml", "          java-version: \"21\"\n      - name: Build the package",
                        "          java-version: \"21\"\n          cache: maven\n      - name: Build the package"),
                Arguments.of("tests in the package job", "deploy.yml", "        run: make package", "        run: make test && make package"),
                Arguments.of("no published SHA-256", "deploy.yml", "      sha256: ${{ steps.package.outputs.sha256 }}",
                        "      digest: ${{ steps.package.outputs.sha256 }}"),
                Arguments.of("production given another job's digest", "deploy.yml",
                        "      environment: production\n      package-sha256: ${{ needs.package.outputs.sha256 }}",
                        "      environment: production\n      package-sha256: ${{ needs.test.outputs.sha256 }}"),
                Arguments.of("a deploy to an unknown environment", "deploy.yml", "      environment: staging\n",
                        "      environment: qa\n"),
                Arguments.of("only job-level concurrency", "deploy.yml",
                        "concurrency:\n  group: deploy-production\n  cancel-in-progress: false\n", ""),
                Arguments.of("no package check", "deploy-to.yml", "run: make check-package SHA256=\"$PACKAGE_SHA256\"",
                        "run: ls -l target"),
                Arguments.of("a check against the wrong value", "deploy-to.yml", "${{ inputs.package-sha256 }}",
                        "${{ inputs.environment }}"),
                Arguments.of("a build in the deploy job", "deploy-to.yml", "        run: make deploy",
                        "        run: ./mvnw package && make deploy"),
                Arguments.of("no policy simulator before the deploy", "deploy-to.yml", "        run: make verify-trust\n",
                        "        run: echo skipped\n"),
                Arguments.of("no head-of-main check", "deploy-to.yml", "run: make check-newest COMMIT=\"$BUILD_COMMIT\"",
                        "run: echo newest=true >> \"$GITHUB_OUTPUT\""),
                Arguments.of("an attestation in the deploy job", "deploy-to.yml",
                        "      - name: Verify where the package comes from\n",
                        "      - uses: actions/attest@1e69f48acb82d1966a394da916b4c1698aa569d6 # v4.2.2\n"
                                + "        if: steps.newest.outputs.newest == 'true'\n        with:\n          subject-path: target/function.zip\n"
                                + "      - name: Verify where the package comes from\n"),
                Arguments.of("no attestation of the package", "deploy.yml",
                        "        uses: actions/attest@1e69f48acb82d1966a394da916b4c1698aa569d6 # v4.2.2\n",
                        "        uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0\n"),
                Arguments.of("an attestation only where the repository is public", "deploy.yml",
                        "        if: ${{ !github.event.repository.private || vars.ATTESTATIONS == 'true' }}\n        uses: actions/attest",
                        "        if: ${{ !github.event.repository.private }}\n        uses: actions/attest"),
                Arguments.of("attestations: write on the deploy job", "deploy-to.yml", "      attestations: read\n",
                        "      attestations: write\n"),
                Arguments.of("no verification of the attestation", "deploy-to.yml", "        run: make verify-package\n",
                        "        run: echo verified\n"),
                Arguments.of("a verification after the credentials", "deploy-to.yml",
                        "        run: make check-package SHA256=\"$PACKAGE_SHA256\"\n",
                        "        run: make check-package SHA256=\"$PACKAGE_SHA256\" && make verify-package\n"),
                Arguments.of("a verification skipped silently", "deploy-to.yml",
                        "ATTESTATIONS: ${{ (!github.event.repository.private || vars.ATTESTATIONS == 'true') && 'on' || 'off' }}",
                        "ATTESTATIONS: 'off'"),
                Arguments.of("a verification that trusts any workflow", "deploy-to.yml",
                        "          SIGNER_WORKFLOW: ${{ github.repository }}/.github/workflows/deploy.yml\n", ""),
                Arguments.of("a step that runs for an older commit", "deploy-to.yml",
                        "      - name: Smoke test\n        if: steps.newest.outputs.newest == 'true'\n", "      - name: Smoke test\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployMutations")
    void breakingAPackageOrDeployRuleTurnsRed(String mistake, String file, String original, String broken) throws Exception {
        String text = read(file);
        assertTrue(text.contains(original), file + " contains: " + original);
        assertFalse(WorkflowRules.check(file, text.replace(original, broken)).isEmpty(), mistake + " must be caught");
    }

    @Test
    void ciTestsWithoutCredentials() throws Exception {
        String triggers = String.valueOf(triggers("ci.yml"));
        assertTrue(triggers.contains("pull_request") && triggers.contains("push") && triggers.contains("workflow_call"));
        assertFalse(read("ci.yml").contains("id-token"), "no credentials in CI");
        String steps = steps("ci.yml", "build");
        assertTrue(steps.contains("make test"), "the same command as locally");
        assertTrue(steps.contains("cache=maven"), "the Maven cache");
        assertFalse(steps.contains("target/function.zip"), "what is deployed comes from the package job, not from here");
        assertTrue(steps.contains("target/e2e/"), "the browser screenshots are kept");
    }

    @Test
    @SuppressWarnings("unchecked")
    void deployRunsOnMainAfterTheTestsStagingFirstThenProductionFromOnePackage() throws Exception {
        var triggers = (Map<String, Object>) triggers("deploy.yml");
        assertEquals(Map.of("branches", List.of("main")), triggers.get("push"));
        assertTrue(triggers.containsKey("workflow_dispatch"));
        assertEquals("./.github/workflows/ci.yml", job("deploy.yml", "test").get("uses"));
        var staging = job("deploy.yml", "staging");
        var production = job("deploy.yml", "production");
        assertEquals("vars.STAGING_ENABLED == 'true'", staging.get("if"), "staging only where it is set up");
        assertEquals(List.of("test", "package"), staging.get("needs"));
        assertEquals(List.of("test", "package", "staging"), production.get("needs"));
        String condition = String.valueOf(production.get("if"));
        assertTrue(condition.contains("!cancelled()") && condition.contains("needs.test.result == 'success'")
                && condition.contains("needs.package.result == 'success'")
                && condition.contains("(needs.staging.result == 'success' || needs.staging.result == 'skipped')"),
                "production after a passed staging, or without one: " + condition);
        for (var call : List.of(staging, production)) {
            assertEquals(WorkflowRules.DEPLOY_TO, call.get("uses"));
            assertEquals(Map.of("id-token", "write", "contents", "read", "attestations", "read"), call.get("permissions"));
            assertEquals("${{ needs.package.outputs.sha256 }}", ((Map<String, Object>) call.get("with")).get("package-sha256"),
                    "one package for both");
        }
        assertEquals("staging", ((Map<String, Object>) staging.get("with")).get("environment"));
        assertEquals("production", ((Map<String, Object>) production.get("with")).get("environment"));

        String steps = steps("deploy-to.yml", "deploy");
        assertTrue(steps.contains("actions/download-artifact@"), "takes the package job's package");
        assertFalse(steps.contains("mvnw") || steps.contains("make test") || steps.contains("make package"),
                "no rebuild in the deploy job");
        assertTrue(steps.indexOf("make deploy") < steps.indexOf("make smoke"), "deploy, then the smoke test");
        assertTrue(steps.contains("AWS_ROLE_ARN") && steps.contains("make github-setup ENVIRONMENT="),
                "missing variables fail at once, saying how to set them");
        assertTrue(steps.contains("APP_NAME=${{ vars.APP_NAME || '" + org.acme.guestbook.support.DefaultAppName.VALUE + "' }}"),
                "each environment deploys its own stack");
    }

    @Test
    @SuppressWarnings("unchecked")
    void destroyNeedsATypedConfirmation() throws Exception {
        var triggers = (Map<String, Object>) triggers("destroy.yml");
        assertEquals(List.of("workflow_dispatch"), List.copyOf(triggers.keySet()));
        assertTrue(String.valueOf(triggers).contains("confirm"));
        assertTrue(String.valueOf(triggers).contains("options=[production, staging]"), "either environment, nothing else");
        String steps = steps("destroy.yml", "destroy");
        assertTrue(steps.indexOf("CONFIRM") < steps.indexOf("make destroy"), "checks the confirmation first");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRollbackIsMakeRollbackByHandInTheEnvironment() throws Exception {
        var triggers = (Map<String, Object>) triggers("rollback.yml");
        assertEquals(List.of("workflow_dispatch"), List.copyOf(triggers.keySet()));
        assertTrue(String.valueOf(triggers).contains("options=[production, staging]"), "either environment, nothing else");
        var job = job("rollback.yml", "rollback");
        assertEquals("${{ inputs.environment }}", job.get("environment"), "the environment's protection rules apply");
        String steps = steps("rollback.yml", "rollback");
        assertTrue(steps.contains("run=make rollback VERSION=\"$VERSION\"") && steps.contains("VERSION=${{ inputs.version }}"),
                "the version reaches make rollback through env, checked there: " + steps);
        assertFalse(steps.contains("mvnw") || steps.contains("make package"), "nothing is rebuilt");
    }

    @Test
    void thePackageJobAttestsAndTheDeployJobVerifiesBeforeCredentials() throws Exception {
        String packageSteps = steps("deploy.yml", "package");
        assertTrue(packageSteps.indexOf("make package") < packageSteps.indexOf("actions/attest@"), packageSteps);
        assertEquals(Map.of("contents", "read", "id-token", "write", "attestations", "write"), job("deploy.yml", "package").get("permissions"));
        String deploySteps = steps("deploy-to.yml", "deploy");
        assertTrue(deploySteps.indexOf("make check-package") < deploySteps.indexOf("make verify-package")
                && deploySteps.indexOf("make verify-package") < deploySteps.indexOf(WorkflowRules.AWS_ACTION), deploySteps);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dependabotWatchesActionsAndMavenWithACooldown() throws Exception {
        Map<String, Object> config = new Yaml().load(Files.readString(Path.of(".github/dependabot.yml")));
        var updates = (List<Map<String, Object>>) config.get("updates");
        assertEquals(List.of("github-actions", "maven"), updates.stream().map(u -> u.get("package-ecosystem")).toList());
        for (var update : updates) {
            assertTrue(update.containsKey("cooldown"), update.get("package-ecosystem") + " has a cooldown");
        }
    }
}
