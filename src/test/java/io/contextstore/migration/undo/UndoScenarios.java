package io.contextstore.migration.undo;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /operations/{id}/undo end to end over real HTTP; run on H2 and PostgreSQL. */
abstract class UndoScenarios extends ScenarioSupport {

    private static final String API = "/api/data-migration";
    private static final String OVERWRITE = "{\"overwriteExisting\":true,\"skipDuplicates\":false}";

    @Autowired
    ImportUndo undo;

    private Reply importAs(String token, String name, List<ObjectNode> records, String options) throws Exception {
        Path file = TestRecords.writeNdjson(work.resolve(name), records);
        Reply reply = api.upload(API + "/import", token, file, options == null ? Map.of("dataType", "contexts")
                : Map.of("dataType", "contexts", "options", options));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    private static String id(Reply reply) {
        return reply.json().get("operationId").asText();
    }

    private Reply undo(String token, String importId, String query) throws Exception {
        return api.post(API + "/operations/" + importId + "/undo" + query, token, Map.of());
    }

    /** ctx-000001 .. ctx-00000n with their content replaced, as a later version of them. */
    private static List<ObjectNode> changed(List<ObjectNode> records, String how) {
        return records.stream().map(r -> (ObjectNode) r.deepCopy().put("content", how + " " + r.get("id").asText()))
                .toList();
    }

    @Test
    void shouldDeleteWhatAnImportCreatedAndRestoreWhatItOverwroteOnceAfterADryRunThatChangesNothing() throws Exception {
        List<ObjectNode> first = TestRecords.contexts(5, 3);
        String a = id(importAs(OPERATOR_TOKEN, "first.ndjson", first, null));
        var before = dump("contexts", true);
        List<ObjectNode> second = new java.util.ArrayList<>(changed(first.subList(3, 5), "second"));
        second.addAll(TestRecords.contexts(7, 4).subList(5, 7));
        Reply b = importAs(OPERATOR_TOKEN, "second.ndjson", second, OVERWRITE);
        assertThat(b.json().get("overwrittenRecords").asLong()).isEqualTo(2);
        var afterSecond = dump("contexts", true);

        Reply dry = undo(OPERATOR_TOKEN, id(b), "?dryRun=true");

        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
        assertThat(dry.json().get("deleted").asLong()).isEqualTo(2);
        assertThat(dry.json().get("restored").asLong()).isEqualTo(2);
        assertThat(dry.json().get("conflictCount").asLong()).isZero();
        assertThat(dump("contexts", true)).isEqualTo(afterSecond);

        Reply done = undo(OPERATOR_TOKEN, id(b), "");

        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("status").asText()).isEqualTo("completed");
        assertThat(done.json().get("undoOf").asText()).isEqualTo(id(b));
        assertThat(done.json().get("deleted").asLong()).isEqualTo(2);
        assertThat(done.json().get("restored").asLong()).isEqualTo(2);
        assertThat(dump("contexts", true)).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT written_by FROM contexts WHERE id = 'ctx-000004'", String.class))
                .isEqualTo(a);
        assertThat(count("contexts_before")).isZero();

        Reply again = undo(OPERATOR_TOKEN, id(b), "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText())
                .isEqualTo("import " + id(b) + " has already been undone (by " + done.json().get("operationId").asText() + ")");

        String undoId = done.json().get("operationId").asText();
        JsonNode progress = api.get(API + "/operations/" + undoId + "/progress", OPERATOR_TOKEN).json();
        assertThat(progress.get("type").asText()).isEqualTo("undo");
        assertThat(progress.get("status").asText()).isEqualTo("completed");
        assertThat(progress.get("progress").asInt()).isEqualTo(100);
        JsonNode history = api.get(API + "/operations/history", OPERATOR_TOKEN).json();
        JsonNode undone = null;
        for (JsonNode entry : history) {
            if (entry.get("operationId").asText().equals(id(b))) {
                undone = entry;
            }
        }
        assertThat(undone.get("undoneBy").asText()).isEqualTo(undoId);
        assertThat(jdbc.queryForList("SELECT action || ' ' || status || ' ' || record_count FROM audit_log "
                + "WHERE action LIKE 'undo%' ORDER BY at", String.class))
                .containsExactlyInAnyOrder("undo-dry-run completed 4", "undo completed 4");
    }

    @Test
    void shouldRefuseAnUndoWhoseRecordsLaterOperationsChangedNamingThemAndSkipThemWithForce() throws Exception {
        List<ObjectNode> base = TestRecords.contexts(6, 5);
        importAs(OPERATOR_TOKEN, "base.ndjson", base.subList(0, 1), null);
        // a: overwrites ctx-000001 and creates ctx-000002..6
        String a = id(importAs(OPERATOR_TOKEN, "a.ndjson", changed(base, "a"), OVERWRITE));
        // b: overwrites ctx-000001 (which a overwrote) and ctx-000003 (which a created)
        importAs(OPERATOR_TOKEN, "b.ndjson", changed(List.of(base.get(0), base.get(2)), "b"), OVERWRITE);
        var store = dump("contexts", true);

        Reply refused = undo(OPERATOR_TOKEN, a, "");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("conflict");
        assertThat(refused.json().get("conflictCount").asLong()).isEqualTo(2);
        assertThat(refused.json().get("conflicts").findValuesAsText("id")).containsExactly("ctx-000001", "ctx-000003");
        assertThat(refused.json().get("message").asText()).isEqualTo("2 records of import " + a
                + " were changed by later operations: contexts 'ctx-000001', contexts 'ctx-000003'; undo with "
                + "force=true skips them");
        assertThat(dump("contexts", true)).isEqualTo(store);

        Reply forced = undo(OPERATOR_TOKEN, a, "?force=true");

        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        assertThat(forced.json().get("deleted").asLong()).isEqualTo(4);
        assertThat(forced.json().get("restored").asLong()).isZero();
        assertThat(forced.json().get("conflicts").findValuesAsText("id")).containsExactly("ctx-000001", "ctx-000003");
        assertThat(jdbc.queryForList("SELECT id || ' ' || content FROM contexts ORDER BY id", String.class))
                .containsExactly("ctx-000001 b ctx-000001", "ctx-000003 b ctx-000003");
    }

    @Test
    void shouldLetOperatorsUndoTheirOwnImportsAndAdminsAnyone() throws Exception {
        String ada = id(importAs(ADMIN_TOKEN, "ada.ndjson", TestRecords.contexts(2, 1), null));
        String olivia = id(importAs(OPERATOR_TOKEN, "olivia.ndjson", TestRecords.contexts(4, 1).subList(2, 4), null));

        assertThat(undo(VIEWER_TOKEN, olivia, "").status()).isEqualTo(403);
        Reply notHers = undo(OPERATOR_TOKEN, ada, "");
        assertThat(notHers.status()).isEqualTo(404);
        assertThat(notHers.json().get("message").asText()).isEqualTo("no operation " + ada);
        assertThat(count("contexts")).isEqualTo(4);

        assertThat(undo(ADMIN_TOKEN, olivia, "").status()).isEqualTo(200);
        assertThat(undo(OPERATOR_TOKEN, ada, "").status()).isEqualTo(404);
        assertThat(jdbc.queryForList("SELECT id FROM contexts ORDER BY id", String.class))
                .containsExactly("ctx-000001", "ctx-000002");
    }

    @Test
    void shouldRefuseWhatIsNoImportThatCanBeUndoneWithAClearMessage() throws Exception {
        Reply dryRun = importAs(OPERATOR_TOKEN, "dry.ndjson", TestRecords.contexts(2, 1), "{\"dryRun\":true}");
        String export = api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts")).json()
                .get("exportId").asText();
        String old = id(importAs(OPERATOR_TOKEN, "old.ndjson", TestRecords.contexts(2, 1), null));
        jdbc.update("UPDATE operations SET completed_at = ? WHERE id = ?",
                Instant.now().minus(java.time.Duration.ofDays(8)).atOffset(ZoneOffset.UTC), old);

        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put(id(dryRun), "import " + id(dryRun) + " was a dry run and stored nothing");
        expected.put(export, "operation " + export + " is an export; only imports can be undone");
        expected.put(old, "import " + old + " ended more than 7d ago (migration.undo.retention), so what it "
                + "overwrote is no longer kept; it can no longer be undone");
        for (var refused : expected.entrySet()) {
            Reply reply = undo(OPERATOR_TOKEN, refused.getKey(), "");
            assertThat(reply.status()).as(reply.body()).isEqualTo(409);
            assertThat(reply.json().get("error").asText()).isEqualTo("conflict");
            assertThat(reply.json().get("message").asText()).isEqualTo(refused.getValue());
        }
        assertThat(undo(OPERATOR_TOKEN, "no-such-import", "").status()).isEqualTo(404);
        Reply badFlag = undo(OPERATOR_TOKEN, old, "?force=yes");
        assertThat(badFlag.status()).isEqualTo(400);
        assertThat(badFlag.json().get("message").asText()).isEqualTo("force must be true or false, not 'yes'");
        assertThat(count("contexts")).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM operations WHERE type = 'undo'", Long.class)).isZero();
    }

    @Test
    void shouldDropTheBeforeImagesOfImportsThatEndedLongerAgoThanTheRetentionAndAnHour() throws Exception {
        List<ObjectNode> base = TestRecords.contexts(3, 1);
        importAs(OPERATOR_TOKEN, "base.ndjson", base, null);
        String old = id(importAs(OPERATOR_TOKEN, "old.ndjson", changed(base.subList(0, 1), "old"), OVERWRITE));
        String recent = id(importAs(OPERATOR_TOKEN, "recent.ndjson", changed(base.subList(1, 3), "recent"), OVERWRITE));
        String justPast = id(importAs(OPERATOR_TOKEN, "past.ndjson", changed(base.subList(1, 2), "past"), OVERWRITE));
        Instant now = Instant.now();
        jdbc.update("UPDATE operations SET completed_at = ? WHERE id = ?",
                now.minus(java.time.Duration.ofDays(7).plusMinutes(61)).atOffset(ZoneOffset.UTC), old);
        // past the retention, so no undo is taken, but within the hour an undo taken just before may still need
        jdbc.update("UPDATE operations SET completed_at = ? WHERE id = ?",
                now.minus(java.time.Duration.ofDays(7).plusMinutes(30)).atOffset(ZoneOffset.UTC), justPast);

        assertThat(undo.purge()).isEqualTo(1);

        assertThat(jdbc.queryForList("SELECT before_operation || ' ' || id FROM contexts_before ORDER BY id, before_operation",
                String.class)).containsExactlyInAnyOrder(recent + " ctx-000002", justPast + " ctx-000002",
                recent + " ctx-000003");
        assertThat(undo(OPERATOR_TOKEN, justPast, "").status()).isEqualTo(409);
    }

    @Test
    void shouldRefuseAnInterruptedImportWhichMayStillBeTakenUpAgain() throws Exception {
        String id = id(importAs(OPERATOR_TOKEN, "cut.ndjson", TestRecords.contexts(2, 1), null));
        jdbc.update("UPDATE operations SET status = 'interrupted' WHERE id = ?", id);

        Reply reply = undo(OPERATOR_TOKEN, id, "");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("message").asText()).isEqualTo("import " + id + " was interrupted and may still be "
                + "taken up again from its checkpoint; undo it once it has ended");
        assertThat(count("contexts")).isEqualTo(2);
    }

    @Test
    void shouldKeepTheFirstBeforeImageWhenOneImportOverwritesARecordTwice() throws Exception {
        List<ObjectNode> base = TestRecords.contexts(1, 2);
        importAs(OPERATOR_TOKEN, "base.ndjson", base, null);
        var before = dump("contexts", true);
        List<ObjectNode> twice = List.of(changed(base, "once").get(0), changed(base, "twice").get(0));
        String over = id(importAs(OPERATOR_TOKEN, "twice.ndjson", twice, OVERWRITE));
        assertThat(jdbc.queryForObject("SELECT content FROM contexts", String.class)).isEqualTo("twice ctx-000001");

        Reply done = undo(OPERATOR_TOKEN, over, "");

        assertThat(done.json().get("restored").asLong()).as(done.body()).isEqualTo(1);
        assertThat(dump("contexts", true)).isEqualTo(before);
    }
}
