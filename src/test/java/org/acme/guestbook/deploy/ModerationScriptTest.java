package org.acme.guestbook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.acme.guestbook.api.Json;
import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.messages.Message;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.MessageStore;
import org.acme.guestbook.messages.NewMessage;
import org.acme.guestbook.support.AwsCliForS3Proxy;
import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * make list-messages and make delete-message, run with the real AWS CLI against S3Proxy holding
 * messages the function's own store wrote: the owner sees the newest first with their ids and
 * removes exactly the one named.
 */
class ModerationScriptTest {

    private static final String BUCKET = "guestbook-data-test";

    @TempDir
    Path data;
    @TempDir
    Path work;
    private LocalS3Server server;
    private S3Client s3;
    private MessageStore store;

    /** What a script printed on stdout and stderr, and its exit status. */
    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        AwsCliForS3Proxy.requireInstalled("the moderation scripts' test");
        server = LocalS3Server.start(data, 0);
        server.createBucket(BUCKET);
        s3 = TestS3.client(server);
        store = new MessageStore(s3, BUCKET, "messages/", Clock.systemUTC(), MessageIds::newId);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            s3.close();
            server.close();
        }
    }

    private Run script(String name, String... args) throws Exception {
        var command = new ArrayList<>(List.of("bash", "infra/scripts/" + name));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command);
        AwsCliForS3Proxy.environment(process.environment(), server, work);
        process.environment().put("AWS_REGION", "us-east-1");
        process.environment().put("DATA_BUCKET", BUCKET);
        process.environment().put("COUNT", "3");
        process.redirectError(work.resolve("stderr").toFile());
        Process run = process.start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = run.waitFor();
        return new Run(exit, out, Files.readString(work.resolve("stderr")));
    }

    private List<Message> listed(Run run) throws Exception {
        assertEquals(0, run.exit(), run.err());
        List<Message> messages = new ArrayList<>();
        for (String line : run.out().lines().filter(line -> !line.isBlank()).toList()) {
            messages.add(Json.MAPPER.readValue(line, Message.class));
        }
        return messages;
    }

    @Test
    void theOwnerSeesTheNewestMessagesWithTheirIdsAndDeletesOne() throws Exception {
        List<Message> added = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            added.add(store.add(new NewMessage("Visitor", "message " + i)));
            Thread.sleep(2);
        }
        var newest = listed(script("list-messages.sh"));
        assertEquals(List.of(added.get(4), added.get(3), added.get(2)), newest, "COUNT=3, newest first");

        var gone = added.get(3);
        Run delete = script("delete-message.sh", gone.id());
        assertEquals(0, delete.exit(), delete.err());
        assertTrue(delete.out().contains("Deleted message " + gone.id()), delete.out());
        assertTrue(store.find(gone.id()).isEmpty(), "gone from the bucket");
        assertEquals(List.of(added.get(4), added.get(2), added.get(1)), listed(script("list-messages.sh")),
                "only that one is gone");

        Run again = script("delete-message.sh", gone.id());
        assertNotEquals(0, again.exit());
        assertTrue(again.err().contains("there is no message " + gone.id()), again.err());
    }

    @Test
    void anIdThatIsNoMessageIdDeletesNothing() throws Exception {
        var kept = store.add(new NewMessage("Visitor", "stays"));
        for (String bad : List.of("", "../index", kept.id() + "x", "*")) {
            Run run = script("delete-message.sh", bad);
            assertNotEquals(0, run.exit(), bad);
            assertTrue(run.err().contains("ID must be a message id"), run.err());
        }
        assertTrue(store.find(kept.id()).isPresent());
    }
}
