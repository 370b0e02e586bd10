package io.contextstore.migration.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.LimitsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Bounds the JSON body of every API call (export, templates, ...) and the text fields of a
 * multipart upload ({@code options}) at {@code migration.limits.max-request-body}, answering 413
 * with {@code {error, message}}. Tomcat and Spring MVC bound only form and multipart bodies, and
 * the REST routes read a body whole, so a body is read here up to the limit (a declared
 * Content-Length over it is refused unread; a chunked one is refused as soon as it passes it) and
 * handed on from memory. Runs after Spring Security, so an unauthenticated caller is refused first.
 */
@Component
class RequestBodyLimit extends OncePerRequestFilter {

    private static final String API = "/api/data-migration/";
    /** The upload's text fields: bounded also when a client sends one as a file part. */
    private static final Set<String> TEXT_FIELDS = Set.of("options", "dataType");

    private final int limit;
    private final ObjectMapper mapper;

    RequestBodyLimit(LimitsProperties limits, ObjectMapper mapper) {
        this.limit = (int) limits.maxRequestBody().toBytes();
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(API) || request.getMethod().equals("GET")
                || request.getMethod().equals("HEAD") || request.getMethod().equals("OPTIONS");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("multipart/")) {
            if (fieldTooLarge(request)) {
                refuse(response, "a text field of the upload (options, dataType) is larger than "
                        + LimitsProperties.readable(limit) + " (migration.limits.max-request-body)");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            refuse(response, tooLarge());
            return;
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            refuse(response, tooLarge());
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    private String tooLarge() {
        return "the request body is larger than " + LimitsProperties.readable(limit) + " (migration.limits.max-request-body)";
    }

    /**
     * The upload's parts are on disk once parsed (threshold 0); a part without a file name, or one
     * of the named text fields, is text the route reads whole. A request Tomcat cannot parse is left to the usual answer (413
     * over the upload limit, 400 otherwise), which the multipart resolver gives when it parses again.
     */
    private boolean fieldTooLarge(HttpServletRequest request) throws IOException, ServletException {
        try {
            for (Part part : request.getParts()) {
                if ((part.getSubmittedFileName() == null || TEXT_FIELDS.contains(part.getName())) && part.getSize() > limit) {
                    return true;
                }
            }
            return false;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void refuse(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // the rest of an unread body is not wanted: the connection is not kept for another request
        response.setHeader("Connection", "close");
        mapper.writeValue(response.getOutputStream(), ApiCalls.problem("payload_too_large", message));
    }

    /** The request with its body already read (at most the limit). */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is read already");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    getCharacterEncoding() == null ? StandardCharsets.UTF_8
                            : Charset.forName(getCharacterEncoding())));
        }
    }
}
