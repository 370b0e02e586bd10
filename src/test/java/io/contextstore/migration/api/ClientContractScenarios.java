package io.contextstore.migration.api;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.Tools;
import io.contextstore.migration.operation.OperationSlots;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST contract as clients written elsewhere meet it (SPEC §10, the migration guide):
 * multipart fields as any JSON library or HTTP client sends them, templates without an id,
 * {@code {error, message}} on every refusal, every progress field.
 */
abstract class ClientContractScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";
    /** As Python's json.dumps(..., indent=2) and Jackson's pretty printer write it, with a ';' inside. */
    private static final String PRETTY_OPTIONS = "{\n  \"errorHandling\": \"lenient\",\n  \"batchSize\": 7,\n"
            + "  \"csvDelimiter\": \";\",\n  \"format\": \"csv\"\n}\n";
    /** Three good rows and one without content: lenient stores three, strict would store none. */
    private static final String SEMICOLON_CSV = "id;title;content\nc1;one;first\nc2;two;second\nc3;three;third\nc4;four;\n";

    @Autowired
    CamelContext camel;
    @Autowired
    OperationSlots slots;

    /** One part of a multipart body, with the headers a client chose to send. */
    record Part(String name, String filename, String contentType, byte[] content) {
        static Part field(String name, String value) {
            return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Reply multipart(String path, String token, List<Part> parts) throws Exception {
        String boundary = "----client" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                    + part.name() + "\"");
            if (part.filename() != null) {
                head.append("; filename=\"").append(part.filename()).append('"');
            }
            head.append("\r\n");
            if (part.contentType() != null) {
                head.append("Content-Type: ").append(part.contentType()).append("\r\n");
            }
            head.append("\r\n");
            body.write(head.toString().getBytes(StandardCharsets.UTF_8));
            body.write(part.content());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(api.request(path, token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** Its ids start with the name, so that the files of one test are different records. */
    private static Part csvFile(String name) {
        String csv = SEMICOLON_CSV.replaceAll("\nc(\\d)", "\n" + name.replaceAll("\\W", "-") + "$1");
        return new Part("file", name, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadPrettyPrintedOptionsWholeHoweverThePartIsSent() throws Exception {
        List<List<Part>> variants = List.of(
                List.of(csvFile("plain.txt"), Part.field("dataType", "contexts"),
                        Part.field("options", PRETTY_OPTIONS)),
                List.of(csvFile("typed.txt"), Part.field("dataType", "contexts"),
                        new Part("options", null, "application/json", PRETTY_OPTIONS.getBytes(StandardCharsets.UTF_8))),
                List.of(new Part("options", "options.json", "application/json", PRETTY_OPTIONS.getBytes(StandardCharsets.UTF_8)),
                        Part.field("dataType", "contexts\r\n"), csvFile("filepart.txt")),
                // as Notepad or PowerShell 5 saves a file: a byte order mark and CRLF
                List.of(new Part("options", "options.json", "application/json",
                                ("\uFEFF" + PRETTY_OPTIONS.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8)),
                        Part.field("dataType", "contexts"), csvFile("bom.txt")));

        for (List<Part> parts : variants) {
            Reply reply = multipart(API + "/import", OPERATOR_TOKEN, parts);

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("status").asText()).as(reply.body()).isEqualTo("completed_with_errors");
            assertThat(reply.json().get("successfulRecords").asLong()).as(reply.body()).isEqualTo(3);
            assertThat(reply.json().get("failedRecords").asLong()).isEqualTo(1);
        }
        assertThat(count("contexts")).isEqualTo(12);
    }

    @Test
    void shouldRefuseABodyOrOptionsHoldingASecondValueOrARepeatedKey() throws Exception {
        Part good = csvFile("whole.csv");
        Map<String, Reply> replies = new LinkedHashMap<>();
        replies.put("options are not valid JSON: more than one JSON value (line 1, column 16)",
                importWith(good, "contexts", "{\"dryRun\":true}{\"errorHandling\":\"x\"}"));
        replies.put("options are not valid JSON (line 1, column 18)", importWith(good, "contexts", "{\"dryRun\":true} x"));
        replies.put("options are not valid JSON: the key 'dryRun' is given twice (line 1, column 24)",
                importWith(good, "contexts", "{\"dryRun\":true,\"dryRun\":false}"));
        replies.put("the body is not valid JSON: more than one JSON value (line 1, column 25)",
                api.post(API + "/export", OPERATOR_TOKEN, "{\"dataType\":\"contexts\"} {\"x\":1}"));
        replies.put("the body is not valid JSON: the key 'dataType' is given twice (line 1, column 34)",
                api.post(API + "/export", OPERATOR_TOKEN, "{\"dataType\":\"contexts\",\"dataType\":\"all\"}"));
        replies.put("the body is not valid JSON (line 1, column 19)",
                api.post(API + "/templates", OPERATOR_TOKEN, "{\"name\":\"zz\"} junk"));

        replies.forEach((expected, reply) -> {
            assertThat(reply.status()).as(expected + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.json().get("message").asText()).isEqualTo(expected);
        });
        assertThat(count("contexts")).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM operations WHERE type = 'export'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM templates", Long.class)).isZero();
    }

    /** The guide's "Creating Templates" example, as its client sends it: no id. */
    private static final String GUIDE_TEMPLATE = """
            {
              "name": "Standard Context Export",
              "description": "Standard format for exporting contexts with metadata",
              "version": "1.0.0",
              "schema": {"type": "context", "fields": [
                {"name": "id", "type": "string", "required": true, "description": "Unique context identifier"},
                {"name": "title", "type": "string", "required": true, "description": "Context title"},
                {"name": "content", "type": "string", "required": true, "description": "Context content"},
                {"name": "tags", "type": "array", "required": false, "description": "Context tags"}]},
              "transformation": {
                "mapping": {"id": "id", "title": "title", "content": "content", "tags": "tags"},
                "computedFields": [{"name": "exportedAt", "expression": "new Date()", "type": "date"}]}
            }
            """;

    @Test
    void shouldGiveATemplateWithoutAnIdOneAndAnswer201WithItsLocation() throws Exception {
        // when: the guide's client creates its template
        Reply created = api.post(API + "/templates", OPERATOR_TOKEN, GUIDE_TEMPLATE);

        // then: it is stored under a new id, which the answer and its Location give
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(created.json().get("name").asText()).isEqualTo("Standard Context Export");
        assertThat(created.header("Location")).isEqualTo(API + "/templates/" + id);
        Reply fetched = api.get(created.header("Location"), VIEWER_TOKEN);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("id").asText()).isEqualTo(id);
        assertThat(fetched.json().get("version").asText()).isEqualTo("1.0.0");
        // and a second one without an id is another template
        Reply second = api.post(API + "/templates", OPERATOR_TOKEN, GUIDE_TEMPLATE);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("id").asText()).isNotEqualTo(id);
        assertThat(count("templates")).isEqualTo(2);
    }

    @Test
    void shouldKeepAGivenTemplateIdAndRefuseItTakenWith409() throws Exception {
        String body = GUIDE_TEMPLATE.replaceFirst("\\{", "{\"id\": \"standard-export\",");

        Reply created = api.post(API + "/templates", OPERATOR_TOKEN, body);
        Reply again = api.post(API + "/templates", OPERATOR_TOKEN, body);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo("standard-export");
        assertThat(created.header("Location")).isEqualTo(API + "/templates/standard-export");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("conflict");
        assertThat(count("templates")).isEqualTo(1);
    }

    @Test
    void shouldAnswerEveryRefusalOfEveryEndpointWithErrorAndMessage() throws Exception {
        Part good = csvFile("good.csv");
        Reply imported = multipart(API + "/import", OPERATOR_TOKEN, List.of(good, Part.field("dataType", "contexts"),
                Part.field("options", "{\"csvDelimiter\": \";\", \"errorHandling\": \"lenient\"}")));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String finished = imported.json().get("operationId").asText();
        api.post(API + "/templates", OPERATOR_TOKEN, GUIDE_TEMPLATE.replaceFirst("\\{", "{\"id\": \"taken\","));
        String large = "x".repeat(1024 * 1024 + 10);

        Map<String, Reply> replies = new LinkedHashMap<>();
        replies.put("400 import malformed options", importWith(good, "contexts", "{\"format\":"));
        replies.put("400 import batchSize out of range", importWith(good, "contexts", "{\"batchSize\": 0}"));
        replies.put("400 import batchSize beyond an int", importWith(good, "contexts", "{\"batchSize\": 4294967396}"));
        replies.put("400 import batchSize with a fraction", importWith(good, "contexts", "{\"batchSize\": 1.5}"));
        replies.put("400 import unknown errorHandling", importWith(good, "contexts", "{\"errorHandling\": \"sometimes\"}"));
        replies.put("400 import unknown dataType", importWith(good, "bogus", null));
        replies.put("400 import unknown transformation", importWith(good, "contexts",
                "{\"mapping\": {\"transformations\": [{\"field\": \"title\", \"transformation\": \"shout\"}]}}"));
        replies.put("400 import unknown template", importWith(good, "contexts", "{\"templateId\": \"no-such-template\"}"));
        replies.put("400 import missing file", multipart(API + "/import", OPERATOR_TOKEN, List.of(Part.field("dataType", "contexts"))));
        replies.put("400 validate bad options", multipart(API + "/validate", OPERATOR_TOKEN,
                List.of(good, Part.field("dataType", "contexts"), Part.field("options", "{\"batchSize\": -5}"))));
        replies.put("400 export unknown format", api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("format", "pdf"))));
        replies.put("400 export unknown template", api.post(API + "/export", OPERATOR_TOKEN,
                Map.of("dataType", "contexts", "options", Map.of("templateId", "no-such-template"))));
        replies.put("400 export malformed body", api.post(API + "/export", OPERATOR_TOKEN, "{not json"));
        replies.put("400 export unknown dataType", api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "bogus")));
        replies.put("400 history limit", api.get(API + "/operations/history?limit=0", VIEWER_TOKEN));
        // refused by Tomcat before any servlet: answered by the server's error report
        replies.put("400 encoded slash in a path", api.get(API + "/exports/nope/files/..%2F..%2Fetc", VIEWER_TOKEN));
        replies.put("400 invalid template", api.post(API + "/templates", OPERATOR_TOKEN, "{\"name\": 5}"));
        replies.put("401 no token", api.get(API + "/operations/active", null));
        replies.put("401 unknown token", api.post(API + "/export", "not-a-token", Map.of("dataType", "contexts")));
        replies.put("403 viewer import", importAs(VIEWER_TOKEN, good, "contexts", null));
        replies.put("403 operator audit", api.get(API + "/audit", OPERATOR_TOKEN));
        replies.put("403 operator export all", api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "all")));
        replies.put("404 unknown progress", api.get(API + "/operations/nope/progress", VIEWER_TOKEN));
        replies.put("404 unknown cancel", api.post(API + "/operations/nope/cancel", OPERATOR_TOKEN, "{}"));
        replies.put("404 unknown template", api.get(API + "/templates/nope", VIEWER_TOKEN));
        replies.put("404 unknown export file", api.get(API + "/exports/nope/files/x.json", VIEWER_TOKEN));
        replies.put("404 unknown path", api.get(API + "/nothing-here", VIEWER_TOKEN));
        replies.put("409 template id taken", api.post(API + "/templates", OPERATOR_TOKEN,
                GUIDE_TEMPLATE.replaceFirst("\\{", "{\"id\": \"taken\",")));
        replies.put("409 cancel finished", api.post(API + "/operations/" + finished + "/cancel", OPERATOR_TOKEN, "{}"));
        replies.put("413 options field", importWith(good, "contexts", large));
        replies.put("413 options file part", multipart(API + "/import", OPERATOR_TOKEN, List.of(good,
                Part.field("dataType", "contexts"),
                new Part("options", "options.json", "application/json", large.getBytes(StandardCharsets.UTF_8)))));
        replies.put("413 export body", api.post(API + "/export", OPERATOR_TOKEN, "{\"dataType\": \"" + large + "\"}"));
        replies.put("413 template body", api.post(API + "/templates", OPERATOR_TOKEN, "{\"name\": \"" + large + "\"}"));
        replies.put("405 DELETE import", api.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + API
                + "/import")).header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE().build()));
        replies.put("415 import not multipart", api.post(API + "/import", OPERATOR_TOKEN, Map.of("dataType", "contexts")));
        replies.put("400 import unknown format option", importWith(good, "contexts", "{\"format\": \"pdf\"}"));
        replies.put("422 strict failure", importWith(good, "contexts", "{\"csvDelimiter\": \";\"}"));
        List<Exchange> held = new ArrayList<>();
        try {
            for (Exchange holder = new DefaultExchange(camel); slots.tryTake(holder); holder = new DefaultExchange(camel)) {
                held.add(holder);
            }
            replies.put("429 import while all slots are busy", importWith(good, "contexts", null));
            replies.put("429 export while all slots are busy", api.post(API + "/export", OPERATOR_TOKEN,
                    Map.of("dataType", "contexts")));
        } finally {
            held.forEach(slots::release);
        }

        replies.forEach((expected, reply) -> {
            assertThat(reply.status()).as(expected + ": " + reply.body()).isEqualTo(Integer.parseInt(expected.substring(0, 3)));
            assertThat(reply.header("Content-Type")).as(expected).startsWith("application/json");
            JsonNode body = reply.json();
            assertThat(body.isObject()).as(expected).isTrue();
            assertThat(body.path("error").isTextual() && !body.get("error").asText().isBlank())
                    .as(expected + ": " + reply.body()).isTrue();
            assertThat(body.path("message").isTextual() && !body.get("message").asText().isBlank())
                    .as(expected + ": " + reply.body()).isTrue();
        });
        assertThat(replies.get("400 import batchSize out of range").json().get("error").asText()).isEqualTo("bad_request");
        assertThat(replies.get("400 import batchSize out of range").json().get("message").asText()).contains("batchSize");
        assertThat(replies.get("400 import batchSize out of range").json().get("status").asText()).isEqualTo("failed");
        assertThat(replies.get("400 invalid template").json().get("validationErrors").isArray()).isTrue();
        assertThat(replies.get("422 strict failure").json().get("error").asText()).isEqualTo("unprocessable_entity");
        // never wrapped (4294967396 is 100 as an int) or cut (1.5 to 1)
        for (String refused : List.of("400 import batchSize beyond an int", "400 import batchSize with a fraction")) {
            assertThat(replies.get(refused).json().get("message").asText()).as(refused)
                    .isEqualTo("option 'batchSize' has a value of the wrong type or form");
        }
        // an option naming no format is a bad option, as in an export; a file of no format is 415
        assertThat(replies.get("400 import unknown format option").json().get("error").asText()).isEqualTo("bad_request");
        assertThat(replies.get("400 import unknown format option").json().get("message").asText())
                .isEqualTo("format 'pdf' is not supported; use one of json, ndjson, csv, xml, yaml, markdown (or leave it out to detect it)");
    }

    private Reply importWith(Part file, String dataType, String options) throws Exception {
        return importAs(OPERATOR_TOKEN, file, dataType, options);
    }

    private Reply importAs(String token, Part file, String dataType, String options) throws Exception {
        List<Part> parts = new ArrayList<>(List.of(file, Part.field("dataType", dataType)));
        if (options != null) {
            parts.add(Part.field("options", options));
        }
        return multipart(API + "/import", token, parts);
    }

    @Test
    void shouldAnswerProgressOfARunningImportWithEverySpecFieldAndAnEstimate() throws Exception {
        Path large = io.contextstore.migration.support.TestRecords.writeBulkContexts(work.resolve("running.ndjson"), "run",
                200_000);
        HttpRequest upload = api.uploadRequest(API + "/import", OPERATOR_TOKEN, large,
                Map.of("dataType", "contexts", "options", "{\"batchSize\": 10}"));
        java.util.concurrent.CompletableFuture<Reply> running = api.sendAsync(upload);
        java.time.Instant asked = java.time.Instant.now();
        JsonNode progress = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            JsonNode active = api.get(API + "/operations/active", OPERATOR_TOKEN).json();
            // past the first buffers read ahead of the records, whose bytes the estimate cannot yet tell apart
            if (active.isEmpty() || active.get(0).get("processedRecords").asLong() < 5_000) {
                return null;
            }
            JsonNode now = api.get(API + "/operations/" + active.get(0).get("operationId").asText() + "/progress",
                    OPERATOR_TOKEN).json();
            return now.get("estimatedCompletion").isNull() ? null : now;
        }, java.util.Objects::nonNull);

        assertThat(progress.get("type").asText()).isEqualTo("import");
        assertThat(progress.get("status").asText()).isEqualTo("running");
        assertThat(progress.get("progress").asInt()).isBetween(0, 99);
        assertThat(progress.get("currentStep").asText()).isEqualTo("importing");
        assertThat(progress.get("currentRecord").asLong()).isBetween(5_000L, 199_999L);
        // while running the total is estimated from the bytes read so far
        assertThat(progress.get("totalRecords").asLong()).as("%s", progress).isBetween(180_000L, 220_000L);
        assertThat(java.time.Instant.parse(progress.get("estimatedCompletion").asText())).isAfter(asked);
        String id = progress.get("operationId").asText();
        assertThat(api.post(API + "/operations/" + id + "/cancel", OPERATOR_TOKEN, "").status()).isEqualTo(200);
        assertThat(running.get(60, java.util.concurrent.TimeUnit.SECONDS).json().get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void shouldListEverySpecHistoryFieldAlsoForAnImportThatFailedBeforeReading() throws Exception {
        Reply failed = importWith(new Part("file", "data.xyz", "application/octet-stream",
                "???".getBytes(StandardCharsets.UTF_8)), "contexts", null);
        assertThat(failed.status()).isEqualTo(415);

        JsonNode history = api.get(API + "/operations/history?limit=1", OPERATOR_TOKEN).json();

        JsonNode entry = history.get(0);
        assertThat(entry.get("operationId").asText()).isEqualTo(failed.json().get("operationId").asText());
        assertThat(entry.fieldNames()).toIterable().contains("operationId", "type", "status", "dataType", "format", "user",
                "startTime", "endTime", "progress", "successfulRecords", "failedRecords", "errors");
        assertThat(entry.get("status").asText()).isEqualTo("failed");
        assertThat(entry.get("format").isNull()).as("%s", entry).isTrue();
        assertThat(entry.get("endTime").isTextual()).isTrue();
    }

    @Test
    void shouldAnswerProgressWithEverySpecFieldAlsoOnceFinished() throws Exception {
        Reply imported = importWith(csvFile("done.csv"), "contexts", "{\"csvDelimiter\": \";\", \"errorHandling\": \"lenient\"}");
        String id = imported.json().get("operationId").asText();
        Reply exported = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts"));
        String exportId = exported.json().get("exportId").asText();

        for (String operation : List.of(id, exportId)) {
            Reply progress = api.get(API + "/operations/" + operation + "/progress", OPERATOR_TOKEN);

            assertThat(progress.status()).as(progress.body()).isEqualTo(200);
            JsonNode body = progress.json();
            assertThat(body.fieldNames()).toIterable().contains("operationId", "type", "status", "progress",
                    "currentStep", "currentRecord", "totalRecords", "estimatedCompletion");
            assertThat(body.get("operationId").asText()).isEqualTo(operation);
            assertThat(body.get("progress").asInt()).isEqualTo(100);
            assertThat(body.get("estimatedCompletion").isNull()).as(progress.body()).isTrue();
        }
        JsonNode importProgress = api.get(API + "/operations/" + id + "/progress", OPERATOR_TOKEN).json();
        assertThat(importProgress.get("type").asText()).isEqualTo("import");
        assertThat(importProgress.get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(importProgress.get("currentRecord").asLong()).isEqualTo(4);
        assertThat(importProgress.get("totalRecords").asLong()).isEqualTo(4);
    }

    @Test
    void shouldImportWithOptionsPythonWritesAndCurlSends() throws Exception {
        // given: options as Python's json module pretty-prints them, and a CSV separated by ';'
        Path options = work.resolve("options.json");
        run(options, "python3", "-c", "import json; print(json.dumps({'errorHandling': 'lenient', "
                + "'csvDelimiter': ';', 'format': 'csv'}, indent=2))");
        assertThat(Files.readString(options)).contains("\n  \"csvDelimiter\": \";\"");
        Path first = Files.write(work.resolve("first.txt"), csvFile("first").content());
        Path second = Files.write(work.resolve("second.txt"), csvFile("second").content());

        // when: curl sends them as a text field (<) and as a JSON file part (@)
        List<String> replies = new ArrayList<>();
        for (String[] call : List.of(new String[] {"options=<" + options, first.toString()},
                new String[] {"options=@" + options + ";type=application/json", second.toString()})) {
            Path reply = work.resolve("reply-" + replies.size() + ".json");
            String status = run(reply, "curl", "-s", "-w", "%{http_code}", "-o", reply.toString(),
                    "-H", "Authorization: Bearer " + OPERATOR_TOKEN, "-F", "file=@" + call[1], "-F", "dataType=contexts",
                    "-F", call[0], api.base() + API + "/import");
            replies.add(status + " " + Files.readString(reply));
        }

        // then: both read whole: lenient, ';' as the delimiter
        for (String reply : replies) {
            assertThat(reply).startsWith("200 ");
            JsonNode result = mapper.readTree(reply.substring(4));
            assertThat(result.get("successfulRecords").asLong()).as(reply).isEqualTo(3);
            assertThat(result.get("failedRecords").asLong()).as(reply).isEqualTo(1);
        }
        assertThat(count("contexts")).isEqualTo(6);
    }

    /** Runs a command (a guard of a minute against a hang); its standard output, also written to {@code out} unless the command writes there itself. */
    private static String run(Path out, String... command) throws Exception {
        Tools.require(command[0]);
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        if (!Files.exists(out)) {
            Files.writeString(out, text);
        }
        return text;
    }
}
