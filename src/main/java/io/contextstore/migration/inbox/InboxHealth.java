package io.contextstore.migration.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.contextstore.migration.config.ConsoleProperties;
import io.contextstore.migration.config.DataFolders;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The inbox on {@code /actuator/health}: every folder there and writable, and the backlog (files
 * waiting, and how long the oldest has waited). Down when a folder is missing or read-only, since
 * files dropped there would never be imported. Anyone may call {@code /actuator/health}, so one look
 * at the folders is reused for {@code migration.console.health-cache-ttl}: Spring Boot's
 * {@code management.endpoint.health.cache.time-to-live} caches only the whole endpoint's answer to
 * callers without a principal, not {@code /actuator/health/inbox} nor probe groups.
 */
@Component("inbox")
public class InboxHealth implements HealthIndicator {

    private static final List<String> FOLDERS = List.of("contexts", "sessions", "templates", "auto");

    private record Look(Health health, long atNanos) {
    }

    private final DataFolders folders;
    private final long ttlNanos;
    private volatile Look last;

    public InboxHealth(DataFolders folders, ConsoleProperties console) {
        this.folders = folders;
        this.ttlNanos = console.healthCacheTtl().toNanos();
    }

    @Override
    public Health health() {
        Look look = last;
        long now = System.nanoTime();
        if (look == null || now - look.atNanos() >= ttlNanos) {
            // two callers at the same moment may both look; either answer is right
            look = new Look(scan(), now);
            last = look;
        }
        return look.health();
    }

    private Health scan() {
        Health.Builder health = Health.up();
        long backlog = 0;
        Instant oldest = null;
        Map<String, Object> byFolder = new LinkedHashMap<>();
        for (String name : FOLDERS) {
            Path folder = folders.inbox().resolve(name);
            if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
                health = Health.down();
                byFolder.put(name, "missing or not writable");
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                List<Path> waiting = files.filter(Files::isRegularFile).filter(InboxHealth::isImportable).toList();
                byFolder.put(name, waiting.size());
                backlog += waiting.size();
                for (Path file : waiting) {
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    oldest = oldest == null || modified.isBefore(oldest) ? modified : oldest;
                }
            } catch (IOException e) {
                health = Health.down();
                byFolder.put(name, "cannot be listed");
            }
        }
        health.withDetail("backlog", backlog).withDetail("folders", byFolder);
        if (oldest != null) {
            health.withDetail("oldestWaitingSeconds", Duration.between(oldest, Instant.now()).toSeconds());
        }
        return health.build();
    }

    private static boolean isImportable(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && !name.endsWith(".part") && !name.endsWith(".tmp")
                && !name.matches(".*\\.part\\d{3}\\..*");
    }
}
