package io.contextstore.migration.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code retention}: how long the before-images of the records an import overwrote are kept, and so
 * how long after its end an import can be undone.
 */
@ConfigurationProperties("migration.undo")
public record UndoProperties(Duration retention) {

    public UndoProperties {
        retention = retention == null ? Duration.ofDays(7) : retention;
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("migration.undo.retention must be longer than 0, not " + retention);
        }
    }
}
