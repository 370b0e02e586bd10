package io.contextstore.migration.format;

import com.fasterxml.jackson.databind.JsonNode;

/** Which values fit a Markdown field line or a text block exactly, and the fence that encloses a block. */
final class MarkdownText {

    private MarkdownText() {
    }

    /** Text that reads back the same after {@code **field:** }: one line, no spaces at the edges. */
    static boolean fitsLine(String text) {
        return !text.isEmpty() && text.strip().equals(text) && plain(text, false);
    }

    /** A list of strings that reads back the same joined with {@code ", "}. */
    static boolean fitsList(JsonNode list) {
        // a line starting with [ reads back as a JSON list
        if (list.isEmpty() || list.get(0).asText().startsWith("[")) {
            return false;
        }
        for (JsonNode item : list) {
            if (!item.isTextual() || !fitsLine(item.asText()) || item.asText().contains(",")) {
                return false;
            }
        }
        return true;
    }

    /** Text that a fenced block holds exactly: lines split on LF only, no CR or other control characters. */
    static boolean fitsBlock(String text) {
        return !text.isEmpty() && plain(text, true);
    }

    private static boolean plain(String text, boolean newlines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' ? !newlines : (c < 0x20 && c != '\t') || c == 0x7F || c == '\u2028' || c == '\u2029'
                    || c == '\u0085' || c == '\uFEFF') {
                return false;
            }
        }
        return true;
    }

    /** Backticks, one more than the longest run in the text and at least three. */
    static String fenceFor(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }
}
