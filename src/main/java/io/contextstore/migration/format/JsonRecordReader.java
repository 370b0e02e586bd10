package io.contextstore.migration.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Streams the records of a JSON document: a top-level array, a single object, a sequence of
 * top-level objects, or an object with a {@code _meta} section and an array per data type (only the
 * wanted section is read; the others are skipped token by token). Camel's Jackson data format
 * unmarshals a whole document into memory, hence this parser-level reader.
 */
public class JsonRecordReader implements RecordReader {

    private static final Set<String> SECTION_NAMES = Set.of("data", "contexts", "sessions", "templates");

    private final JsonParser parser;
    private final ObjectMapper mapper;
    private final String wantedSection;
    private boolean inArray;
    private long position;
    private SourceRecord pending;
    private boolean done;

    public JsonRecordReader(InputStream in, ObjectMapper mapper, String wantedSection) {
        this.mapper = mapper;
        this.wantedSection = wantedSection;
        try {
            this.parser = mapper.getFactory().createParser(in);
            start();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private void start() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new UnreadableInputException("the file holds no JSON value (it is empty or only whitespace)", 1L, 0L);
        }
        if (first == JsonToken.START_ARRAY) {
            inArray = true;
        } else if (first == JsonToken.START_OBJECT) {
            openObject();
        } else {
            throw new UnreadableInputException("a JSON file must hold an array of records or objects, not "
                    + describe(first), line(parser.currentTokenLocation()), offset(parser.currentTokenLocation()));
        }
    }

    /** Tells a sectioned document from a record: a record never has an array under a data type's name. */
    private void openObject() throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        ObjectNode record = mapper.createObjectNode();
        boolean sectioned = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (record.isEmpty() && name.equals("_meta")) {
                parser.skipChildren();
            } else if (record.isEmpty() && SECTION_NAMES.contains(name) && value == JsonToken.START_ARRAY) {
                sectioned = true;
                if (name.equals(wantedSection) || name.equals("data") || wantedSection == null) {
                    inArray = true;
                    return;
                }
                parser.skipChildren();
            } else {
                record.set(name, mapper.readTree(parser));
            }
        }
        if (sectioned && record.isEmpty()) {
            throw new UnreadableInputException("the document has no '" + wantedSection + "' section", 1L, 0L);
        }
        pending = SourceRecord.parsed(++position, line(at), offset(at), record, null);
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !done) {
            pending = advance();
        }
        return pending != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord next = pending;
        pending = null;
        return next;
    }

    private SourceRecord advance() {
        try {
            JsonToken token = parser.nextToken();
            if (token == null || (inArray && token == JsonToken.END_ARRAY)) {
                finish(token);
                return null;
            }
            JsonLocation at = parser.currentTokenLocation();
            JsonNode node = mapper.readTree(parser);
            long pos = ++position;
            if (node instanceof ObjectNode object) {
                return SourceRecord.parsed(pos, line(at), offset(at), object, null);
            }
            return SourceRecord.unparsable(pos, line(at), offset(at), node.toString(),
                    "a record must be a JSON object, found " + node.getNodeType().name().toLowerCase());
        } catch (IOException e) {
            done = true;
            throw unreadable(e);
        }
    }

    /** After the records: other sections of a sectioned document are skipped, trailing content is refused. */
    private void finish(JsonToken token) throws IOException {
        done = true;
        if (token == JsonToken.END_ARRAY && parser.getParsingContext().getParent() != null
                && parser.getParsingContext().getParent().inObject()) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                parser.nextToken();
                parser.skipChildren();
            }
        }
        if (token != null && parser.nextToken() != null) {
            JsonLocation at = parser.currentTokenLocation();
            throw new UnreadableInputException("unexpected content after the end of the JSON document",
                    line(at), offset(at));
        }
    }

    private UnreadableInputException unreadable(IOException e) {
        JsonLocation at = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                ? jpe.getLocation() : parser == null ? null : parser.currentLocation();
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        message = message.replace("[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "[");
        return new UnreadableInputException("malformed JSON: " + message, line(at), offset(at));
    }

    private static String describe(JsonToken token) {
        return token.isScalarValue() ? "a single " + (token.isNumeric() ? "number" : "value") : token.name();
    }

    private static Long line(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? null : (long) at.getLineNr();
    }

    private static Long offset(JsonLocation at) {
        return at == null || at.getByteOffset() < 0 ? null : at.getByteOffset();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
