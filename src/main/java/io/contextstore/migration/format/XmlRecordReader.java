package io.contextstore.migration.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.record.Excerpt;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.Verbatim;
import org.codehaus.stax2.XMLStreamReader2;
import com.ctc.wstx.exc.WstxLazyException;
import java.io.CharConversionException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;

/**
 * Streams the records of an XML file with Woodstox's StAX reader, one {@code <item>} at a time
 * (camel-jacksonxml would unmarshal the whole document). A document with a DTD is refused before
 * anything of it is read: no external entity is fetched and no entity is expanded, so XXE and
 * entity-expansion bombs get nowhere.
 */
final class XmlRecordReader extends LookaheadReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final XMLStreamReader2 xml;
    private final TextWindow window;
    /** The document up to its root's start tag, and that tag's closing one, for a document of rejected records. */
    private String head;
    private String tail;
    private final DataType wanted;
    private DataType section;
    private boolean inSection;
    private long position;

    private final RecordSizeGuard guard;
    private final int maxTextLength;

    XmlRecordReader(Reader in, DataType wanted, int maxTextLength, RecordSizeGuard guard) {
        this.wanted = wanted;
        this.guard = guard;
        this.maxTextLength = maxTextLength;
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, maxTextLength);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 100);
        try {
            this.window = new TextWindow(in, 2 * maxTextLength);
            this.xml = (XMLStreamReader2) factory.createXMLStreamReader(window);
            root();
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    private void root() throws XMLStreamException {
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.DTD) {
                throw new UnreadableInputException("XML with a document type declaration (<!DOCTYPE>) is refused: "
                        + "DTDs, external entities and entity expansion are not allowed", line(), null);
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getPrefix() == null || xml.getPrefix().isEmpty() ? xml.getLocalName()
                        : xml.getPrefix() + ":" + xml.getLocalName();
                long end = xml.getLocationInfo().getEndingCharOffset();
                String start = window.slice(0, end);
                head = start != null ? start : startTag(name);
                tail = "</" + name + ">";
                window.keepFrom(end);
                return;
            }
        }
        throw new UnreadableInputException("the XML file has no root element", line(), null);
    }

    @Override
    protected SourceRecord advance() {
        try {
            return nextRecord();
        } catch (XMLStreamException e) {
            throw malformed(e);
        } catch (WstxLazyException e) {
            // Woodstox reports some errors (its text size limit among them) only when the text is asked for
            throw malformed(e.getCause() instanceof XMLStreamException cause ? cause : new XMLStreamException(e.getMessage()));
        }
    }

    private SourceRecord nextRecord() throws XMLStreamException {
        while (true) {
            guard.startRecord();
            int event = xml.nextTag();
            if (event == XMLStreamConstants.END_ELEMENT) {
                if (inSection) {
                    inSection = false;
                    section = null;
                    continue;
                }
                while (xml.hasNext()) {
                    xml.next();
                }
                return null;
            }
            String name = xml.getLocalName();
            if (!inSection && name.equals("_meta")) {
                skip();
                continue;
            }
            if (!inSection && DataType.parse(name).filter(t -> t.key().equals(name)).isPresent()) {
                DataType type = DataType.parse(name).orElseThrow();
                if (wanted != null && wanted != type) {
                    skip();
                } else {
                    inSection = true;
                    section = type;
                }
                continue;
            }
            long line = line();
            long from = xml.getLocationInfo().getStartingCharOffset();
            Problem problem = new Problem();
            JsonNode record = element("", problem);
            long to = xml.getLocationInfo().getEndingCharOffset();
            String text = window.slice(from, to);
            window.keepFrom(to);
            Verbatim raw = text == null ? null : Verbatim.of(text, "");
            long pos = ++position;
            if (problem.message != null) {
                return SourceRecord.unparsable(pos, line, null, raw != null ? raw : record.toString(), problem.message)
                        .in(section);
            }
            if (!record.isObject()) {
                return SourceRecord.unparsable(pos, line, null, raw != null ? raw : record.toString(),
                        "a record must be an element with one element per field").in(section);
            }
            return SourceRecord.parsed(pos, line, null, (ObjectNode) record, raw).in(section);
        }
    }

    private static final class Problem {
        String message;
    }

    /** The value of the element at the cursor, which is left on its end tag. */
    private JsonNode element(String path, Problem problem) throws XMLStreamException {
        String type = xml.getAttributeValue(null, "type");
        boolean base64 = "base64".equals(xml.getAttributeValue(null, "encoding"));
        // type="null" wins over the shape a known list or object has: null is not an empty one
        boolean isNull = "null".equals(type);
        boolean list = !isNull && ("array".equals(type) || XmlShape.LISTS.containsKey(path));
        ObjectNode object = null;
        ArrayNode array = list ? NODES.arrayNode() : null;
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                String key = XmlShape.ENTRY.equals(name) && xml.getAttributeValue(null, "key") != null
                        ? xml.getAttributeValue(null, "key") : name;
                if (array != null) {
                    array.add(element(XmlShape.path(path, name), problem));
                } else {
                    if (object == null) {
                        object = NODES.objectNode();
                    }
                    JsonNode child = element(XmlShape.path(path, key), problem);
                    if (object.has(key)) {
                        problem.message = "element <" + key + "> appears twice in " + (path.isEmpty() ? "the record" : path);
                    }
                    object.set(key, child);
                }
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                text.append(xml.getText());
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new UnreadableInputException("XML entity references are not allowed (&" + xml.getLocalName()
                        + ";)", line(), null);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        if (isNull) {
            if (object != null || !text.toString().isBlank()) {
                problem.message = path + " is marked null but has content";
            }
            return NODES.nullNode();
        }
        if (array != null) {
            return array;
        }
        if (object != null) {
            if (!text.toString().isBlank()) {
                problem.message = "element " + path + " mixes text and elements";
            }
            return object;
        }
        if ("object".equals(type) || (XmlShape.OBJECTS.contains(path) && text.isEmpty())) {
            return NODES.objectNode();
        }
        return scalar(path, type, base64, text.toString(), problem);
    }

    private static JsonNode scalar(String path, String type, boolean base64, String text, Problem problem) {
        if (base64) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text.strip());
            } catch (IllegalArgumentException e) {
                problem.message = path + " is marked base64 but is not";
                return NODES.textNode(text);
            }
            try {
                return NODES.textNode(StrictTextInput.decoder(StandardCharsets.UTF_8)
                        .decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                problem.message = path + " is marked base64 but its bytes are not valid UTF-8";
                return NODES.textNode(text);
            }
        }
        if (type == null || type.equals("string")) {
            return NODES.textNode(text);
        }
        switch (type) {
            case "null":
                return NODES.nullNode();
            case "boolean":
                if (text.strip().equals("true") || text.strip().equals("false")) {
                    return NODES.booleanNode(Boolean.parseBoolean(text.strip()));
                }
                break;
            case "number":
                JsonNode number = CsvCells.tryJson(text.strip());
                if (number != null && number.isNumber()) {
                    return number;
                }
                break;
            default:
                problem.message = Excerpt.of(path) + " has an unknown type '" + Excerpt.of(type) + "'";
                return NODES.textNode(text);
        }
        problem.message = Excerpt.of(path) + " is not a " + type + ": '" + Excerpt.of(text) + "'";
        return NODES.textNode(text);
    }

    private void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        window.keepFrom(xml.getLocationInfo().getEndingCharOffset());
    }

    private long line() {
        Location at = xml.getLocation();
        return at == null ? 0 : at.getLineNumber();
    }

    private UnreadableInputException malformed(XMLStreamException e) {
        String message = e.getMessage() == null ? "unreadable" : e.getMessage();
        if (message.contains("Text size limit")) {
            return new UnreadableInputException("a record is larger than " + io.contextstore.migration.config
                    .LimitsProperties.readable(maxTextLength) + " (migration.limits.max-record-bytes): a text of "
                    + "the XML file is too large to import", e.getLocation() == null ? null
                    : (long) e.getLocation().getLineNumber(), null);
        }
        if (e.getNestedException() instanceof CharConversionException) {
            message = "the file is not valid UTF-8";
        }
        Location at = e.getLocation();
        return new UnreadableInputException("malformed XML: " + message.replace("\n", " "),
                at == null ? null : (long) at.getLineNumber(), null);
    }

    /** The root's start tag rebuilt, when what came before it was too large to keep: its namespaces and attributes. */
    private String startTag(String name) {
        StringBuilder tag = new StringBuilder("<").append(name);
        for (int i = 0; i < xml.getNamespaceCount(); i++) {
            String prefix = xml.getNamespacePrefix(i);
            tag.append(prefix == null || prefix.isEmpty() ? " xmlns" : " xmlns:" + prefix).append("=\"")
                    .append(escaped(xml.getNamespaceURI(i))).append('"');
        }
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String prefix = xml.getAttributePrefix(i);
            tag.append(' ').append(prefix == null || prefix.isEmpty() ? "" : prefix + ":").append(xml.getAttributeLocalName(i))
                    .append("=\"").append(escaped(xml.getAttributeValue(i))).append('"');
        }
        return tag.append('>').toString();
    }

    private static String escaped(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    @Override
    public RejectsFrame frame() {
        return new RejectsFrame(head, tail, RejectsFrame.Shape.LIST);
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }
}
