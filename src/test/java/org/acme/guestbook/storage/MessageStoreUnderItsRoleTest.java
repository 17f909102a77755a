package org.acme.guestbook.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.acme.guestbook.local.HttpRelay;
import org.acme.guestbook.local.LocalS3Server;
import org.acme.guestbook.local.RoleEnforcingS3;
import org.acme.guestbook.messages.Message;
import org.acme.guestbook.messages.MessageIds;
import org.acme.guestbook.messages.MessagePage;
import org.acme.guestbook.messages.NewMessage;
import org.acme.guestbook.support.TestS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The store as AWS runs it: behind the function's role, where S3 answers a read of a missing key
 * with 403 (the role may list messages/ only, and a read carries no prefix), not 404.
 */
class MessageStoreUnderItsRoleTest {

    private static final String BUCKET = "guestbook-local";

    @TempDir
    Path dataDir;
    private LocalS3Server server;
    private RoleEnforcingS3 role;
    private HttpRelay inFront;
    private S3Client asTheFunction;
    private MessageStore store;

    @BeforeEach
    void start() throws Exception {
        server = LocalS3Server.start(dataDir, 0);
        server.createBucket(BUCKET);
        role = RoleEnforcingS3.functionRole(server.endpoint(), BUCKET);
        inFront = HttpRelay.inFrontOf(role.endpoint());
        asTheFunction = TestS3.client(inFront.endpoint());
        store = new MessageStore(asTheFunction, BUCKET, "messages/", java.time.Clock.systemUTC(), MessageIds::newId);
    }

    @AfterEach
    void stop() throws Exception {
        asTheFunction.close();
        inFront.close();
        role.close();
        server.close();
    }

    @Test
    void anUnknownMessageIsNotFoundThoughS3Answers403() {
        assertEquals(Optional.empty(), store.find("9999999999999-000000000000"));
        assertTrue(role.refusals().stream().anyMatch(r -> r.contains("GetObject of a missing key")), role.refusals().toString());
    }

    @Test
    void aMessageDeletedWhileAPageIsReadIsLeftOut() throws Exception {
        Message kept = store.add(new NewMessage("a", "stays"));
        Message deleted = store.add(new NewMessage("b", "is moderated away"));
        Path deletedFile = dataDir.resolve(BUCKET).resolve(MessageIds.key("messages/", deleted.id()));
        assertTrue(Files.exists(deletedFile), deletedFile.toString());
        // The moderator's delete lands between the page's listing and its reads.
        inFront.handler((request, client) -> {
            byte[] answer = inFront.forward(request);
            if (request.target().contains("list-type=2") && request.target().contains("max-keys=21")) {
                Files.delete(deletedFile);
            }
            client.getOutputStream().write(answer);
        });
        MessagePage page = store.list(20, Optional.empty());
        assertEquals(List.of(kept), page.messages());
    }
}
