package io.contextstore.migration.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A split export's manifest dropped into the inbox moves only its own parts ({@code <name>.partNNN.*},
 * checked against it) and only when it imports; run against H2 and PostgreSQL.
 */
abstract class ManifestInboxScenarios extends ScenarioSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void emptyTheContextsFolder() throws Exception {
        try (Stream<Path> left = Files.list(folders.inbox().resolve("contexts"))) {
            for (Path p : left.toList()) {
                Files.delete(p);
            }
        }
    }

    private Path inbox(String name) {
        return folders.inbox().resolve("contexts").resolve(name);
    }

    private Path archived(String name) {
        return folders.archive().resolve(LocalDate.now(ZoneId.systemDefault()).toString()).resolve(name);
    }

    /** Writes NDJSON contexts straight into the inbox folder under a name the inbox leaves alone. */
    private Path part(String name, String prefix, int records) throws Exception {
        return TestRecords.writeBulkContexts(inbox(name), prefix, records);
    }

    private byte[] manifest(Path... parts) throws Exception {
        ObjectNode manifest = mapper.createObjectNode().put("exportId", "e-1").put("dataType", "contexts")
                .put("format", "ndjson");
        ArrayNode list = manifest.putArray("parts");
        for (Path p : parts) {
            list.addObject().put("name", p.getFileName().toString()).put("records", Files.readAllLines(p).size())
                    .put("sizeBytes", Files.size(p)).put("sha256", DigestUtils.sha256Hex(Files.readAllBytes(p)));
        }
        return mapper.writeValueAsBytes(manifest);
    }

    /** Waits for the manifest in error/ and returns its error.json's message. */
    private String failed(String name) throws Exception {
        Path errorReport = folders.error().resolve(name + ".error.json");
        await().atMost(WAIT).until(() -> Files.exists(errorReport) && Files.exists(folders.error().resolve(name)));
        return mapper.readTree(errorReport.toFile()).get("message").asText();
    }

    private List<String> errorFolder() throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folders.error())) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    @Test
    void shouldLeaveAFileThatIsNotOneOfItsPartsWhereItIs() throws Exception {
        // a name the inbox itself leaves alone, listed with its true size and sha256
        Path unrelated = part("notes.tmp", "notes", 5);
        byte[] before = Files.readAllBytes(unrelated);

        drop("contexts", "nightly.manifest.json", manifest(unrelated));

        assertThat(failed("nightly.manifest.json")).contains("notes.tmp", "not one of its parts");
        assertThat(unrelated).hasBinaryContent(before);
        assertThat(errorFolder()).containsExactlyInAnyOrder("nightly.manifest.json", "nightly.manifest.json.error.json");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldLeaveThePartsOfAnotherExportWhereTheyAre() throws Exception {
        Path other = part("other.part001.ndjson", "other", 5);

        drop("contexts", "nightly.manifest.json", manifest(other));

        assertThat(failed("nightly.manifest.json")).contains("other.part001.ndjson", "not one of its parts");
        assertThat(other).exists();
        assertThat(archived("other.part001.ndjson")).doesNotExist();
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldImportAnUnrelatedFileItNamesOnItsOwn() throws Exception {
        Path csv = Files.writeString(work.resolve("customers.csv"),
                "id,title,content\r\nc-1,First,one\r\nc-2,Second,two\r\n");
        byte[] named = manifest(csv);

        drop("contexts", "customers.csv", Files.readAllBytes(csv));
        drop("contexts", "nightly.manifest.json", named);

        assertThat(failed("nightly.manifest.json")).contains("customers.csv");
        await().atMost(WAIT).until(() -> Files.exists(archived("customers.csv"))
                && Files.exists(folders.reports().resolve("customers.csv.report.json")));
        JsonNode report = mapper.readTree(folders.reports().resolve("customers.csv.report.json").toFile());
        assertThat(report.get("status").asText()).isEqualTo("completed");
        assertThat(report.get("successfulRecords").asLong()).isEqualTo(2);
        assertThat(count("contexts")).isEqualTo(2);
        assertThat(folders.error().resolve("customers.csv")).doesNotExist();
    }

    @Test
    void shouldLeaveItsPartsInTheInboxWhenTheirCheckFailsAndTakeThemWhenAGoodManifestComes() throws Exception {
        Path first = part("nightly.part001.ndjson", "first", 50);
        Path second = part("nightly.part002.ndjson", "second", 50);
        ObjectNode wrong = (ObjectNode) mapper.readTree(manifest(first, second));
        ((ObjectNode) wrong.get("parts").get(1)).put("sha256", "0".repeat(64));

        drop("contexts", "nightly.manifest.json", mapper.writeValueAsBytes(wrong));

        assertThat(failed("nightly.manifest.json")).contains("nightly.part002.ndjson", "does not match the manifest");
        assertThat(first).exists();
        assertThat(second).exists();
        assertThat(errorFolder()).containsExactlyInAnyOrder("nightly.manifest.json", "nightly.manifest.json.error.json");
        assertThat(count("contexts")).isZero();

        drop("contexts", "nightly.manifest.json", manifest(first, second));

        await().atMost(WAIT).until(() -> Files.exists(archived("nightly.manifest.json")));
        assertThat(archived("nightly.part001.ndjson")).exists();
        assertThat(archived("nightly.part002.ndjson")).exists();
        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
        assertThat(count("contexts")).isEqualTo(100);
    }
}
