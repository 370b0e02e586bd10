package io.contextstore.migration.operation;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.compression.Compression;
import io.contextstore.migration.format.RecordFormats;

/** Export options as in the API. */
public record ExportOptions(
        String format,
        Boolean includeMetadata,
        Boolean includeBinaryData,
        String compression,
        JsonNode encryption,
        JsonNode splitLargeFiles,
        Filters filters,
        String templateId,
        Boolean spreadsheetSafe,
        Boolean async,
        Instant since,
        String incremental,
        String delivery,
        Boolean includeLineage) {

    /** The file goes into the outbox, to be downloaded (the default). */
    public static final String OUTBOX = "outbox";
    /** The file is the answer to the request itself, written as it is made; nothing stays in the outbox. */
    public static final String RESPONSE = "response";

    /** Which records to export; every filter is applied in SQL. */
    public record Filters(DateRange dateRange, List<String> types, List<String> tags, List<String> sessionIds,
                          List<String> importance, List<String> operationIds) {

        public static final Filters NONE = new Filters(null, null, null, null, null, null);

        /**
         * The filter set as JSON that is equal for equal sets: keys in order, each list sorted and
         * without repeats, what filters nothing (a null or empty list, an open end) left out.
         */
        public String canonical() {
            ObjectNode set = JsonNodeFactory.instance.objectNode();
            if (dateRange != null && (dateRange.start() != null || dateRange.end() != null)) {
                ObjectNode range = set.putObject("dateRange");
                if (dateRange.end() != null) {
                    range.put("end", dateRange.end().toString());
                }
                if (dateRange.start() != null) {
                    range.put("start", dateRange.start().toString());
                }
            }
            list(set, "importance", importance);
            list(set, "operationIds", operationIds);
            list(set, "sessionIds", sessionIds);
            list(set, "tags", tags);
            list(set, "types", types);
            return set.toString();
        }

        private static void list(ObjectNode set, String name, List<String> values) {
            if (values != null && !values.isEmpty()) {
                var array = set.putArray(name);
                values.stream().distinct().sorted(Comparator.nullsFirst(Comparator.naturalOrder())).forEach(array::add);
            }
        }
    }

    public record DateRange(Instant start, Instant end) {
    }

    ExportOptions normalized() {
        String f = format == null ? "json" : switch (format.trim().toLowerCase()) {
            case "jsonl" -> "ndjson";
            case "yml" -> "yaml";
            case "md" -> "markdown";
            default -> format.trim().toLowerCase();
        };
        if (!RecordFormats.FORMATS.contains(f)) {
            throw new InvalidOptionsException("format '" + format
                    + "' is not supported; use json, ndjson, csv, xml, yaml or markdown");
        }
        String c;
        try {
            c = Compression.parse(compression).key();
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionsException(e.getMessage());
        }
        if (encryption != null && !encryption.isNull() && !encryption.isObject()) {
            throw new InvalidOptionsException("encryption must be an object {enabled, algorithm, key}");
        }
        if (encrypted()) {
            String algorithm = encryption.path("algorithm").asText("aes-256-gcm");
            if (!algorithm.equals("aes-256-gcm") && !algorithm.equals("pgp")) {
                throw new InvalidOptionsException("encryption.algorithm must be aes-256-gcm or pgp");
            }
            if (encryption.has("key") && !encryption.get("key").isTextual()) {
                throw new InvalidOptionsException("encryption.key must be text: base64 of 32 bytes, or a passphrase");
            }
        }
        if (splitLargeFiles != null && !splitLargeFiles.isNull() && (!splitLargeFiles.isObject()
                || (splitLargeFiles.has("maxSizeBytes") && (!splitLargeFiles.get("maxSizeBytes").canConvertToLong()
                || splitLargeFiles.get("maxSizeBytes").asLong() < MIN_PART_BYTES)))) {
            throw new InvalidOptionsException("splitLargeFiles must be {enabled, maxSizeBytes}, maxSizeBytes at least "
                    + MIN_PART_BYTES);
        }
        Filters fl = filters == null ? Filters.NONE : filters;
        if (fl.dateRange() != null && fl.dateRange().start() != null && fl.dateRange().end() != null
                && fl.dateRange().start().isAfter(fl.dateRange().end())) {
            throw new InvalidOptionsException("filters.dateRange.start is after its end");
        }
        if (incremental != null && !incremental.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new InvalidOptionsException("incremental names a watermark: 1 to 100 letters, digits, '.', '_' or '-'");
        }
        if (incremental != null && since != null) {
            throw new InvalidOptionsException("give either since or incremental, not both");
        }
        String d = delivery == null ? OUTBOX : delivery.trim().toLowerCase(Locale.ROOT);
        if (!d.equals(OUTBOX) && !d.equals(RESPONSE)) {
            throw new InvalidOptionsException("delivery must be outbox (a file to download) or response (the file "
                    + "as the answer)");
        }
        if (d.equals(RESPONSE) && async != null && async) {
            throw new InvalidOptionsException("delivery response answers with the file itself, so it cannot be async");
        }
        if (d.equals(RESPONSE) && incremental != null) {
            throw new InvalidOptionsException("delivery response cannot be incremental: the watermark would move "
                    + "even when the client did not receive the whole file");
        }
        if (d.equals(RESPONSE) && maxPartBytes() > 0) {
            throw new InvalidOptionsException("delivery response answers with one file, so it cannot be split "
                    + "(splitLargeFiles)");
        }
        if (includeLineage != null && includeLineage && templateId != null) {
            throw new InvalidOptionsException("includeLineage cannot be combined with templateId: the template "
                    + "decides the exported fields");
        }
        return new ExportOptions(f, includeMetadata == null || includeMetadata,
                includeBinaryData != null && includeBinaryData, c, encryption, splitLargeFiles, fl, templateId,
                spreadsheetSafe != null && spreadsheetSafe, async != null && async, since, incremental, d,
                includeLineage != null && includeLineage);
    }

    static final long MIN_PART_BYTES = 64 * 1024;
    static final long DEFAULT_PART_BYTES = 100L * 1024 * 1024;

    /** The most content one part of a split export takes; 0 when the export is one file. */
    public long maxPartBytes() {
        if (splitLargeFiles == null || !splitLargeFiles.path("enabled").asBoolean(false)) {
            return 0;
        }
        return splitLargeFiles.path("maxSizeBytes").asLong(DEFAULT_PART_BYTES);
    }

    /** The file is written into the caller's HTTP response rather than the outbox. */
    public boolean toResponse() {
        return RESPONSE.equals(delivery);
    }

    public boolean encrypted() {
        return encryption != null && encryption.path("enabled").asBoolean(false);
    }

    public boolean pgp() {
        return encrypted() && encryption.path("algorithm").asText("").equals("pgp");
    }

    /** The OpenPGP recipient the request names, if any. */
    public String recipient() {
        return encryption == null || !encryption.path("recipient").isTextual() ? null
                : encryption.get("recipient").asText();
    }

    /** The key the request gives, if any. */
    public String encryptionKey() {
        return encryption == null || !encryption.path("key").isTextual() ? null : encryption.get("key").asText();
    }

    /** Never shows the encryption key. */
    @Override
    public String toString() {
        return "ExportOptions[format=" + format + ", compression=" + compression + ", encrypted=" + encrypted() + "]";
    }

    public boolean metadata() {
        return includeMetadata == null || includeMetadata;
    }

    public boolean binaryData() {
        return includeBinaryData != null && includeBinaryData;
    }

    /** Each record carries its {@code lineage}: the operation that last wrote it, its input and record number there. */
    public boolean lineage() {
        return includeLineage != null && includeLineage;
    }
}
