package io.contextstore.migration.format;

import java.io.IOException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * How values that are not plain text live in one CSV cell, so that an export imports back equal.
 * <ul>
 * <li>A list of strings is joined with {@code ,}; when that would lose something (a tag holding a
 * comma, an empty tag, spaces at either end, an empty list) the cell holds the list as JSON.</li>
 * <li>A free value (a leaf of {@code metadata}) is its text when that reads back as the same string,
 * otherwise JSON: numbers, booleans, null, lists, and strings that look like one of those.</li>
 * </ul>
 */
final class CsvCells {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .registerModule(ExactNumbers.module());
    private static final Pattern JSON_SCALAR = Pattern.compile(
            "true|false|null|-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private CsvCells() {
    }

    static String list(JsonNode list) {
        boolean plain = !list.isEmpty();
        StringBuilder joined = new StringBuilder();
        for (JsonNode item : list) {
            String text = item.asText();
            if (!item.isTextual() || text.isEmpty() || text.contains(",") || !text.strip().equals(text)
                    || (joined.isEmpty() && text.startsWith("["))) {
                plain = false;
                break;
            }
            joined.append(joined.isEmpty() ? "" : ",").append(text);
        }
        return plain ? joined.toString() : list.toString();
    }

    /** A list cell: JSON when it is a JSON list, else the items between commas, trimmed, empty ones dropped. */
    static JsonNode parseList(String cell) {
        if (cell.startsWith("[")) {
            JsonNode parsed = tryJson(cell);
            if (parsed != null && parsed.isArray()) {
                return parsed;
            }
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String item : cell.split(",")) {
            String text = item.strip();
            if (!text.isEmpty()) {
                list.add(text);
            }
        }
        return list;
    }

    static String free(JsonNode value) {
        if (value.isTextual()) {
            String text = value.asText();
            if (!text.isEmpty() && Character.isLetter(text.charAt(0)) && "tfn".indexOf(text.charAt(0)) < 0) {
                return text; // cannot be read as JSON: most metadata values, decided without parsing
            }
            return parseFree(text).equals(value) && !text.isEmpty() ? text : value.toString();
        }
        return value.toString();
    }

    static JsonNode parseFree(String cell) {
        if (JSON_SCALAR.matcher(cell).matches() || (!cell.isEmpty() && "{[\"".indexOf(cell.charAt(0)) >= 0)) {
            JsonNode parsed = tryJson(cell);
            if (parsed != null) {
                return parsed;
            }
        }
        return TextNode.valueOf(cell);
    }

    static JsonNode tryJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** Against formula injection: a cell a spreadsheet would evaluate starts with a quote instead. */
    static String spreadsheetSafe(String cell) {
        if (cell != null && !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }
}
