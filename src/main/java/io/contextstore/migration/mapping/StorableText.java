package io.contextstore.migration.mapping;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.record.ValidationError;

/**
 * Text no store and no export format can keep as it is, found before it is written. A lone UTF-16
 * surrogate (what JSON's {@code "\ud800"} or YAML's {@code "\uD800"} parse to) is no character: the
 * drivers' UTF-8 would write it as "?", and XML 1.0 cannot carry it. NUL ({@code \u0000}) is
 * refused by PostgreSQL's text and jsonb and cannot be written in XML 1.0. Such a record is refused
 * on every store alike, naming the field, rather than changed.
 */
final class StorableText {

    /** A record with thousands of such values needs no thousand errors to be understood. */
    private static final int MAX_REPORTED = 10;

    private StorableText() {
    }

    static void check(JsonNode fields, long position, List<ValidationError> problems) {
        check(fields, "", position, problems);
    }

    private static void check(JsonNode node, String path, long position, List<ValidationError> problems) {
        if (problems.size() >= MAX_REPORTED) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = path.isEmpty() ? shown(field.getKey()) : path + "." + shown(field.getKey());
                report(field.getKey(), name, "its name", position, problems);
                check(field.getValue(), name, position, problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", position, problems);
            }
        } else if (node.isTextual()) {
            report(node.textValue(), path, "its value", position, problems);
        }
    }

    private static void report(String text, String path, String what, long position, List<ValidationError> problems) {
        int at = unstorable(text);
        if (at < 0 || problems.size() >= MAX_REPORTED) {
            return;
        }
        char c = text.charAt(at);
        String why = c == 0 ? "a NUL character (\\u0000), which the store cannot hold"
                : "a lone UTF-16 surrogate (\\u" + Integer.toHexString(c) + "), which is no character and cannot be "
                + "stored or exported";
        problems.add(new ValidationError(position, path, "text",
                "field '" + path + "': " + what + " holds " + why + " (at character " + at + ")"));
    }

    /** Where the first NUL or unpaired surrogate is, or -1. */
    private static int unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A field name as a message may show it: what cannot be shown, escaped. */
    private static String shown(String name) {
        if (unstorable(name) < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1));
            if (paired) {
                out.append(c).append(name.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
