package io.contextstore.migration.importing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.format.Detected;
import io.contextstore.migration.format.RecordFormats;
import io.contextstore.migration.operation.AuditLog;
import io.contextstore.migration.operation.Failures;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.operation.Progress;
import io.contextstore.migration.record.RecordError;
import io.contextstore.migration.operation.RunningOperations;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The failure step of the import route: the body becomes the failed import's result. Once the
 * import has started, {@link ImportEnd#failed} rolls back and reports; a failure before that
 * (bad options, an unknown template) is reported from the caller's headers. A processor, since
 * it reads the caught exception and whatever the start step had set.
 */
@Component
public class ImportFailure implements Processor {

    private static final Logger log = LoggerFactory.getLogger(ImportFailure.class);

    private final ImportEnd end;
    private final OperationRepository operations;
    private final AuditLog audit;
    private final RunningOperations running;
    private final ObjectMapper mapper;

    public ImportFailure(ImportEnd end, OperationRepository operations, AuditLog audit, RunningOperations running,
                         ObjectMapper mapper) {
        this.end = end;
        this.operations = operations;
        this.audit = audit;
        this.running = running;
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        exchange.getMessage().setBody(run != null ? end.failed(error, run) : failedBeforeStart(exchange, error));
    }

    private ImportResult failedBeforeStart(Exchange exchange, Throwable error) throws JsonProcessingException {
        Failures.Failure failure = Failures.classify(error, "the input file cannot be read");
        String operationId = exchange.getProperty(ImportStart.OPERATION_ID, String.class);
        if (operationId != null) {
            running.finished(operationId);
        }
        Instant startedAt = exchange.getProperty(ImportStart.STARTED_AT, Instant.now(), Instant.class);
        Instant completedAt = Instant.now();
        String dataType = exchange.getMessage().getHeader(MigrationHeaders.DATA_TYPE, String.class);
        String user = exchange.getMessage().getHeader(MigrationHeaders.USER, "system", String.class);
        String fileName = exchange.getMessage().getHeader(MigrationHeaders.FILE_NAME, String.class);
        boolean dryRun = exchange.getProperty(ImportStart.DRY_RUN, false, Boolean.class);
        String format = RecordFormats.fromName(fileName);
        ImportResult result = new ImportResult(operationId, OperationStatus.FAILED, dataType, format, dryRun,
                0, 0, 0, 0, 0, 0, failure.message(), List.of(new RecordError(0, null, null, failure.message(), null)),
                List.of(), null, null, null, new Detected(format, null, null, false, null, null, dataType), startedAt, completedAt,
                Duration.between(startedAt, completedAt).toMillis(), failure.kind());
        if (operationId != null) {
            operations.finish(operationId, OperationStatus.FAILED,
                    new Progress(0, 0L, 0, 0, 0, 0, 0, 0, null, 0, null), failure.message(),
                    mapper.writeValueAsString(result));
            audit.record(new AuditLog.Entry(user, "import", operationId, dataType, "failed", 0L, fileName, null,
                    failure.message()));
        }
        log.info("import {} failed before reading: {}", operationId, failure.message());
        return result;
    }
}
