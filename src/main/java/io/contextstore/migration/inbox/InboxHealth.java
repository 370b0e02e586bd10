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

import io.contextstore.migration.config.DataFolders;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The inbox on {@code /actuator/health}: every folder there and writable, and the backlog (files
 * waiting, and how long the oldest has waited). Down when a folder is missing or read-only, since
 * files dropped there would never be imported.
 */
@Component("inbox")
public class InboxHealth implements HealthIndicator {

    private static final List<String> FOLDERS = List.of("contexts", "sessions", "templates", "auto");

    private final DataFolders folders;

    public InboxHealth(DataFolders folders) {
        this.folders = folders;
    }

    @Override
    public Health health() {
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
