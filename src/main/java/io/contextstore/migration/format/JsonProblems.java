package io.contextstore.migration.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.contextstore.migration.record.Excerpt;

/**
 * What is wrong with a JSON text when it is a repeated key or a second value, in words of our own:
 * Jackson's messages for them name its configuration features, and the parser's other messages
 * quote the text (which may hold a secret), so only these two are told.
 */
public final class JsonProblems {

    private static final String DUPLICATE = "Duplicate field '";

    private JsonProblems() {
    }

    /** {@code the key 'x' is given twice}, {@code more than one JSON value}, or null for any other problem. */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith(DUPLICATE)) {
            int end = message.indexOf('\'', DUPLICATE.length());
            return "the key '" + Excerpt.of(message.substring(DUPLICATE.length(), end < 0 ? DUPLICATE.length() : end))
                    + "' is given twice";
        }
        return message.startsWith("Trailing token") ? "more than one JSON value" : null;
    }
}
