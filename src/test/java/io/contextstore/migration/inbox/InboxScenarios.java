package io.contextstore.migration.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.JsonNode;
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

        Thread.sleep(2_000);
        assertThat(part).exists();
        assertThat(hidden).exists();
        assertThat(count("contexts")).isZero();

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
    void shouldNotImportTheSameFileTwice() throws Exception {
        byte[] content = "{\"id\":\"o-1\",\"title\":\"t\",\"content\":\"c\"}\n".getBytes();
        Path staged = work.resolve("once.ndjson");
        Files.write(staged, content);
        FileTime time = Files.getLastModifiedTime(staged);
        Path target = folders.inbox().resolve("contexts").resolve("once.ndjson");
        Files.copy(staged, target, StandardCopyOption.COPY_ATTRIBUTES);
        await().atMost(WAIT).until(() -> Files.exists(folders.reports().resolve("once.ndjson.report.json")));
        await().atMost(WAIT).until(() -> !Files.exists(target));

        Files.copy(staged, target, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setLastModifiedTime(target, time);
        Thread.sleep(2_000);

        assertThat(target).as("the same file again is left alone").exists();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM operations", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT messageId FROM inbox_files", String.class)).hasSize(1);
        Files.delete(target);
    }

    /** Writes the file beside the folder and renames it in, as careful producers do. */

}
