package io.contextstore.migration.api;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import io.contextstore.migration.config.UndoProperties;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.undo.UndoResult;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code POST /operations/{id}/undo}: the import checked before an undo starts (the caller's own, or
 * any for an admin; finished, not a dry run, not undone, within {@code migration.undo.retention}),
 * and the undo's result as the answer: 200, or 409 when conflicts refused it.
 */
@Component
public class UndoCalls {

    private final OperationRepository operations;
    private final UndoProperties properties;
    private final ApiCalls calls;

    public UndoCalls(OperationRepository operations, UndoProperties properties, ApiCalls calls) {
        this.operations = operations;
        this.properties = properties;
        this.calls = calls;
    }

    private record Target(String type, String status, String user, boolean dryRun, Instant completedAt,
                          String undoneBy, String dataType) {
    }

    public void request(String id, String dryRun, String force, Exchange exchange) {
        Caller caller = exchange.getProperty(ApiCalls.CALLER, Caller.class);
        boolean onlyCount = flag("dryRun", dryRun);
        boolean skipConflicts = flag("force", force);
        List<Target> found = operations.byId("type, status, username, dry_run, completed_at, undone_by, data_type", id,
                (rs, n) -> new Target(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        instant(rs.getObject(5, OffsetDateTime.class)), rs.getString(6), rs.getString(7)));
        if (found.isEmpty() || !caller.sees(found.get(0).user())) {
            throw ApiException.notFound("no operation " + id);
        }
        Target target = found.get(0);
        if (!"import".equals(target.type())) {
            throw conflict("operation " + id + " is " + (target.type().equals("undo") ? "an undo" : "an " + target.type())
                    + "; only imports can be undone");
        }
        if (OperationStatus.of(target.status()) == OperationStatus.RUNNING) {
            throw conflict("import " + id + " is still running; cancel it or wait for its end");
        }
        if (OperationStatus.of(target.status()) == OperationStatus.INTERRUPTED) {
            throw conflict("import " + id + " was interrupted and may still be taken up again from its checkpoint; "
                    + "undo it once it has ended");
        }
        if (id.equals(target.undoneBy())) {
            throw conflict("import " + id + " exceeded its error budget and what it had committed was taken back "
                    + "then; nothing of it is left to undo");
        }
        if (target.dryRun()) {
            throw conflict("import " + id + " was a dry run and stored nothing");
        }
        if (target.undoneBy() != null) {
            throw conflict("import " + id + " has already been undone (by " + target.undoneBy() + ")");
        }
        if (target.completedAt() == null || target.completedAt().plus(properties.retention()).isBefore(Instant.now())) {
            throw conflict("import " + id + " ended more than " + readable(properties.retention())
                    + " ago (migration.undo.retention), so what it overwrote is no longer kept; it can no longer be undone");
        }
        exchange.getMessage().setHeader(MigrationHeaders.UNDO_OF, id);
        exchange.getMessage().setHeader(MigrationHeaders.DATA_TYPE, target.dataType());
        exchange.getMessage().setHeader(MigrationHeaders.DRY_RUN, onlyCount);
        exchange.getMessage().setHeader(MigrationHeaders.FORCE, skipConflicts);
    }

    /** The result is the answer; its {@code error} and {@code message} make it an error answer as well. */
    public void response(UndoResult result, Exchange exchange) throws IOException {
        calls.json(exchange, result.error() == null ? 200 : result.error().equals("conflict") ? 409 : 500, result);
    }

    private static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest(name + " must be true or false, not '" + value + "'");
    }

    /** 7d, 36h, 90m or 45s: the largest unit the duration is a whole number of. */
    static String readable(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
