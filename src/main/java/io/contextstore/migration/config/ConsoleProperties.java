package io.contextstore.migration.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What operators watch the service with: the origins besides its own from which a browser may call
 * Hawtio and Jolokia (a reverse proxy that changes scheme, host or port), and how long
 * {@code /actuator/health} reuses one look at the inbox folders.
 */
@ConfigurationProperties("migration.console")
public record ConsoleProperties(List<String> allowedOrigins, Duration healthCacheTtl) {

    public ConsoleProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        healthCacheTtl = healthCacheTtl == null ? Duration.ofSeconds(5) : healthCacheTtl;
        if (healthCacheTtl.isNegative()) {
            throw new IllegalArgumentException("migration.console.health-cache-ttl must not be negative");
        }
    }
}
