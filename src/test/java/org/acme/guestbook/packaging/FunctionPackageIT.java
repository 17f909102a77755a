package org.acme.guestbook.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/** Runs after `package`: the zip Lambda gets is small and carries exactly one HTTP client. */
class FunctionPackageIT {

    private static final Path ZIP = Path.of("target/function.zip");
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private static List<String> entries() throws IOException {
        try (var zip = new ZipFile(ZIP.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void isAtMost16Megabytes() throws IOException {
        long size = Files.size(ZIP);
        assertTrue(size <= MAX_BYTES, "function.zip is " + size + " bytes; the limit is " + MAX_BYTES);
    }

    @Test
    void holdsExactlyOneHttpClientTheUrlConnectionOne() throws IOException {
        List<String> clients = entries().stream()
                .filter(name -> name.matches(".*software\\.amazon\\.awssdk\\.(url-connection-client|apache5?-client"
                        + "|netty-nio-client|aws-crt-client)-.*\\.jar"))
                .toList();
        assertEquals(1, clients.size(), "HTTP clients in function.zip: " + clients);
        assertTrue(clients.get(0).contains("url-connection-client"), clients.get(0));
    }

    @Test
    void holdsTheFunctionButNoTestToolsNorTheSite() throws IOException {
        List<String> entries = entries();
        assertTrue(entries.contains("org/acme/guestbook/GuestbookFunction.class"), "the handler");
        assertTrue(entries.stream().anyMatch(name -> name.startsWith("lib/io.quarkus.quarkus-amazon-lambda-")),
                "the Quarkus Lambda runtime");
        assertTrue(entries.stream().noneMatch(name -> name.contains("s3proxy") || name.contains("rest-assured")
                || name.contains("junit")), "no test dependencies");
        assertTrue(entries.stream().noneMatch(name -> name.contains("site/") || name.endsWith(".html")),
                "the static site is deployed to S3, not inside the function");
    }
}
