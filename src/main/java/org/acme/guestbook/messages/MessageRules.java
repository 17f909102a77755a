package org.acme.guestbook.messages;

import java.util.HexFormat;

/**
 * What the guestbook accepts as a name and a text: a length, no control or direction-control
 * characters, no stacks of combining marks, a few line breaks in a text, something visible.
 * Each rule refused names the field and says how to fix it.
 */
public final class MessageRules {

    public static final int MAX_NAME = 40;
    public static final int MAX_TEXT = 500;
    /** Zalgo text stacks dozens of marks on one letter; no language needs more than a few. */
    public static final int MAX_COMBINING_MARKS_IN_A_ROW = 4;
    public static final int MAX_LINE_BREAKS = 10;

    private MessageRules() {
    }

    /** The name and text as they are stored: line breaks made \n, spaces trimmed, every rule checked. */
    public static NewMessage newMessage(String name, String text) {
        return new NewMessage(clean("name", name, MAX_NAME, false), clean("text", text, MAX_TEXT, true));
    }

    /** Like String.strip(), but also removes no-break and other Unicode spaces. */
    static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && isSpace(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static String clean(String field, String raw, int maxLength, boolean multiline) {
        String value = trim(raw.replace("\r\n", "\n").replace('\r', '\n'));
        int length = value.codePointCount(0, value.length());
        if (length == 0) {
            throw invalid(field, "The field '" + field + "' must not be empty.");
        }
        if (length > maxLength) {
            throw invalid(field,
                    "The field '" + field + "' is " + length + " characters long; at most " + maxLength + " are allowed.");
        }
        value.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean lineBreak = type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            if ((type == Character.CONTROL || lineBreak) && !(c == '\n' && multiline)) {
                throw invalid(field, "The field '" + field + "' contains a control character"
                        + (multiline ? "; only line breaks are allowed." : "."));
            }
            if (type == Character.SURROGATE) {
                throw invalid(field, "The field '" + field + "' contains an invalid Unicode character.");
            }
            if (DisplayRules.isDirectionControl(c)) {
                throw invalid(field, "The field '" + field + "' contains a text direction control"
                        + " character (U+" + HexFormat.of().withUpperCase().toHexDigits((short) c)
                        + "), which would show the text in another order than it was typed.");
            }
        });
        if (DisplayRules.longestCombiningRun(value) > MAX_COMBINING_MARKS_IN_A_ROW) {
            throw invalid(field, "The field '" + field + "' stacks more than "
                    + MAX_COMBINING_MARKS_IN_A_ROW + " accents or other combining marks on one character.");
        }
        long lineBreaks = value.chars().filter(c -> c == '\n').count();
        if (lineBreaks > MAX_LINE_BREAKS) {
            throw invalid(field, "The field '" + field + "' has " + lineBreaks
                    + " line breaks; at most " + MAX_LINE_BREAKS + " are allowed.");
        }
        if (!DisplayRules.hasVisibleCharacter(value)) {
            throw invalid(field, "The field '" + field + "' has no visible character.");
        }
        return value;
    }

    private static InvalidMessageException invalid(String field, String message) {
        return new InvalidMessageException(field, message);
    }
}
