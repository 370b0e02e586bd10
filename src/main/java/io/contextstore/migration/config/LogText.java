package io.contextstore.migration.config;

/**
 * Log text with its line breaks and control characters escaped ({@code \n}, {@code \r},
 * {@code \u001b}...), so that a file name, a user or any other caller-supplied text in a log
 * line cannot start a forged line of its own or drive the terminal. Logback's {@code %replace}
 * would do for the message, but not for the messages inside a stack trace, whose own line breaks
 * must stay.
 */
final class LogText {

    private LogText() {
    }

    static String escape(String text) {
        if (text == null || text.chars().noneMatch(LogText::unsafe)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            if (c == '\n') {
                escaped.append("\\n");
            } else if (c == '\r') {
                escaped.append("\\r");
            } else if (unsafe(c)) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.append((char) c);
            }
        });
        return escaped.toString();
    }

    /**
     * C0 and C1 controls but TAB, DEL, the Unicode line and paragraph separators, and the
     * bidirectional controls that make a terminal or viewer show text in another order than logged.
     */
    private static boolean unsafe(int c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x061C
                || c == 0x200E || c == 0x200F;
    }
}
