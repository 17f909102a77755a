package org.acme.guestbook.local;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * CloudFront's rule for a Lambda Function URL behind an origin access control: CloudFront signs
 * the request with SigV4 but does not read the body, so the viewer must send the body's hex
 * SHA-256 in x-amz-content-sha256 with every POST and PUT. Without it, or with a wrong one,
 * Lambda refuses the request before the function runs.
 */
final class ContentHashRule {

    private ContentHashRule() {
    }

    /** Empty when the request may pass; otherwise the reason it may not. */
    static Optional<String> check(String method, String header, byte[] body) {
        if (!method.equals("POST") && !method.equals("PUT")) {
            return Optional.empty();
        }
        if (header == null || header.isBlank()) {
            return Optional.of("A " + method + " must carry the header x-amz-content-sha256 with the hex SHA-256 "
                    + "of its body: CloudFront needs it to sign the request to the Lambda Function URL.");
        }
        if (!header.strip().equalsIgnoreCase(sha256Hex(body))) {
            return Optional.of("The header x-amz-content-sha256 is not the SHA-256 of the body, "
                    + "so the signed request to the Lambda Function URL would be refused.");
        }
        return Optional.empty();
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
