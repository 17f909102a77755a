package org.acme.guestbook.storage;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the messages live. Every key can also be set as an environment variable,
 * e.g. GUESTBOOK_DATA_BUCKET or GUESTBOOK_S3_ENDPOINT.
 */
@ConfigMapping(prefix = "guestbook")
public interface StorageConfig {

    Data data();

    S3 s3();

    interface Data {
        /** The data bucket's name. */
        String bucket();

        /** The key prefix of the message objects, ending with "/". */
        @WithDefault("messages/")
        String prefix();
    }

    interface S3 {
        /** The AWS region; in Lambda it comes from AWS_REGION. */
        Optional<String> region();

        /** A local S3 API server, e.g. http://127.0.0.1:9090. Empty in AWS. */
        Optional<URI> endpoint();

        /** Static credentials, used only with a local endpoint. */
        Optional<String> accessKey();

        Optional<String> secretKey();
    }
}
