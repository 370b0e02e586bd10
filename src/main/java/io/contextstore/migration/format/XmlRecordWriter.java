package io.contextstore.migration.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.ctc.wstx.api.WstxOutputProperties;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;

/**
 * Writes records as XML with Woodstox's StAX writer, element by element: camel-jacksonxml marshals
 * one body per call, an export is one document across many batches. Carriage returns are written as
 * character references so that a parser's line-end normalisation cannot change a value.
 */
final class XmlRecordWriter implements RecordWriter {

    private final OutputStream out;
    private final XMLStreamWriter xml;
    private final boolean sectioned;
    private boolean inSection;

    XmlRecordWriter(OutputStream out, ExportLayout layout) throws IOException {
        this.out = out;
        this.sectioned = layout.all();
        WstxOutputFactory factory = new WstxOutputFactory();
        factory.setProperty(WstxOutputProperties.P_OUTPUT_ESCAPE_CR, true);
        try {
            xml = factory.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement(XmlShape.ROOT);
            if (layout.header() != null) {
                for (Map.Entry<String, JsonNode> e : layout.header().properties()) {
                    xml.writeAttribute(e.getKey(), e.getValue().asText());
                }
            }
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void section(DataType type) throws IOException {
        if (!sectioned) {
            return;
        }
        try {
            if (inSection) {
                xml.writeCharacters("\n");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeStartElement(type.key());
            inSection = true;
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        try {
            String indent = sectioned ? "\n  " : "\n";
            xml.writeCharacters(indent);
            xml.writeStartElement(XmlShape.ITEM);
            children("", record, indent + "  ");
            xml.writeCharacters(indent);
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    private void children(String path, JsonNode object, String indent) throws XMLStreamException {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            xml.writeCharacters(indent);
            value(path, e.getKey(), e.getValue(), indent);
        }
    }

    private void value(String parent, String name, JsonNode value, String indent) throws XMLStreamException {
        String path = XmlShape.path(parent, name);
        if (XmlShape.isName(name)) {
            xml.writeStartElement(name);
        } else {
            xml.writeStartElement(XmlShape.ENTRY);
            xml.writeAttribute("key", name);
        }
        if (value.isObject()) {
            if (value.isEmpty() && !XmlShape.OBJECTS.contains(path)) {
                xml.writeAttribute("type", "object");
            }
            children(path, value, indent + "  ");
            if (!value.isEmpty()) {
                xml.writeCharacters(indent);
            }
        } else if (value.isArray()) {
            String item = XmlShape.LISTS.get(path);
            if (item == null) {
                xml.writeAttribute("type", "array");
                item = XmlShape.ITEM;
            }
            for (JsonNode element : value) {
                xml.writeCharacters(indent + "  ");
                value(path, item, element, indent + "  ");
            }
            if (!value.isEmpty()) {
                xml.writeCharacters(indent);
            }
        } else if (value.isTextual()) {
            String text = value.asText();
            if (XmlShape.isXmlText(text)) {
                xml.writeCharacters(text);
            } else {
                xml.writeAttribute("encoding", "base64");
                xml.writeCharacters(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
            }
        } else if (value.isNull()) {
            xml.writeAttribute("type", "null");
        } else {
            xml.writeAttribute("type", value.isBoolean() ? "boolean" : "number");
            xml.writeCharacters(value.asText());
        }
        xml.writeEndElement();
    }

    @Override
    public void close() throws IOException {
        try {
            if (inSection) {
                xml.writeCharacters("\n");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            out.write('\n');
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
        out.close();
    }
}
