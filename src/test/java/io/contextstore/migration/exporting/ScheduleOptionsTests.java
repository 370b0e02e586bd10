package io.contextstore.migration.exporting;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.operation.OptionsReader;
import io.contextstore.migration.operation.ScheduledExports;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A schedule's options are checked when the service starts, so a mistake stops it with its reason. */
class ScheduleOptionsTests {

    private static ScheduledExports schedules(Map<String, Object> options) {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        MigrationProperties properties = new MigrationProperties(null, null, new MigrationProperties.Import(100, 1000, Map.of()), null, null, null, 0, null, null,
                List.of(new MigrationProperties.Schedule("nightly", "0 0 2 * * *", "contexts", options, false)));
        return new ScheduledExports(properties, new OptionsReader(mapper, properties), mapper);
    }

    @Test
    void shouldRefuseAScheduleWhoseOptionsAreWrongOrAskForTheResponseAsDelivery() {
        assertThatThrownBy(() -> schedules(Map.of("format", "pdf")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("migration.schedules 'nightly': format 'pdf' is not supported");
        assertThatThrownBy(() -> schedules(Map.of("delivery", "response")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("migration.schedules 'nightly': delivery response is for a REST export; a schedule "
                        + "writes into the outbox");
        assertThatCode(() -> schedules(Map.of("format", "ndjson", "delivery", "outbox"))).doesNotThrowAnyException();
    }
}
