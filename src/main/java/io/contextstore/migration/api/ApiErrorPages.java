package io.contextstore.migration.api;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Errors that happen before a request reaches a route (an upload over the size limit, a broken
 * multipart body, a path no route serves) answered as {@code {error, message}} like the rest of
 * the API, instead of Spring Boot's error page.
 */
@RestController
@RestControllerAdvice
public class ApiErrorPages implements ErrorController {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Map<String, Object>> tooLarge(MaxUploadSizeExceededException e) {
        return answer(HttpStatus.PAYLOAD_TOO_LARGE, "the upload is larger than migration.max-upload-size");
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Map<String, Object>> badMultipart(MultipartException e) {
        return answer(HttpStatus.BAD_REQUEST, "the multipart request cannot be read");
    }

    @RequestMapping("/error")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request, HttpServletResponse response) {
        if (response.isCommitted()) {
            // part of the answer has left (a broken-off download): anything written now would join its body
            return null;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.valueOf(c)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof MaxUploadSizeExceededException) {
            status = HttpStatus.PAYLOAD_TOO_LARGE;
        }
        String message = switch (status) {
            case NOT_FOUND -> "no such resource";
            case METHOD_NOT_ALLOWED -> "method not allowed here";
            case PAYLOAD_TOO_LARGE -> "the upload is larger than migration.max-upload-size";
            default -> status.getReasonPhrase();
        };
        return answer(status, message);
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ApiCalls.problem(status.name().toLowerCase(), message));
    }
}
