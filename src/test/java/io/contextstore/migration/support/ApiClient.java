package io.contextstore.migration.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Calls the API over real HTTP, as a client would: bearer token, JSON or a streamed multipart upload. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    public record Reply(int status, String body, HttpResponse<byte[]> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Reply get(String path, String token) throws Exception {
        return send(request(path, token).GET().build());
    }

    public Reply post(String path, String token, Object json) throws Exception {
        String body = json instanceof String s ? s : JSON.writeValueAsString(json);
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Reply upload(String path, String token, Path file, Map<String, String> fields) throws Exception {
        return send(uploadRequest(path, token, file, fields));
    }

    /** A multipart/form-data request whose file part is streamed from disk. */
    public HttpRequest uploadRequest(String path, String token, Path file, Map<String, String> fields)
            throws IOException {
        String boundary = "----migration" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n"));
        }
        if (file != null) {
            parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            parts.add(HttpRequest.BodyPublishers.ofFile(file));
            parts.add(text("\r\n"));
        }
        parts.add(text("--" + boundary + "--\r\n"));
        return request(path, token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))).build();
    }

    private static HttpRequest.BodyPublisher text(String s) {
        return HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8);
    }

    public Reply send(HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), response);
    }

    /** The answer's body as it arrives, for a client that reads a large answer at its own pace. */
    public HttpResponse<java.io.InputStream> stream(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    public java.util.concurrent.CompletableFuture<Reply> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(
                r -> new Reply(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r));
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
