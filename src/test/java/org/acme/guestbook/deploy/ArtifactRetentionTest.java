package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import org.acme.guestbook.support.AwsStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When an update fails, CloudFormation rolls the function back to the package the stack used
 * before; if that object had expired, the stack would be stuck in UPDATE_ROLLBACK_FAILED. So
 * make deploy marks packages superseded (the lifecycle rule expires only those) and never the
 * live one or the one before it, however old they are.
 */
@Order(1) // among the longest test classes: started first, so that the run does not wait for it at its end
class ArtifactRetentionTest {

    private static final String BUCKET = "guestbook-artifacts";
    private static final String SUPERSEDED = "{\"TagSet\": [{\"Key\": \"superseded\", \"Value\": \"true\"}]}";

    @TempDir
    Path work;
    private AwsStandIn aws;

    @BeforeEach
    void stacks() throws Exception {
        aws = AwsStandIn.in(work);
        aws.trustStackForDeploys("1");
    }

    /** Builds other sources (a new package key) and deploys them; returns the key. */
    private String deployVersion(String version, Map<String, String> env) throws Exception {
        Path source = aws.project().resolve("src/main/resources/application.properties");
        Files.writeString(source, Files.readString(source).replaceAll("(?m)^# version .*\\n", "") + "# version " + version + "\n");
        aws.recordPackageInputs();
        byte[] inputs = Files.readAllBytes(aws.project().resolve("target/function.inputs"));
        String key = "function/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(inputs)) + ".zip";
        var run = aws.run("infra/scripts/deploy.sh", env);
        if (env.isEmpty()) {
            assertEquals(0, run.exitCode(), run.output());
        }
        return key;
    }

    private String tags(String key) throws Exception {
        Path tags = aws.state().resolve("tags").resolve(BUCKET).resolve(key);
        return Files.exists(tags) ? Files.readString(tags).strip() : "{\"TagSet\": []}";
    }

    @Test
    void theLivePackageAndTheOneBeforeItAreNeverMarkedSuperseded() throws Exception {
        String first = deployVersion("1", Map.of());
        String second = deployVersion("2", Map.of());
        assertNotEquals(SUPERSEDED, tags(first), "the package a rollback of version 2 needs");
        assertNotEquals(SUPERSEDED, tags(second), "the live package");

        String third = deployVersion("3", Map.of());
        assertEquals(SUPERSEDED, tags(first), "older than the one before the live one: it may go");
        assertNotEquals(SUPERSEDED, tags(second));
        assertNotEquals(SUPERSEDED, tags(third));
    }

    @Test
    void aPackageDeployedAgainIsNoLongerSupersededBeforeTheStackUsesIt() throws Exception {
        String first = deployVersion("1", Map.of());
        deployVersion("2", Map.of());
        deployVersion("3", Map.of());
        assertEquals(SUPERSEDED, tags(first));

        String again = deployVersion("1", Map.of());
        assertEquals(first, again, "the same inputs, the same key");
        assertEquals("{\"TagSet\": []}", tags(first));
        var calls = aws.calls().stream().map(call -> String.join(" ", call)).toList();
        int cleared = calls.lastIndexOf("s3api put-object-tagging --bucket " + BUCKET + " --key " + first
                + " --tagging {\"TagSet\": []}");
        int deployed = calls.size() - 1;
        while (!calls.get(deployed).startsWith("cloudformation deploy")) {
            deployed--;
        }
        assertTrue(cleared >= 0 && cleared < deployed, "cleared before the stack deploy: " + calls);
    }

    @Test
    void aFailedDeployMarksNothing() throws Exception {
        String first = deployVersion("1", Map.of());
        String second = deployVersion("2", Map.of());
        deployVersion("3", Map.of("FAKE_DEPLOY_FAILS", "1"));
        assertNotEquals(SUPERSEDED, tags(first), "version 2 is still live, and 1 is still the one before it");
        assertNotEquals(SUPERSEDED, tags(second));
    }
}
