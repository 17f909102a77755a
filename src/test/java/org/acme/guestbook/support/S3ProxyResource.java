package org.acme.guestbook.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.local.RoleEnforcingS3;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real S3 API server (S3Proxy) with an empty data bucket for @QuarkusTest classes. The
 * function reaches it through its IAM role ({@link RoleEnforcingS3}): what the role does not
 * allow fails as it would in AWS.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "guestbook-test";
    /** Config key with the server's data folder, for tests that make the bucket vanish. */
    public static final String DATA_DIR_KEY = "test.s3.data-dir";
    private LocalS3Server server;
    private RoleEnforcingS3 asTheFunctionRole;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("s3proxy-test");
            server = LocalS3Server.start(dataDir, 0);
            server.createBucket(BUCKET);
            asTheFunctionRole = RoleEnforcingS3.functionRole(server.endpoint(), BUCKET);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the S3 test server", e);
        }
        return Map.of(
                "guestbook.data.bucket", BUCKET,
                "guestbook.s3.endpoint", asTheFunctionRole.endpoint().toString(),
                "guestbook.s3.access-key", LocalS3Server.ACCESS_KEY,
                "guestbook.s3.secret-key", LocalS3Server.SECRET_KEY,
                DATA_DIR_KEY, dataDir.toString());
    }

    /**
     * The bucket's folder in the running server, as the test's config knows it. Moving it away makes
     * the bucket vanish for the function (S3 answers NoSuchBucket) until it is moved back.
     */
    public static Path bucketDir() {
        return Path.of(ConfigProvider.getConfig().getValue(DATA_DIR_KEY, String.class)).resolve(BUCKET);
    }

    @Override
    public void stop() {
        try {
            asTheFunctionRole.close();
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
