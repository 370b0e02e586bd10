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
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * YAML as plain data. Jackson's YAML parser streams events and constructs no objects, but it
 * neither refuses tags nor expands aliases (it hands back the alias name as a string), so this
 * class does both: any tag outside YAML's core schema is refused, and aliases are expanded from
 * the anchors seen so far with a budget per record, so an alias bomb fails at once instead of
 * growing without end.
 */
final class YamlValues implements JsonRecordReader.ValueReader {

    static final int MAX_EXPANDED_NODES_PER_RECORD = 10_000;
    static final int MAX_ANCHORS = 10_000;
    static final int MAX_DEPTH = 100;
    private static final String CORE = "tag:yaml.org,2002:";
    private static final Set<String> CORE_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLParser yaml;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private long expanded;

    private record Anchored(JsonNode value, long size) {
    }

    private YamlValues(YAMLParser yaml) {
        this.yaml = yaml;
    }

    /** A reader over a YAML stream; each structural token is checked for tags as the reader moves on. */
    static JsonRecordReader reader(InputStream in, io.contextstore.migration.store.DataType wanted, RecordSizeGuard guard)
            throws IOException {
        LoaderOptions options = new LoaderOptions();
        // a whole export is one YAML document; SnakeYAML's 3 MB default is meant for configuration files
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setAllowRecursiveKeys(false);
        YAMLParser yaml = YAMLFactory.builder().loaderOptions(options).build().createParser(in);
        YamlValues values = new YamlValues(yaml);
        return new JsonRecordReader(values.checked(), values, wanted, "YAML", guard);
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
            throw new UnreadableInputException("YAML tags are not allowed: found '" + tag.replace(CORE, "!!")
                    + "'; only plain data (maps, lists, strings, numbers, booleans, null) is read",
                    JsonRecordReader.line(yaml.currentTokenLocation()), JsonRecordReader.offset(yaml.currentTokenLocation()));
        }
    }

    @Override
    public JsonNode read(JsonParser parser) throws IOException {
        expanded = 0;
        return value(parser, 0);
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
                throw failure("YAML aliases expand to more than " + MAX_EXPANDED_NODES_PER_RECORD
                        + " values in one record (an alias bomb?)");
            }
            return anchored.value();
        }
        String anchor = yaml.getObjectId();
        JsonNode node;
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
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
            case VALUE_STRING -> node = NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> node = parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? NODES.numberNode(parser.getDecimalValue()) : parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                    ? NODES.numberNode(parser.getLongValue()) : NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> node = NODES.booleanNode(true);
            case VALUE_FALSE -> node = NODES.booleanNode(false);
            case VALUE_NULL -> node = NODES.nullNode();
            default -> throw failure("unexpected YAML token " + parser.currentToken());
        }
        if (anchor != null) {
            if (anchors.size() >= MAX_ANCHORS) {
                throw failure("more than " + MAX_ANCHORS + " YAML anchors");
            }
            anchors.put(anchor, new Anchored(node, count(node)));
        }
        return node;
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
