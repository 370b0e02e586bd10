package io.contextstore.migration.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Three instances polling one inbox against one PostgreSQL: 50 files dropped, each imported once. */
class SharedInboxIT extends ClusterSupport {

    private static final int FILES = 50;
    private static final int RECORDS_PER_FILE = 400;

    @Test
    void shouldImportEachFileOnceAcrossThreeInstances() throws Exception {
        List<Path> staged = new ArrayList<>();
        for (int f = 1; f <= FILES; f++) {
            staged.add(contexts(String.format("f%02d", f), RECORDS_PER_FILE));
        }
        List<ServiceProcess> instances = new ArrayList<>();
        try {
            for (String name : List.of("one", "two", "three")) {
                instances.add(ServiceProcess.start(name, dataDir, schema, root.resolve(name),
                        "--migration.inbox.poll-delay-ms=200", "--migration.inbox.stable-ms=300",
                        // each poll's end is logged: "Finished polling: file://..."
                        "--logging.level.org.apache.camel.support.ScheduledPollConsumer=trace"));
                // one at a time through Flyway's first migration, then all three together
                if (instances.size() == 1) {
                    instances.get(0).awaitUp(Duration.ofMinutes(2));
                }
            }
            for (ServiceProcess instance : instances) {
                instance.awaitUp(Duration.ofMinutes(2));
            }
            for (int f = 0; f < FILES; f++) {
                drop("contexts", String.format("f%02d.ndjson", f + 1), staged.get(f));
            }

            await().atMost(Duration.ofMinutes(4)).until(() -> archivedCount() == FILES);
            // a second instance that listed a file before it moved must not pick it up afterwards: only a
            // poll under way now can have listed a file that has moved since, so each instance is given
            // the time to end the poll it is in (its next "Finished polling")
            List<Integer> pollsEnded = new ArrayList<>();
            for (ServiceProcess instance : instances) {
                pollsEnded.add(pollsEndedBy(instance));
            }
            for (int i = 0; i < instances.size(); i++) {
                ServiceProcess instance = instances.get(i);
                int before = pollsEnded.get(i);
                await().atMost(Duration.ofMinutes(1)).until(() -> pollsEndedBy(instance) > before);
            }

            List<Integer> importsPerInstance = new ArrayList<>();
            for (ServiceProcess instance : instances) {
                importsPerInstance.add(importsStartedBy(instance));
            }
            assertThat(importsPerInstance.stream().mapToInt(Integer::intValue).sum())
                    .as("imports started, per instance: " + importsPerInstance).isEqualTo(FILES);
            assertThat(importsPerInstance.stream().filter(n -> n > 0).count())
                    .as("the instances share the work: " + importsPerInstance).isGreaterThanOrEqualTo(2);
        } finally {
            for (ServiceProcess instance : instances) {
                instance.close();
            }
        }

        assertThat(archivedCount()).isEqualTo(FILES);
        assertThat(count("contexts")).isEqualTo((long) FILES * RECORDS_PER_FILE);
        assertThat(count("operations")).isEqualTo(FILES);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + schema + ".operations WHERE status = 'completed'"
                + " AND successful_records = " + RECORDS_PER_FILE + " AND duplicate_records = 0", Long.class))
                .isEqualTo(FILES);
        ObjectMapper json = new ObjectMapper();
        for (int f = 1; f <= FILES; f++) {
            JsonNode report = json.readTree(dataDir.resolve("reports").resolve(String.format("f%02d.ndjson.report.json", f))
                    .toFile());
            assertThat(report.get("status").asText()).isEqualTo("completed");
            assertThat(report.get("successfulRecords").asLong()).isEqualTo(RECORDS_PER_FILE);
        }
        try (var left = Files.list(inbox("contexts"))) {
            assertThat(left).isEmpty();
        }
        try (var failed = Files.list(dataDir.resolve("error"))) {
            assertThat(failed).isEmpty();
        }
    }

    private long archivedCount() throws Exception {
        if (!Files.isDirectory(archiveToday())) {
            return 0;
        }
        try (var files = Files.list(archiveToday())) {
            return files.filter(p -> Files.isRegularFile(p)).count();
        }
    }

    private static int importsStartedBy(ServiceProcess instance) throws Exception {
        return occurrences(instance, "import \\S+ started: contexts");
    }

    /** The inbox polls the instance has ended, each with everything it listed handled. */
    private static int pollsEndedBy(ServiceProcess instance) throws Exception {
        return occurrences(instance, "Finished polling: file:");
    }

    private static int occurrences(ServiceProcess instance, String regex) throws Exception {
        Matcher found = Pattern.compile(regex).matcher(instance.output());
        int n = 0;
        while (found.find()) {
            n++;
        }
        return n;
    }
}
