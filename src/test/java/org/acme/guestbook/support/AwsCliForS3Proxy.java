package org.acme.guestbook.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.acme.guestbook.local.LocalS3Server;
import org.junit.jupiter.api.Assumptions;

/**
 * The real AWS CLI pointed at a local S3 server, for tests of the scripts that call it: the
 * server's credentials, path-style addressing and S3_ENDPOINT_URL, and no profile or session of
 * the machine's own, started once and forked for each call ({@link ForkedAwsCli}). Without the
 * CLI the test is skipped, except in CI, where it fails.
 */
public final class AwsCliForS3Proxy {

    private AwsCliForS3Proxy() {
    }

    public static void requireInstalled(String what) throws Exception {
        boolean found = new ProcessBuilder("bash", "-c", "command -v aws").start().waitFor() == 0;
        if (!found && System.getenv("CI") != null) {
            throw new AssertionError("The AWS CLI is needed for " + what + " (pip install awscli).");
        }
        Assumptions.assumeTrue(found, "No AWS CLI on PATH: " + what + " is skipped.");
    }

    /** Sets up the environment of a script run against the server; the CLI's config goes into work. */
    public static void environment(Map<String, String> env, LocalS3Server server, Path work) throws IOException {
        Path config = work.resolve("aws-config");
        Files.writeString(config, "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n");
        env.put("AWS_ACCESS_KEY_ID", LocalS3Server.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalS3Server.SECRET_KEY);
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("S3_ENDPOINT_URL", server.endpoint().toString());
        ForkedAwsCli.environment(env);
    }
}
