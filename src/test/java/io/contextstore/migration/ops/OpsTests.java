package io.contextstore.migration.ops;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators watch: meters on /actuator/prometheus, the health of store and inbox, the operations
 * MBean. A context of its own (observability, JMX), so a data folder and H2 store of its own too: the
 * other scenarios' context, still running, would otherwise poll the same inbox.
 */
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@org.springframework.test.context.TestPropertySource(properties = {
        "spring.jmx.enabled=true",
        "migration.data-dir=target/test-data/ops",
        "migration.inbox.poll-delay-ms=200",
        "migration.inbox.stable-ms=300"})
class OpsTests extends ScenarioSupport {

    private static double value(String metrics, String name, String... labels) {
        for (String line : metrics.split("\n")) {
            boolean named = line.startsWith(name + "{") || line.startsWith(name + " ");
            if (named && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void shouldCountRecordsBytesAndBatchesOfImportsAndExportsOnPrometheus() throws Exception {
        String before = api.get("/actuator/prometheus", ADMIN_TOKEN).body();
        Path file = TestRecords.writeNdjson(work.resolve("m.ndjson"), TestRecords.contexts(2_500, 8));

        importFile(file, "contexts", Map.of("batchSize", 50));
        export("contexts", Map.of("format", "csv"));
        ApiClient.Reply after = api.get("/actuator/prometheus", ADMIN_TOKEN);

        assertThat(after.status()).isEqualTo(200);
        String text = after.body();
        String stored = "outcome=\"stored\"";
        assertThat(value(text, "migration_records_total", "operation=\"import\"", "dataType=\"contexts\"", stored)
                - value(before, "migration_records_total", "operation=\"import\"", "dataType=\"contexts\"", stored))
                .isEqualTo(2_500);
        assertThat(value(text, "migration_records_total", "operation=\"export\"", "outcome=\"written\"")
                - value(before, "migration_records_total", "operation=\"export\"", "outcome=\"written\"")).isEqualTo(2_500);
        assertThat(value(text, "migration_bytes_total", "operation=\"import\"")
                - value(before, "migration_bytes_total", "operation=\"import\"")).isEqualTo(Files.size(file));
        assertThat(value(text, "migration_batch_seconds_count", "operation=\"import\"")
                - value(before, "migration_batch_seconds_count", "operation=\"import\"")).isEqualTo(3);
        assertThat(text).contains("migration_operations_active");
        // Camel's own route meters sit beside them
        assertThat(text).containsPattern("camel_exchanges_total\\{.*routeId=\"import\"");
        assertThat(api.get("/actuator/prometheus", OPERATOR_TOKEN).status()).isEqualTo(403);
    }

    /** What a scrape sees while a large inbox import runs: one active operation, records read rising. */
    @Test
    void shouldShowAnImportMovingOnPrometheusWhileItRuns() throws Exception {
        String read = "outcome=\"read\"";
        double before = value(api.get("/actuator/prometheus", ADMIN_TOKEN).body(), "migration_records_total",
                "operation=\"import\"", "dataType=\"contexts\"", read);
        Path large = TestRecords.writeBulkContexts(work.resolve("large.ndjson"), "p", 200_000);
        drop("contexts", "large.ndjson", Files.readAllBytes(large));

        double[] first = new double[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                    String now = api.get("/actuator/prometheus", ADMIN_TOKEN).body();
                    first[0] = value(now, "migration_records_total", "operation=\"import\"", "dataType=\"contexts\"", read);
                    return value(now, "migration_operations_active") == 1 && first[0] > before
                            && first[0] < before + 200_000;
                });
        double[] later = new double[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                    String now = api.get("/actuator/prometheus", ADMIN_TOKEN).body();
                    later[0] = value(now, "migration_records_total", "operation=\"import\"", "dataType=\"contexts\"", read);
                    return later[0] > first[0];
                });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> Files.exists(folders.reports().resolve("large.ndjson.report.json")));
        String done = api.get("/actuator/prometheus", ADMIN_TOKEN).body();

        assertThat(value(done, "migration_records_total", "operation=\"import\"", "dataType=\"contexts\"", read) - before)
                .isEqualTo(200_000);
        assertThat(value(done, "migration_operations_active")).isZero();
    }

    @Test
    void shouldReportTheStoreTheInboxBacklogAndTheRoutesOnHealth() throws Exception {
        Path waiting = folders.inbox().resolve("sessions").resolve(".hidden-for-now.json");
        Files.writeString(waiting, "[]");

        // the inbox consumer reports ready once it has polled, a moment after start
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> api.get("/actuator/health", null).status() == 200);
        ApiClient.Reply anonymous = api.get("/actuator/health", null);
        ApiClient.Reply admin = api.get("/actuator/health", ADMIN_TOKEN);

        assertThat(anonymous.status()).as(admin.body()).isEqualTo(200);
        JsonNode components = anonymous.json().get("components");
        assertThat(components.fieldNames()).toIterable().contains("db", "inbox");
        assertThat(components.get("inbox").get("status").asText()).isEqualTo("UP");
        assertThat(components.get("inbox").has("details")).isFalse();
        JsonNode inbox = admin.json().get("components").get("inbox").get("details");
        assertThat(inbox.get("backlog").asLong()).isZero();
        assertThat(inbox.get("folders").fieldNames()).toIterable()
                .containsExactly("contexts", "sessions", "templates", "auto");
        Files.delete(waiting);
    }

    @Test
    void shouldShowOperationsAsAnMBeanWithCancel() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.contextstore.migration:type=Operations");
        importFile(TestRecords.writeNdjson(work.resolve("j.ndjson"), TestRecords.contexts(5, 2)), "contexts", null);
        String id = jdbc.queryForObject("SELECT id FROM operations", String.class);

        assertThat(server.getAttribute(name, "ActiveCount")).isEqualTo(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> progress = (Map<String, Object>) server.invoke(name, "progress", new Object[] {id},
                new String[] {String.class.getName()});
        assertThat(progress.get("STATUS") != null ? progress.get("STATUS") : progress.get("status")).isEqualTo("completed");
        assertThat(server.invoke(name, "cancel", new Object[] {id}, new String[] {String.class.getName()}))
                .isEqualTo(false);
        assertThat(server.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null)).isNotEmpty();
    }

    @Test
    void shouldServeHawtioToAdminsWithJolokiaListingTheCamelRoutes() throws Exception {

        ApiClient.Reply console = api.get("/actuator/hawtio/", ADMIN_TOKEN);
        ApiClient.Reply routes = api.post("/actuator/jolokia", ADMIN_TOKEN,
                Map.of("type", "search", "mbean", "org.apache.camel:type=routes,*"));
        ApiClient.Reply exchanges = api.post("/actuator/jolokia", ADMIN_TOKEN, Map.of("type", "read",
                "mbean", "org.apache.camel:context=context-store-migration,type=routes,name=\"import\"",
                "attribute", "ExchangesTotal"));

        assertThat(console.status()).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("hawtio");
        assertThat(routes.json().get("value").toString()).contains("name=\\\"import\\\"", "name=\\\"inbox\\\"",
                "name=\\\"export\\\"");
        assertThat(exchanges.json().get("value").isNumber()).isTrue();
        assertThat(api.get("/actuator/hawtio/", OPERATOR_TOKEN).status()).isEqualTo(403);
        assertThat(api.post("/actuator/jolokia", VIEWER_TOKEN, Map.of("type", "version")).status()).isEqualTo(403);
    }

    /** A browser: no header at first, so a Basic prompt; then the admin token typed as the password. */
    @Test
    void shouldLetABrowserSignInToHawtioWithTheAdminTokenAsPassword() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> at = (path, basic) -> {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + path));
            if (basic != null) {
                request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("ops:" + basic).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            try {
                return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = basic -> at.apply("/actuator/hawtio/", basic);
        var prompt = get.apply(null);
        assertThat(prompt.statusCode()).isEqualTo(401);
        assertThat(prompt.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
        assertThat(get.apply(ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get.apply(ADMIN_TOKEN).body()).containsIgnoringCase("hawtio");
        assertThat(get.apply(OPERATOR_TOKEN).statusCode()).isEqualTo(403);
        assertThat(get.apply("wrong-token").statusCode()).isEqualTo(401);
        // what the console page then asks for, with the credentials the browser keeps sending
        assertThat(at.apply("/actuator/hawtio/user", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(at.apply("/actuator/hawtio/keycloak/enabled", ADMIN_TOKEN).body().strip()).isEqualTo("false");
        assertThat(at.apply("/actuator/jolokia/search/org.apache.camel:type=routes,*", ADMIN_TOKEN).body())
                .contains("name=\\\"inbox\\\"");
        assertThat(at.apply("/actuator/jolokia/version", OPERATOR_TOKEN).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldMarkOperationsLeftRunningByAStoppedServiceInterrupted(
            @org.springframework.beans.factory.annotation.Autowired
            io.contextstore.migration.operation.InterruptedOperations interrupted) {
        java.time.OffsetDateTime old = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1);
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        jdbc.update("INSERT INTO operations (id, type, status, started_at, updated_at) VALUES "
                + "('left-behind', 'import', 'running', ?, ?), ('live', 'export', 'running', ?, ?)", old, old, now, now);

        assertThat(interrupted.markStale()).isEqualTo(1);

        assertThat(jdbc.queryForObject("SELECT status FROM operations WHERE id = 'left-behind'", String.class))
                .isEqualTo("interrupted");
        assertThat(jdbc.queryForObject("SELECT status FROM operations WHERE id = 'live'", String.class))
                .isEqualTo("running");
        jdbc.update("DELETE FROM operations WHERE id = 'live'");
    }
}
