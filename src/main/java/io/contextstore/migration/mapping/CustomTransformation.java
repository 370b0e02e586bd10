package io.contextstore.migration.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A transformation that users add: a Spring bean implementing this interface is available to
 * imports as {@code {"field": "x", "transformation": "custom", "customFunction": "<name()>"}}.
 * Throw {@link IllegalArgumentException} with a message for a value that cannot be transformed;
 * the record is then rejected with that message.
 */
public interface CustomTransformation {

    /** The name imports refer to in {@code customFunction}. */
    String name();

    /** The new value; {@code value} is never null or JSON null. */
    JsonNode apply(JsonNode value);
}
