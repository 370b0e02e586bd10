package io.contextstore.migration.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;

import io.contextstore.migration.config.LimitsProperties;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.DefaultAttachmentMessage;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import java.io.File;
import java.nio.file.Files;

/**
 * The fields of a multipart upload as the client sent them. Camel's HTTP binding hands text fields
 * on as headers with every line break replaced by {@code _} (it sanitizes them for logging), so a
 * pretty-printed {@code options} would be cut; and a field sent as a file part (with a file name)
 * becomes an attachment. So the fields are read here from the servlet request's parts, or from the
 * attachment a file part was saved to, in the charset the part declares (UTF-8 when it declares
 * none), at most {@code migration.limits.max-request-body} each.
 */
@Component
class UploadForm {

    private final int limit;

    UploadForm(LimitsProperties limits) {
        this.limit = (int) limits.maxRequestBody().toBytes();
    }

    /** The text of a field, whatever its whitespace; null when the request has no such field. */
    String field(Exchange exchange, String name) {
        HttpServletRequest request = request(exchange);
        if (request == null) {
            return exchange.getMessage().getHeader(name, String.class);
        }
        try {
            Part part = request.getPart(name);
            if (part == null) {
                return null;
            }
            Path saved = attachment(exchange, name);
            try (InputStream in = saved != null ? Files.newInputStream(saved) : part.getInputStream()) {
                byte[] bytes = in.readNBytes(limit + 1);
                if (bytes.length > limit) {
                    throw new ApiException(413, "payload_too_large", "the field " + name + " is larger than "
                            + LimitsProperties.readable(limit) + " (migration.limits.max-request-body)");
                }
                return decode(name, bytes, part.getContentType());
            }
        } catch (IOException | ServletException | IllegalStateException e) {
            throw ApiException.badRequest("the multipart request cannot be read");
        }
    }

    /** Where the part {@code file} was saved, and the name the client gave it. */
    Upload file(Exchange exchange) {
        Path saved = attachment(exchange, "file");
        HttpServletRequest request = request(exchange);
        if (saved == null || request == null) {
            return fromBody(exchange);
        }
        String name = null;
        try {
            Part part = request.getPart("file");
            name = part == null ? null : part.getSubmittedFileName();
        } catch (IOException | ServletException | IllegalStateException e) {
            // the saved file is there; only its name is not: the saved file's own name stands in
        }
        return new Upload(saved, name == null || name.isBlank() ? saved.getFileName().toString() : name);
    }

    record Upload(Path path, String name) {
    }

    /** Outside platform-http (a route calling the API route directly): the body and Camel's headers. */
    private static Upload fromBody(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Path path = body instanceof Path p ? p : body instanceof File f ? f.toPath() : null;
        if (path == null) {
            String header = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
            path = header == null ? null : Path.of(header);
        }
        return path == null ? null
                : new Upload(path, exchange.getMessage().getHeader(Exchange.FILE_NAME, path.getFileName().toString(), String.class));
    }

    private static HttpServletRequest request(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
    }

    private static Path attachment(Exchange exchange, String name) {
        DataHandler handler = new DefaultAttachmentMessage(exchange.getIn()).getAttachment(name);
        return handler != null && handler.getDataSource() instanceof FileDataSource f ? f.getFile().toPath() : null;
    }

    private static String decode(String name, byte[] bytes, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        try {
            if (contentType != null) {
                MediaType type = MediaType.parseMediaType(contentType);
                if (type.getCharset() != null) {
                    charset = type.getCharset();
                }
            }
        } catch (InvalidMediaTypeException | IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw ApiException.badRequest("the field " + name + " declares a content type or charset that is not known");
        }
        try {
            String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            // the byte order mark Notepad and PowerShell put before a file's text is no part of the field
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the field " + name + " is not valid " + charset.name() + " text");
        }
    }
}
