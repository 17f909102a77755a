package org.acme.guestbook.messages;

/**
 * What makes text show differently from what was typed, or not at all. The page checks the same
 * rules (src/site/js/validate.js); both sides are tested against src/test/resources/display-rules.tsv.
 */
final class DisplayRules {

    private DisplayRules() {
    }

    /**
     * The Unicode bidirectional formatting characters: embeddings, overrides, isolates and the
     * marks. A right-to-left override in a name reverses everything shown after it.
     */
    static boolean isDirectionControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * A letter, digit, punctuation mark or symbol that draws something. Spaces, zero-width and
     * other format characters, combining marks on their own, and the Hangul fillers and the blank
     * Braille pattern (letters and symbols that render as nothing) do not count.
     */
    static boolean hasVisibleCharacter(String value) {
        return value.codePoints().anyMatch(c -> switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> !isBlankLetter(c);
            default -> false;
        });
    }

    private static boolean isBlankLetter(int c) {
        return c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
    }

    /** The most non-spacing or enclosing marks that follow one another anywhere in the value. */
    static int longestCombiningRun(String value) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
            int type = Character.getType(value.codePointAt(i));
            run = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
