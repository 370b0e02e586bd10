package io.contextstore.migration.operation;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.MigrationProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;
import io.contextstore.migration.record.InvalidOptionsException;

/**
 * Makes one route per entry of {@code migration.schedules} from the {@code scheduled-export}
 * template of routes/schedule.camel.yaml. Each entry's options are checked at start-up, so a
 * mistake stops the service with its reason instead of failing every night.
 */
@Component
public class ScheduledExports implements CamelContextConfiguration {

    private final Map<MigrationProperties.Schedule, String> schedules = new LinkedHashMap<>();
    private final Map<String, String> optionsByName = new LinkedHashMap<>();

    /** Checks every schedule's options while the context is built: a failure there stops the service. */
    public ScheduledExports(MigrationProperties properties, OptionsReader optionsReader, ObjectMapper mapper) {
        for (MigrationProperties.Schedule schedule : properties.schedules()) {
            Map<String, Object> options = new LinkedHashMap<>(schedule.options());
            if (schedule.incremental()) {
                options.put("incremental", schedule.name());
            }
            String json;
            try {
                json = mapper.writeValueAsString(options);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            try {
                if (optionsReader.exportOptions(json).toResponse()) {
                    throw new InvalidOptionsException("delivery response is for a REST export; a schedule writes "
                            + "into the outbox");
                }
            } catch (InvalidOptionsException e) {
                throw new IllegalStateException("migration.schedules '" + schedule.name() + "': " + e.getMessage());
            }
            schedules.put(schedule, json);
            optionsByName.put(schedule.name(), json);
        }
    }

    /** A schedule's export options as JSON, the incremental watermark among them. */
    public String optionsOf(String name) {
        return optionsByName.get(name);
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        for (Map.Entry<MigrationProperties.Schedule, String> entry : schedules.entrySet()) {
            MigrationProperties.Schedule schedule = entry.getKey();
            TemplatedRouteBuilder.builder(camel, "scheduled-export")
                    .routeId("schedule-" + schedule.name())
                    .parameter("name", schedule.name())
                    .parameter("cron", schedule.cron())
                    .parameter("dataType", schedule.dataType())
                    .add();
        }
    }
}
