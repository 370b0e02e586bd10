package io.contextstore.migration.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ServiceProcess;
import io.contextstore.migration.support.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of the packaged service on one PostgreSQL schema and one data folder behind nginx
 * with round robin, as the README's cluster section deploys them: clients import, cancel, poll,
 * export and download through the balancer while one instance is killed with SIGKILL.
 */
class BalancedClusterIT extends ClusterSupport {

    private static final String TOKEN = "cluster-token";
    private static final String API = "/api/data-migration";
    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final List<ServiceProcess> instances = new ArrayList<>();
    private Process nginx;

    @AfterEach
    void stopAll() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        for (ServiceProcess instance : instances) {
            instance.close();
        }
    }

    @Test
    void shouldServeEveryOperationThroughTheBalancerWhileAnInstanceIsKilled() throws Exception {
        Tools.need(Files.isExecutable(NGINX) || Tools.onPath("nginx"), "nginx is not installed (Debian package nginx)");
        String[] settings = {
                "--migration.security.tokens[0].token=" + TOKEN, "--migration.security.tokens[0].user=ops",
                "--migration.security.tokens[0].roles=admin",
                "--migration.schedules[0].name=beat", "--migration.schedules[0].cron=*/3 * * * * *",
                // nothing in that range: each run is quick, and its row is what counts
                "--migration.schedules[0].options.filters.dateRange.start=2000-01-01T00:00:00Z",
                "--migration.schedules[0].options.filters.dateRange.end=2000-01-02T00:00:00Z",
                "--migration.operations.stale-after=6s", "--migration.operations.heartbeat=1s",
                "--migration.cluster.lock-interval=1s", "--migration.inbox.poll-delay-ms=60000"};
        for (String name : List.of("one", "two", "three")) {
            instances.add(ServiceProcess.start(name, dataDir, schema, root.resolve(name), settings));
        }
        for (ServiceProcess instance : instances) {
            instance.awaitUp(Duration.ofMinutes(3));
        }
        ApiClient balancer = new ApiClient(startNginx());

        // imports through the balancer
        Reply first = importThrough(balancer, "lb-a", 30_000, "strict").join();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("status").asText()).isEqualTo("completed");
        assertThat(first.json().get("successfulRecords").asLong()).isEqualTo(30_000);

        // a cancel sent to an instance that does not run the import stops it between batches
        CompletableFuture<Reply> cancelled = importThrough(balancer, "lb-b", 400_000, "lenient");
        String cancelledId = runningImport();
        ServiceProcess runner = runnerOf(cancelledId);
        ServiceProcess other = instances.stream().filter(i -> i != runner).findFirst().orElseThrow();
        ApiClient.Reply cancel = new ApiClient(port(other)).post(API + "/operations/" + cancelledId + "/cancel", TOKEN, "");
        assertThat(cancel.status()).isEqualTo(200);
        Reply stopped = cancelled.get(2, TimeUnit.MINUTES);
        assertThat(stopped.json().get("status").asText()).isEqualTo("cancelled");
        long kept = stopped.json().get("successfulRecords").asLong();
        JsonNode counts = stopped.json();
        assertThat(counts.get("totalRecords").asLong()).as("counts add up").isEqualTo(kept
                + counts.get("failedRecords").asLong() + counts.get("skippedRecords").asLong()
                + counts.get("duplicateRecords").asLong());
        assertThat(kept).isLessThan(400_000);
        assertThat(runner.output()).contains("operation " + cancelledId + ": cancel requested through another instance");
        assertThat(balancer.post(API + "/operations/" + cancelledId + "/cancel", TOKEN, "").status()).isEqualTo(409);
        assertThat(balancer.post(API + "/operations/no-such-operation/cancel", TOKEN, "").status()).isEqualTo(404);

        // the instance running an import is killed: another marks it interrupted, the client sees an end
        CompletableFuture<Reply> orphaned = importThrough(balancer, "lb-c", 400_000, "strict");
        String orphanedId = runningImport();
        ServiceProcess killed = runnerOf(orphanedId);
        Instant killedAt = Instant.now();
        killed.kill();
        // the balancer answers 502 for the lost upstream, or drops the connection it was streaming
        assertThat(orphaned.get(1, TimeUnit.MINUTES).status()).isIn(502, 0);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
                "interrupted".equals(balancer.get(API + "/operations/" + orphanedId + "/progress", TOKEN).json()
                        .path("status").asText()));

        // an export through the balancer downloads byte for byte through each instance left
        ApiClient.Reply export = balancer.post(API + "/export", TOKEN, Map.of("dataType", "contexts",
                "options", Map.of("format", "ndjson")));
        assertThat(export.status()).isEqualTo(200);
        JsonNode file = export.json().get("files").get(0);
        assertThat(file.get("records").asLong()).isEqualTo(30_000 + kept);
        for (int i = 0; i < 4; i++) {
            ApiClient.Reply download = balancer.send(balancer.request(file.get("url").asText(), TOKEN).GET().build());
            assertThat(download.status()).isEqualTo(200);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.raw().body())))
                    .isEqualTo(file.get("sha256").asText());
        }

        // no record lost or doubled; the killed import's transaction left nothing
        assertThat(count("contexts")).isEqualTo(30_000 + kept);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT id) FROM " + schema + ".contexts", Long.class))
                .isEqualTo(30_000 + kept);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + schema + ".contexts WHERE id LIKE 'lb-c-%'", Long.class))
                .isZero();

        // the instance holding the schedule's lock is killed too (unless it was the one killed above):
        // another takes the schedule over and it fires on, once per firing
        ServiceProcess holder = lockHolder();
        if (holder != null) {
            killedAt = Instant.now();
            holder.kill();
        }
        Instant takeoverFrom = killedAt;
        await().atMost(Duration.ofMinutes(1)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM " + schema
                + ".operations WHERE username = 'schedule:beat' AND started_at > ?", Long.class,
                java.sql.Timestamp.from(takeoverFrom.plusSeconds(2))) >= 2);
        List<Map<String, Object>> firings = jdbc.queryForList("SELECT FLOOR(EXTRACT(EPOCH FROM started_at) / 3) AS firing, "
                + "COUNT(*) AS runs FROM " + schema + ".operations WHERE username = 'schedule:beat' GROUP BY 1");
        assertThat(firings).hasSizeGreaterThanOrEqualTo(4);
        assertThat(firings).allSatisfy(f -> assertThat(((Number) f.get("runs")).longValue()).isEqualTo(1));

        // a firing that fell into the takeover of a killed holder is reported, not silently lost
        long firingsSinceStart = jdbc.queryForObject("SELECT COUNT(*) FROM " + schema
                + ".operations WHERE username = 'schedule:beat'", Long.class);
        Long missed = jdbc.queryForObject("SELECT COALESCE(SUM(record_count), 0) FROM " + schema
                + ".audit_log WHERE action = 'schedule-missed'", Long.class);
        long earliest = jdbc.queryForObject("SELECT FLOOR(EXTRACT(EPOCH FROM MIN(started_at)) / 3) FROM " + schema
                + ".operations WHERE username = 'schedule:beat'", Long.class);
        long latest = jdbc.queryForObject("SELECT FLOOR(EXTRACT(EPOCH FROM MAX(started_at)) / 3) FROM " + schema
                + ".operations WHERE username = 'schedule:beat'", Long.class);
        assertThat(firingsSinceStart + missed).as("every firing from the first to the latest ran once or was reported")
                .isEqualTo(latest - earliest + 1);

        // every operation ends in a final status
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM " + schema
                + ".operations WHERE status = 'running' AND username <> 'schedule:beat'", Long.class) == 0);
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM " + schema + ".operations WHERE username = "
                + "'schedule:beat' AND status <> 'running'", String.class)).isSubsetOf("completed", "interrupted");
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM " + schema + ".operations WHERE username = 'ops'",
                String.class)).containsExactlyInAnyOrder("completed", "cancelled", "interrupted");
    }

    private record Reply(int status, JsonNode json) {
    }

    private CompletableFuture<Reply> importThrough(ApiClient balancer, String prefix, int records, String errorHandling)
            throws IOException {
        Path file = contexts(prefix, records);
        return balancer.sendAsync(balancer.uploadRequest(API + "/import", TOKEN, file, Map.of("dataType", "contexts",
                        "options", "{\"format\":\"ndjson\",\"errorHandling\":\"" + errorHandling + "\"}")))
                .handle((reply, failure) -> reply == null ? new Reply(0, null)
                        : new Reply(reply.status(), reply.status() == 200 ? reply.json() : null));
    }

    /** The import running now, once it has written some batches. */
    private String runningImport() {
        return await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() ->
                jdbc.queryForList("SELECT id FROM " + schema + ".operations WHERE type = 'import' AND status = 'running' "
                        + "AND processed_records > 0", String.class), ids -> ids.size() == 1).get(0);
    }

    private ServiceProcess runnerOf(String operationId) {
        return instances.stream().filter(i -> {
            try {
                return i.output().contains("import " + operationId + " started");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
    }

    /** The live instance holding the schedule's file lock, read from the kernel's lock table; null if none. */
    private ServiceProcess lockHolder() throws IOException {
        Path lock = dataDir.resolve("cluster").resolve("schedule-beat");
        long inode = (Long) Files.getAttribute(lock, "unix:ino");
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 5 && f[5].endsWith(":" + inode)) {
                long pid = Long.parseLong(f[4]);
                for (ServiceProcess instance : instances) {
                    if (instance.pid() == pid && instance.alive()) {
                        return instance;
                    }
                }
            }
        }
        return null;
    }

    private static int port(ServiceProcess instance) {
        return Integer.parseInt(instance.base().substring(instance.base().lastIndexOf(':') + 1));
    }

    /** nginx with round robin over the three instances, on a port of its own; its logs beside the instances'. */
    private int startNginx() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createDirectories(root.resolve("nginx"));
        StringBuilder servers = new StringBuilder();
        for (ServiceProcess instance : instances) {
            servers.append("    server 127.0.0.1:").append(port(instance)).append(" max_fails=1 fail_timeout=10s;\n");
        }
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(dir.resolve("nginx.conf"), user + """
                worker_processes 1;
                error_log %1$s/error.log;
                pid %1$s/nginx.pid;
                events { worker_connections 256; }
                http {
                  access_log %1$s/access.log;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream migration {
                %2$s  }
                  server {
                    listen 127.0.0.1:%3$d;
                    client_max_body_size 0;
                    proxy_request_buffering off;
                    proxy_buffering off;
                    proxy_read_timeout 600s;
                    proxy_next_upstream error timeout;
                    location / {
                      proxy_pass http://migration;
                      proxy_http_version 1.1;
                      proxy_set_header Host $host;
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    }
                  }
                }
                """.formatted(dir, servers, port));
        String binary = Files.isExecutable(NGINX) ? NGINX.toString() : "nginx";
        nginx = new ProcessBuilder(binary, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        ApiClient balancer = new ApiClient(port);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> balancer.get("/actuator/health", null).status() == 200);
        return port;
    }
}
