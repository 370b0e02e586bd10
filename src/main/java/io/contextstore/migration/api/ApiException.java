package io.contextstore.migration.api;

/** A call that cannot be served, with the HTTP status and the {@code {error, message}} it is answered with. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Long retryAfterSeconds;

    public ApiException(int status, String error, String message) {
        this(status, error, message, null);
    }

    /** {@code retryAfterSeconds}: answered as {@code Retry-After} (null: none). */
    public ApiException(int status, String error, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
