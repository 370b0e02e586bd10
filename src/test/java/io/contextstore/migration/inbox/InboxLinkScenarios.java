package io.contextstore.migration.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Symbolic links dropped into an inbox folder are refused, never followed; run against H2 and PostgreSQL. */
abstract class InboxLinkScenarios extends ScenarioSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Waits for the link in error/ and returns its error.json's message. */
    private String refused(String name) throws Exception {
        Path errorReport = folders.error().resolve(name + ".error.json");
        await().atMost(WAIT).until(() -> Files.exists(errorReport));
        return mapper.readTree(errorReport.toFile()).get("message").asText();
    }

    @Test
    void shouldRefuseASymbolicLinkToAFileOutsideTheDataFolderWithoutReadingIt() throws Exception {
        Path outside = TestRecords.writeNdjson(work.resolve("elsewhere.ndjson"), TestRecords.contexts(5, 1));
        byte[] before = Files.readAllBytes(outside);
        Path link = Files.createSymbolicLink(folders.inbox().resolve("contexts").resolve("linked.ndjson"), outside);

        assertThat(refused("linked.ndjson")).contains("symbolic link", "contexts/linked.ndjson");

        Path moved = folders.error().resolve("linked.ndjson");
        assertThat(Files.isSymbolicLink(moved)).isTrue();
        assertThat(Files.readSymbolicLink(moved)).isEqualTo(outside);
        assertThat(link).doesNotExist();
        assertThat(outside).hasBinaryContent(before);
        assertThat(count("contexts")).isZero();
        assertThat(count("operations")).isZero();
        assertThat(folders.reports().resolve("linked.ndjson.report.json")).doesNotExist();
        assertThat(folders.archive().resolve(LocalDate.now(ZoneId.systemDefault()).toString()).resolve("linked.ndjson"))
                .doesNotExist();
    }

    @Test
    void shouldRefuseASymbolicLinkToASystemFile() throws Exception {
        Files.createSymbolicLink(folders.inbox().resolve("auto").resolve("passwd.csv"), Path.of("/etc/passwd"));

        assertThat(refused("passwd.csv")).contains("symbolic link");

        assertThat(Files.isSymbolicLink(folders.error().resolve("passwd.csv"))).isTrue();
        assertThat(Path.of("/etc/passwd")).isRegularFile();
        assertThat(count("operations")).isZero();
    }
}
