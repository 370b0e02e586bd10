package io.contextstore.migration.logging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.OnH2;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Caller-supplied text (a dropped file's name, the user of a call) with line breaks and terminal
 * escapes never forges a log line: the console log escapes them.
 */
@OnH2
@ExtendWith(OutputCaptureExtension.class)
class LogForgingTests extends ScenarioSupport {

    private static final String FORGED = "2026-01-01T00:00:00.000Z  INFO 1 --- [main] forged : admin signed in";

    @Test
    void shouldEscapeLineBreaksAndEscapesInADroppedFileName(CapturedOutput output) throws Exception {
        String name = "evil\r\n" + FORGED + "\u001b[2J.json";
        // an unreadable file, so that its name is logged by the import and by the inbox's error handling too
        drop("contexts", name, "[{\"id\":".getBytes());

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(folders.error().resolve(name + ".error.json")));
        await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("evil\\r\\n" + FORGED + "\\u001b[2J.json"));

        assertThat(output.getOut()).doesNotContain("\n" + FORGED).doesNotContain("\r").doesNotContain("\u001b[2J");
    }

    @Test
    void shouldEscapeLineBreaksInTheUserOfACall(CapturedOutput output) throws Exception {
        Path file = TestRecords.writeNdjson(work.resolve("u.ndjson"), TestRecords.contexts(2, 1));
        ImportResult result = producer.requestBodyAndHeaders("direct:import", file, Map.of(
                MigrationHeaders.DATA_TYPE, "contexts", MigrationHeaders.USER, "eve\n" + FORGED), ImportResult.class);

        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(output.getOut()).contains("by eve\\n" + FORGED).doesNotContain("\n" + FORGED);
    }
}
