package io.contextstore.migration.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.core.JsonLocation;
import io.contextstore.migration.record.Verbatim;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import io.contextstore.migration.record.Excerpt;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.record.DataType;

/**
 * YAML as plain data. Jackson's YAML parser streams events and constructs no objects, but it
 * neither refuses tags nor expands aliases (it hands back the alias name as a string), so this
 * class does both: any tag outside YAML's core schema is refused, and aliases are expanded from
 * the anchors seen so far with a budget per record, so an alias bomb fails at once instead of
 * growing without end. The budget is in values and in bytes: each alias counts the size of what
 * it stands for, so a few thousand aliases of one 200 KB string are refused before the record is
 * built, not when it is serialised to gigabytes. Such a record is a record error; the reader reads
 * past the rest of it without building anything and goes on with the next.
 */
final class YamlValues implements JsonRecordReader.ValueReader {

    static final int MAX_EXPANDED_NODES_PER_RECORD = 10_000;
    static final int MAX_ANCHORS = 10_000;
    static final int MAX_DEPTH = 100;
    private static final String CORE = "tag:yaml.org,2002:";
    private static final Set<String> CORE_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLParser yaml;
    private final long maxRecordBytes;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private long expanded;
    private long bytes;

    /** An anchored value, how many values it holds and how many bytes of content. */
    private record Anchored(JsonNode value, long size, long bytes) {
    }

    private YamlValues(YAMLParser yaml, long maxRecordBytes) {
        this.yaml = yaml;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** A reader over a YAML stream; each structural token is checked for tags as the reader moves on. */
    static JsonRecordReader reader(InputStream in, DataType wanted, RecordSizeGuard guard,
                                   int maxRecordBytes) throws IOException {
        LoaderOptions options = new LoaderOptions();
        // a whole export is one YAML document; SnakeYAML's 3 MB default is meant for configuration files
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setAllowRecursiveKeys(false);
        // the input was checked as UTF-8 already
        TextWindow window = TextWindow.countingCodePoints(new InputStreamReader(in, StandardCharsets.UTF_8),
                2 * maxRecordBytes);
        YAMLParser yaml = YAMLFactory.builder().loaderOptions(options).build().createParser(window);
        YamlValues values = new YamlValues(yaml, maxRecordBytes);
        return new JsonRecordReader(values.checked(), values, (start, end) -> cut(window, start, end), wanted, "YAML",
                guard);
    }

    /**
     * A record's lines: the parser puts a block mapping's start at its first key and its end where
     * the next item begins, so both move back to the start of their line, the list marker
     * ({@code - }, on its line or alone on the line before) going with the record. A flow mapping
     * sharing its line with others keeps its own characters only, and is marked as having no marker.
     */
    static Verbatim cut(TextWindow window, JsonLocation start, JsonLocation end) {
        // SnakeYAML counts code points, in an int: past 2^31 of them the offsets are lost
        if (start.getCharOffset() < 0 || end.getCharOffset() < start.getCharOffset()) {
            return null;
        }
        long from = window.charOffset(start.getCharOffset());
        long to = window.charOffset(end.getCharOffset());
        long lineStart = lineStart(window, from);
        boolean marked = false;
        if (lineStart >= 0) {
            String lead = window.slice(lineStart, from);
            marked = lead != null && lead.contains("-");
            if (lead != null && !marked && lineStart > 0) {
                long before = lineStart - 1;
                if (before > 0 && window.charAt(before - 1) == '\r') {
                    before--;
                }
                long dashLine = lineStart(window, before);
                String dash = dashLine < 0 ? null : window.slice(dashLine, before);
                if (dash != null && dash.strip().equals("-")) {
                    lineStart = dashLine;
                    marked = true;
                }
            }
            from = lineStart;
        }
        long lineEnd = lineStart(window, to);
        if (lineEnd >= 0 && lineEnd >= from) {
            to = lineEnd;
        }
        String text = window.slice(from, to);
        window.keepFrom(to);
        return text == null ? null : Verbatim.trailing(text).marked(marked);
    }

    /** Where the line holding {@code offset} starts, if only blanks and list markers come before it there; else -1. */
    private static long lineStart(TextWindow window, long offset) {
        long at = offset;
        while (at > 0) {
            int c = window.charAt(at - 1);
            if (c == '\n') {
                return at;
            }
            if (c != ' ' && c != '-' && c != '\t') {
                return -1;
            }
            at--;
        }
        return at == 0 ? 0 : -1;
    }

    private JsonParser checked() {
        return new JsonParserDelegate(yaml) {
            @Override
            public JsonToken nextToken() throws IOException {
                JsonToken token = super.nextToken();
                checkTag();
                return token;
            }
        };
    }

    private void checkTag() throws IOException {
        String tag = yaml.getTypeId();
        if (tag == null) {
            return;
        }
        String plain = tag.startsWith(CORE) ? tag.substring(CORE.length()) : null;
        if (plain == null || !CORE_TAGS.contains(plain)) {
            // Jackson gives a local tag without its '!' (and a core one in full): quoted as written
            String written = tag.startsWith(CORE) ? tag.replace(CORE, "!!") : tag.startsWith("!") ? tag : "!" + tag;
            throw new UnreadableInputException("YAML tags are not allowed: found '" + written
                    + "'; only plain data (maps, lists, strings, numbers, booleans, null) is read",
                    JsonRecordReader.line(yaml.currentTokenLocation()), JsonRecordReader.offset(yaml.currentTokenLocation()));
        }
    }

    @Override
    public JsonNode read(JsonParser parser) throws IOException {
        expanded = 0;
        bytes = 0;
        boolean container = parser.currentToken() == JsonToken.START_OBJECT
                || parser.currentToken() == JsonToken.START_ARRAY;
        int depth = parser.getParsingContext().getNestingDepth();
        try {
            return value(parser, 0);
        } catch (TooLarge e) {
            // the record's own tokens are read on without building anything, so the next record is read as usual
            while (container && parser.getParsingContext().getNestingDepth() >= depth && parser.nextToken() != null) {
                parser.skipChildren();
            }
            throw new RecordRefusedException(e.getMessage());
        }
    }

    /** This record is over a budget or holds what cannot be kept; the rest of the input may be fine. */
    private static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private void addBytes(long n) {
        bytes += n;
        if (bytes > maxRecordBytes) {
            throw new TooLarge("the record expands to more than " + LimitsProperties
                    .readable(maxRecordBytes) + " (migration.limits.max-record-bytes): YAML aliases count the size of "
                    + "what they stand for each time they are used (an alias bomb?)");
        }
    }

    private JsonNode value(JsonParser parser, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw failure("YAML nested deeper than " + MAX_DEPTH + " levels");
        }
        if (yaml.isCurrentAlias()) {
            Anchored anchored = anchors.get(yaml.getText());
            if (anchored == null) {
                throw failure("YAML alias '*" + yaml.getText() + "' names no anchor before it");
            }
            expanded += anchored.size();
            if (expanded > MAX_EXPANDED_NODES_PER_RECORD) {
                throw new TooLarge("YAML aliases expand to more than " + MAX_EXPANDED_NODES_PER_RECORD
                        + " values in one record (an alias bomb?)");
            }
            addBytes(anchored.bytes());
            return anchored.value();
        }
        String anchor = yaml.getObjectId();
        long bytesBefore = bytes;
        JsonNode node;
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    addBytes(utf8Length(name) + 1L);
                    parser.nextToken();
                    object.set(name, value(parser, depth + 1));
                }
                node = object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser, depth + 1));
                }
                node = array;
            }
            case VALUE_STRING -> {
                String text = parser.getText();
                addBytes(utf8Length(text) + 1L);
                node = NODES.textNode(text);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> node = number(parser);
            case VALUE_TRUE -> node = NODES.booleanNode(true);
            case VALUE_FALSE -> node = NODES.booleanNode(false);
            case VALUE_NULL -> node = NODES.nullNode();
            default -> throw failure("unexpected YAML token " + parser.currentToken());
        }
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            addBytes(parser.currentToken().isScalarValue() ? Math.max(parser.getTextLength(), 1) : 1);
        }
        if (anchor != null) {
            if (anchors.size() >= MAX_ANCHORS) {
                throw failure("more than " + MAX_ANCHORS + " YAML anchors");
            }
            anchors.put(anchor, new Anchored(node, count(node), bytes - bytesBefore));
        }
        return node;
    }

    /** A number as written; one no decimal can hold (.inf, .nan) refuses the record, naming its field. */
    private JsonNode number(JsonParser parser) throws IOException {
        try {
            return ExactNumbers.read(parser);
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new TooLarge(fieldName(parser) + " is '" + Excerpt.of(parser.getText()) + "', a number JSON and the store "
                    + "cannot hold (infinity and NaN are refused; numbers are kept as exact decimals)");
        }
    }

    private static String fieldName(JsonParser parser) throws IOException {
        String name = parser.currentName();
        return name == null ? "a value" : "field '" + Excerpt.of(name) + "'";
    }

    private static long utf8Length(String text) {
        long n = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // surrogate pairs: 2 chars, 4 bytes; others up to U+FFFF: 2 or 3 bytes
                n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return n;
    }

    private static long count(JsonNode node) {
        long n = 1;
        for (JsonNode child : node) {
            n += count(child);
            if (n > MAX_EXPANDED_NODES_PER_RECORD) {
                return n;
            }
        }
        return n;
    }

    private UnreadableInputException failure(String message) {
        return new UnreadableInputException(message, JsonRecordReader.line(yaml.currentTokenLocation()),
                JsonRecordReader.offset(yaml.currentTokenLocation()));
    }
}
