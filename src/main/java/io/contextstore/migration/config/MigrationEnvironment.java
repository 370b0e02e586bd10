package io.contextstore.migration.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings derived before Camel starts:
 * <ul>
 * <li>{@code migration.data-root}: the data folder as an absolute path, because Camel's file
 * component resolves relative move targets against the watched folder, not the working directory;</li>
 * <li>{@code migration.routes-location}: routes are packaged in the jar, and the route files of a
 * {@code ./routes} folder are loaded beside them: a file of a packaged route's name replaces it (so
 * an operator can change the pipeline without rebuilding), any other adds to the pipeline. Camel
 * cannot load a route twice (its ids would clash), hence the packaged ones replaced are excluded.
 * The packaged routes are named one by one: Camel resolves a classpath wildcard by scanning every
 * class of every jar nested in the packaged jar, which took seconds of each start-up.</li>
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
        String named = routeLocations(routes, Path.of("routes"));
        if (named != null) {
            derived.put(ROUTES, named);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("migrationDerived", derived));
    }

    /**
     * Where the routes are loaded from: the route files of {@code local} if it holds any, each
     * packaged route of {@code routes} (its first location) that no local file of the same name
     * replaces, then any further locations of {@code routes}; null when the first location is not
     * on the classpath.
     */
    static String routeLocations(String routes, Path local) {
        List<String> localFiles = routeFiles(local);
        String[] locations = routes.split(",");
        String packaged = locations[0];
        if (!packaged.startsWith("classpath:")) {
            return null;
        }
        List<String> merged = new ArrayList<>();
        if (!localFiles.isEmpty()) {
            merged.add("file:" + local.toAbsolutePath().normalize() + "/*.camel.yaml");
        }
        for (String name : packagedRouteFiles(packaged)) {
            if (!localFiles.contains(name)) {
                merged.add(packaged.substring(0, packaged.lastIndexOf('/') + 1) + name);
            }
        }
        merged.addAll(List.of(locations).subList(1, locations.length));
        return String.join(",", merged);
    }

    /** Every classpath root is searched (a plugin jar may add routes); none found is a broken package. */
    private static Set<String> packagedRouteFiles(String pattern) {
        Set<String> names = new TreeSet<>();
        String everyRoot = "classpath*:" + pattern.substring("classpath:".length());
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(everyRoot)) {
                names.add(resource.getFilename());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the packaged routes " + pattern + " cannot be listed: " + e.getMessage(), e);
        }
        if (names.isEmpty() && pattern.contains("*")) {
            throw new IllegalStateException("no packaged routes at " + pattern);
        }
        return names;
    }

    private static List<String> routeFiles(Path dir) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.camel.yaml")) {
            files.forEach(file -> names.add(file.getFileName().toString()));
        } catch (IOException e) {
            return List.of();
        }
        return names;
    }
}
