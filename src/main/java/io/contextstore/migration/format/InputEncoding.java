package io.contextstore.migration.format;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.record.Excerpt;
import java.util.Arrays;

/**
 * The charset an input's text is read in, and what said so: the {@code encoding} option, else a
 * byte order mark, else (XML only) the document's own {@code encoding=} declaration, else UTF-8.
 * The option wins over a declaration, so a file that declares the wrong charset can still be read;
 * a byte order mark of another charset than the option's is a contradiction and refused.
 */
record InputEncoding(Charset charset, Origin origin, int bomLength) {

    enum Origin { OPTION, BOM, ZEROS, DECLARATION, DEFAULT }

    private static final Pattern XML_DECLARATION = Pattern.compile("^<\\?xml\\s[^>]*?encoding\\s*=\\s*[\"']([^\"']{1,64})[\"']");

    /** The charset the JDK knows by this name; the name of an import option, so an unknown one is a bad option. */
    static Charset named(String name) {
        try {
            return Charset.forName(name.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new InvalidOptionsException("encoding '" + Excerpt.of(name) + "' is not a charset this service knows; "
                    + "use a name such as UTF-8, windows-1252, ISO-8859-1, UTF-16LE or UTF-16BE");
        }
    }

    /** Decides from the option (null if none) and the first bytes of the input. */
    static InputEncoding of(String option, byte[] head) {
        Charset bom = bomCharset(head);
        int bomLength = bom == null ? 0 : bom.name().startsWith("UTF-32") ? 4 : bom.name().startsWith("UTF-16") ? 2 : 3;
        if (option != null && !option.isBlank()) {
            Charset declared = named(option);
            if (bom == null) {
                return new InputEncoding(declared, Origin.OPTION, 0);
            }
            if (!sameFamily(declared, bom)) {
                throw new UnreadableInputException("the file starts with a " + bom.name() + " byte order mark, but the "
                        + "encoding option says " + declared.name(), null, 0L);
            }
            return new InputEncoding(bom, Origin.OPTION, bomLength);
        }
        if (bom != null) {
            return new InputEncoding(bom, Origin.BOM, bomLength);
        }
        Charset wide = zeroPattern(head);
        return wide != null ? new InputEncoding(wide, Origin.ZEROS, 0) : new InputEncoding(StandardCharsets.UTF_8, Origin.DEFAULT, 0);
    }

    /**
     * UTF-16 and UTF-32 without a byte order mark, told by where the zero bytes of the first
     * characters are (as RFC 4627 tells JSON's); UTF-8 text never starts with a zero byte beside a
     * character, since NUL is refused anyway.
     */
    private static Charset zeroPattern(byte[] h) {
        if (h.length < 4) {
            return null;
        }
        boolean z0 = h[0] == 0, z1 = h[1] == 0, z2 = h[2] == 0, z3 = h[3] == 0;
        if (z0 && z1 && z2 && !z3) {
            return Charset.forName("UTF-32BE");
        }
        if (!z0 && z1 && z2 && z3) {
            return Charset.forName("UTF-32LE");
        }
        if (z0 && !z1 && z2 && !z3) {
            return StandardCharsets.UTF_16BE;
        }
        if (!z0 && z1 && !z2 && z3) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    /**
     * An XML document read without option or byte order mark is read in the charset its declaration
     * names, as XML 1.0 says; the parser is then handed text, so it never decodes a second time.
     */
    InputEncoding withXmlDeclaration(byte[] text) {
        if (origin != Origin.DEFAULT) {
            return this;
        }
        Matcher m = XML_DECLARATION.matcher(new String(text, 0, Math.min(text.length, 256), StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return this;
        }
        String name = m.group(1);
        try {
            return new InputEncoding(Charset.forName(name.strip()), Origin.DECLARATION, 0);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnreadableInputException("the XML declaration names encoding '" + Excerpt.of(name) + "', which "
                    + "this service does not know; give the file's charset with the encoding option", 1L, 0L);
        }
    }

    boolean isUtf8() {
        return charset.equals(StandardCharsets.UTF_8);
    }

    /** For messages: where the charset came from. */
    String because() {
        return switch (origin) {
            case OPTION -> "as the encoding option says";
            case BOM -> "as its byte order mark says";
            case ZEROS -> "as the zero bytes of its first characters show";
            case DECLARATION -> "as its XML declaration says";
            case DEFAULT -> "the default";
        };
    }

    /** The sniffed head as UTF-8, for telling the format, delimiter and line endings; never for the records. */
    byte[] headAsUtf8(byte[] head) {
        if (isUtf8()) {
            return bomLength == 0 ? head : Arrays.copyOfRange(head, bomLength, head.length);
        }
        CharBuffer chars = CharBuffer.allocate(head.length + 1);
        charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(head, bomLength, head.length - bomLength), chars, false);
        chars.flip();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(chars);
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }

    private static boolean sameFamily(Charset declared, Charset bom) {
        String d = declared.name().toUpperCase(Locale.ROOT);
        String b = bom.name();
        return declared.equals(bom) || (b.length() > 6 && d.equals(b.substring(0, 6))) || d.equals("X-" + b + "-BOM");
    }

    private static Charset bomCharset(byte[] h) {
        if (startsWith(h, 0xEF, 0xBB, 0xBF)) {
            return StandardCharsets.UTF_8;
        }
        // UTF-32LE's mark begins with UTF-16LE's
        if (startsWith(h, 0xFF, 0xFE, 0x00, 0x00)) {
            return Charset.forName("UTF-32LE");
        }
        if (startsWith(h, 0x00, 0x00, 0xFE, 0xFF)) {
            return Charset.forName("UTF-32BE");
        }
        if (startsWith(h, 0xFF, 0xFE)) {
            return StandardCharsets.UTF_16LE;
        }
        if (startsWith(h, 0xFE, 0xFF)) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
