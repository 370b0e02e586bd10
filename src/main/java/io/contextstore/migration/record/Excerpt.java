package io.contextstore.migration.record;

/**
 * What of a value an error message may quote: errors are listed by the thousand in a result, so a
 * 10 MB cell echoed in a message would be kept a thousand times.
 */
public final class Excerpt {

    /** The most of an input value a message quotes. */
    public static final int VALUE = 200;
    /** The most a whole message may hold, whatever it quotes. */
    public static final int MESSAGE = 1000;

    private Excerpt() {
    }

    /** The value, or its first {@value #VALUE} characters and "…". */
    public static String of(Object value) {
        return cut(value == null ? null : value.toString(), VALUE);
    }

    /** The message, or its first {@value #MESSAGE} characters and "…". */
    public static String message(String message) {
        return cut(message, MESSAGE);
    }

    private static String cut(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        // never half a surrogate pair
        int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return text.substring(0, end) + "…";
    }
}
