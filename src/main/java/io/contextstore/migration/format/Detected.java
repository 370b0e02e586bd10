package io.contextstore.migration.format;

/** What was sniffed from an input file and decided before reading it. */
public record Detected(String format, String compression, String encoding, boolean bom, String lineEnding,
                       String delimiter, String dataType) {

    public Detected withDataType(String dataType) {
        return new Detected(format, compression, encoding, bom, lineEnding, delimiter, dataType);
    }
}
