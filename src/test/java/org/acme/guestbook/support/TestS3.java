package org.acme.guestbook.support;

import java.net.URI;
import java.util.Optional;

import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.storage.S3ClientProducer;
import org.acme.guestbook.storage.StorageConfig;

import software.amazon.awssdk.services.s3.S3Client;

/** An S3 client for a local server, built by the same code the function uses. */
public final class TestS3 {

    private TestS3() {
    }

    public static S3Client client(LocalS3Server server) {
        return client(server.endpoint());
    }

    /** A client for the local server's credentials at another address, such as a proxy in front of it. */
    public static S3Client client(URI endpoint) {
        return S3ClientProducer.build(new StorageConfig.S3() {
            @Override
            public Optional<String> region() {
                return Optional.empty();
            }

            @Override
            public Optional<URI> endpoint() {
                return Optional.of(endpoint);
            }

            @Override
            public Optional<String> accessKey() {
                return Optional.of(LocalS3Server.ACCESS_KEY);
            }

            @Override
            public Optional<String> secretKey() {
                return Optional.of(LocalS3Server.SECRET_KEY);
            }
        });
    }
}
