package io.contextstore.migration.mapping;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.contextstore.migration.record.Excerpt;

/** Custom transformations the migration guide's examples name, shipped ready to use. */
@Configuration
public class LegacyTransformations {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm[:ss]");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    /** {@code dd/MM/yyyy HH:mm[:ss]} or {@code dd/MM/yyyy}, taken as UTC, to an ISO-8601 instant. */
    @Bean
    CustomTransformation parseOldDateFormat() {
        return new CustomTransformation() {
            @Override
            public String name() {
                return "parseOldDateFormat";
            }

            @Override
            public JsonNode apply(JsonNode value) {
                String text = value.asText().trim();
                try {
                    LocalDateTime at = text.length() <= 10 ? LocalDate.parse(text, DAY).atStartOfDay()
                            : LocalDateTime.parse(text, DAY_TIME);
                    return TextNode.valueOf(at.toInstant(ZoneOffset.UTC).toString());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + Excerpt.of(text) + "' is not a dd/MM/yyyy [HH:mm] date");
                }
            }
        };
    }

    /** The guide's {@code splitAndTrim} as a custom function too: "a, b ,c" to ["a","b","c"]. */
    @Bean
    CustomTransformation splitAndTrim() {
        return new CustomTransformation() {
            @Override
            public String name() {
                return "splitAndTrim";
            }

            @Override
            public JsonNode apply(JsonNode value) {
                return Transformations.splitAndTrim(value);
            }
        };
    }
}
