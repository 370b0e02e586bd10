package io.contextstore.migration.api;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.config.OperationLimits;
import io.contextstore.migration.exporting.ExportDelivery;
import io.contextstore.migration.operation.ExportOptions;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.ReconcileResult;
import io.contextstore.migration.record.InvalidOptionsException;
import io.contextstore.migration.operation.OptionsReader;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.OperationRepository;
import io.contextstore.migration.operation.OperationSlots;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.operation.OperationType;
import io.contextstore.migration.record.DataType;
import jakarta.activation.FileDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.DefaultAttachmentMessage;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.contextstore.migration.record.Excerpt;
import org.springframework.http.HttpStatus;

/**
 * The HTTP side of the API routes: who calls, what the request asks of the import and export
 * routes (the same ones the inbox and the schedule use), and the status and JSON of the answer.
 */
@Component
public class ApiCalls {

    static final String CALLER = "apiCaller";
    private static final String HTTP = "apiHttpMessage";
    private static final Logger log = LoggerFactory.getLogger(ApiCalls.class);

    private final ObjectMapper mapper;
    private final OperationRepository operations;
    private final OptionsReader optionsReader;
    private final OperationSlots slots;
    private final OperationLimits limits;
    private final UploadForm form;

    public ApiCalls(ObjectMapper mapper, OperationRepository operations, OptionsReader optionsReader,
                    OperationSlots slots, OperationLimits limits, UploadForm form) {
        this.mapper = mapper;
        this.form = form;
        this.operations = operations;
        this.optionsReader = optionsReader;
        this.slots = slots;
        this.limits = limits;
    }

    /**
     * Just before an import, validation or export starts: one of the
     * {@code migration.operations.max-concurrent} slots, or 429 with {@code Retry-After}. Nothing
     * has been recorded for the call yet, so a refused one leaves no operation behind.
     */
    public void reserveSlot(Exchange exchange) {
        if (!slots.tryTake(exchange)) {
            refuseBusy();
        }
    }

    private void refuseBusy() {
        log.info("call refused: all {} operation slots are busy", limits.maxConcurrent());
        throw new ApiException(429, "too_many_operations", "the service runs " + limits.maxConcurrent()
                + " imports and exports at once (migration.operations.max-concurrent), all busy now; "
                + "try again later", Math.max(1, limits.retryAfter().toSeconds()));
    }

    /** First step of every API route: the caller, and no Migration* header a client may have sent. */
    public void identify(Exchange exchange) {
        deleteUploadsWhenDone(exchange);
        exchange.getMessage().removeHeaders("Migration*");
        Caller caller = Caller.of(exchange);
        exchange.setProperty(CALLER, caller);
        // the servlet request and response, kept before a step replaces the message they came with
        if (exchange.getIn() instanceof PlatformHttpMessage http) {
            exchange.setProperty(HTTP, http);
        }
        exchange.getMessage().setHeader(MigrationHeaders.USER, caller.user());
    }

    /**
     * Every file of a multipart request is on disk by now (platform-http saved each part); they are
     * deleted when the call ends, however it ends.
     */
    private static void deleteUploadsWhenDone(Exchange exchange) {
        List<File> uploads = new ArrayList<>();
        new DefaultAttachmentMessage(exchange.getIn()).getAttachmentObjects().values().forEach(a -> {
            if (a.getDataHandler().getDataSource() instanceof FileDataSource f) {
                uploads.add(f.getFile());
            }
        });
        if (!uploads.isEmpty()) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    for (File upload : uploads) {
                        try {
                            Files.deleteIfExists(upload.toPath());
                        } catch (IOException e) {
                            log.warn("could not delete the uploaded file {}: {}", upload, e.getMessage());
                        }
                    }
                }
            });
        }
    }

    /** A multipart upload: the file (on disk already), {@code dataType} and {@code options} fields. */
    public void importRequest(Exchange exchange, boolean validateOnly) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(415, "unsupported_media_type",
                    "send the file as multipart/form-data with the fields file, dataType and options");
        }
        UploadForm.Upload upload = form.file(exchange);
        if (upload == null) {
            throw ApiException.badRequest("the multipart request has no file part 'file'");
        }
        // a keyword: the line break a client's file or form may end it with is no part of it
        String dataType = form.field(exchange, "dataType");
        dataType = dataType == null ? null : dataType.strip();
        if (dataType == null || dataType.isEmpty()) {
            throw ApiException.badRequest("the field dataType is required (contexts, sessions, templates or auto-detect)");
        }
        String options = form.field(exchange, "options");
        exchange.getMessage().setHeader(MigrationHeaders.DATA_TYPE, dataType);
        exchange.getMessage().setHeader(MigrationHeaders.FILE_NAME, upload.name());
        if (validateOnly) {
            exchange.getMessage().setHeader(MigrationHeaders.BASE_OPTIONS, options);
            exchange.getMessage().setHeader(MigrationHeaders.OPTIONS, "{\"dryRun\":true}");
        } else {
            exchange.getMessage().setHeader(MigrationHeaders.OPTIONS, options);
        }
        exchange.getMessage().setBody(upload.path());
    }

    /** As an import's upload, and the {@code extraInStore} field (or query parameter). */
    public void reconcileRequest(Exchange exchange) {
        importRequest(exchange, false);
        String extra = form.field(exchange, "extraInStore");
        if (extra == null) {
            extra = exchange.getMessage().getHeader("extraInStore", String.class);
        }
        if (extra != null && !extra.strip().equals("true") && !extra.strip().equals("false")) {
            throw ApiException.badRequest("extraInStore must be true or false, not '" + Excerpt.of(extra) + "'");
        }
        exchange.getMessage().setHeader(MigrationHeaders.EXTRA_IN_STORE, extra != null && extra.strip().equals("true"));
    }

    /** A reconcile's result; one refused before it started (bad options) is an import's failed result. */
    public void reconcileResponse(Object result, Exchange exchange) throws IOException {
        if (result instanceof ImportResult failedEarly) {
            importResponse(failedEarly, exchange);
            return;
        }
        ReconcileResult reconciled = (ReconcileResult) result;
        int status = status(reconciled.status(), reconciled.failure());
        json(exchange, status, failed(status, reconciled));
    }

    public void importResponse(ImportResult result, Exchange exchange) throws IOException {
        int status = status(result.status(), result.failure());
        json(exchange, status, failed(status, result));
    }

    private static int status(OperationStatus status, ImportResult.FailureKind failure) {
        return status != OperationStatus.FAILED ? 200 : switch (failure) {
            case INVALID_OPTIONS -> 400;
            case UNSUPPORTED_FORMAT -> 415;
            case INTERNAL -> 500;
            default -> 422;
        };
    }

    /**
     * A failed result answered with a 4xx or 5xx status is also an error answer: the result's fields
     * (counts, errors, what was detected) with the {@code error} every client reads from a failure.
     */
    private Object failed(int status, Object result) {
        if (status < 400) {
            return result;
        }
        ObjectNode answer = mapper.createObjectNode();
        // a file of no format says so; other failures by their status
        answer.put("error", status == 415 ? "unsupported_format" : errorCode(status));
        answer.setAll((ObjectNode) mapper.valueToTree(result));
        if (!answer.path("message").isTextual() || answer.get("message").asText().isBlank()) {
            answer.put("message", "the operation failed");
        }
        return answer;
    }

    static String errorCode(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "error" : known.name().toLowerCase(Locale.ROOT);
    }

    /** {@code {dataType, options}}; {@code options.async} answers at once with the operation id. */
    public void exportRequest(String body, Exchange exchange) {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? mapper.createObjectNode()
                    : mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON" + OptionsReader.where(e));
        }
        if (!request.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object {dataType, options}");
        }
        String dataType = request.path("dataType").asText(null);
        if (dataType == null || dataType.isBlank()) {
            throw ApiException.badRequest("dataType is required (contexts, sessions, templates or all)");
        }
        Caller caller = exchange.getProperty(CALLER, Caller.class);
        if (DataType.isAll(dataType) && !caller.admin()) {
            throw new ApiException(403, "forbidden", "exporting all data types needs the admin role");
        }
        JsonNode options = request.path("options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            throw ApiException.badRequest("options must be a JSON object");
        }
        if (!DataType.isAll(dataType) && DataType.parse(dataType).isEmpty()) {
            throw ApiException.badRequest("dataType must be contexts, sessions, templates or all, not '"
                    + Excerpt.of(dataType) + "'");
        }
        // checked here too, so that an asynchronous export with bad options is a 400, not a 202
        ExportOptions checked = optionsReader.exportOptions(options.isObject() ? options.toString() : null);
        if (checked.toResponse()) {
            PlatformHttpMessage http = exchange.getProperty(HTTP, PlatformHttpMessage.class);
            exchange.setProperty(ExportDelivery.PROPERTY, new ResponseDelivery(http.getRequest(), http.getResponse()));
        }
        boolean async = options.path("async").asBoolean(false);
        exchange.getMessage().setHeader(MigrationHeaders.DATA_TYPE, dataType);
        exchange.getMessage().setHeader(MigrationHeaders.OPTIONS, options.isObject() ? options.toString() : null);
        exchange.getMessage().setHeader("MigrationAsync", async);
        exchange.getMessage().setBody(null);
    }

    /** An asynchronous export: its slot (or 429), then its operation row, whose id the 202 answers with. */
    public void reserveAsyncExport(Exchange exchange) {
        if (!slots.tryTakeToHandOver(exchange)) {
            refuseBusy();
        }
        try {
            Caller caller = exchange.getProperty(CALLER, Caller.class);
            String operationId = operations.create(OperationType.EXPORT,
                    exchange.getMessage().getHeader(MigrationHeaders.DATA_TYPE, String.class), caller.user(), null, false);
            exchange.getMessage().setHeader(MigrationHeaders.OPERATION_ID, operationId);
        } catch (RuntimeException e) {
            slots.release(exchange);
            throw e;
        }
    }

    public void exportResponse(ExportResult result, Exchange exchange) throws IOException {
        ResponseDelivery delivered = exchange.getProperty(ExportDelivery.PROPERTY, ResponseDelivery.class);
        if (delivered != null && delivered.answered(result)) {
            leaveAnswered(exchange);
            return;
        }
        if (delivered != null && result.status() == OperationStatus.CANCELLED) {
            // the file was asked for and none comes: not a 200 a client would save as the file
            json(exchange, 409, problem("cancelled", result.message()));
            return;
        }
        int status = result.status() != OperationStatus.FAILED ? 200 : result.badOptions() ? 400 : 500;
        json(exchange, status, failed(status, result));
    }

    /** The response holds the answer already: platform-http is to add nothing to it. */
    private static void leaveAnswered(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(null);
    }

    public void accepted(Exchange exchange) throws IOException {
        String id = exchange.getMessage().getHeader(MigrationHeaders.OPERATION_ID, String.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operationId", id);
        body.put("status", "running");
        body.put("progressUrl", "/api/data-migration/operations/" + id + "/progress");
        json(exchange, 202, body);
    }

    /** Any failure of an API route, as {@code {error, message}}: never a stack trace or a server path. */
    public void error(Exchange exchange) throws IOException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ResponseDelivery delivered = exchange.getProperty(ExportDelivery.PROPERTY, ResponseDelivery.class);
        if (delivered != null && delivered.brokenOff("the export failed")) {
            log.error("export into the answer failed after its first bytes", error);
            leaveAnswered(exchange);
            return;
        }
        if (error instanceof ApiException api) {
            json(exchange, api.status(), problem(api.error(), api.getMessage()));
            if (api.retryAfterSeconds() != null) {
                exchange.getMessage().setHeader("Retry-After", api.retryAfterSeconds());
            }
        } else if (error instanceof InvalidOptionsException invalid) {
            json(exchange, 400, problem("bad_request", invalid.getMessage()));
        } else {
            log.error("API call failed", error);
            json(exchange, 500, problem("internal_error", "the call failed; see the service log"));
        }
    }

    static Map<String, Object> problem(String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        return body;
    }

    void json(Exchange exchange, int status, Object body) throws IOException {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(mapper.writeValueAsBytes(body));
    }
}
