package org.acme.guestbook.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 API server on this machine: S3Proxy, keeping objects as plain files in a folder.
 * Used by `make run` (data in .data/s3, so messages survive a restart) and by the tests.
 * It checks AWS signatures with throwaway local credentials, as S3 would.
 */
public final class LocalS3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";

    private final Path dataDir;
    private final int port;
    private S3Proxy proxy;

    private LocalS3Server(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a server on the given port (0 picks a free one) that stores its objects in dataDir. */
    public static LocalS3Server start(Path dataDir, int port) throws Exception {
        Files.createDirectories(dataDir);
        var server = new LocalS3Server(dataDir, port == 0 ? FreePort.find() : port);
        server.start();
        return server;
    }

    /** Starts the server again on the same port and folder, after {@link #stop()}. */
    public synchronized void start() throws Exception {
        if (proxy != null) {
            return;
        }
        var properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        BlobStore blobStore = BlobStores.create("filesystem-nio2", properties);
        proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
    }

    /** Stops answering requests; the objects stay in the folder. */
    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** Creates the bucket (a folder) if it does not exist yet. */
    public void createBucket(String bucket) throws IOException {
        Files.createDirectories(dataDir.resolve(bucket));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
