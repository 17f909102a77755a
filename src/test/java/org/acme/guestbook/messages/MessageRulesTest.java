package org.acme.guestbook.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules a name and a text must follow, without HTTP (MessageInputTest has the request's part). */
class MessageRulesTest {

    private static InvalidMessageException refused(String name, String text) {
        return assertThrows(InvalidMessageException.class, () -> MessageRules.newMessage(name, text));
    }

    @Test
    void countsCharactersNotUtf16Units() {
        assertEquals("😀".repeat(40), MessageRules.newMessage("😀".repeat(40), "t").name());
        assertEquals("name", refused("😀".repeat(41), "t").field());
        assertEquals(500, MessageRules.newMessage("a", "é".repeat(500)).text().length());
        assertEquals("text", refused("a", "é".repeat(501)).field());
    }

    @ParameterizedTest
    @ValueSource(strings = { "\u0000", "\u001b[31m", "\t", "\u007f", "\u0085" })
    void refusesControlCharacters(String control) {
        assertEquals("name", refused("a" + control + "b", "t").field());
        assertEquals("text", refused("a", "a" + control + "b").field());
    }
}
