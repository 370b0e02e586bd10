package io.contextstore.migration.importing;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.contextstore.migration.operation.ReconcileResult.Difference;
import io.contextstore.migration.record.DataType;

/**
 * What a reconcile has found so far: its counts, the data types its file holds, the first
 * differences for its result, and its report, one NDJSON line per difference written as they are
 * found into a hidden file of the outbox.
 */
final class ReconcileRun {

    static final String PROPERTY = "reconcileRun";
    static final int LISTED = 100;

    private final boolean extraInStore;
    private final Path partial;
    private final Writer out;
    private final ObjectWriter report;
    private final Set<DataType> types = EnumSet.noneOf(DataType.class);
    private final List<Difference> listed = new ArrayList<>();
    private long equal;
    private long different;
    private long missing;
    private long extra;

    ReconcileRun(boolean extraInStore, Path partial, ObjectMapper mapper) throws IOException {
        this.extraInStore = extraInStore;
        this.partial = partial;
        Files.createDirectories(partial.getParent());
        this.out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
        this.report = mapper.writer();
    }

    boolean extraInStore() { return extraInStore; }
    Set<DataType> types() { return types; }
    List<Difference> listed() { return listed; }
    long equal() { return equal; }
    long different() { return different; }
    long missing() { return missing; }
    long extra() { return extra; }
    long differences() { return different + missing + extra; }
    Path partial() { return partial; }

    void typeSeen(DataType type) {
        types.add(type);
    }

    void same() {
        equal++;
    }

    void found(Difference difference) throws IOException {
        switch (difference.status()) {
            case "different" -> different++;
            case "missingInStore" -> missing++;
            default -> extra++;
        }
        if (listed.size() < LISTED) {
            listed.add(difference);
        }
        out.write(report.writeValueAsString(difference));
        out.write('\n');
    }

    void close() throws IOException {
        out.close();
    }

    void discard() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // dropped either way
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // a hidden temporary file at worst
        }
    }
}
