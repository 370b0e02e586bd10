package io.contextstore.migration.format;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.Verbatim;

/**
 * Streams the records of a JSON or YAML document from Jackson's streaming parser: a top-level
 * array (sequence), a single object, a sequence of top-level objects, or an object with a
 * {@code _meta} section and an array per data type. With a wanted data type only its section is
 * read (the others are skipped token by token); without one every section is, each record tagged
 * with its section's type. Camel's Jackson data formats unmarshal a whole document into memory,
 * hence this parser-level reader.
 */
public class JsonRecordReader extends LookaheadReader {

    /** Reads the value at the parser's current token: plain Jackson for JSON, checked building for YAML. */
    @FunctionalInterface
    public interface ValueReader {
        JsonNode read(JsonParser parser) throws IOException;
    }

    /**
     * Cuts a record's text out of what the parser read, by the locations the parser gives (bytes
     * for JSON, characters for YAML); what lies before {@code end} is not needed again.
     */
    interface RecordText {
        Verbatim cut(JsonLocation start, JsonLocation end);
    }

    private final JsonParser parser;
    private final ValueReader values;
    private final RecordText text;
    private final DataType wanted;
    private final String formatName;
    private boolean sectioned;
    private boolean inArray;
    private boolean inArrayDocument;
    private DataType section;
    private long position;
    private SourceRecord opened;
    private boolean done;

    private final RecordSizeGuard guard;

    JsonRecordReader(JsonParser parser, ValueReader values, RecordText text, DataType wanted, String formatName,
                     RecordSizeGuard guard) {
        this.guard = guard;
        this.text = text;
        this.parser = parser;
        this.values = values;
        this.wanted = wanted;
        this.formatName = formatName;
        try {
            start();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private void start() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new UnreadableInputException("the file holds no " + formatName + " value (it is empty or only whitespace)",
                    1L, 0L);
        }
        if (first == JsonToken.START_ARRAY) {
            inArray = true;
            inArrayDocument = true;
        } else if (first == JsonToken.START_OBJECT) {
            openObject();
        } else {
            throw new UnreadableInputException("a " + formatName + " file must hold a list of records or objects, not "
                    + describe(first), line(parser.currentTokenLocation()), offset(parser.currentTokenLocation()));
        }
    }

    /** Tells a sectioned document from a record: a record never starts with an array under a data type's name. */
    private void openObject() throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (record.isEmpty() && name.equals("_meta")) {
                sectioned = true;
                parser.skipChildren();
                guard.startRecord();
            } else if (record.isEmpty() && isSection(name) && value == JsonToken.START_ARRAY) {
                sectioned = true;
                if (enterSection(name)) {
                    return;
                }
                parser.skipChildren();
                guard.startRecord();
            } else if (sectioned) {
                parser.skipChildren();
                guard.startRecord();
            } else {
                try {
                    record.set(name, values.read(parser));
                } catch (RecordRefusedException e) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        parser.nextToken();
                        parser.skipChildren();
                    }
                    opened = SourceRecord.unparsable(++position, line(at), offset(at), cut(at), e.getMessage());
                    return;
                }
            }
        }
        if (sectioned) {
            done = true;
            if (wanted != null) {
                throw new UnreadableInputException("the document has no '" + wanted.key() + "' section", 1L, 0L);
            }
            finish(parser.nextToken());
            return;
        }
        opened = SourceRecord.parsed(++position, line(at), offset(at), record, cut(at));
    }

    private Verbatim cut(JsonLocation start) {
        return text.cut(start, parser.currentLocation());
    }

    private static boolean isSection(String name) {
        return name.equals("data") || DataType.parse(name).filter(t -> t.key().equals(name)).isPresent();
    }

    /** Starts reading a section's array if its records are wanted. */
    private boolean enterSection(String name) {
        DataType type = name.equals("data") ? wanted : DataType.parse(name).orElseThrow();
        if (wanted != null && type != wanted) {
            return false;
        }
        section = type;
        inArray = true;
        return true;
    }

    @Override
    protected SourceRecord advance() {
        if (opened != null) {
            SourceRecord record = opened;
            opened = null;
            return record;
        }
        if (done) {
            return null;
        }
        guard.startRecord();
        try {
            while (true) {
                JsonToken token = parser.nextToken();
                if (inArray && token == JsonToken.END_ARRAY) {
                    inArray = false;
                    if (!sectioned) {
                        done = true;
                        finish(parser.nextToken());
                        return null;
                    }
                    continue;
                }
                if (!inArray && sectioned) {
                    if (token == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if (!(isSection(name) && value == JsonToken.START_ARRAY && enterSection(name))) {
                            parser.skipChildren();
                            guard.startRecord();
                        }
                        continue;
                    }
                    done = true;
                    finish(parser.nextToken());
                    return null;
                }
                if (token == null) {
                    done = true;
                    return null;
                }
                JsonLocation at = parser.currentTokenLocation();
                JsonNode node;
                try {
                    node = values.read(parser);
                } catch (RecordRefusedException e) {
                    return SourceRecord.unparsable(++position, line(at), offset(at), cut(at), e.getMessage()).in(section);
                }
                long pos = ++position;
                Verbatim raw = cut(at);
                if (node instanceof ObjectNode object) {
                    return SourceRecord.parsed(pos, line(at), offset(at), object, raw).in(section);
                }
                return SourceRecord.unparsable(pos, line(at), offset(at), raw != null ? raw : node.toString(),
                        "a record must be an object, found " + node.getNodeType().name().toLowerCase()).in(section);
            }
        } catch (IOException e) {
            done = true;
            throw unreadable(e);
        }
    }

    /** After the document: anything but the end of input is refused. */
    private void finish(JsonToken next) {
        if (next != null) {
            JsonLocation at = parser.currentTokenLocation();
            throw new UnreadableInputException("unexpected content after the end of the " + formatName + " document",
                    line(at), offset(at));
        }
    }

    private UnreadableInputException unreadable(IOException e) {
        JsonLocation at = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                ? jpe.getLocation() : parser.currentLocation();
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        message = message.replace("[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "[");
        return new UnreadableInputException("malformed " + formatName + ": " + message, line(at), offset(at));
    }

    private static String describe(JsonToken token) {
        return token.isScalarValue() ? "a single " + (token.isNumeric() ? "number" : "value") : token.name();
    }

    static Long line(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? null : (long) at.getLineNr();
    }

    static Long offset(JsonLocation at) {
        if (at == null) {
            return null;
        }
        long offset = at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset();
        return offset < 0 ? null : offset;
    }

    /** How the document holds its records, for a document of the rejected ones. */
    @Override
    public RejectsFrame frame() {
        RejectsFrame.Shape shape = sectioned ? RejectsFrame.Shape.SECTIONS
                : inArrayDocument ? RejectsFrame.Shape.LIST : RejectsFrame.Shape.VALUES;
        return new RejectsFrame("", "", shape);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
