package io.contextstore.migration.config;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

@ConfigurationProperties("migration")
public record MigrationProperties(Path dataDir, Inbox inbox, @Name("import") Import importing, Export export) {

    public record Inbox(long pollDelayMs, long stableMs) {
    }

    /** {@code defaults} uses the option names of the API, so it binds to a plain map. */
    public record Import(int maxListedErrors, Map<String, Object> defaults) {
    }

    public record Export(int fetchSize) {
    }
}
