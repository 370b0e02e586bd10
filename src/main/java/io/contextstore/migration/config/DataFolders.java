package io.contextstore.migration.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The folders under {@code migration.data-dir}. */
public record DataFolders(Path root) {

    public Path inbox() {
        return root.resolve("inbox");
    }

    public Path archive() {
        return root.resolve("archive");
    }

    public Path error() {
        return root.resolve("error");
    }

    public Path reports() {
        return root.resolve("reports");
    }

    /**
     * {@code name}, or {@code base-1.ext}, {@code base-2.ext}... in {@code folder}: the first free one,
     * created empty, so that instances sharing the folders never pick the same one.
     */
    public static Path reserve(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        int dot = name.indexOf('.', 1);
        String base = dot < 0 ? name : name.substring(0, dot);
        String extensions = dot < 0 ? "" : name.substring(dot);
        for (int n = 0; ; n++) {
            Path candidate = folder.resolve(n == 0 ? name : base + "-" + n + extensions);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                // the next suffix
            }
        }
    }

    public Path outbox() {
        return root.resolve("outbox");
    }
}
