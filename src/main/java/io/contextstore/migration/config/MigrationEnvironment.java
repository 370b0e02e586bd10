package io.contextstore.migration.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings derived before Camel starts:
 * <ul>
 * <li>{@code migration.data-root}: the data folder as an absolute path, because Camel's file
 * component resolves relative move targets against the watched folder, not the working directory;</li>
 * <li>{@code migration.routes-location}: routes are packaged in the jar, and a {@code ./routes}
 * folder with route files replaces them so an operator can change the pipeline without rebuilding.
 * Camel cannot load both sets (their route ids would clash).</li>
 * </ul>
 */
public class MigrationEnvironment implements EnvironmentPostProcessor {

    static final String ROUTES = "migration.routes-location";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new HashMap<>();
        String dataDir = environment.getProperty("migration.data-dir", "./data");
        derived.put("migration.data-root", Path.of(dataDir).toAbsolutePath().normalize().toString());
        String routes = environment.getProperty(ROUTES, "classpath:routes/*.camel.yaml");
        Path local = Path.of("routes");
        if (routes.startsWith("classpath:") && hasRouteFiles(local)) {
            derived.put(ROUTES, "file:" + local.toAbsolutePath().normalize() + "/*.camel.yaml");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("migrationDerived", derived));
    }

    private static boolean hasRouteFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.camel.yaml")) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
