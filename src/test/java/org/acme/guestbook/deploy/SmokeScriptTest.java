package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.acme.guestbook.info.BuildInfo;
import org.acme.guestbook.local.LocalGateway;
import org.acme.guestbook.support.S3ProxyResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** make smoke's script against the local stack, which answers like the deployed one. */
@QuarkusTest
@Execution(ExecutionMode.SAME_THREAD) // one Quarkus application at a time (see pom.xml, surefire)
@WithTestResource(S3ProxyResource.class)
class SmokeScriptTest {

    private LocalGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new LocalGateway(0, Path.of("src/site"), URI.create("http://localhost:" + RestAssured.port));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private record Run(int exit, String output) {
    }

    private Run smoke(String url, String commit) throws Exception {
        var process = new ProcessBuilder("bash", "infra/scripts/smoke.sh", url, commit).redirectErrorStream(true);
        process.environment().put("SMOKE_ATTEMPTS", "2");
        process.environment().put("SMOKE_DELAY", "0");
        Process run = process.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(run.waitFor(), output);
    }

    @Test
    void passesWhenTheSiteTheApiAndTheCommitAreRight() throws Exception {
        String commit = BuildInfo.load().commit();
        Run run = smoke(gateway.url() + "/", commit);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("smoke test passed"), run.output());
    }

    @Test
    void failsWhenAnotherCommitIsDeployed() throws Exception {
        Run run = smoke(gateway.url().toString(), "0000000000000000000000000000000000000000");
        assertNotEquals(0, run.exit());
        assertTrue(run.output().contains("/api/info reports another commit"), run.output());
    }

    @Test
    void failsWhenNothingAnswers() throws Exception {
        String url = gateway.url().toString();
        gateway.close();
        Run run = smoke(url, "");
        assertNotEquals(0, run.exit());
        assertTrue(run.output().contains("attempt 2/2"), "it retried: " + run.output());
    }
}
