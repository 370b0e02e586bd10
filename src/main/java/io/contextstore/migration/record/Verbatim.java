package io.contextstore.migration.record;

import java.nio.charset.StandardCharsets;

/**
 * A record's text exactly as its input had it, once decoded: what the rejects file writes back, so
 * that a rejected record can be fixed and imported again as it was. {@code ending} is the line
 * break (or blank lines) that followed it in the input, where its format ends records with one.
 * NDJSON lines are kept as their bytes and decoded only when shown.
 */
public final class Verbatim {

    private final byte[] utf8;
    private final String text;
    private final String ending;
    private final boolean marked;

    private Verbatim(byte[] utf8, String text, String ending, boolean marked) {
        this.utf8 = utf8;
        this.text = text;
        this.ending = ending;
        this.marked = marked;
    }

    public static Verbatim of(String text, String ending) {
        return new Verbatim(null, text, ending, true);
    }

    public static Verbatim utf8(byte[] bytes, String ending) {
        return new Verbatim(bytes, null, ending, true);
    }

    /** Splits off the line breaks and blank lines at the end of {@code slice}. */
    public static Verbatim trailing(String slice) {
        int end = slice.length();
        while (end > 0 && (slice.charAt(end - 1) == '\n' || slice.charAt(end - 1) == '\r')) {
            end--;
        }
        return new Verbatim(null, slice.substring(0, end), slice.substring(end), true);
    }

    /**
     * Whether a YAML list item carries its own marker ({@code - }); one cut from a flow sequence
     * does not.
     */
    public Verbatim marked(boolean withMarker) {
        return new Verbatim(utf8, text, ending, withMarker);
    }

    public boolean isMarked() {
        return marked;
    }

    /** The bytes, where the record was kept as its UTF-8 bytes; else null. */
    public byte[] utf8() {
        return utf8;
    }

    public String ending() {
        return ending;
    }

    /** What it takes of memory, for the byte budgets of batches. */
    public long length() {
        return (utf8 != null ? utf8.length : text.length()) + ending.length();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Verbatim v && v.marked == marked && v.ending.equals(ending) && v.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return text != null ? text : new String(utf8, StandardCharsets.UTF_8);
    }
}
