package io.contextstore.migration.importing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.record.RecordError;
import io.contextstore.migration.record.ValidationError;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Import behaviour users rely on; run against H2 and PostgreSQL by the subclasses. */
abstract class ImportScenarios extends ScenarioSupport {

    private static final String GOOD_1 = "{\"id\":\"a-1\",\"title\":\"One\",\"content\":\"first\"}";
    private static final String GOOD_2 = "{\"id\":\"a-2\",\"title\":\"Two\",\"content\":\"second\"}";
    private static final String GOOD_3 = "{\"id\":\"a-3\",\"title\":\"Three\",\"content\":\"third\"}";
    private static final String WRONG_TYPE = "{\"id\":\"b-1\",\"title\":42,\"content\":\"x\",\"tags\":\"notalist\"}";
    private static final String MISSING = "{\"id\":\"b-2\",\"content\":\"no title\"}";

    private Path mixed() throws Exception {
        return file("mixed.ndjson", String.join("\n", GOOD_1, WRONG_TYPE, GOOD_2, MISSING, "{not json", GOOD_3) + "\n");
    }

    @Test
    void shouldStoreEveryFieldOfJsonArrayAndNdjsonImports() throws Exception {
        List<ObjectNode> records = TestRecords.contexts(300, 7);
        ImportResult fromArray = importFile(TestRecords.writeJsonArray(work.resolve("c.json"), records.subList(0, 150)),
                "contexts", null);
        ImportResult fromLines = importFile(TestRecords.writeNdjson(work.resolve("c.ndjson"), records.subList(150, 300)),
                "contexts", null);

        assertThat(fromArray.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(fromArray.detected().format()).isEqualTo("json");
        assertThat(fromLines.detected().format()).isEqualTo("ndjson");
        assertThat(fromArray.successfulRecords() + fromLines.successfulRecords()).isEqualTo(300);
        ObjectNode stored = exportedRecord("ctx-000025");
        assertThat(stored).isEqualTo(records.get(24));
    }

    @Test
    void shouldReadASingleObjectAndAJsonTxtFile() throws Exception {
        ImportResult single = importFile(file("one.json", "{\n  \"id\": \"s-1\",\n  \"title\": \"T\",\n  \"content\": \"C\"\n}\n"),
                "contexts", null);
        ImportResult txt = importFile(file("data.txt", "[" + GOOD_1 + "," + GOOD_2 + "]"), "contexts", null);

        assertThat(single.successfulRecords()).isEqualTo(1);
        assertThat(txt.successfulRecords()).isEqualTo(2);
        assertThat(txt.detected().format()).isEqualTo("json");
        assertThat(jdbc.queryForObject("SELECT type FROM contexts WHERE id = 's-1'", String.class)).isEqualTo("general");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contexts WHERE created_at IS NULL", Long.class)).isZero();
    }

    @Test
    void shouldNameTheRecordTheStoreRefusesAndStoreTheRestOfItsBatch() throws Exception {
        // a rule of the database's own, which the service's validation does not know
        jdbc.execute("ALTER TABLE contexts ADD CONSTRAINT no_forbidden_title CHECK (title <> 'forbidden')");
        try {
            // the refused record early in a batch larger than what is sent to the database at once
            String refused = "{\"id\":\"r-0002\",\"title\":\"forbidden\",\"content\":\"x\"}";
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= 1500; i++) {
                lines.add(i == 2 ? refused
                        : "{\"id\":\"r-%04d\",\"title\":\"T\",\"content\":\"%s\"}".formatted(i, "c".repeat(200)));
            }
            ImportResult result = importFile(file("refused.ndjson", String.join("\n", lines) + "\n"),
                    "contexts", Map.of("errorHandling", "lenient", "batchSize", 1500));

            assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
            assertThat(result.successfulRecords()).isEqualTo(1499);
            assertThat(result.failedRecords()).isEqualTo(1);
            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.record()).isEqualTo(2);
                assertThat(e.error()).startsWith("the store refused the record: ");
                assertThat(e.data()).isEqualTo(refused);
            });
            assertThat(count("contexts")).isEqualTo(1499);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contexts WHERE id = 'r-0002'", Long.class)).isZero();
            assertCountsAddUp(result);
        } finally {
            jdbc.execute("ALTER TABLE contexts DROP CONSTRAINT no_forbidden_title");
        }
    }

    @Test
    void shouldStopAtTheFirstBadRecordAndKeepNothingInStrictMode() throws Exception {
        ImportResult result = importFile(mixed(), "contexts", Map.of("errorHandling", "strict"));

        assertThat(result.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(count("contexts")).isZero();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.record()).isEqualTo(2);
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.data()).isEqualTo(WRONG_TYPE);
        });
        assertThat(result.validationErrors()).extracting(ValidationError::field, ValidationError::rule)
                .containsExactlyInAnyOrder(tuple("title", "type"), tuple("tags", "type"));
        assertCountsAddUp(result);
    }

    @Test
    void shouldStoreValidRecordsAndListEveryFailureInLenientMode() throws Exception {
        ImportResult result = importFile(mixed(), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(result.totalRecords()).isEqualTo(6);
        assertThat(result.successfulRecords()).isEqualTo(3);
        assertThat(result.failedRecords()).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT id FROM contexts ORDER BY id", String.class))
                .containsExactly("a-1", "a-2", "a-3");
        assertThat(result.errors()).extracting(RecordError::record, RecordError::line, RecordError::offset)
                .containsExactly(tuple(2L, 2L, (long) GOOD_1.length() + 1),
                        tuple(4L, 4L, (long) (GOOD_1 + WRONG_TYPE + GOOD_2).length() + 3),
                        tuple(5L, 5L, (long) (GOOD_1 + WRONG_TYPE + GOOD_2 + MISSING).length() + 4));
        assertThat(result.errors().get(2).error()).startsWith("malformed JSON");
        assertThat(result.errors().get(2).data()).isEqualTo("{not json");
        assertThat(result.validationErrors()).extracting(ValidationError::record, ValidationError::field,
                ValidationError::rule).containsExactlyInAnyOrder(tuple(2L, "title", "type"), tuple(2L, "tags", "type"),
                tuple(4L, "title", "required"));
        assertCountsAddUp(result);
    }

    @Test
    void shouldSkipAndCountInvalidRecordsListingOnlyTheFirstHundred() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 250; i++) {
            lines.append(i % 2 == 0 ? "{\"id\":\"ok-" + i + "\",\"title\":\"t\",\"content\":\"c\"}" : "{\"id\":\"bad-" + i + "\"}")
                    .append('\n');
        }
        ImportResult result = importFile(file("many.ndjson", lines.toString()), "contexts",
                Map.of("errorHandling", "skip-errors"));

        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED_WITH_ERRORS);
        assertThat(result.successfulRecords()).isEqualTo(125);
        assertThat(result.skippedRecords()).isEqualTo(125);
        assertThat(result.failedRecords()).isZero();
        assertThat(result.errors()).hasSize(100);
        assertThat(count("contexts")).isEqualTo(125);
        assertCountsAddUp(result);
    }

    @Test
    void shouldStopAtTheBadRecordOfABatchBeforeTheUnreadableInputOfTheNextInStrictMode() throws Exception {
        List<ObjectNode> records = TestRecords.contexts(140, 3);
        records.get(49).remove("content");
        StringBuilder json = new StringBuilder("[");
        for (ObjectNode record : records) {
            json.append(record).append(',');
        }
        // the document breaks in the second batch: the import can read no further than that
        json.append("{\"id\": \"broken\", \"title\": ]]");
        ImportResult result = importFile(file("broken.json", json.toString()), "contexts",
                Map.of("errorHandling", "strict", "batchSize", 100));

        assertStrictStopAt(result, 50L);
        assertThat(result.validationErrors()).singleElement().extracting(ValidationError::field).isEqualTo("content");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldReadNoFurtherThanTheBatchWhereAStrictImportStopped() throws Exception {
        List<ObjectNode> records = TestRecords.contexts(5_000, 4);
        records.get(49).remove("content");
        ImportResult result = importFile(TestRecords.writeNdjson(work.resolve("stop.ndjson"), records), "contexts",
                Map.of("errorHandling", "strict", "batchSize", 100));

        assertStrictStopAt(result, 50L);
        assertThat(result.totalRecords()).isEqualTo(100);
    }

    @Test
    void shouldLeaveNothingStoredWhenRecord9000Of10000FailsInStrictMode() throws Exception {
        List<ObjectNode> records = TestRecords.contexts(10_000, 3);
        records.get(8_999).remove("content");
        ImportResult result = importFile(TestRecords.writeNdjson(work.resolve("big.ndjson"), records), "contexts",
                Map.of("errorHandling", "strict", "batchSize", 500));

        assertStrictStopAt(result, 9_000L);
        assertThat(result.validationErrors()).singleElement().extracting(ValidationError::field).isEqualTo("content");
        assertThat(result.successfulRecords()).isZero();
        assertThat(count("contexts")).isZero();
    }

    /** A strict import that failed on one record, named by its position, with counts that add up. */
    private void assertStrictStopAt(ImportResult result, long record) {
        assertThat(result.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(result.errors()).singleElement().extracting(RecordError::record).isEqualTo(record);
        assertCountsAddUp(result);
    }

    @Test
    void shouldSkipOverwriteOrRejectDuplicatesWithinTheFileAndAgainstTheStore() throws Exception {
        importFile(file("first.ndjson", GOOD_1 + "\n" + GOOD_2 + "\n"), "contexts", null);
        String changed1 = GOOD_1.replace("One", "One changed");
        String changed3 = GOOD_3.replace("Three", "Three again");
        Path again = file("again.ndjson", String.join("\n", changed1, GOOD_3, changed3) + "\n");

        ImportResult skipping = importFile(again, "contexts", Map.of("skipDuplicates", true, "errorHandling", "lenient"));
        assertThat(skipping.successfulRecords()).isEqualTo(1);
        assertThat(skipping.duplicateRecords()).isEqualTo(2);
        assertThat(title("a-1")).isEqualTo("One");
        assertThat(title("a-3")).isEqualTo("Three");
        assertCountsAddUp(skipping);

        ImportResult overwriting = importFile(again, "contexts", Map.of("overwriteExisting", true));
        assertThat(overwriting.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(overwriting.successfulRecords()).isEqualTo(3);
        assertThat(overwriting.overwrittenRecords()).isEqualTo(3);
        assertThat(title("a-1")).isEqualTo("One changed");
        assertThat(title("a-3")).isEqualTo("Three again");

        ImportResult rejecting = importFile(file("dup.ndjson", GOOD_2 + "\n" + GOOD_3.replace("a-3", "a-4") + "\n"
                + GOOD_3.replace("a-3", "a-4") + "\n"), "contexts",
                Map.of("skipDuplicates", false, "overwriteExisting", false, "errorHandling", "lenient"));
        assertThat(rejecting.failedRecords()).isEqualTo(2);
        assertThat(rejecting.successfulRecords()).isEqualTo(1);
        assertThat(rejecting.errors()).extracting(RecordError::record).containsExactly(1L, 3L);
        assertThat(rejecting.errors().get(0).error()).contains("duplicate id 'a-2'");
        assertCountsAddUp(rejecting);
    }

    @Test
    void shouldRehearseWithTheSameCountsAndLeaveTheStoreUntouchedOnDryRun() throws Exception {
        importFile(file("base.ndjson", GOOD_1 + "\n" + GOOD_2 + "\n"), "contexts", null);
        var before = dumpStore();
        Path input = file("rehearse.ndjson", String.join("\n", GOOD_1.replace("One", "New"), GOOD_3, WRONG_TYPE,
                GOOD_3) + "\n");
        Map<String, Object> options = Map.of("overwriteExisting", true, "errorHandling", "lenient", "dryRun", true);

        ImportResult rehearsal = importFile(input, "contexts", options);

        assertThat(dumpStore()).isEqualTo(before);
        assertThat(rehearsal.dryRun()).isTrue();
        ImportResult real = importFile(input, "contexts", Map.of("overwriteExisting", true, "errorHandling", "lenient"));
        assertThat(rehearsal).usingRecursiveComparison()
                .comparingOnlyFields("status", "totalRecords", "successfulRecords", "failedRecords", "skippedRecords",
                        "duplicateRecords", "overwrittenRecords", "errors", "validationErrors")
                .isEqualTo(real);
        assertThat(real.overwrittenRecords()).isEqualTo(2);
        assertThat(title("a-1")).isEqualTo("New");
    }

    @Test
    void shouldFailWithAClearErrorOnBadInputAndStoreNothing() throws Exception {
        Map<String, String> expected = Map.of(
                "truncated.json", "malformed JSON",
                "empty.json", "empty (0 bytes)",
                "blank.json", "only whitespace",
                "scalar.json", "must hold a list of records",
                "latin1.json", "not valid UTF-8 at byte 25; if the file is in another encoding, give it with the encoding option");
        file("truncated.json", "[" + GOOD_1 + ", {\"id\": \"x\", \"title\":");
        file("empty.json", new byte[0]);
        file("blank.json", "  \n\n ");
        file("scalar.json", "42");
        file("latin1.json", ("[{\"id\":\"l-1\",\"title\":\"caf\u00e9\",\"content\":\"x\"}]").getBytes(StandardCharsets.ISO_8859_1));

        for (var e : expected.entrySet()) {
            ImportResult result = importFile(work.resolve(e.getKey()), "contexts", Map.of("errorHandling", "lenient"));
            assertThat(result.status()).as(e.getKey()).isEqualTo(OperationStatus.FAILED);
            assertThat(result.message()).as(e.getKey()).contains(e.getValue());
            assertThat(result.errors()).as(e.getKey()).isNotEmpty();
            assertCountsAddUp(result);
        }
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldReportInvalidUtf8AsARecordErrorInNdjson() throws Exception {
        byte[] bad = (GOOD_1 + "\n{\"id\":\"u-1\",\"title\":\"caf\u00e9\",\"content\":\"x\"}\n" + GOOD_2 + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        ImportResult result = importFile(file("latin1.ndjson", bad), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(result.successfulRecords()).isEqualTo(2);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.record()).isEqualTo(2);
            assertThat(e.line()).isEqualTo(2);
            // the é of café, one ISO-8859-1 byte, after the first line and 24 bytes of the second
            assertThat(e.error()).isEqualTo("not valid UTF-8 at byte " + (GOOD_1.length() + 1 + 24)
                    + "; if the file is in another encoding, give it with the encoding option, e.g. windows-1252");
        });
    }

    @Test
    void shouldRefuseARecordWithARepeatedKeyOrASecondValueOnItsLineInsteadOfDroppingOne() throws Exception {
        String ndjson = GOOD_1 + "\n{\"id\":\"d-1\",\"title\":\"first\",\"title\":\"second\",\"content\":\"x\"}\n"
                + "{\"id\":\"d-2\",\"title\":\"t\",\"content\":\"x\"} {\"id\":\"d-3\",\"title\":\"t\",\"content\":\"x\"}\n"
                + GOOD_2 + "\n";
        String json = "[" + GOOD_1 + ",{\"id\":\"d-1\",\"title\":\"t\",\"content\":\"x\",\"metadata\":{\"k\":1,\"k\":2}}]";

        ImportResult lines = importFile(file("dup.ndjson", ndjson), "contexts", Map.of("errorHandling", "lenient"));
        ImportResult array = importFile(file("dup.json", json), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(lines.successfulRecords()).isEqualTo(2);
        assertThat(lines.errors()).extracting(RecordError::line).containsExactly(2L, 3L);
        assertThat(lines.errors()).extracting(RecordError::error).containsExactly(
                "malformed JSON: the key 'title' is given twice", "malformed JSON: more than one JSON value");
        assertThat(array.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(array.message()).startsWith("malformed JSON: Duplicate field 'k'");
        assertThat(jdbc.queryForList("SELECT id FROM contexts ORDER BY id", String.class)).containsExactly("a-1", "a-2");
    }

    @Test
    void shouldTakeNumbersGivenForStringsAsTheirTextWithoutValidateSchemaAndExportWhatADefaultImportReads() throws Exception {
        String json = "[{\"id\":\"v-1\",\"title\":1.50,\"content\":true,\"metadata\":{\"source\":1.10,\"n\":1.10}}]";

        ImportResult loose = importFile(file("loose.json", json), "contexts", Map.of("validateSchema", false));
        Path exported = Files.copy(exported(export("contexts", Map.of("format", "json"))), work.resolve("again.json"));
        jdbc.update("DELETE FROM contexts");
        ImportResult again = importFile(exported, "contexts", null);

        assertThat(loose.status()).as("%s", loose.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(again.status()).as("%s", again.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(jdbc.queryForObject("SELECT title FROM contexts WHERE id = 'v-1'", String.class)).isEqualTo("1.50");
        assertThat(jdbc.queryForObject("SELECT content FROM contexts WHERE id = 'v-1'", String.class)).isEqualTo("true");
        // a well-known metadata string as its text; any other metadata value as it was
        assertThat(jdbc.queryForObject("SELECT metadata FROM contexts WHERE id = 'v-1'", String.class))
                .isEqualTo("{\"source\":\"1.10\",\"n\":1.10}");
    }

    @Test
    void shouldRefuseBase64XmlTextWhoseBytesAreNoUtf8InsteadOfReplacingThem() throws Exception {
        StringBuilder xml = new StringBuilder("<data>");
        for (byte[] bad : List.of(new byte[] {'a', (byte) 0xC0, (byte) 0xAF, 'b'}, new byte[] {'a', (byte) 0xED, (byte) 0xA0,
                (byte) 0x80, 'b'})) {
            xml.append("<item><id>x-").append(bad.length).append("</id><title>t</title><content encoding=\"base64\">")
                    .append(java.util.Base64.getEncoder().encodeToString(bad)).append("</content></item>");
        }
        xml.append("<item><id>x-ok</id><title>t</title><content encoding=\"base64\">")
                .append(java.util.Base64.getEncoder().encodeToString("a\u0001b".getBytes(StandardCharsets.UTF_8)))
                .append("</content></item></data>");

        ImportResult result = importFile(file("b64.xml", xml.toString()), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(result.successfulRecords()).isEqualTo(1);
        assertThat(result.errors()).extracting(RecordError::error).containsExactly(
                "content is marked base64 but its bytes are not valid UTF-8",
                "content is marked base64 but its bytes are not valid UTF-8");
        assertThat(jdbc.queryForObject("SELECT content FROM contexts WHERE id = 'x-ok'", String.class)).isEqualTo("a\u0001b");
        assertThat(count("contexts")).isEqualTo(1);
    }

    @Test
    void shouldRefuseBadOptionsBeforeReading() throws Exception {
        Path input = file("ok.json", "[" + GOOD_1 + "]");
        assertThat(importFile(input, "contexts", Map.of("batchSize", 0)).message()).contains("batchSize");
        assertThat(importFile(input, "contexts", Map.of("errorHandling", "sometimes")).message()).contains("errorHandling");
        assertThat(importFile(input, "contexts", Map.of("nonsense", true)).message()).contains("unknown option 'nonsense'");
        assertThat(importFile(input, "gadgets", null).message()).contains("dataType");
        assertThat(importFile(input, "contexts", "{not json").failure())
                .isEqualTo(ImportResult.FailureKind.INVALID_OPTIONS);
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldValidateFieldsAgainstTheirRules() throws Exception {
        String lines = String.join("\n",
                "{\"id\":\"v-1\",\"title\":\"t\",\"content\":\"c\",\"createdAt\":\"yesterday\"}",
                "{\"id\":\"v-2\",\"title\":\"t\",\"content\":\"c\",\"metadata\":{\"importance\":\"urgent\"}}",
                "{\"id\":\"v-3\",\"title\":\"t\",\"content\":\"c\",\"colour\":\"red\"}",
                "{\"id\":\"" + "x".repeat(300) + "\",\"title\":\"t\",\"content\":\"c\"}",
                "{\"id\":\"v-5\",\"title\":\"t\",\"content\":\"c\",\"attachments\":[{\"name\":\"a\",\"data\":\"***\"}]}",
                "{\"id\":\"v-6\",\"title\":\"t\",\"content\":\"c\",\"createdAt\":\"2024-02-03T04:05:06+02:00\"}") + "\n";
        ImportResult result = importFile(file("rules.ndjson", lines), "contexts", Map.of("errorHandling", "lenient"));

        assertThat(result.validationErrors()).extracting(ValidationError::record, ValidationError::field,
                ValidationError::rule).containsExactly(
                tuple(1L, "createdAt", "format"),
                tuple(2L, "metadata.importance", "enum"),
                tuple(3L, "colour", "unknown"),
                tuple(4L, "id", "maxLength"),
                tuple(5L, "attachments[0].data", "format"));
        assertThat(jdbc.queryForList("SELECT id FROM contexts", String.class)).containsExactly("v-6");
        assertThat(exportedRecord("v-6").get("createdAt").asText()).isEqualTo("2024-02-03T02:05:06Z");
    }

    @Test
    void shouldRecordTheOperationAndAuditTheInputHash() throws Exception {
        Path input = TestRecords.writeNdjson(work.resolve("audit.ndjson"), TestRecords.contexts(120, 5));
        ImportResult result = importFile(input, "contexts", Map.of("batchSize", 50));

        Map<String, Object> operation = jdbc.queryForMap("SELECT * FROM operations WHERE id = ?", result.operationId());
        assertThat(operation.get("status")).isEqualTo("completed");
        assertThat(((Number) operation.get("successful_records")).longValue()).isEqualTo(120);
        assertThat(((Number) operation.get("bytes_read")).longValue()).isEqualTo(Files.size(input));
        assertThat(operation.get("username")).isEqualTo("tester");
        Map<String, Object> audit = jdbc.queryForMap("SELECT * FROM audit_log WHERE operation_id = ?", result.operationId());
        assertThat(audit.get("file_sha256")).isEqualTo(sha256(input));
        assertThat(((Number) audit.get("record_count")).longValue()).isEqualTo(120);
    }

    @Test
    void shouldImportSessionsAndTemplates() throws Exception {
        List<ObjectNode> sessions = TestRecords.sessions(40);
        List<ObjectNode> templates = TestRecords.templates(5);
        assertThat(importFile(TestRecords.writeJsonArray(work.resolve("s.json"), sessions), "sessions", null)
                .successfulRecords()).isEqualTo(40);
        assertThat(importFile(TestRecords.writeNdjson(work.resolve("t.ndjson"), templates), "templates", null)
                .successfulRecords()).isEqualTo(5);
        assertThat(readRecords(exported(export("sessions", null)))).containsExactlyInAnyOrderElementsOf(sessions);
        assertThat(readRecords(exported(export("templates", null)))).containsExactlyInAnyOrderElementsOf(templates);
    }

    private ObjectNode exportedRecord(String id) throws Exception {
        return readRecords(exported(export("contexts", Map.of("includeBinaryData", true)))).stream()
                .filter(r -> r.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    private String title(String id) {
        return jdbc.queryForObject("SELECT title FROM contexts WHERE id = ?", String.class, id);
    }

    static void assertCountsAddUp(ImportResult r) {
        assertThat(r.successfulRecords() + r.failedRecords() + r.skippedRecords() + r.duplicateRecords())
                .as("total = successful + failed + skipped + duplicate").isEqualTo(r.totalRecords());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
