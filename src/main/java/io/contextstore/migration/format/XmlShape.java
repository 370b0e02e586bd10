package io.contextstore.migration.format;

import java.util.Map;
import java.util.Set;

/**
 * The XML shape of records (SPEC §6): {@code <data><item><id>…</id><tags><tag>…</tag></tags>
 * <metadata>…</metadata></item></data>}. Lists and objects the record types define are known by
 * their path; anything else says what it is with a {@code type} attribute (array, object, number,
 * boolean, null). A key that is no XML name is written {@code <entry key="…">}; a string holding
 * characters XML 1.0 cannot carry is written base64 with {@code encoding="base64"}.
 */
final class XmlShape {

    static final String ROOT = "data";
    static final String ITEM = "item";
    static final String ENTRY = "entry";
    static final Map<String, String> LISTS = Map.of(
            "tags", "tag",
            "attachments", "attachment",
            "schema.fields", "field",
            "transformation.computedFields", "field");
    static final Set<String> OBJECTS = Set.of("metadata", "schema", "transformation", "transformation.mapping");

    private XmlShape() {
    }

    static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** An XML name without a namespace prefix that does not start with "xml". */
    static boolean isName(String name) {
        if (name.isEmpty() || name.regionMatches(true, 0, "xml", 0, 3)) {
            return false;
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            boolean ok = Character.isLetter(c) || c == '_' || (i > 0 && (Character.isDigit(c) || c == '-' || c == '.'));
            if (!ok) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** True when every character may appear in XML 1.0 text. */
    static boolean isXmlText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
            if (c == 0xFFFE || c == 0xFFFF) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
