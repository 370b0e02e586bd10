package io.contextstore.migration.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ApiClient.Reply;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Completion webhooks end to end: operations run through REST, their results POSTed to a local HTTP
 * receiver with three endpoints: {@code /all} (every event, signed), {@code /failed} (failed only,
 * no secret) and {@code /scripted} (every event, signed, answering as a test says). Run on H2 and
 * PostgreSQL.
 */
@AutoConfigureObservability
@TestPropertySource(properties = {
        // three tries after the first, after 300 ms, 600 ms and 1200 ms
        "migration.notification-delivery.max-redeliveries=3",
        "migration.notification-delivery.redelivery-delay-ms=300",
        "migration.notification-delivery.backoff-multiplier=2",
        "migration.notification-delivery.timeout-ms=5000"})
abstract class NotificationScenarios extends ScenarioSupport {

    static final String ALL_SECRET = "all-receiver-secret";
    static final String SCRIPTED_SECRET = "scripted-receiver-secret";
    private static final String API = "/api/data-migration";
    private static final Receiver RECEIVER = Receiver.start();

    @DynamicPropertySource
    static void receivers(DynamicPropertyRegistry registry) {
        // a list is bound from one property source only, so every entry is given here
        registry.add("migration.notifications[0].url", () -> RECEIVER.url("/all"));
        registry.add("migration.notifications[0].secret", () -> ALL_SECRET);
        registry.add("migration.notifications[1].url", () -> RECEIVER.url("/failed"));
        registry.add("migration.notifications[1].events[0]", () -> "failed");
        registry.add("migration.notifications[2].url", () -> RECEIVER.url("/scripted"));
        registry.add("migration.notifications[2].secret", () -> SCRIPTED_SECRET);
    }

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void answerEveryoneWith200() {
        RECEIVER.answer("/scripted", 200);
        RECEIVER.forget();
    }

    private Reply importAs(String name, String content, String options) throws Exception {
        Path file = ApiClient.write(work.resolve(name), content);
        return api.upload(API + "/import", OPERATOR_TOKEN, file, options == null ? Map.of("dataType", "contexts")
                : Map.of("dataType", "contexts", "options", options));
    }

    private Reply exportContexts() throws Exception {
        return api.post(API + "/export", OPERATOR_TOKEN, Map.of("dataType", "contexts"));
    }

    private String storedResult(String id) {
        return jdbc.queryForObject("SELECT result FROM operations WHERE id = ?", String.class, id);
    }

    private double outcome(String outcome) {
        Counter counter = meters.find("migration.notifications").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void shouldPostEachEndedOperationsStoredResultSignedToTheReceiversThatWantItsEvent() throws Exception {
        double delivered = outcome("delivered");
        String records = TestRecords.writeNdjson(work.resolve("good.ndjson"), TestRecords.contexts(3, 1)).toString();
        Reply completed = api.upload(API + "/import", OPERATOR_TOKEN, Path.of(records), Map.of("dataType", "contexts"));
        String invalid = "[{\"id\":\"s1\",\"title\":\"t\",\"content\":\"c\"},{\"id\":\"s2\"}]";
        Reply failed = importAs("strict.json", invalid, null);
        Reply withErrors = importAs("lenient.json", invalid, "{\"errorHandling\":\"lenient\",\"skipDuplicates\":false}");
        Reply exported = exportContexts();

        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(failed.status()).as(failed.body()).isEqualTo(422);
        assertThat(withErrors.status()).as(withErrors.body()).isEqualTo(200);
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        Map<String, String> events = new java.util.LinkedHashMap<>();
        events.put(completed.json().get("operationId").asText(), "completed");
        events.put(failed.json().get("operationId").asText(), "failed");
        events.put(withErrors.json().get("operationId").asText(), "completed_with_errors");
        events.put(exported.json().get("exportId").asText(), "completed");
        // each ended operation goes through the receivers in order: once /scripted has it, /all and /failed have had theirs
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.operations("/scripted").containsAll(events.keySet()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outcome("delivered")).isEqualTo(delivered + 9));

        assertThat(RECEIVER.operations("/all")).containsExactlyInAnyOrderElementsOf(events.keySet());
        assertThat(RECEIVER.operations("/failed")).containsExactly(failed.json().get("operationId").asText());
        Map<String, Reply> replies = Map.of(completed.json().get("operationId").asText(), completed,
                failed.json().get("operationId").asText(), failed, withErrors.json().get("operationId").asText(),
                withErrors, exported.json().get("exportId").asText(), exported);
        for (var operation : events.entrySet()) {
            String id = operation.getKey();
            Received all = RECEIVER.only("/all", id);
            assertThat(all.method()).isEqualTo("POST");
            assertThat(all.text()).as(id).isEqualTo(storedResult(id));
            // what the call answered (read as the client reads it); a 422 adds its error code
            com.fasterxml.jackson.databind.node.ObjectNode answered = replies.get(id).json().deepCopy();
            if (replies.get(id).status() == 422) {
                assertThat(answered.remove("error").asText()).isEqualTo("unprocessable_entity");
            }
            assertThat(TestRecords.JSON.readTree(all.body())).as(id).isEqualTo(answered);
            assertThat(all.header("Content-Type")).isEqualTo("application/json");
            assertThat(all.header("X-Migration-Event")).isEqualTo(operation.getValue());
            assertThat(all.header("X-Migration-Signature")).isEqualTo(hmac(ALL_SECRET, all.body()));
            Received scripted = RECEIVER.only("/scripted", id);
            assertThat(scripted.text()).isEqualTo(all.text());
            assertThat(scripted.header("X-Migration-Signature")).isEqualTo(hmac(SCRIPTED_SECRET, all.body()));
        }
        Received toFailed = RECEIVER.only("/failed", failed.json().get("operationId").asText());
        assertThat(toFailed.header("X-Migration-Event")).isEqualTo("failed");
        assertThat(toFailed.header("X-Migration-Signature")).as("no secret, no signature").isNull();
        assertThat(toFailed.text()).isEqualTo(storedResult(failed.json().get("operationId").asText()));
        assertThat(mapper.readTree(toFailed.body()).get("status").asText()).isEqualTo("failed");
        assertThat(api.get("/actuator/prometheus", ADMIN_TOKEN).body())
                .contains("migration_notifications_total{outcome=\"delivered\"} " + (delivered + 9));
    }

    @Test
    void shouldTryAgainWithExponentialBackoffUntilTheReceiverTakesIt() throws Exception {
        double delivered = outcome("delivered");
        double failed = outcome("failed");
        RECEIVER.answer("/scripted", 200, 500, 503);

        Reply exported = exportContexts();

        String id = exported.json().get("exportId").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RECEIVER.received("/scripted", id))
                .hasSize(3));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outcome("delivered")).isEqualTo(delivered + 2));
        List<Received> tries = RECEIVER.received("/scripted", id);
        assertThat(tries).extracting(Received::answered).containsExactly(500, 503, 200);
        assertThat(tries).extracting(Received::text).containsOnly(storedResult(id));
        assertThat(tries).extracting(r -> r.header("X-Migration-Signature"))
                .containsOnly(hmac(SCRIPTED_SECRET, tries.get(0).body()));
        // waits of 300 ms, then 600 ms
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.between(tries.get(1).at(), tries.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(RECEIVER.received("/all", id)).hasSize(1);
        assertThat(outcome("failed")).isEqualTo(failed);
    }

    @Test
    void shouldCountAReceiverThatNeverTakesItAsFailedAfterTheLastTryWithoutHoldingUpTheOperation() throws Exception {
        double failed = outcome("failed");
        RECEIVER.answer("/scripted", 500);

        Reply imported = importAs("one.ndjson", "{\"id\":\"c1\",\"title\":\"t\",\"content\":\"c\"}\n", null);

        // the import has answered while its notification still waits for its last tries (after 2.1 s)
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("status").asText()).isEqualTo("completed");
        String id = imported.json().get("operationId").asText();
        assertThat(outcome("failed")).isEqualTo(failed);
        assertThat(RECEIVER.received("/scripted", id).size()).isLessThan(4);
        assertThat(jdbc.queryForObject("SELECT status FROM operations WHERE id = ?", String.class, id))
                .isEqualTo("completed");
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome("failed") == failed + 1);
        assertThat(RECEIVER.received("/scripted", id)).extracting(Received::answered).containsExactly(500, 500, 500, 500);
        assertThat(RECEIVER.received("/all", id)).hasSize(1);
    }

    @Test
    void shouldNotTryAgainWhenTheReceiverRefusesTheNotificationWithAClientError() throws Exception {
        double failed = outcome("failed");
        RECEIVER.answer("/scripted", 400);

        Reply exported = exportContexts();

        String id = exported.json().get("exportId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome("failed") == failed + 1);
        // longer than the first wait before a retry
        Thread.sleep(600);
        assertThat(RECEIVER.received("/scripted", id)).extracting(Received::answered).containsExactly(400);
        assertThat(outcome("failed")).isEqualTo(failed + 1);
    }

    /** A request as the receiver got it, and what it answered. */
    record Received(String path, String method, Map<String, List<String>> headers, byte[] body, int answered,
                    java.time.Instant at) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String operation() {
            return header("X-Migration-Operation");
        }
    }

    /**
     * A local HTTP receiver: records every request; {@code answer(path, last, first...)} makes a path
     * answer the given statuses in turn, then {@code last} to every request after them.
     */
    static final class Receiver {
        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final Map<String, Deque<Integer>> answers = new java.util.concurrent.ConcurrentHashMap<>();

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                Receiver receiver = new Receiver(server);
                server.createContext("/", receiver::handle);
                server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
                server.start();
                return receiver;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        synchronized void answer(String path, int last, int... first) {
            Deque<Integer> statuses = new ArrayDeque<>();
            for (int status : first) {
                statuses.add(status);
            }
            statuses.add(last);
            answers.put(path, statuses);
        }

        private synchronized int next(String path) {
            Deque<Integer> statuses = answers.get(path);
            if (statuses == null) {
                return 200;
            }
            return statuses.size() > 1 ? statuses.poll() : statuses.peek();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            int status = next(path);
            received.add(new Received(path, exchange.getRequestMethod(), Map.copyOf(exchange.getRequestHeaders()), body,
                    status, java.time.Instant.now()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        }

        void forget() {
            received.clear();
        }

        /** The requests a path got for one operation, in the order they came. */
        List<Received> received(String path, String operation) {
            return received.stream().filter(r -> r.path().equals(path) && operation.equals(r.operation())).toList();
        }

        /** The operations a path took (answered 2xx). */
        List<String> operations(String path) {
            return received.stream().filter(r -> r.path().equals(path) && r.answered() / 100 == 2)
                    .map(Received::operation).toList();
        }

        Received only(String path, String operation) {
            List<Received> requests = received(path, operation);
            assertThat(requests).as(path + " " + operation).hasSize(1);
            return requests.get(0);
        }
    }
}
