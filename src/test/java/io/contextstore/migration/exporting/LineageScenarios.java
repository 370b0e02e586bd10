package io.contextstore.migration.exporting;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stored record knows the operation that last wrote it, the input it came from and its record
 * number there: exported with includeLineage, selected with the operationIds filter; H2 and PostgreSQL.
 */
abstract class LineageScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";

    private String importAs(String name, List<ObjectNode> records, String options) throws Exception {
        Path file = TestRecords.writeNdjson(work.resolve(name), records);
        Reply reply = api.upload(API + "/import", OPERATOR_TOKEN, file, options == null ? Map.of("dataType", "contexts")
                : Map.of("dataType", "contexts", "options", options));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("operationId").asText();
    }

    private String exported(Map<String, Object> options) throws Exception {
        Reply reply = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts", "options", options));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return Files.readString(folders.outbox().resolve(reply.json().get("files").get(0).get("name").asText()),
                StandardCharsets.UTF_8);
    }

    private List<JsonNode> lines(String ndjson) throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            records.add(mapper.readTree(line));
        }
        return records;
    }

    @Test
    void shouldExportEachRecordsLineageAndSelectRecordsByTheOperationsThatWroteThem() throws Exception {
        List<ObjectNode> records = TestRecords.contexts(5, 9);
        String first = importAs("first.ndjson", records.subList(0, 3), null);
        String second = importAs("second.ndjson", records.subList(3, 5), null);
        ObjectNode fixed = (ObjectNode) records.get(1).deepCopy().put("content", "fixed");
        String fix = importAs("fix.ndjson", List.of(records.get(4).deepCopy(), fixed),
                "{\"overwriteExisting\":true,\"skipDuplicates\":false}");

        List<JsonNode> all = lines(exported(Map.of("format", "ndjson", "includeLineage", true)));

        assertThat(all).extracting(r -> r.get("id").asText() + " " + r.get("lineage"))
                .containsExactly(
                        "ctx-000001 {\"operationId\":\"" + first + "\",\"sourceName\":\"first.ndjson\",\"position\":1}",
                        "ctx-000002 {\"operationId\":\"" + fix + "\",\"sourceName\":\"fix.ndjson\",\"position\":2}",
                        "ctx-000003 {\"operationId\":\"" + first + "\",\"sourceName\":\"first.ndjson\",\"position\":3}",
                        "ctx-000004 {\"operationId\":\"" + second + "\",\"sourceName\":\"second.ndjson\",\"position\":1}",
                        "ctx-000005 {\"operationId\":\"" + fix + "\",\"sourceName\":\"fix.ndjson\",\"position\":1}");
        List<JsonNode> bySecond = lines(exported(Map.of("format", "ndjson",
                "filters", Map.of("operationIds", List.of(second, "no-such-operation")))));
        assertThat(bySecond).extracting(r -> r.get("id").asText()).containsExactly("ctx-000004");
        assertThat(bySecond.get(0).has("lineage")).isFalse();
        assertThat(lines(exported(Map.of("format", "ndjson", "filters", Map.of("operationIds", List.of(first, fix))))))
                .extracting(r -> r.get("id").asText())
                .containsExactly("ctx-000001", "ctx-000002", "ctx-000003", "ctx-000005");
    }

    @Test
    void shouldGiveTheLineageItsOwnColumnsInCsvAndItsOwnKeyInEveryOtherFormat() throws Exception {
        String id = importAs("one.ndjson", TestRecords.contexts(1, 2), null);

        String csv = exported(Map.of("format", "csv", "includeLineage", true));

        String[] rows = csv.split("\r\n");
        assertThat(rows[0]).endsWith(",lineage.operationId,lineage.sourceName,lineage.position:number");
        assertThat(rows[1]).endsWith("," + id + ",one.ndjson,1");
        for (String format : List.of("json", "yaml", "xml", "markdown")) {
            String text = exported(Map.of("format", format, "includeLineage", true));
            assertThat(text).as(format).contains(id).contains("one.ndjson").contains("lineage");
            assertThat(exported(Map.of("format", format))).as(format).doesNotContain(id).doesNotContain("lineage");
        }
    }

    @Test
    void shouldRefuseLineageWithATemplateWhichDecidesTheFieldsItself() throws Exception {
        Reply reply = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts",
                "options", Map.of("includeLineage", true, "templateId", "any")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("message").asText())
                .isEqualTo("includeLineage cannot be combined with templateId: the template decides the exported fields");
    }
}
