package io.contextstore.migration.format;

import java.io.IOException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;

/**
 * How values that are not plain text live in one CSV cell, so that an export imports back equal.
 * The header of a column says how its cells are read ({@link CsvColumns}), never the look of a
 * cell: {@code 4}, {@code true} or {@code [1,2]} under a plain header are that text.
 * <ul>
 * <li>A list of strings is joined with {@code ,}; when that would lose something (a tag holding a
 * comma, an empty tag, spaces at either end) the column is {@code tags:json} and holds JSON lists.</li>
 * <li>A metadata value is its text in a plain column, or under {@code :number}, {@code :boolean}
 * or {@code :json} the JSON it is (a string in a {@code :json} column is a quoted JSON string).</li>
 * </ul>
 */
final class CsvCells {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .registerModule(ExactNumbers.module());

    private CsvCells() {
    }

    /** Whether a list of strings joined with commas splits back into the same list ({@link #parseList}). */
    static boolean joinable(JsonNode list) {
        for (JsonNode item : list) {
            String text = item.asText();
            if (!item.isTextual() || text.isEmpty() || text.contains(",") || !text.strip().equals(text)) {
                return false;
            }
        }
        return true;
    }

    /** A plain list cell: the items between commas, trimmed, empty ones dropped (an empty list is {@code ""}). */
    static String list(JsonNode list) {
        StringBuilder joined = new StringBuilder();
        for (JsonNode item : list) {
            joined.append(joined.isEmpty() ? "" : ",").append(item.asText());
        }
        return joined.toString();
    }

    /** A plain list cell read back: the items between commas, trimmed, empty ones dropped. */
    static JsonNode parseList(String cell) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String item : cell.split(",")) {
            String text = item.strip();
            if (!text.isEmpty()) {
                list.add(text);
            }
        }
        return list;
    }

    /** A cell (or a Markdown inline value) read as its column's type says; null when it is not of that type. */
    static JsonNode read(String cell, CsvColumns.Cell type) {
        return switch (type) {
            case TEXT -> TextNode.valueOf(cell);
            case LIST -> parseList(cell);
            case JSON, NUMBER, BOOLEAN -> typed(cell, type);
        };
    }

    /** What a value of this type must be, for the error that says it is not. */
    static String expected(CsvColumns.Cell type) {
        return switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            default -> "JSON";
        };
    }

    /** A cell of a typed column ({@code :number}, {@code :boolean}, {@code :json}) read, or null when it is not of that type. */
    static JsonNode typed(String cell, CsvColumns.Cell type) {
        return switch (type) {
            case BOOLEAN -> cell.equals("true") || cell.equals("false") ? BooleanNode.valueOf(cell.equals("true")) : null;
            case NUMBER -> {
                JsonNode parsed = tryJson(cell);
                yield parsed != null && parsed.isNumber() ? parsed : null;
            }
            default -> {
                JsonNode parsed = tryJson(cell);
                yield parsed == null || parsed.isMissingNode() ? null : parsed;
            }
        };
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
