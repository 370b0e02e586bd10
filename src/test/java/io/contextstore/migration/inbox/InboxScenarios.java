package io.contextstore.migration.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Files dropped into the watched folders, as a user drops them; run against H2 and PostgreSQL. */
abstract class InboxScenarios extends ScenarioSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void shouldImportADroppedFileArchiveItAndWriteItsReport() throws Exception {
        Path dropped = drop("contexts", "batch.ndjson",
                Files.readAllBytes(TestRecords.writeNdjson(work.resolve("b.ndjson"), TestRecords.contexts(500, 2))));

        Path archived = folders.archive().resolve(LocalDate.now(ZoneId.systemDefault()).toString()).resolve("batch.ndjson");
        await().atMost(WAIT).until(() -> Files.exists(archived));
        Path report = folders.reports().resolve("batch.ndjson.report.json");
        await().atMost(WAIT).until(() -> Files.exists(report));

        assertThat(dropped).doesNotExist();
        assertThat(count("contexts")).isEqualTo(500);
        JsonNode result = mapper.readTree(report.toFile());
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("successfulRecords").asLong()).isEqualTo(500);
        assertThat(jdbc.queryForObject("SELECT username FROM operations WHERE id = ?", String.class,
                result.get("operationId").asText())).isEqualTo("inbox");
    }

    @Test
    void shouldMoveAFileThatFailsToErrorWithItsReason() throws Exception {
        drop("contexts", "broken.json", "[{\"id\":\"x\",\"title\":\"t\",\"content\":\"c\"}, {\"id\":".getBytes());

        Path errorReport = folders.error().resolve("broken.json.error.json");
        await().atMost(WAIT).until(() -> Files.exists(errorReport));
        await().atMost(WAIT).until(() -> Files.exists(folders.error().resolve("broken.json")));

        assertThat(mapper.readTree(errorReport.toFile()).get("message").asText()).contains("malformed JSON");
        assertThat(mapper.readTree(folders.reports().resolve("broken.json.report.json").toFile())
                .get("status").asText()).isEqualTo("failed");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldMoveEmptyAndZeroByteFilesToError() throws Exception {
        drop("sessions", "zero.json", new byte[0]);
        drop("sessions", "blank.ndjson", "\n\n".getBytes());

        await().atMost(WAIT).until(() -> Files.exists(folders.error().resolve("zero.json"))
                && Files.exists(folders.error().resolve("zero.json.error.json")));
        assertThat(mapper.readTree(folders.error().resolve("zero.json.error.json").toFile()).get("message").asText())
                .contains("empty");
        await().atMost(WAIT).until(() -> Files.exists(folders.reports().resolve("blank.ndjson.report.json")));
    }

    @Test
    void shouldLeavePartialFilesAloneUntilTheyAreRenamed() throws Exception {
        byte[] content = "{\"id\":\"p-1\",\"title\":\"t\",\"content\":\"c\"}\n".getBytes();
        Path part = folders.inbox().resolve("contexts").resolve("upload.ndjson.part");
        Files.write(part, content);
        Path hidden = folders.inbox().resolve("contexts").resolve(".upload2.ndjson");
        Files.write(hidden, content);

        awaitInboxPassedBy();
        assertThat(part).exists();
        assertThat(hidden).exists();
        assertThat(count("contexts")).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM operations WHERE data_type = 'contexts'", Long.class))
                .isZero();

        Files.move(part, part.resolveSibling("upload.ndjson"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(WAIT).until(() -> count("contexts") == 1);
        Files.delete(hidden);
    }

    @Test
    void shouldApplyTheFolderOptionsFile() throws Exception {
        Path options = folders.inbox().resolve("templates").resolve(".options.yaml");
        Files.writeString(options, "dryRun: true\nerrorHandling: lenient\n");
        try {
            drop("templates", "t.ndjson", Files.readAllBytes(
                    TestRecords.writeNdjson(work.resolve("t.ndjson"), TestRecords.templates(3))));
            Path report = folders.reports().resolve("t.ndjson.report.json");
            await().atMost(WAIT).until(() -> Files.exists(report));

            JsonNode result = mapper.readTree(report.toFile());
            assertThat(result.get("dryRun").asBoolean()).isTrue();
            assertThat(result.get("successfulRecords").asLong()).isEqualTo(3);
            assertThat(count("templates")).isZero();
        } finally {
            Files.deleteIfExists(options);
        }
    }

    @Test
    void shouldRefuseAnOptionsFileThatTriesToBuildObjects() throws Exception {
        Path options = folders.inbox().resolve("sessions").resolve(".options.yaml");
        Files.writeString(options, "batchSize: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n");
        try {
            drop("sessions", "s.json", Files.readAllBytes(
                    TestRecords.writeJsonArray(work.resolve("s.json"), TestRecords.sessions(2))));
            Path errorReport = folders.error().resolve("s.json.error.json");
            await().atMost(WAIT).until(() -> Files.exists(errorReport));
            assertThat(mapper.readTree(errorReport.toFile()).get("message").asText()).contains(".options.yaml");
            assertThat(count("sessions")).isZero();
        } finally {
            Files.deleteIfExists(options);
        }
    }

    @Test
    void shouldImportTheSameContentOnlyOnceWhateverItsName() throws Exception {
        byte[] content = "{\"id\":\"o-1\",\"title\":\"t\",\"content\":\"c\"}\n".getBytes();
        drop("contexts", "once.ndjson", content);
        Path archive = folders.archive().resolve(LocalDate.now(ZoneId.systemDefault()).toString());
        await().atMost(WAIT).until(() -> Files.exists(archive.resolve("once.ndjson")));
        String firstId = mapper.readTree(folders.reports().resolve("once.ndjson.report.json").toFile())
                .get("operationId").asText();

        // a copy under another name, and the same file again later (a new modification time)
        drop("contexts", "copy-of-once.ndjson", content);
        await().atMost(WAIT).until(() -> Files.exists(archive.resolve("copy-of-once.ndjson")));
        drop("auto", "once.ndjson", content);
        await().atMost(WAIT).until(() -> Files.exists(archive.resolve("once-1.ndjson")));

        JsonNode skipped = mapper.readTree(folders.reports().resolve("copy-of-once.ndjson.report.json").toFile());
        assertThat(skipped.get("status").asText()).isEqualTo("skipped");
        assertThat(skipped.get("duplicateOf").asText()).isEqualTo(firstId);
        assertThat(skipped.get("message").asText()).contains("contexts/once.ndjson");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM operations", Long.class)).isEqualTo(1);
        assertThat(count("contexts")).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT messageId FROM inbox_files", String.class))
                .containsExactly(java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(jdbc.queryForObject("SELECT source_path FROM operations", String.class))
                .isEqualTo("contexts/once.ndjson");
    }

    @Test
    void shouldKeepEveryFileUnderASuffixedNameWhenItsNameIsTaken() throws Exception {
        Path archive = folders.archive().resolve(LocalDate.now(ZoneId.systemDefault()).toString());
        for (int day = 0; day < 3; day++) {
            drop("contexts", "daily.ndjson", ("{\"id\":\"d-" + day + "\",\"title\":\"t\",\"content\":\"c\"}\n").getBytes());
            int n = day;
            await().atMost(WAIT).until(() -> Files.exists(archive.resolve(n == 0 ? "daily.ndjson" : "daily-" + n + ".ndjson")));
        }
        drop("contexts", "bad.tar.json", "[{\"id\":".getBytes());
        await().atMost(WAIT).until(() -> Files.exists(folders.error().resolve("bad.tar.json")));
        drop("contexts", "bad.tar.json", "[{\"id\":\"x\",".getBytes());
        await().atMost(WAIT).until(() -> Files.exists(folders.error().resolve("bad-1.tar.json")));

        assertThat(Files.readString(archive.resolve("daily.ndjson"))).contains("d-0");
        assertThat(Files.readString(archive.resolve("daily-1.ndjson"))).contains("d-1");
        assertThat(Files.readString(archive.resolve("daily-2.ndjson"))).contains("d-2");
        assertThat(Files.readString(folders.error().resolve("bad.tar.json"))).isEqualTo("[{\"id\":");
        assertThat(Files.readString(folders.error().resolve("bad-1.tar.json"))).isEqualTo("[{\"id\":\"x\",");
        await().atMost(WAIT).until(() -> Files.exists(folders.error().resolve("bad-1.tar.json.error.json")));
        assertThat(folders.error().resolve("bad.tar.json.error.json")).exists();
        assertThat(count("contexts")).isEqualTo(3);
    }

    /**
     * The state a crash leaves of a lenient import: its first 300 records committed with their
     * checkpoint, the operation still marked running (its progress columns ahead of the checkpoint),
     * the content's key taken. The file, renamed since, is dropped again: the import resumes at
     * record 301, nothing redone, nothing lost.
     */
    @Test
    void shouldResumeAnInterruptedImportFromItsCheckpoint() throws Exception {
        var records = TestRecords.contexts(1000, 5);
        byte[] content = Files.readAllBytes(TestRecords.writeNdjson(work.resolve("big.ndjson"), records));
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        String id = interruptedAfter(records.subList(0, 300), sha256, "contexts/big-before-rename.ndjson");
        try {
            drop("contexts", "big.ndjson", content);
            Path report = folders.reports().resolve("big.ndjson.report.json");
            await().atMost(WAIT).until(() -> Files.exists(report));

            JsonNode result = mapper.readTree(report.toFile());
            assertThat(result.get("operationId").asText()).isEqualTo(id);
            assertThat(result.get("status").asText()).isEqualTo("completed");
            assertThat(result.get("totalRecords").asLong()).isEqualTo(1000);
            assertThat(result.get("successfulRecords").asLong()).isEqualTo(1000);
            assertThat(result.get("duplicateRecords").asLong()).as("nothing before the checkpoint written again").isZero();
            assertThat(result.get("message").asText()).contains("record 301");
            assertThat(count("contexts")).isEqualTo(1000);
            assertThat(jdbc.queryForObject("SELECT checkpoint_records FROM operations WHERE id = ?", Long.class, id))
                    .isEqualTo(1000);
            assertThat(jdbc.queryForObject("SELECT source_path FROM operations WHERE id = ?", String.class, id))
                    .isEqualTo("contexts/big.ndjson");
        } finally {
            Files.deleteIfExists(folders.inbox().resolve("contexts").resolve(".options.yaml"));
        }
    }

    /**
     * As above, for a zip of two files whose checkpoint falls inside the second entry: the records
     * the first run committed are read past across both entries, and the import goes on at 701.
     */
    @Test
    void shouldResumeAnInterruptedZipImportInsideItsSecondEntry() throws Exception {
        var records = TestRecords.contexts(1000, 5);
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(zipped)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("a.ndjson"));
            zip.write(Files.readAllBytes(TestRecords.writeNdjson(work.resolve("a.ndjson"), records.subList(0, 400))));
            zip.putNextEntry(new java.util.zip.ZipEntry("b.ndjson"));
            zip.write(Files.readAllBytes(TestRecords.writeNdjson(work.resolve("b.ndjson"), records.subList(400, 1000))));
        }
        byte[] content = zipped.toByteArray();
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        String id = interruptedAfter(records.subList(0, 700), sha256, "contexts/two.zip");
        try {
            drop("contexts", "two.zip", content);
            Path report = folders.reports().resolve("two.zip.report.json");
            await().atMost(WAIT).until(() -> Files.exists(report));

            JsonNode result = mapper.readTree(report.toFile());
            assertThat(result.get("operationId").asText()).isEqualTo(id);
            assertThat(result.get("status").asText()).isEqualTo("completed");
            assertThat(result.get("totalRecords").asLong()).isEqualTo(1000);
            assertThat(result.get("successfulRecords").asLong()).isEqualTo(1000);
            assertThat(result.get("duplicateRecords").asLong()).as("nothing before the checkpoint written again").isZero();
            assertThat(result.get("message").asText()).contains("record 701");
            assertThat(count("contexts")).isEqualTo(1000);
        } finally {
            Files.deleteIfExists(folders.inbox().resolve("contexts").resolve(".options.yaml"));
        }
    }

    /**
     * The state a crash leaves of a lenient inbox import of the content {@code sha256} from
     * {@code sourcePath}: {@code committed} stored with their checkpoint, the operation still marked
     * running (its progress columns ahead of the checkpoint), the content's key taken, the folder's
     * options lenient. Its operation id.
     */
    private String interruptedAfter(List<ObjectNode> committed, String sha256, String sourcePath) throws Exception {
        importFile(TestRecords.writeNdjson(work.resolve("committed.ndjson"), committed), "contexts",
                "{\"errorHandling\":\"lenient\"}");
        String id = jdbc.queryForObject("SELECT id FROM operations", String.class);
        jdbc.update("""
                UPDATE operations SET status = 'running', completed_at = NULL, source_sha256 = ?, source_path = ?,
                       checkpoint_records = ?, checkpoint_errors = NULL, updated_at = ?,
                       checkpoint_counts = ?, successful_records = ?, processed_records = ?
                WHERE id = ?""", sha256, sourcePath, committed.size(),
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1),
                "{\"successful\":" + committed.size() + ",\"failed\":0,\"skipped\":0,\"duplicates\":0,\"overwritten\":0}",
                committed.size() * 3 / 2, committed.size() * 3 / 2, id);
        jdbc.update("INSERT INTO inbox_files (processorName, messageId, createdAt) VALUES ('inbox-content', ?, ?)",
                sha256, java.sql.Timestamp.from(java.time.Instant.now()));
        Files.writeString(folders.inbox().resolve("contexts").resolve(".options.yaml"), "errorHandling: lenient\n");
        return id;
    }

    /** Writes the file beside the folder and renames it in, as careful producers do. */

}
