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
import java.util.Map;

import org.acme.guestbook.Json;
import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.messages.Message;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.NewMessage;
import org.acme.guestbook.storage.MessageStore;
import org.acme.guestbook.support.AwsCliForS3Proxy;
import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * make list-messages and make delete-message, run with the real AWS CLI against S3Proxy holding
 * messages the function's own store wrote: the owner sees the newest first with their ids and
 * removes exactly the one named.
 */
@Order(1) // among the longest test classes: started first, so that the run does not wait for it at its end
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
        return script(Map.of(), name, args);
    }

    private Run script(Map<String, String> settings, String name, String... args) throws Exception {
        var command = new ArrayList<>(List.of("bash", "infra/scripts/" + name));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command);
        AwsCliForS3Proxy.environment(process.environment(), server, work);
        process.environment().put("AWS_REGION", "us-east-1");
        process.environment().put("DATA_BUCKET", BUCKET);
        process.environment().put("COUNT", "3");
        process.environment().putAll(settings);
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

    private List<String> remaining() {
        return store.list(100, java.util.Optional.empty()).messages().stream().map(m -> m.name() + ": " + m.text()).toList();
    }

    @Test
    void everyMessageOfExactlyOneNameGoes() throws Exception {
        store.add(new NewMessage("Ada", "a real one"));
        store.add(new NewMessage("Spam \"bot\"", "not the same name"));
        for (int i = 0; i < 3; i++) {
            store.add(new NewMessage("Spam", "buy #" + i));
        }
        store.add(new NewMessage("Bob", "mentions \"name\":\"Spam\" in the text"));

        Run delete = script(Map.of("NAME", "Spam", "CONFIRM", "yes"), "delete-messages.sh");
        assertEquals(0, delete.exit(), delete.err());
        assertTrue(delete.out().contains("Deleted 3 message(s)"), delete.out());
        assertEquals(List.of("Bob: mentions \"name\":\"Spam\" in the text", "Spam \"bot\": not the same name", "Ada: a real one"),
                remaining(), "only that exact name went");
    }

    @Test
    void overAThousandMessagesGoInBatchesOfAThousand() throws Exception {
        var threeHoursAgo = Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-3));
        new MessageStore(s3, BUCKET, "messages/", threeHoursAgo, MessageIds::newId).add(new NewMessage("Ada", "before the flood"));
        for (int i = 0; i < 1001; i++) {
            store.add(new NewMessage("Spam", "buy #" + i));
        }

        // A DeleteObjects call takes "up to 1,000 keys" (the S3 model's documentation in the AWS CLI), and
        // S3Proxy refuses more with InvalidArgument: 1001 deleted means two calls.
        Run delete = script(Map.of("SINCE", "2h", "CONFIRM", "yes"), "delete-messages.sh");
        assertEquals(0, delete.exit(), delete.err());
        assertTrue(delete.out().contains("Deleted 1001 message(s) posted within the last 2h"), delete.out());
        assertEquals(List.of("Ada: before the flood"), remaining(), "listed across two pages, deleted in two batches");
    }

    @Test
    void everyMessageOfTheLastHoursGoesAndOlderOnesStay() throws Exception {
        var threeHoursAgo = Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-3));
        var earlier = new MessageStore(s3, BUCKET, "messages/", threeHoursAgo, MessageIds::newId);
        earlier.add(new NewMessage("Ada", "before the flood"));
        earlier.add(new NewMessage("Spam", "old spam"));
        for (int i = 0; i < 4; i++) {
            store.add(new NewMessage(i % 2 == 0 ? "Spam" : "Eve", "flood #" + i));
        }

        Run preview = script(Map.of("SINCE", "2h", "NAME", "Spam"), "delete-messages.sh");
        assertEquals(0, preview.exit(), preview.err());
        assertTrue(preview.out().contains("2 message(s) posted within the last 2h and named \"Spam\"")
                && preview.out().contains("CONFIRM=yes"), preview.out());
        assertEquals(6, remaining().size(), "a preview deletes nothing");
        Run both = script(Map.of("SINCE", "2h", "NAME", "Spam", "CONFIRM", "yes"), "delete-messages.sh");
        assertTrue(both.out().contains("Deleted 2 message(s) posted within the last 2h and named \"Spam\""), both.out() + both.err());
        Run recent = script(Map.of("SINCE", "90m", "CONFIRM", "yes"), "delete-messages.sh");
        assertTrue(recent.out().contains("Deleted 2 message(s) posted within the last 90m"), recent.out() + recent.err());
        assertEquals(List.of("Spam: old spam", "Ada: before the flood"), remaining());
    }

    @Test
    void bulkDeletionNeedsToBeToldWhichMessages() throws Exception {
        store.add(new NewMessage("Ada", "stays"));
        for (var settings : List.of(Map.<String, String>of(), Map.of("SINCE", "yesterday"), Map.of("SINCE", "0h"))) {
            Run run = script(settings, "delete-messages.sh");
            assertNotEquals(0, run.exit(), settings.toString());
            assertTrue(run.err().contains("SINCE"), run.err());
        }
        assertEquals(List.of("Ada: stays"), remaining());
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
