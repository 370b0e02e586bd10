package io.contextstore.migration.config;

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

    public Path outbox() {
        return root.resolve("outbox");
    }
}
