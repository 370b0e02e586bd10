package io.contextstore.migration.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import io.contextstore.migration.support.Tools;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The REST API end to end over real HTTP, for every endpoint and role; run on H2 and PostgreSQL. */
abstract class ApiScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";

    @org.springframework.beans.factory.annotation.Autowired
    jakarta.servlet.ServletContext servletContext;

    private Path contexts(String name, int count) throws Exception {
        return TestRecords.writeNdjson(work.resolve(name), TestRecords.contexts(count, 7));
    }

    private Reply importAs(String token, Path file, String options) throws Exception {
        return api.upload(API + "/import", token, file, options == null ? Map.of("dataType", "contexts")
                : Map.of("dataType", "contexts", "options", options));
    }

    @Test
    void shouldRefuseCallsWithoutAValidTokenWith401AndABearerChallenge() throws Exception {
        Reply none = api.get(API + "/operations/active", null);
        Reply unknown = api.get(API + "/operations/active", "not-a-token");

        for (Reply reply : List.of(none, unknown)) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(reply.json().get("error").asText()).isEqualTo("unauthorized");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND status = '401'",
                Long.class)).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT details FROM audit_log", String.class))
                .noneMatch(d -> d != null && d.contains("not-a-token"));
    }

    @Test
    void shouldGiveEachRoleWhatItMayAndRefuseTheRestWith403() throws Exception {
        Path file = contexts("roles.ndjson", 3);

        assertThat(importAs(VIEWER_TOKEN, file, null).status()).isEqualTo(403);
        assertThat(api.get(API + "/operations/history", VIEWER_TOKEN).status()).isEqualTo(200);
        assertThat(api.get(API + "/audit", OPERATOR_TOKEN).status()).isEqualTo(403);
        assertThat(api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "all")).status()).isEqualTo(403);
        assertThat(importAs(OPERATOR_TOKEN, file, null).status()).isEqualTo(200);
        assertThat(api.post(API + "/export", ADMIN_TOKEN, Map.of("dataType", "all")).status()).isEqualTo(200);
        Reply audit = api.get(API + "/audit?limit=50", ADMIN_TOKEN);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().findValuesAsText("action")).contains("refused", "import", "export");
        assertThat(audit.body()).doesNotContain(OPERATOR_TOKEN, VIEWER_TOKEN, ADMIN_TOKEN);
    }

    @Test
    void shouldApplyTheRoleOfEveryEndpointToEveryRole() throws Exception {
        // endpoint -> the lowest role that may call it, and what it answers that role and those above:
        // the matrix sends a JSON body {"dataType":"contexts"} with each POST and names no existing thing
        record Rule(String lowest, int permitted) {
        }
        Map<String, Rule> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put("POST /import", new Rule("operator", 415));            // an upload is multipart
        endpoints.put("POST /validate", new Rule("operator", 415));
        endpoints.put("POST /export", new Rule("operator", 200));            // the (empty) contexts
        endpoints.put("POST /operations/x/cancel", new Rule("operator", 404));
        endpoints.put("POST /operations/x/undo", new Rule("operator", 404));
        endpoints.put("POST /templates", new Rule("operator", 400));         // not a template
        endpoints.put("GET /exports/x/files/y", new Rule("viewer", 404));
        endpoints.put("GET /operations/x/progress", new Rule("viewer", 404));
        endpoints.put("GET /operations/active", new Rule("viewer", 200));
        endpoints.put("GET /operations/history", new Rule("viewer", 200));
        endpoints.put("GET /templates", new Rule("viewer", 200));
        endpoints.put("GET /templates/x", new Rule("viewer", 404));
        endpoints.put("GET /openapi.json", new Rule("viewer", 200));
        endpoints.put("GET /audit", new Rule("admin", 200));
        List<String> ranks = List.of("viewer", "operator", "admin");
        Map<String, String> tokens = Map.of("viewer", VIEWER_TOKEN, "operator", OPERATOR_TOKEN, "admin", ADMIN_TOKEN);
        Map<Integer, String> errors = Map.of(400, "bad_request", 401, "unauthorized", 403, "forbidden", 404, "not_found",
                415, "unsupported_media_type");

        for (var endpoint : endpoints.entrySet()) {
            String[] call = endpoint.getKey().split(" ");
            Rule rule = endpoint.getValue();
            for (String role : List.of("none", "viewer", "operator", "admin")) {
                String token = tokens.get(role);
                Reply reply = call[0].equals("GET") ? api.get(API + call[1], token)
                        : api.post(API + call[1], token, Map.of("dataType", "contexts"));
                int expected = role.equals("none") ? 401
                        : ranks.indexOf(role) < ranks.indexOf(rule.lowest()) ? 403 : rule.permitted();
                String as = endpoint.getKey() + " as " + role + ": " + reply.body();
                assertThat(reply.status()).as(as).isEqualTo(expected);
                if (errors.containsKey(expected)) {
                    assertThat(reply.json().get("error").asText()).as(as).isEqualTo(errors.get(expected));
                }
            }
        }
    }

    @Test
    void shouldImportAnUploadAndAuditItWithTheFilesSha256() throws Exception {
        Path file = contexts("upload.ndjson", 250);

        Reply reply = importAs(OPERATOR_TOKEN, file, "{\"batchSize\":50}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode result = reply.json();
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("successfulRecords").asLong()).isEqualTo(250);
        assertThat(result.get("detected").get("format").asText()).isEqualTo("ndjson");
        assertThat(count("contexts")).isEqualTo(250);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(jdbc.queryForMap("SELECT username, file_sha256, file_name FROM audit_log WHERE action = 'import'"))
                .containsEntry("username", "olivia").containsEntry("file_sha256", sha256)
                .containsEntry("file_name", "upload.ndjson");
    }

    @Test
    void shouldValidateAFileWithoutStoringIt() throws Exception {
        Path file = ApiClient.write(work.resolve("check.json"),
                "[{\"id\":\"v1\",\"title\":\"t\",\"content\":\"c\"},{\"id\":\"v2\",\"title\":\"t\"}]");

        Reply reply = api.upload(API + "/validate", OPERATOR_TOKEN, file,
                Map.of("dataType", "contexts", "options", "{\"errorHandling\":\"lenient\"}"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("dryRun").asBoolean()).isTrue();
        assertThat(reply.json().get("successfulRecords").asLong()).isEqualTo(1);
        assertThat(reply.json().get("failedRecords").asLong()).isEqualTo(1);
        assertThat(reply.json().get("validationErrors").get(0).get("field").asText()).isEqualTo("content");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldAnswerBadRequestsWithTheirStatusAndNeverAStackTrace() throws Exception {
        Path good = contexts("good.ndjson", 2);
        Path strictFails = ApiClient.write(work.resolve("strict.json"),
                "[{\"id\":\"s1\",\"title\":\"t\",\"content\":\"c\"},{\"id\":\"s2\"}]");

        Map<String, Reply> replies = new java.util.LinkedHashMap<>();
        replies.put("400 malformed options", importAs(OPERATOR_TOKEN, good, "{\"format\":"));
        replies.put("400 negative batchSize", importAs(OPERATOR_TOKEN, good, "{\"batchSize\":-1}"));
        replies.put("400 unknown option", importAs(OPERATOR_TOKEN, good, "{\"speed\":\"fast\"}"));
        replies.put("400 missing file", api.upload(API + "/import", OPERATOR_TOKEN, null, Map.of("dataType", "contexts")));
        replies.put("400 missing dataType", api.upload(API + "/import", OPERATOR_TOKEN, good, Map.of()));
        replies.put("400 unknown format option", importAs(OPERATOR_TOKEN, good, "{\"format\":\"pdf\"}"));
        replies.put("415 wrong content type", api.post(API + "/import", OPERATOR_TOKEN, Map.of("dataType", "contexts")));
        replies.put("422 strict failure", importAs(OPERATOR_TOKEN, strictFails, null));
        replies.put("400 export options", api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("format", "pdf"))));
        replies.put("400 export body", api.post(API + "/export", OPERATOR_TOKEN, "{not json"));
        replies.put("404 unknown path", api.get(API + "/nothing-here", OPERATOR_TOKEN));
        replies.put("404 unknown operation", api.get(API + "/operations/nope/progress", OPERATOR_TOKEN));
        replies.put("400 history limit", api.get(API + "/operations/history?limit=0", OPERATOR_TOKEN));
        replies.put("400 history limit text", api.get(API + "/operations/history?limit=abc", OPERATOR_TOKEN));
        replies.put("400 async export options", api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("async", true, "format", "pdf"))));
        replies.put("400 async export dataType", api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "bogus", "options", Map.of("async", true))));

        replies.forEach((expected, reply) -> {
            assertThat(reply.status()).as(expected + ": " + reply.body())
                    .isEqualTo(Integer.parseInt(expected.substring(0, 3)));
            assertThat(reply.header("Content-Type")).as(expected).startsWith("application/json");
            JsonNode body = reply.json();
            assertThat(body.has("message")).as(expected).isTrue();
            assertThat(body.has("error") || body.has("status")).as(expected).isTrue();
            assertThat(reply.body()).as(expected).doesNotContain("Exception", "\tat ", work.toString(), "/tmp/");
        });
        assertThat(count("contexts")).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM operations WHERE type = 'export'", Long.class)).isZero();
    }

    @Test
    void shouldNeverEchoStoreOrLogAValueFromMalformedOptions() throws Exception {
        Reply reply = importAs(OPERATOR_TOKEN, contexts("s.ndjson", 1), "{\"encryption\":{\"key\":S3CRETKEY123}}");
        Reply typed = importAs(OPERATOR_TOKEN, contexts("t.ndjson", 1), "{\"batchSize\":\"S3CRETKEY456\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(typed.status()).isEqualTo(400);
        assertThat(typed.json().get("message").asText()).contains("batchSize");
        String everything = reply.body() + typed.body()
                + jdbc.queryForList("SELECT COALESCE(result, '') || COALESCE(error_message, '') FROM operations", String.class)
                + jdbc.queryForList("SELECT COALESCE(details, '') FROM audit_log", String.class);
        assertThat(everything).doesNotContain("S3CRETKEY");
    }

    @Test
    void shouldDeleteUploadedFilesWhenTheCallEndsHoweverItEnds() throws Exception {
        Path tempDir = ((java.io.File) servletContext.getAttribute("jakarta.servlet.context.tempdir")).toPath();
        Path file = contexts("u.ndjson", 5);

        importAs(OPERATOR_TOKEN, file, null);
        api.upload(API + "/import", OPERATOR_TOKEN, file, Map.of());
        importAs(OPERATOR_TOKEN, file, "{\"batchSize\":0}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var left = Files.list(tempDir)) {
                assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
            }
        });
    }

    @Test
    void shouldRefuseAnUploadOverTheLimitWith413() throws Exception {
        Path big = work.resolve("big.ndjson");
        byte[] line = (TestRecords.JSON.writeValueAsString(TestRecords.contexts(1, 1).get(0)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(big)) {
            for (long written = 0; written < 49L * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }

        // with curl, as users upload: the server answers before it has read the body
        Tools.require("curl");
        Process curl = new ProcessBuilder("curl", "-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer "
                + OPERATOR_TOKEN, "-F", "file=@" + big, "-F", "dataType=contexts", api.base() + API + "/import")
                .redirectErrorStream(true).start();
        String[] reply = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");

        assertThat(curl.waitFor()).isZero();
        assertThat(reply[reply.length - 1]).isEqualTo("413");
        assertThat(mapper.readTree(reply[0]).get("message").asText()).contains("max-upload-size");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldAnswer404NamingTheSharedDataFolderWhereAnExportFileIsNotInTheOutbox() throws Exception {
        importAs(OPERATOR_TOKEN, contexts("gone.ndjson", 5), null);
        Reply export = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts"));
        JsonNode file = export.json().get("files").get(0);
        // as an instance sees it whose data folder is not the one the export was written to
        Files.delete(folders.outbox().resolve(file.get("name").asText()));

        Reply download = api.get(file.get("url").asText(), OPERATOR_TOKEN);

        assertThat(download.status()).isEqualTo(404);
        assertThat(download.json().get("message").asText()).isEqualTo("the file " + file.get("name").asText()
                + " of export " + export.json().get("exportId").asText() + " is not in the outbox this instance reads: "
                + "it was removed, or the instances do not share the data folder");
    }

    @Test
    void shouldExportAndServeTheFileToItsOwnerAndAdminsOnly() throws Exception {
        importAs(OPERATOR_TOKEN, contexts("seed.ndjson", 40), null);

        Reply export = api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("format", "csv")));
        assertThat(export.status()).isEqualTo(200);
        JsonNode file = export.json().get("files").get(0);
        String url = file.get("url").asText();

        Reply download = api.get(url, OPERATOR_TOKEN);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("text/csv");
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + file.get("name").asText() + "\"");
        assertThat(download.raw().body()).isEqualTo(Files.readAllBytes(folders.outbox().resolve(file.get("name").asText())));
        assertThat(api.get(url, ADMIN_TOKEN).status()).isEqualTo(200);
        assertThat(api.get(url, VIEWER_TOKEN).status()).isEqualTo(404);
        // Tomcat refuses an encoded slash in the path before any route sees it
        assertThat(api.get(url.replace(file.get("name").asText(), "..%2F..%2Fstore%2Fcontext-store.mv.db"),
                OPERATOR_TOKEN).status()).isEqualTo(400);
        assertThat(api.get(url.substring(0, url.lastIndexOf('/') + 1) + "other.csv", OPERATOR_TOKEN).status())
                .isEqualTo(404);
    }

    @Test
    void shouldWriteAnExportIntoTheResponseAndLeaveNoFileInTheOutbox() throws Exception {
        importAs(OPERATOR_TOKEN, contexts("seed.ndjson", 300), null);

        HttpResponse<InputStream> answer = api.stream(api.request(API + "/export", OPERATOR_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"dataType\":\"contexts\",\"options\":{\"format\":\"ndjson\",\"compression\":\"gzip\","
                                + "\"delivery\":\"response\"}}")).build());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/gzip");
        String id = answer.headers().firstValue("X-Operation-Id").orElseThrow();
        assertThat(answer.headers().firstValue("Content-Disposition").orElseThrow())
                .matches("attachment; filename=\"contexts-\\d{8}T\\d{6}Z-" + id.substring(0, 8) + "\\.ndjson\\.gz\"");
        byte[] body;
        try (InputStream in = answer.body()) {
            body = in.readAllBytes();
        }
        List<String> lines = new String(new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes(),
                StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(300);
        assertThat(lines.get(0)).startsWith("{\"id\":\"ctx-000001\"");
        assertThat(lines.get(299)).startsWith("{\"id\":\"ctx-000300\"");
        try (var outbox = Files.list(folders.outbox())) {
            assertThat(outbox).isEmpty();
        }
        JsonNode progress = api.get(API + "/operations/" + id + "/progress", OPERATOR_TOKEN).json();
        assertThat(progress.get("status").asText()).isEqualTo("completed");
        assertThat(progress.get("currentRecord").asLong()).isEqualTo(300);
        assertThat(jdbc.queryForObject("SELECT file_sha256 FROM audit_log WHERE operation_id = ? AND action = 'export'", String.class, id))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }

    @Test
    void shouldRefuseAResponseDeliveryThatCannotBeOneFileAnsweredAtOnce() throws Exception {
        for (Map<String, Object> options : List.<Map<String, Object>>of(
                Map.of("delivery", "response", "async", true),
                Map.of("delivery", "response", "splitLargeFiles", Map.of("enabled", true, "maxSizeBytes", 100_000)),
                Map.of("delivery", "response", "incremental", "nightly"),
                Map.of("delivery", "email"))) {
            Reply refused = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts", "options", options));
            assertThat(refused.status()).as(options.toString()).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).isEqualTo("bad_request");
            assertThat(refused.json().get("message").asText()).startsWith("delivery");
        }
        assertThat(count("operations")).isZero();
    }

    @Test
    void shouldBreakOffAResponseDeliveryCancelledHalfwaySoTheClientNeverTakesItForWhole() throws Exception {
        // more than the connection's buffers hold, so the export is still writing when the cancel comes
        importAs(OPERATOR_TOKEN, contexts("seed.ndjson", 50_000), null);

        HttpResponse<InputStream> answer = api.stream(api.request(API + "/export", OPERATOR_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"dataType\":\"contexts\",\"options\":{\"format\":\"ndjson\",\"delivery\":\"response\"}}"))
                .build());
        assertThat(answer.statusCode()).isEqualTo(200);
        String id = answer.headers().firstValue("X-Operation-Id").orElseThrow();
        // the export waits on the unread answer; the cancel is honoured at its next page
        assertThat(api.post(API + "/operations/" + id + "/cancel", OPERATOR_TOKEN, "").status()).isEqualTo(200);

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (InputStream in = answer.body()) {
            assertThatThrownBy(() -> in.transferTo(received)).isInstanceOf(IOException.class);
        }
        assertThat(received.toString(StandardCharsets.UTF_8).lines().count()).isPositive().isLessThan(50_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get(API + "/operations/" + id + "/progress",
                OPERATOR_TOKEN).json().get("status").asText().equals("cancelled"));
        try (var outbox = Files.list(folders.outbox())) {
            assertThat(outbox).isEmpty();
        }
    }

    @Test
    void shouldRunAnAsynchronousExportAndReportItsProgress() throws Exception {
        importAs(OPERATOR_TOKEN, contexts("seed.ndjson", 120), null);

        Reply accepted = api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("format", "xml", "async", true)));

        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().get("operationId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get(API + "/operations/" + id + "/progress", OPERATOR_TOKEN).json().get("status").asText()
                        .equals("completed"));
        JsonNode progress = api.get(API + "/operations/" + id + "/progress", OPERATOR_TOKEN).json();
        assertThat(progress.get("progress").asInt()).isEqualTo(100);
        assertThat(progress.get("totalRecords").asLong()).isEqualTo(120);
        assertThat(progress.get("type").asText()).isEqualTo("export");
        JsonNode history = api.get(API + "/operations/history?limit=1", OPERATOR_TOKEN).json();
        assertThat(history.get(0).get("operationId").asText()).isEqualTo(id);
        assertThat(history.get(0).get("format").asText()).isEqualTo("xml");
        assertThat(history.get(0).get("user").asText()).isEqualTo("olivia");
        assertThat(api.get(API + "/operations/" + id + "/progress", VIEWER_TOKEN).status()).isEqualTo(404);
        assertThat(api.get(API + "/operations/history", VIEWER_TOKEN).json()).isEmpty();
        // an admin sees every user's operations: the seed import and this export
        assertThat(api.get(API + "/operations/history", ADMIN_TOKEN).json().findValuesAsText("operationId"))
                .hasSize(2).contains(id);
    }

    @Test
    void shouldCancelARunningImportBetweenBatches() throws Exception {
        Path large = contexts("large.ndjson", 60_000);
        for (String handling : List.of("lenient", "strict")) {
            jdbc.update("DELETE FROM contexts");
            HttpRequest upload = api.uploadRequest(API + "/import", OPERATOR_TOKEN, large,
                    Map.of("dataType", "contexts", "options", "{\"batchSize\":10,\"errorHandling\":\"" + handling + "\"}"));
            CompletableFuture<Reply> running = api.sendAsync(upload);
            String id = await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode active = api.get(API + "/operations/active", OPERATOR_TOKEN).json();
                return active.isEmpty() || active.get(0).get("processedRecords").asLong() == 0 ? null
                        : active.get(0).get("operationId").asText();
            }, java.util.Objects::nonNull);

            assertThat(api.post(API + "/operations/" + id + "/cancel", VIEWER_TOKEN, "").status()).isEqualTo(403);
            Reply cancel = api.post(API + "/operations/" + id + "/cancel", OPERATOR_TOKEN, "");
            assertThat(cancel.status()).isEqualTo(200);
            assertThat(cancel.json().get("cancelled").asBoolean()).isTrue();

            JsonNode result = running.get(60, TimeUnit.SECONDS).json();
            assertThat(result.get("status").asText()).isEqualTo("cancelled");
            long stored = result.get("successfulRecords").asLong();
            assertThat(count("contexts")).isEqualTo(stored);
            if (handling.equals("lenient")) {
                assertThat(stored).isPositive().isLessThan(60_000);
            } else {
                assertThat(stored).isZero();
            }
            assertThat(api.post(API + "/operations/" + id + "/cancel", OPERATOR_TOKEN, "").status()).isEqualTo(409);
            assertThat(api.get(API + "/operations/" + id + "/progress", OPERATOR_TOKEN).json().get("status").asText())
                    .isEqualTo("cancelled");
        }
        assertThat(api.post(API + "/operations/unknown/cancel", OPERATOR_TOKEN, "").status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'cancel'", Long.class))
                .isEqualTo(2);
    }

    @Test
    void shouldCreateListAndFetchTemplatesAndRefuseInvalidOnes() throws Exception {
        Map<String, Object> template = Map.of("id", "tpl-1", "name", "Standard", "version", "1.0",
                "schema", Map.of("type", "context", "fields", List.of(Map.of("name", "id", "type", "string",
                        "required", true))));

        Reply created = api.post(API + "/templates", OPERATOR_TOKEN, template);
        Reply again = api.post(API + "/templates", OPERATOR_TOKEN, template);
        Reply invalid = api.post(API + "/templates", OPERATOR_TOKEN, Map.of("id", "tpl-2", "name", "Bad",
                "schema", Map.of("fields", List.of(Map.of("name", "x", "type", "tensor")))));
        Reply byViewer = api.post(API + "/templates", VIEWER_TOKEN, Map.of("id", "tpl-3", "name", "V"));
        Reply unsafe = api.post(API + "/templates", OPERATOR_TOKEN, Map.of("id", "tpl-4", "name", "U",
                "transformation", Map.of("computedFields", List.of(Map.of("name", "x",
                        "expression", "${exchange.context.stop()}", "type", "string")))));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("schema").get("fields").get(0).get("required").asBoolean()).isTrue();
        assertThat(again.status()).isEqualTo(409);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("validationErrors").get(0).get("field").asText()).isEqualTo("schema.fields[0].type");
        assertThat(byViewer.status()).isEqualTo(403);
        assertThat(unsafe.status()).isEqualTo(400);
        assertThat(unsafe.json().get("message").asText()).contains("may use only");
        assertThat(api.get(API + "/templates", VIEWER_TOKEN).json().findValuesAsText("id")).containsExactly("tpl-1");
        assertThat(api.get(API + "/templates/tpl-1", VIEWER_TOKEN).json().get("name").asText()).isEqualTo("Standard");
        assertThat(api.get(API + "/templates/tpl-9", VIEWER_TOKEN).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'template-create'", Long.class))
                .isEqualTo(1);
    }

    @Test
    void shouldDescribeEveryEndpointInTheOpenApiDocument() throws Exception {
        Reply reply = api.get(API + "/openapi.json", VIEWER_TOKEN);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode paths = reply.json().get("paths");
        assertThat(paths.fieldNames()).toIterable().contains(API + "/import", API + "/validate", API + "/export",
                API + "/exports/{exportId}/files/{name}", API + "/imports/{importId}/files/{name}", API + "/reconcile",
                API + "/reconciliations/{reconcileId}/files/{name}", API + "/operations/{id}/progress",
                API + "/operations/active",
                API + "/operations/history", API + "/operations/{id}/cancel", API + "/operations/{id}/undo", API + "/templates",
                API + "/templates/{id}", API + "/audit");
        JsonNode importResponses = paths.get(API + "/import").get("post").get("responses");
        assertThat(importResponses.fieldNames()).toIterable().contains("200", "400", "401", "403", "413", "415", "422");
        assertThat(paths.get(API + "/export").get("post").get("responses").fieldNames()).toIterable().contains("200", "202");
    }

    @Test
    void shouldRunTheGuidesCurlExamplesAsWritten() throws Exception {
        Files.copy(contexts("data.ndjson", 5), work.resolve("data.json"));
        Files.writeString(work.resolve("data.json"), "[" + String.join(",",
                Files.readAllLines(work.resolve("data.ndjson"))) + "]");
        String script = Files.readString(Path.of("src/test/resources/guide/rest-examples.sh"))
                .replace("http://localhost:3000", api.base());
        Tools.require("bash", "curl");
        Process curl = new ProcessBuilder("bash", "-c", script).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(curl.waitFor()).isZero();
        assertThat(output).contains("\"exportId\"", "\"dataType\":\"contexts\"", "\"successfulRecords\":5")
                .doesNotContain("\"status\":\"failed\"", "\"error\":");
        assertThat(count("contexts")).isEqualTo(5);
        assertThat(jdbc.queryForList("SELECT username FROM audit_log WHERE action IN ('import', 'export')", String.class))
                .containsOnly("guide-reader");
    }
}
