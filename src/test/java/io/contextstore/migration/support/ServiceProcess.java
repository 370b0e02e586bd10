package io.contextstore.migration.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged service started as a user starts it ({@code java -jar}), in its own JVM, on
 * PostgreSQL in a schema of its own, with its output in a log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private ServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar with the data folder, the schema, and {@code --name=value} settings. */
    public static ServiceProcess start(String name, Path dataDir, String schema, Path workDir, String... settings)
            throws IOException {
        Path jar = jar();
        int port = freePort();
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar.toString(),
                "--spring.profiles.active=postgres",
                "--server.port=" + port,
                "--migration.data-dir=" + dataDir,
                "--spring.datasource.url=" + PostgresAvailable.url(),
                "--spring.datasource.username=" + PostgresAvailable.user(),
                "--spring.datasource.password=" + PostgresAvailable.password(),
                "--spring.datasource.hikari.schema=" + schema,
                "--spring.datasource.hikari.data-source-properties.reWriteBatchedInserts=true",
                "--spring.flyway.default-schema=" + schema,
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.create-schemas=true",
                "--spring.jmx.enabled=false",
                "--logging.level.org.apache.camel=warn"));
        command.addAll(List.of(settings));
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServiceProcess(process, log, port);
    }

    /** Waits until the service answers its health endpoint with UP. */
    public ServiceProcess awaitUp(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service stopped while starting:\n" + tail());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service did not come up in " + timeout + ":\n" + tail());
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: the JVM gets no chance to clean up, as in a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    private String tail() throws IOException {
        String out = output();
        return out.substring(Math.max(0, out.length() - 4000));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static Path jar() {
        Path jar = Path.of("target", "context-store-migration.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged jar at " + jar + ": run ./mvnw verify");
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
