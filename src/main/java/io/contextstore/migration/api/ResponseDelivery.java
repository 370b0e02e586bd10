package io.contextstore.migration.api;

import java.io.IOException;
import java.io.OutputStream;

import io.contextstore.migration.exporting.ExportDelivery;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.OperationStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * An export with {@code delivery: response}: the file is the answer, written into the response as
 * the records come from the store, with no copy in the outbox. Until its first bytes leave (the
 * response buffer fills), a failure can still be answered with JSON; after that it can only break
 * the connection off ({@link BrokenResponses}).
 */
final class ResponseDelivery implements ExportDelivery {

    private final HttpServletRequest request;
    private final HttpServletResponse response;

    ResponseDelivery(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public OutputStream open(String fileName, String operationId) throws IOException {
        response.setStatus(200);
        response.setContentType(OperationFiles.contentType(fileName));
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        response.setHeader("X-Operation-Id", operationId);
        // the response ends with the call, after the operation is finished: a failure until then still breaks it off
        return CloseShieldOutputStream.wrap(response.getOutputStream());
    }

    /**
     * After the export: true when the response is the answer already, the whole file or a broken-off
     * part of it; false when nothing has left yet and the answer (the JSON result) is still to be made.
     */
    boolean answered(ExportResult result) throws IOException {
        if (result.status() == OperationStatus.COMPLETED) {
            // sent with the file's headers now, before platform-http writes its own for an empty body
            response.flushBuffer();
            return true;
        }
        return brokenOff(result.message());
    }

    /**
     * A failure: true when bytes of the file have left, so the connection is to be broken off; else
     * the file's headers and bytes are dropped, for the failure's JSON answer to take their place.
     */
    boolean brokenOff(String why) {
        if (response.isCommitted()) {
            request.setAttribute(BrokenResponses.FAILED, why);
            return true;
        }
        response.reset();
        return false;
    }
}
