package io.contextstore.migration.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.record.DataType;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.contextstore.migration.record.SourceRecord;

/** What one record may take of the input and expand to, in every reader, under a configured limit. */
class RecordBudgetTests {

    private static final String LIMIT_NAMED = "more than 64 KB (migration.limits.max-record-bytes)";
    private final RecordFormats formats = new RecordFormats(new ObjectMapper(),
            new LimitsProperties(DataSize.ofKilobytes(64), null, null, null, 0));
    private final String big = "x".repeat(300 * 1024);

    private List<SourceRecord> read(RecordFormats with, String name, String content) throws IOException {
        try (RecordReader reader = with.open(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), name,
                null, null, DataType.CONTEXTS).reader()) {
            List<SourceRecord> records = new ArrayList<>();
            reader.forEachRemaining(records::add);
            return records;
        }
    }

    @Test
    void shouldRefuseAJsonRecordOverTheConfiguredLimit() {
        assertThatThrownBy(() -> read(formats, "a.json", "[{\"id\":\"a\",\"content\":\"" + big + "\"}]"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("a record is larger than 64 KB (migration.limits.max-record-bytes)");
    }

    @Test
    void shouldRefuseAnNdjsonLineOverTheConfiguredLimitAndReadTheNext() throws IOException {
        // given a line past the limit between two small ones
        String content = "{\"id\":\"a\"}\n{\"id\":\"b\",\"content\":\"" + big + "\"}\n{\"id\":\"c\"}\n";

        // when
        List<SourceRecord> records = read(formats, "a.ndjson", content);

        // then
        assertThat(records).hasSize(3);
        assertThat(records.get(1).parseError())
                .isEqualTo("the line is longer than 64 KB (migration.limits.max-record-bytes)");
        assertThat(records.get(2).fields().path("id").asText()).isEqualTo("c");
    }

    @Test
    void shouldRefuseACsvRowOverTheConfiguredLimit() {
        assertThatThrownBy(() -> read(formats, "a.csv", "id,content\r\n\"a\",\"" + big + "\"\r\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("a record is larger than 64 KB (migration.limits.max-record-bytes)");
    }

    @Test
    void shouldRefuseAnXmlRecordOverTheConfiguredLimit() {
        assertThatThrownBy(() -> read(formats, "a.xml", "<data><item><id>a</id><content>" + big
                + "</content></item></data>"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("migration.limits.max-record-bytes");
    }

    @Test
    void shouldRefuseAMarkdownRecordOverTheConfiguredLimit() {
        assertThatThrownBy(() -> read(formats, "a.md", "# contexts\n\n## Item 1\n\n**id:** a\n**content:** " + big + "\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("a record is larger than 64 KB (migration.limits.max-record-bytes)");
    }

    @Test
    void shouldRefuseAYamlRecordOverTheConfiguredLimit() {
        assertThatThrownBy(() -> read(formats, "a.yaml", "- id: a\n  content: \"" + big + "\"\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageContaining("a record is larger than 64 KB (migration.limits.max-record-bytes)");
    }

    @Test
    void shouldCountWhatYamlAliasesExpandToAgainstTheConfiguredLimit() throws IOException {
        // given 10 KB of input whose second record names a 10 KB anchor ten times: 100 KB expanded
        String tenKb = "y".repeat(10 * 1024);
        StringBuilder yaml = new StringBuilder("- id: a\n  tags: &big [\"" + tenKb + "\"]\n- id: b\n  metadata:\n");
        for (int i = 0; i < 10; i++) {
            yaml.append("    k").append(i).append(": *big\n");
        }
        yaml.append("- id: c\n  tags: *big\n");

        // when
        List<SourceRecord> records = read(formats, "a.yaml", yaml.toString());

        // then the second record is refused, the first and third are read as usual
        assertThat(records).extracting(SourceRecord::position).containsExactly(1L, 2L, 3L);
        assertThat(records.get(0).fields().path("tags").path(0).asText()).isEqualTo(tenKb);
        assertThat(records.get(1).parseError()).startsWith("the record expands to " + LIMIT_NAMED);
        assertThat(records.get(2).fields().path("id").asText()).isEqualTo("c");
        assertThat(records.get(2).fields().path("tags").path(0).asText()).isEqualTo(tenKb);
    }

    @Test
    void shouldRefuseAYamlAliasBombOfOneLargeStringAtOnceUnderTheDefaultLimit() throws IOException {
        // given one record of about 1 MB of input that names a 200 KB string 4,000 times (about 800 MB expanded,
        // 8,000 values: within the count of values)
        RecordFormats defaults = new RecordFormats(new ObjectMapper(), LimitsProperties.DEFAULTS);
        StringBuilder yaml = new StringBuilder("- id: bomb\n  tags: &s [\"" + "z".repeat(200 * 1024) + "\"]\n  metadata:\n");
        for (int i = 0; i < 4_000; i++) {
            yaml.append("    k").append(i).append(": *s\n");
        }
        yaml.append("  metadata:\n    filler: \"").append("f".repeat(800 * 1024)).append("\"\n- id: after\n");

        // when
        List<SourceRecord> records = read(defaults, "bomb.yaml", yaml.toString());

        // then
        assertThat(records).hasSize(2);
        assertThat(records.get(0).parseError()).startsWith(
                "the record expands to more than 16 MB (migration.limits.max-record-bytes)");
        // the record as written, aliases unexpanded, for the rejects file
        assertThat(records.get(0).verbatim().toString()).startsWith("- id: bomb\n  tags: &s [\"zzz").hasSize(yaml.indexOf("- id: after") - 1);
        assertThat(records.get(1).fields().path("id").asText()).isEqualTo("after");
    }
}
