package io.contextstore.migration.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.OnH2;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import io.contextstore.migration.support.Tools;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document as clients meet it: read by two validators written elsewhere (swagger-parser,
 * Redocly), checked against the REST verbs of the routes, and turned into a TypeScript client
 * (openapi-typescript, openapi-fetch) that compiles and imports and exports through the service.
 * The npm tools are those of {@code src/test/openapi-client} ({@code npm ci} there, as .ci/run does).
 */
@OnH2
class OpenApiTests extends ScenarioSupport {

    private static final String API = "/api/data-migration";
    private static final Path NODE_PROJECT = Path.of("src/test/openapi-client").toAbsolutePath();

    @Autowired
    CamelContext camel;

    @Test
    void shouldServeADocumentThatSwaggerParserReadsWithoutAMessage() throws Exception {
        Reply reply = api.get(API + "/openapi.json", VIEWER_TOKEN);

        ParseOptions resolve = new ParseOptions();
        resolve.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(reply.body(), null, resolve);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
    }

    @Test
    void shouldPassRedoclyLintWithNeitherErrorNorWarning() throws Exception {
        Path doc = Files.writeString(work.resolve("openapi.json"), api.get(API + "/openapi.json", VIEWER_TOKEN).body());

        Run lint = node(NODE_PROJECT, "node_modules/@redocly/cli/bin/cli.js", "lint", "--format=json",
                "--config", NODE_PROJECT.resolve("redocly.yaml").toString(), doc.toString());
        JsonNode report = mapper.readTree(lint.output());

        assertThat(lint.exit()).as(lint.output() + lint.errors()).isZero();
        assertThat(report.get("problems")).as(lint.output()).isEmpty();
        assertThat(report.get("totals").toString()).isEqualTo("{\"errors\":0,\"warnings\":0,\"ignored\":0}");
    }

    @Test
    void shouldDescribeEveryRestVerbOfTheRoutesAndNoOtherEachBehindTheBearerScheme() throws Exception {
        OpenAPI doc = parse(api.get(API + "/openapi.json", VIEWER_TOKEN).body());
        TreeSet<String> routes = new TreeSet<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                routes.add(verb.asVerb().toUpperCase() + " " + rest.getPath() + verb.getPath());
            }
        }
        TreeSet<String> documented = new TreeSet<>();
        List<String> unsecured = new ArrayList<>();
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            documented.add(method + " " + path);
            if (operation.getSecurity() == null || operation.getSecurity().size() != 1
                    || !operation.getSecurity().get(0).containsKey("bearerAuth")) {
                unsecured.add(method + " " + path);
            }
        }));

        SecurityScheme bearer = doc.getComponents().getSecuritySchemes().get("bearerAuth");
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(documented).hasSize(17).isEqualTo(routes);
        assertThat(unsecured).isEmpty();
    }

    @Test
    void shouldDescribeTheMultipartUploadsTheJsonAnswersAndTheRealStatusCodes() throws Exception {
        OpenAPI doc = parse(api.get(API + "/openapi.json", VIEWER_TOKEN).body());

        for (String upload : List.of(API + "/import", API + "/validate")) {
            var post = doc.getPaths().get(upload).getPost();
            MediaType multipart = post.getRequestBody().getContent().get("multipart/form-data");
            Map<String, Schema> fields = multipart.getSchema().getProperties();
            assertThat(post.getParameters()).as(upload).isNullOrEmpty();
            assertThat(post.getRequestBody().getContent().keySet()).as(upload).containsExactly("multipart/form-data");
            assertThat(multipart.getSchema().getRequired()).as(upload).containsExactlyInAnyOrder("file", "dataType");
            assertThat(fields.get("file").getType() + "/" + fields.get("file").getFormat()).isEqualTo("string/binary");
            assertThat(fields.get("dataType").getEnum()).containsExactly("contexts", "sessions", "templates", "auto-detect");
            assertThat(fields.get("options").getType()).isEqualTo("string");
            assertThat(multipart.getEncoding().get("options").getContentType()).contains("application/json");
            assertThat(post.getResponses().keySet()).as(upload)
                    .containsExactly("200", "400", "401", "403", "413", "415", "422", "429", "500");
            assertThat(schemaOf(post.getResponses().get("200").getContent())).isEqualTo("#/components/schemas/ImportResult");
            assertThat(schemaOf(post.getResponses().get("422").getContent())).isEqualTo("#/components/schemas/ImportResult");
        }
        var export = doc.getPaths().get(API + "/export").getPost();
        assertThat(export.getResponses().keySet()).containsExactly("200", "202", "400", "401", "403", "413", "429", "500");
        assertThat(schemaOf(export.getRequestBody().getContent())).isEqualTo("#/components/schemas/ExportRequest");
        assertThat(schemaOf(export.getResponses().get("202").getContent())).isEqualTo("#/components/schemas/ExportAccepted");
        assertThat(doc.getPaths().get(API + "/templates").getPost().getResponses().keySet())
                .containsExactly("201", "400", "401", "403", "409", "413");
        assertThat(doc.getPaths().get(API + "/operations/{id}/cancel").getPost().getResponses().keySet())
                .containsExactly("200", "401", "403", "404", "409");
        Schema<?> error = doc.getComponents().getSchemas().get("Error");
        assertThat(error.getRequired()).containsExactly("error", "message");
        assertThat(error.getProperties().keySet()).containsExactly("error", "message");
        // every refusal is described as {error, message}, the 401 and 429 with their headers
        assertThat(schemaOf(doc.getComponents().getResponses().get("Unauthorized").getContent())).isEqualTo("#/components/schemas/Error");
        assertThat(doc.getComponents().getResponses().get("Unauthorized").getHeaders()).containsKey("WWW-Authenticate");
        assertThat(doc.getComponents().getResponses().get("TooManyOperations").getHeaders()).containsKey("Retry-After");
        assertThat(schemaOf(export.getResponses().get("400").getContent())).isEqualTo("#/components/schemas/Error");
    }

    @Test
    void shouldLetAGeneratedTypeScriptClientCompileAndImportAndExport() throws Exception {
        // the client's project: the committed client and package.json, the generated types, the installed packages
        Files.writeString(work.resolve("openapi.json"), api.get(API + "/openapi.json", VIEWER_TOKEN).body());
        Files.copy(NODE_PROJECT.resolve("client.ts"), work.resolve("client.ts"));
        Files.copy(NODE_PROJECT.resolve("package.json"), work.resolve("package.json"));
        Files.createSymbolicLink(work.resolve("node_modules"), NODE_PROJECT.resolve("node_modules"));
        Path data = TestRecords.writeNdjson(work.resolve("data.ndjson"), TestRecords.contexts(4, 13));

        Run generate = node(work, "node_modules/openapi-typescript/bin/cli.js", "openapi.json", "-o", "api.d.ts");
        Run compile = node(work, "node_modules/typescript/bin/tsc", "--strict", "--target", "es2022", "--module", "nodenext",
                "--moduleResolution", "nodenext", "--types", "node", "--outDir", "out", "client.ts");
        Run call = node(work, "out/client.js", api.base(), OPERATOR_TOKEN, data.toString());

        assertThat(generate.exit()).as(generate.output() + generate.errors()).isZero();
        assertThat(compile.exit()).as(compile.output() + compile.errors()).isZero();
        assertThat(call.exit()).as(call.output() + call.errors()).isZero();
        JsonNode answers = mapper.readTree(call.output().lines().reduce((first, last) -> last).orElseThrow());
        assertThat(answers.get("importStatus").asInt()).isEqualTo(200);
        assertThat(answers.get("successfulRecords").asLong()).isEqualTo(4);
        assertThat(answers.get("exportStatus").asInt()).isEqualTo(200);
        assertThat(answers.get("recordCount").asLong()).isEqualTo(4);
        assertThat(count("contexts")).isEqualTo(4);
        assertThat(folders.outbox().resolve(answers.get("exportedFile").asText())).exists();
        assertThat(jdbc.queryForList("SELECT action FROM audit_log WHERE username = 'olivia' ORDER BY at", String.class))
                .containsExactly("import", "export");
    }

    private static OpenAPI parse(String json) {
        ParseOptions resolve = new ParseOptions();
        resolve.setResolve(true);
        return new OpenAPIV3Parser().readContents(json, null, resolve).getOpenAPI();
    }

    private static String schemaOf(io.swagger.v3.oas.models.media.Content content) {
        return content.get("application/json").getSchema().get$ref();
    }

    private record Run(int exit, String output, String errors) {
    }

    /** node with a script of the client's project; a missing node or {@code npm ci} is said, not guessed at. */
    private static Run node(Path directory, String script, String... args) throws Exception {
        Tools.require("node");
        Tools.need(Files.isDirectory(NODE_PROJECT.resolve("node_modules")), "the npm packages of " + NODE_PROJECT
                + " are not installed (npm ci --prefix src/test/openapi-client, as .ci/run does)");
        List<String> command = new ArrayList<>(List.of("node", directory.resolve(script).toString()));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile("node", ".err");
        Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectError(errors.toFile()).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("node " + script + " ended").isTrue();
        try {
            return new Run(p.exitValue(), output, Files.readString(errors));
        } finally {
            Files.delete(errors);
        }
    }
}
