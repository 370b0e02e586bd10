package io.contextstore.migration.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The service's packages depend on each other in one direction only: no package reaches back into one that uses it. */
class PackageCycleTests {

    private static final Path SOURCES = Path.of("src/main/java/io/contextstore/migration");
    private static final Pattern REFERENCE = Pattern.compile("io\\.contextstore\\.migration\\.([a-z]+)\\.[A-Z]");

    @Test
    void shouldHaveNoCycleBetweenPackages() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    return;
                }
                String from = relative.getName(0).toString();
                Matcher m = REFERENCE.matcher(read(file));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        uses.computeIfAbsent(from, p -> new TreeSet<>()).add(m.group(1));
                    }
                }
            });
        }
        assertThat(uses).containsKeys("importing", "exporting", "format", "store");

        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            reachBack(start, start, uses, new TreeSet<>(), new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    private static void reachBack(String start, String at, Map<String, Set<String>> uses, Set<String> seen,
                                  List<String> path, List<String> cycles) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (seen.add(next)) {
                path.add(next);
                reachBack(start, next, uses, seen, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
