package io.contextstore.migration.undo;

import java.time.Instant;
import java.util.List;

import io.contextstore.migration.store.ImportReverts.Conflict;
import io.contextstore.migration.store.ImportReverts.Counts;

/** One undo as it runs: the import it reverts, how, and what it found and did so far. */
public final class UndoRun {

    public static final String PROPERTY = "undoRun";

    private final String operationId;
    private final String importId;
    private final String user;
    private final String dataType;
    private final boolean dryRun;
    private final boolean force;
    private final Instant startedAt;
    private List<Conflict> conflicts = List.of();
    private long conflictCount;
    private Counts counts = new Counts(0, 0);

    UndoRun(String operationId, String importId, String user, String dataType, boolean dryRun, boolean force,
            Instant startedAt) {
        this.operationId = operationId;
        this.importId = importId;
        this.user = user;
        this.dataType = dataType;
        this.dryRun = dryRun;
        this.force = force;
        this.startedAt = startedAt;
    }

    public String operationId() { return operationId; }
    public String importId() { return importId; }
    public String user() { return user; }
    public String dataType() { return dataType; }
    public boolean dryRun() { return dryRun; }
    public boolean force() { return force; }
    public Instant startedAt() { return startedAt; }
    public List<Conflict> conflicts() { return conflicts; }
    public long conflictCount() { return conflictCount; }
    public Counts counts() { return counts; }

    void found(List<Conflict> listed, long count) {
        this.conflicts = List.copyOf(listed);
        this.conflictCount = count;
    }

    void did(Counts done) {
        this.counts = done;
    }
}
