package org.acme.guestbook.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

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
        if (rule.ok()) {
            MessageRules.newMessage(rule.name(), rule.text());
        } else {
            var refused = assertThrows(InvalidMessageException.class, () -> MessageRules.newMessage(rule.name(), rule.text()));
            assertEquals(rule.field(), refused.field(), refused.getMessage());
        }
    }
}
