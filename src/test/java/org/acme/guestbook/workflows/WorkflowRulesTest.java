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
    @ValueSource(strings = { "ci.yml", "deploy.yml", "destroy.yml" })
    void followsEveryHardeningRule(String file) throws Exception {
        assertEquals(List.of(), WorkflowRules.check(file, read(file)));
    }

    @Test
    void thereAreNoOtherWorkflows() throws Exception {
        try (var files = Files.list(DIR)) {
            assertEquals(List.of("ci.yml", "deploy.yml", "destroy.yml"),
                    files.map(file -> file.getFileName().toString()).sorted().toList());
        }
    }

    /** A rule that cannot fail proves nothing: each typical mistake must be caught. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unpinned action         | actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1 | actions/checkout@v7",
            "a pin without its version  | actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1 | actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
            "write-all permissions      | 'permissions: {}'                                                 | 'permissions: write-all'",
            "id-token on the build      | '      contents: read\n    outputs:'                               | '      contents: read\n      id-token: write\n    outputs:'",
            "an untrusted expression    | run: make deploy                                                   | 'run: echo ${{ github.event.head_commit.message }}'",
            "a cancelled deploy         | cancel-in-progress: false                                          | cancel-in-progress: true",
            "no environment             | '      name: production\n      url:'                               | '      name: staging\n      url:'",
            "a role from a literal      | 'role-to-assume: ${{ vars.AWS_ROLE_ARN }}'                         | 'role-to-assume: arn:aws:iam::123456789012:role/x'",
            "stored keys                | 'aws-region: ${{ vars.AWS_REGION }}'                               | 'aws-region: ${{ vars.AWS_REGION }}\n          aws-access-key-id: AKIAEXAMPLE'",
            "checkout keeping its token | persist-credentials: false                                         | persist-credentials: true",
            "a pull_request_target      | '  workflow_dispatch:'                                             | '  workflow_dispatch:\n  pull_request_target:'",
    })
    void breakingARuleTurnsRed(String mistake, String original, String broken) throws Exception {
        String text = read("deploy.yml");
        String from = original.replace("\\n", "\n");
        assertTrue(text.contains(from), "the deploy workflow contains: " + from);
        String mutated = text.replace(from, broken.replace("\\n", "\n"));
        assertFalse(WorkflowRules.check("deploy.yml", mutated).isEmpty(), mistake + " must be caught");
    }

    /** The rules of the package and deploy jobs, each broken the way a change might break it. */
    static Stream<Arguments> deployMutations() {
        return Stream.of(
                Arguments.of("a cache in the package job", "          java-version: \"21\"\n      - name: Build the package",
                        "          java-version: \"21\"\n          cache: maven\n      - name: Build the package"),
                Arguments.of("tests in the package job", "        run: make package", "        run: make test && make package"),
                Arguments.of("no published SHA-256", "      sha256: ${{ steps.package.outputs.sha256 }}",
                        "      digest: ${{ steps.package.outputs.sha256 }}"),
                Arguments.of("no package check", "run: make check-package SHA256=\"$PACKAGE_SHA256\"", "run: ls -l target"),
                Arguments.of("a check against the wrong job", "${{ needs.package.outputs.sha256 }}",
                        "${{ needs.test.outputs.sha256 }}"),
                Arguments.of("a build in the deploy job", "        run: make deploy", "        run: ./mvnw package && make deploy"),
                Arguments.of("only job-level concurrency", "concurrency:\n  group: deploy-production\n  cancel-in-progress: false\n",
                        ""),
                Arguments.of("no head-of-main check", "run: make check-newest COMMIT=\"$BUILD_COMMIT\"",
                        "run: echo newest=true >> \"$GITHUB_OUTPUT\""),
                Arguments.of("a step that runs for an older commit",
                        "      - name: Smoke test\n        if: steps.newest.outputs.newest == 'true'\n", "      - name: Smoke test\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployMutations")
    void breakingAPackageOrDeployRuleTurnsRed(String mistake, String original, String broken) throws Exception {
        String text = read("deploy.yml");
        assertTrue(text.contains(original), "the deploy workflow contains: " + original);
        assertFalse(WorkflowRules.check("deploy.yml", text.replace(original, broken)).isEmpty(), mistake + " must be caught");
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
    void deployRunsOnMainAfterTheTestsWithTheTestedPackage() throws Exception {
        var triggers = (Map<String, Object>) triggers("deploy.yml");
        assertEquals(Map.of("branches", List.of("main")), triggers.get("push"));
        assertTrue(triggers.containsKey("workflow_dispatch"));
        assertEquals("./.github/workflows/ci.yml", job("deploy.yml", "test").get("uses"));
        var deploy = job("deploy.yml", "deploy");
        assertEquals(List.of("test", "package"), deploy.get("needs"));
        assertEquals(Map.of("id-token", "write", "contents", "read"), deploy.get("permissions"));
        String steps = steps("deploy.yml", "deploy");
        assertTrue(steps.contains("actions/download-artifact@"), "takes the package job's package");
        assertFalse(steps.contains("mvnw") || steps.contains("make test") || steps.contains("make package"),
                "no rebuild in the deploy job");
        assertTrue(steps.indexOf("make deploy") < steps.indexOf("make smoke"), "deploy, then the smoke test");
        assertTrue(steps.contains("AWS_ROLE_ARN") && steps.contains("make github-setup"),
                "missing variables fail at once, saying how to set them");
    }

    @Test
    @SuppressWarnings("unchecked")
    void destroyNeedsATypedConfirmation() throws Exception {
        var triggers = (Map<String, Object>) triggers("destroy.yml");
        assertEquals(List.of("workflow_dispatch"), List.copyOf(triggers.keySet()));
        assertTrue(String.valueOf(triggers).contains("confirm"));
        String steps = steps("destroy.yml", "destroy");
        assertTrue(steps.indexOf("CONFIRM") < steps.indexOf("make destroy"), "checks the confirmation first");
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
