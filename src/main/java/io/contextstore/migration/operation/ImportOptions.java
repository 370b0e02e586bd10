package io.contextstore.migration.operation;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.format.RecordFormats;
import io.contextstore.migration.record.Excerpt;

/** Import options as in the API; defaults come from {@code migration.import.defaults}. */
public record ImportOptions(
        String format,
        boolean validateSchema,
        boolean skipDuplicates,
        boolean overwriteExisting,
        int batchSize,
        boolean dryRun,
        ErrorHandling errorHandling,
        JsonNode mapping,
        String templateId,
        String csvDelimiter,
        JsonNode encryption,
        String encoding,
        Long maxErrors,
        Double maxErrorRate) {

    /** From this many records read on, {@code maxErrorRate} applies. */
    public static final int ERROR_RATE_AFTER = 100;

    /** Never shows the encryption key. */
    @Override
    public String toString() {
        return "ImportOptions[format=" + format + ", batchSize=" + batchSize + ", errorHandling=" + errorHandling
                + ", dryRun=" + dryRun + ", encoding=" + encoding + "]";
    }

    /** The key the request gives, if any. */
    public String encryptionKey() {
        return encryption == null || !encryption.path("key").isTextual() ? null : encryption.get("key").asText();
    }

    public static final int MAX_BATCH_SIZE = 10_000;

    void check() {
        if (!RecordFormats.readable(format)) {
            throw new InvalidOptionsException("format '" + Excerpt.of(format)
                    + "' is not supported; use one of " + RecordFormats.NAMES
                    + " (or leave it out to detect it)");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new InvalidOptionsException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", not " + batchSize);
        }
        if (errorHandling == null) {
            throw new InvalidOptionsException("errorHandling must be strict, lenient or skip-errors");
        }
        if (encryption != null && !encryption.isNull() && (!encryption.isObject()
                || (encryption.has("key") && !encryption.get("key").isTextual()))) {
            throw new InvalidOptionsException("encryption must be an object with a key (text)");
        }
        if (maxErrors != null && maxErrors < 0) {
            throw new InvalidOptionsException("maxErrors must be 0 or more, not " + maxErrors);
        }
        if (maxErrorRate != null && (maxErrorRate.isNaN() || maxErrorRate < 0 || maxErrorRate > 1)) {
            throw new InvalidOptionsException("maxErrorRate must be between 0 and 1, not " + maxErrorRate);
        }
        if (encoding != null && !encoding.isBlank()) {
            RecordFormats.charset(encoding);
        }
    }

    private static void unsupported(String name, Object value) {
        if (value != null && !(value instanceof JsonNode node && node.isNull())) {
            throw new InvalidOptionsException("option '" + Excerpt.of(name) + "' is not supported by this version of the service");
        }
    }
}
