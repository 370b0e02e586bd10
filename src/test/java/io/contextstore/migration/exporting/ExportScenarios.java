package io.contextstore.migration.exporting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Export behaviour users rely on; run against H2 and PostgreSQL by the subclasses. */
abstract class ExportScenarios extends ScenarioSupport {

    @Test
    void shouldRoundTrip10kRecordsFieldByField() throws Exception {
        List<ObjectNode> records = TestRecords.contexts(10_000, 11);
        ImportResult loaded = importFile(TestRecords.writeNdjson(work.resolve("in.ndjson"), records), "contexts",
                Map.of("batchSize", 1000));
        assertThat(loaded.successfulRecords()).isEqualTo(10_000);
        var storeBefore = dump("contexts");

        ExportResult exported = export("contexts", Map.of("includeMetadata", true, "includeBinaryData", true));
        Path file = copyOut(exported);
        jdbc.update("DELETE FROM contexts");
        ImportResult reloaded = importFile(file, "contexts", Map.of("batchSize", 1000));

        assertThat(exported.recordCount()).isEqualTo(10_000);
        assertThat(reloaded.successfulRecords()).isEqualTo(10_000);
        assertThat(dump("contexts")).isEqualTo(storeBefore);
        assertThat(readRecords(file)).isEqualTo(sortedById(records));
    }

    @Test
    void shouldWriteNdjsonAndDescribeTheFileInTheResult() throws Exception {
        importFile(TestRecords.writeNdjson(work.resolve("in.ndjson"), TestRecords.contexts(50, 1)), "contexts", null);

        ExportResult result = export("contexts", Map.of("format", "ndjson"));

        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(result.format()).isEqualTo("ndjson");
        ExportResult.ExportFile file = result.files().get(0);
        Path path = exported(result);
        assertThat(file.name()).endsWith(".ndjson");
        assertThat(file.records()).isEqualTo(50);
        assertThat(file.sizeBytes()).isEqualTo(Files.size(path));
        assertThat(file.sha256()).isEqualTo(sha256(path));
        assertThat(file.url()).isEqualTo("/api/data-migration/exports/" + result.exportId() + "/files/" + file.name());
        assertThat(Files.readAllLines(path)).hasSize(50);
        assertThat(Files.list(folders.outbox()).map(p -> p.getFileName().toString()))
                .as("no partial files left").containsExactly(file.name());
    }

    @Test
    void shouldLeaveMetadataAndAttachmentsOutUnlessAsked() throws Exception {
        importFile(TestRecords.writeNdjson(work.resolve("in.ndjson"), TestRecords.contexts(50, 1)), "contexts", null);

        List<ObjectNode> plain = readRecords(exported(export("contexts", Map.of("includeMetadata", false))));
        List<ObjectNode> full = readRecords(exported(export("contexts", Map.of("includeBinaryData", true))));

        assertThat(plain).hasSize(50).allSatisfy(r -> {
            assertThat(r.has("metadata")).isFalse();
            assertThat(r.has("attachments")).isFalse();
        });
        assertThat(full).filteredOn(r -> r.has("attachments")).hasSize(2);
        assertThat(full).allSatisfy(r -> assertThat(r.has("metadata")).isTrue());
    }

    @Test
    void shouldExportExactlyTheRecordsTheFiltersSelect() throws Exception {
        List<ObjectNode> records = TestRecords.contexts(400, 21);
        importFile(TestRecords.writeNdjson(work.resolve("in.ndjson"), records), "contexts", null);
        Instant start = Instant.parse("2023-01-05T00:00:00Z");
        Instant end = Instant.parse("2023-01-12T00:00:00Z");

        Map<String, Object> filters = Map.of(
                "dateRange", Map.of("start", start.toString(), "end", end.toString()),
                "types", List.of("general", "code"),
                "tags", List.of("tag3", "tag, with comma"),
                "importance", List.of("high", "critical"));
        List<ObjectNode> got = readRecords(exported(export("contexts", Map.of("filters", filters))));

        Predicate<ObjectNode> expected = r -> {
            Instant created = Instant.parse(r.get("createdAt").asText());
            Set<String> tags = Set.copyOf(StreamSupport.stream(r.get("tags").spliterator(), false)
                    .map(t -> t.asText()).toList());
            return !created.isBefore(start) && !created.isAfter(end)
                    && Set.of("general", "code").contains(r.get("type").asText())
                    && (tags.contains("tag3") || tags.contains("tag, with comma"))
                    && Set.of("high", "critical").contains(r.get("metadata").get("importance").asText());
        };
        List<String> expectedIds = records.stream().filter(expected).map(r -> r.get("id").asText()).sorted().toList();
        assertThat(expectedIds).isNotEmpty();
        assertThat(got).extracting(r -> r.get("id").asText()).containsExactlyElementsOf(expectedIds);

        List<ObjectNode> bySession = readRecords(exported(export("contexts",
                Map.of("filters", Map.of("sessionIds", List.of("session-7"))))));
        assertThat(bySession).extracting(r -> r.get("id").asText()).containsExactlyElementsOf(records.stream()
                .filter(r -> r.has("sessionId") && r.get("sessionId").asText().equals("session-7"))
                .map(r -> r.get("id").asText()).sorted().toList());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> singleFilters() {
        Instant start = Instant.parse("2023-01-03T00:00:00Z");
        Instant end = Instant.parse("2023-01-09T00:00:00Z");
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("dateRange",
                        Map.of("start", start.toString(), "end", end.toString()),
                        (Predicate<ObjectNode>) r -> !Instant.parse(r.get("createdAt").asText()).isBefore(start)
                                && !Instant.parse(r.get("createdAt").asText()).isAfter(end)),
                org.junit.jupiter.params.provider.Arguments.of("types", List.of("code", "note"),
                        (Predicate<ObjectNode>) r -> Set.of("code", "note").contains(r.get("type").asText())),
                org.junit.jupiter.params.provider.Arguments.of("tags", List.of("tag5", "tag, with comma"),
                        (Predicate<ObjectNode>) r -> StreamSupport.stream(r.get("tags").spliterator(), false)
                                .anyMatch(t -> Set.of("tag5", "tag, with comma").contains(t.asText()))),
                org.junit.jupiter.params.provider.Arguments.of("sessionIds", List.of("session-3", "session-44"),
                        (Predicate<ObjectNode>) r -> r.has("sessionId")
                                && Set.of("session-3", "session-44").contains(r.get("sessionId").asText())),
                org.junit.jupiter.params.provider.Arguments.of("importance", List.of("critical"),
                        (Predicate<ObjectNode>) r -> r.get("metadata").get("importance").asText().equals("critical")));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("singleFilters")
    void shouldApplyEachFilterOnItsOwn(String filter, Object value, Predicate<ObjectNode> selects) throws Exception {
        List<ObjectNode> records = TestRecords.contexts(300, 33);
        importFile(TestRecords.writeNdjson(work.resolve("in.ndjson"), records), "contexts", null);

        List<ObjectNode> got = readRecords(exported(export("contexts", Map.of("format", "ndjson",
                "filters", Map.of(filter, value)))));

        List<String> expected = records.stream().filter(selects).map(r -> r.get("id").asText()).sorted().toList();
        assertThat(expected).isNotEmpty().hasSizeLessThan(300);
        assertThat(got).extracting(r -> r.get("id").asText()).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldExportOnlyWhatChangedSinceTheLastIncrementalRun() throws Exception {
        importFile(TestRecords.writeNdjson(work.resolve("in.ndjson"), TestRecords.contexts(50, 4)), "contexts", null);
        Map<String, Object> nightly = Map.of("format", "ndjson", "incremental", "nightly");

        ExportResult first = export("contexts", nightly);
        ExportResult second = export("contexts", nightly);
        List<ObjectNode> changes = new java.util.ArrayList<>(TestRecords.contexts(3, 5));
        changes.forEach(r -> r.put("title", "changed " + r.get("id").asText()));
        changes.add((ObjectNode) mapper.readTree("{\"id\":\"new-1\",\"title\":\"t\",\"content\":\"c\"}"));
        importFile(TestRecords.writeNdjson(work.resolve("changes.ndjson"), changes), "contexts",
                Map.of("overwriteExisting", true));
        ExportResult third = export("contexts", nightly);
        ExportResult other = export("contexts", Map.of("format", "ndjson", "incremental", "weekly"));

        assertThat(first.recordCount()).isEqualTo(50);
        assertThat(second.recordCount()).isZero();
        assertThat(readRecords(exported(third))).extracting(r -> r.get("id").asText())
                .containsExactly("ctx-000001", "ctx-000002", "ctx-000003", "new-1");
        assertThat(third.message()).contains("incremental 'nightly'", "after");
        assertThat(other.recordCount()).isEqualTo(51);
        assertThat(export("contexts", Map.of("since", "2000-01-01T00:00:00Z")).recordCount()).isEqualTo(51);
        assertThat(export("contexts", Map.of("incremental", "bad name!")).status()).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void shouldNotMatchATagThatIsOnlyPartOfAnother() throws Exception {
        importFile(file("tags.ndjson", String.join("\n",
                "{\"id\":\"t-1\",\"title\":\"t\",\"content\":\"c\",\"tags\":[\"java\"]}",
                "{\"id\":\"t-2\",\"title\":\"t\",\"content\":\"c\",\"tags\":[\"javascript\",\"x\\\"java\"]}",
                "{\"id\":\"t-3\",\"title\":\"t\",\"content\":\"c\",\"tags\":[\"a\",\"java\"]}",
                "{\"id\":\"t-4\",\"title\":\"t\",\"content\":\"c\",\"tags\":[\"50%_off\"]}")), "contexts", null);

        assertThat(idsWithTag("java")).containsExactly("t-1", "t-3");
        assertThat(idsWithTag("50%_off")).containsExactly("t-4");
        assertThat(idsWithTag("50")).isEmpty();
    }

    @Test
    void shouldRefuseBadOptionsWithAReasonAndLeaveNoFile() throws Exception {
        ExportResult badFormat = export("contexts", Map.of("format", "pdf"));
        ExportResult badOption = export("contexts", Map.of("colour", "red"));
        ExportResult badType = export("widgets", null);

        assertThat(badFormat.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(badFormat.message()).contains("pdf");
        assertThat(badOption.message()).contains("unknown option 'colour'");
        assertThat(badType.message()).contains("dataType");
        assertThat(Files.list(folders.outbox())).isEmpty();
    }

    @Test
    void shouldExportAnEmptyStoreAsAnEmptyArray() throws Exception {
        ExportResult result = export("sessions", null);

        assertThat(result.recordCount()).isZero();
        assertThat(Files.readString(exported(result))).isEqualTo("[]\n");
        assertThat(importFile(exported(result), "sessions", null).status()).isEqualTo(OperationStatus.COMPLETED);
    }

    private List<String> idsWithTag(String tag) throws Exception {
        return readRecords(exported(export("contexts", Map.of("filters", Map.of("tags", List.of(tag))))))
                .stream().map(r -> r.get("id").asText()).toList();
    }

    private Path copyOut(ExportResult result) throws Exception {
        return Files.copy(exported(result), work.resolve(result.files().get(0).name()));
    }

    private static List<ObjectNode> sortedById(List<ObjectNode> records) {
        return records.stream().sorted(Comparator.comparing(r -> r.get("id").asText())).toList();
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }
}
