package org.acme.guestbook.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.acme.guestbook.api.ApiError;
import org.acme.guestbook.api.ApiRequest;
import org.acme.guestbook.api.Json;
import org.acme.guestbook.support.DisplayRuleCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The API's half of display-rules.tsv; GuestbookPageE2ETest runs the page's half. */
class DisplayRulesTest {

    static List<DisplayRuleCases.Case> cases() {
        return DisplayRuleCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theApiJudgesEachCaseAsTheTableSays(DisplayRuleCases.Case rule) {
        byte[] body = Json.write(Map.of("name", rule.name(), "text", rule.text())).getBytes(StandardCharsets.UTF_8);
        var request = new ApiRequest("POST", "/api/messages", Map.of(),
                Map.of("content-type", "application/json"), body, Map.of());
        if (rule.ok()) {
            MessageInput.parse(request);
        } else {
            ApiError refused = assertThrows(ApiError.class, () -> MessageInput.parse(request));
            assertEquals(rule.field(), refused.field(), refused.getMessage());
            assertEquals(400, refused.status());
        }
    }
}
