package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.local.SiteFiles;
import org.acme.guestbook.support.AwsCliForS3Proxy;
import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A rehearsal of the site-publishing step of make deploy: infra/scripts/publish-site.sh runs
 * with the real AWS CLI against a local S3 API server, publishing a copy of src/site.
 */
@Order(1) // among the longest test classes: started first, so that the run does not wait for it at its end
class SitePublishRehearsalTest {

    private static final String BUCKET = "guestbook-site-test";

    @TempDir
    Path data;
    @TempDir
    Path work;
    private Path site;
    private LocalS3Server server;
    private S3Client s3;

    @BeforeEach
    void start() throws Exception {
        AwsCliForS3Proxy.requireInstalled("the deploy rehearsal");
        server = LocalS3Server.start(data, 0);
        server.createBucket(BUCKET);
        s3 = TestS3.client(server);
        site = work.resolve("site");
        try (Stream<Path> files = Files.walk(Path.of("src/site"))) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = site.resolve(Path.of("src/site").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            s3.close();
            server.close();
        }
    }

    private List<String> publish() throws Exception {
        var process = new ProcessBuilder("bash", "infra/scripts/publish-site.sh", site.toString(), BUCKET);
        AwsCliForS3Proxy.environment(process.environment(), server, work);
        process.redirectErrorStream(true);
        Process run = process.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor(), output);
        return output.lines().toList();
    }

    private List<String> siteKeys() throws Exception {
        try (Stream<Path> files = Files.walk(site)) {
            return files.filter(Files::isRegularFile).map(file -> site.relativize(file).toString()).sorted().toList();
        }
    }

    private static List<String> withPrefix(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length())).toList();
    }

    @Test
    void publishesEveryFileRightAssetsFirstHtmlLastThenDeletesStaleObjects() throws Exception {
        s3.putObject(put -> put.bucket(BUCKET).key("old-page.html"), RequestBody.fromString("stale"));
        s3.putObject(put -> put.bucket(BUCKET).key("js/removed.js"), RequestBody.fromString("stale"));

        List<String> lines = publish();

        List<String> uploaded = withPrefix(lines, "uploaded ");
        assertEquals(siteKeys(), uploaded.stream().sorted().toList(), "every file of the site, once");
        int lastAsset = -1;
        int firstHtml = Integer.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("uploaded ")) {
                if (lines.get(i).endsWith(".html")) {
                    firstHtml = Math.min(firstHtml, i);
                } else {
                    lastAsset = i;
                }
            }
        }
        assertTrue(lastAsset < firstHtml, "assets before HTML: " + lines);
        List<String> deleted = withPrefix(lines, "deleted ");
        assertEquals(List.of("js/removed.js", "old-page.html"), deleted.stream().sorted().toList());
        int firstDelete = lines.indexOf("deleted " + deleted.get(0));
        assertTrue(firstDelete > lines.lastIndexOf(lines.stream().filter(l -> l.startsWith("uploaded ")).reduce((a, b) -> b).orElseThrow()),
                "stale objects go only after the new HTML is live");

        var keys = new ArrayList<String>();
        s3.listObjectsV2Paginator(list -> list.bucket(BUCKET)).contents().forEach(object -> keys.add(object.key()));
        assertEquals(siteKeys(), keys.stream().sorted().toList(), "the bucket holds exactly the site");
        for (String key : keys) {
            var head = s3.headObject(h -> h.bucket(BUCKET).key(key));
            // The local server drops the space after ';'; S3 keeps the header as sent.
            assertEquals(SiteFiles.contentType(Path.of(key)).replace(" ", ""), head.contentType().replace(" ", ""), key);
            assertEquals("no-cache", head.cacheControl(), key);
        }
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("would invalidate: ")
                && (line.contains(" / ") || line.endsWith(" /"))), "index.html changed, so / is invalidated too: " + lines);
    }

    @Test
    void theSameSiteTwiceUploadsNothing() throws Exception {
        publish();
        List<String> second = publish();
        assertEquals(List.of(), withPrefix(second, "uploaded "));
        assertEquals(List.of(), withPrefix(second, "deleted "));
        assertTrue(second.contains("site unchanged: nothing uploaded, nothing to invalidate"), second.toString());
    }

    @Test
    void aChangedFileIsTheOnlyOneUploadedAndInvalidated() throws Exception {
        publish();
        Files.writeString(site.resolve("style.css"), "\n/* changed */\n", java.nio.file.StandardOpenOption.APPEND);
        List<String> lines = publish();
        assertEquals(List.of("style.css"), withPrefix(lines, "uploaded "));
        assertTrue(lines.contains("would invalidate: /style.css"), lines.toString());
    }
}
