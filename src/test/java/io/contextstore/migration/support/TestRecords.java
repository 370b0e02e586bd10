package io.contextstore.migration.support;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Deterministic records with the values that break naive pipelines. */
public final class TestRecords {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] AWKWARD = {"comma, inside", "\"quoted\" words", "line one\nline two",
            "crlf\r\nline", "café naïve Ünïcödé", "漢字 日本語", "emoji 😀🚀", "tab\there", "back\\slash", "", " padded "};
    private static final String[] TYPES = {"general", "analysis", "research", "code", "note"};
    private static final String[] IMPORTANCE = {"low", "medium", "high", "critical"};
    private static final Instant T0 = Instant.parse("2023-01-01T00:00:00Z");

    private TestRecords() {
    }

    public static List<ObjectNode> contexts(int count, long seed) {
        Random random = new Random(seed);
        List<ObjectNode> records = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ObjectNode r = JSON.createObjectNode();
            r.put("id", String.format("ctx-%06d", i));
            r.put("title", "Title " + i + " " + pick(random, AWKWARD));
            r.put("content", "Content " + i + ": " + pick(random, AWKWARD) + " " + "x".repeat(random.nextInt(300)));
            r.put("type", TYPES[i % TYPES.length]);
            ArrayNode tags = r.putArray("tags");
            for (int t = 0; t < i % 11; t++) {
                tags.add(t == 3 ? "tag, with comma" : "tag" + ((i + t) % 17));
            }
            if (i % 10 != 0) {
                r.put("sessionId", "session-" + (i % 50));
            }
            Instant created = T0.plusSeconds(i * 3600L + random.nextInt(3600));
            r.put("createdAt", created.toString());
            if (i % 3 != 0) {
                r.put("updatedAt", created.plusSeconds(60 + random.nextInt(100000)).toString());
            }
            ObjectNode metadata = r.putObject("metadata");
            metadata.put("importance", IMPORTANCE[i % IMPORTANCE.length]);
            metadata.put("source", i % 2 == 0 ? "api" : "import");
            if (i % 4 == 0) {
                metadata.put("author", pick(random, AWKWARD));
            }
            if (i % 25 == 0) {
                ArrayNode attachments = r.putArray("attachments");
                byte[] data = new byte[1 + random.nextInt(200)];
                random.nextBytes(data);
                attachments.addObject().put("name", "file-" + i + ".bin").put("contentType", "application/octet-stream")
                        .put("data", Base64.getEncoder().encodeToString(data));
            }
            records.add(r);
        }
        return records;
    }

    /**
     * Contexts with what formats other than JSON find hardest: empty strings beside nulls, ten tags,
     * tags with commas and spaces, big content, control characters, metadata that is not text
     * (numbers, booleans, null, lists, nested objects) and text that looks like it is.
     */
    public static List<ObjectNode> awkwardContexts(int count, long seed) {
        List<ObjectNode> records = contexts(count, seed);
        for (int i = 0; i < records.size(); i++) {
            ObjectNode r = records.get(i);
            ObjectNode metadata = (ObjectNode) r.get("metadata");
            switch (i % 8) {
                case 0 -> {
                    r.put("title", "");
                    metadata.put("count", 42).put("ratio", 0.25).put("reviewed", true).putNull("owner");
                }
                case 1 -> {
                    ArrayNode tags = r.putArray("tags");
                    for (int t = 0; t < 10; t++) {
                        tags.add(t == 0 ? " edge " : t == 1 ? "[bracket" : "tag-" + t);
                    }
                    metadata.put("looksNumeric", "123").put("looksBoolean", "true").put("empty", "");
                }
                case 2 -> {
                    r.put("content", "big " + "0123456789abcdef".repeat(8192) + " end");
                    metadata.putObject("nested").put("level", "two").putObject("deeper").put("n", 3);
                }
                case 3 -> {
                    r.put("content", "control \u0001 char and ```fence``` and \r\n# not a heading\n## Item 0\n");
                    metadata.putArray("list").add("a").add(1).add(false);
                    r.putArray("tags").add("[1").add("2]");
                    metadata.put("quoted", "\"already quoted\"");
                }
                case 4 -> {
                    r.putArray("tags");
                    r.put("type", "=SUM(A1:A2)");
                    metadata.put("formula", "+1+1");
                }
                case 5 -> {
                    r.put("content", "line one\nline two\n\n  indented line\nlast line with trailing space ");
                    metadata.put("my key", "v").put("emoji 😀", "🚀");
                }
                default -> {
                }
            }
        }
        return records;
    }

    public static List<ObjectNode> sessions(int count) {
        List<ObjectNode> records = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ObjectNode r = JSON.createObjectNode();
            r.put("id", "session-" + i);
            r.put("name", "Session " + i + (i % 3 == 0 ? ", \"special\"\nnames" : ""));
            r.put("userId", "user-" + (i % 7));
            r.put("createdAt", T0.plusSeconds(i * 60L).toString());
            r.put("updatedAt", T0.plusSeconds(i * 120L).toString());
            r.putObject("metadata").put("client", i % 2 == 0 ? "web" : "cli");
            records.add(r);
        }
        return records;
    }

    public static List<ObjectNode> templates(int count) {
        List<ObjectNode> records = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ObjectNode r = JSON.createObjectNode();
            r.put("id", "template-" + i);
            r.put("name", "Template " + i);
            r.put("description", "Standard export " + i);
            r.put("version", "1.0." + i);
            ObjectNode schema = r.putObject("schema");
            schema.put("type", "context");
            ArrayNode fields = schema.putArray("fields");
            fields.addObject().put("name", "id").put("type", "string").put("required", true);
            fields.addObject().put("name", "tags").put("type", "array").put("required", false);
            ObjectNode transformation = r.putObject("transformation");
            transformation.putObject("mapping").put("id", "id").put("title", "title");
            transformation.putArray("computedFields").addObject().put("name", "exportedAt")
                    .put("expression", "${date:now}").put("type", "date");
            r.put("createdAt", T0.plusSeconds(i).toString());
            records.add(r);
        }
        return records;
    }

    public static Path writeNdjson(Path file, List<ObjectNode> records) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ObjectNode r : records) {
                out.write(JSON.writeValueAsString(r));
                out.write('\n');
            }
        }
        return file;
    }

    /**
     * {@code count} plain contexts with ids {@code prefix-000001}..., as NDJSON written line by line:
     * large inputs (progress, crash and cluster tests) without holding the records in memory.
     */
    public static Path writeBulkContexts(Path file, String prefix, int count) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= count; i++) {
                out.write(String.format("{\"id\":\"%s-%06d\",\"title\":\"Title %d\",\"content\":\"Content of record %d, "
                        + "long enough to take a moment to store\",\"type\":\"note\",\"tags\":[\"t%d\"],"
                        + "\"createdAt\":\"2025-01-01T00:00:00Z\"}\n", prefix, i, i, i, i % 7));
            }
        }
        return file;
    }

    public static Path writeJsonArray(Path file, List<ObjectNode> records) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), records);
        return file;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
