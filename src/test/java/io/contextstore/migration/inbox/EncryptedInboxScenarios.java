package io.contextstore.migration.inbox;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextstore.migration.crypto.AeadKey;
import io.contextstore.migration.crypto.SegmentedAead;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import io.contextstore.migration.support.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Encrypted files dropped into the inbox with a lenient or skip-errors folder, which commits on
 * the way (checkpoints every millisecond here): an input with an encrypted layer anywhere is
 * authenticated only at its end, so a damaged one stores nothing. Run against H2 and PostgreSQL.
 */
abstract class EncryptedInboxScenarios extends ScenarioSupport {

    static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int RECORDS = 20_000;
    private static final int SEGMENT = 65536 + 16;
    private static Path gnupgHome;

    /** Keys made by gpg for these tests, the aes-256-gcm key, commits as often as batches allow. */
    static void settings(DynamicPropertyRegistry registry, String dataDir) throws Exception {
        // without gpg the service starts without an OpenPGP key, and the OpenPGP test says gpg is missing
        boolean gpg = Tools.onPath("gpg");
        if (gnupgHome == null && gpg) {
            // a short path: gpg-agent's socket lives in it
            gnupgHome = Files.createTempDirectory(Path.of("/tmp"), "gpg");
            gpg(null, "--batch", "--pinentry-mode", "loopback", "--passphrase", "test-secret", "--quick-gen-key",
                    "Migration Test <migration@test.invalid>", "rsa2048", "sign,encr", "never");
            gpg(gnupgHome.resolve("secret.gpg"), "--batch", "--pinentry-mode", "loopback", "--passphrase",
                    "test-secret", "--export-secret-keys", "migration@test.invalid");
        }
        registry.add("migration.data-dir", () -> dataDir);
        // derived before these properties are added: the inbox route watches this one
        registry.add("migration.data-root", () -> Path.of(dataDir).toAbsolutePath().normalize().toString());
        registry.add("migration.key", () -> KEY);
        if (gpg) {
            registry.add("migration.pgp.secret-keyring", () -> gnupgHome.resolve("secret.gpg").toString());
            registry.add("migration.pgp.passphrase", () -> "test-secret");
        }
        registry.add("migration.inbox.checkpoint-every", () -> "1ms");
    }

    private static void gpg(Path output, String... args) throws Exception {
        Tools.require("gpg");
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", gnupgHome.toString(), "--quiet"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (output != null) {
            builder.redirectOutput(output.toFile());
        }
        assertThat(builder.start().waitFor()).as(String.join(" ", command)).isZero();
    }

    @AfterEach
    void removeFolderOptions() throws Exception {
        Files.deleteIfExists(options());
    }

    private Path options() {
        return folders.inbox().resolve("contexts").resolve(".options.yaml");
    }

    private void folderOptions(String errorHandling) throws Exception {
        Files.writeString(options(), "errorHandling: " + errorHandling + "\n");
    }

    private byte[] records(String prefix) throws Exception {
        return Files.readAllBytes(TestRecords.writeBulkContexts(work.resolve(prefix + ".ndjson"), prefix, RECORDS));
    }

    private static byte[] sealed(byte[] plain) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypting = SegmentedAead.encrypt(out, AeadKey.of(KEY))) {
            encrypting.write(plain);
        }
        return out.toByteArray();
    }

    /** Without its final segment: every segment left authenticates, the truncation shows only at the end. */
    private static byte[] withoutLastSegment(byte[] sealed) {
        return Arrays.copyOf(sealed, 40 + (sealed.length - 41) / SEGMENT * SEGMENT);
    }

    /** Waits for the file in error/ and returns its error.json's message. */
    private String failed(String name) throws Exception {
        Path errorReport = folders.error().resolve(name + ".error.json");
        await().atMost(WAIT).until(() -> Files.exists(errorReport) && Files.exists(folders.error().resolve(name)));
        return mapper.readTree(errorReport.toFile()).get("message").asText();
    }

    @Test
    void shouldStoreNothingOfATruncatedEncryptedFileImportedLeniently() throws Exception {
        folderOptions("lenient");

        Path dropped = drop("contexts", "cut.ndjson.enc", withoutLastSegment(sealed(records("cut"))));

        assertThat(failed("cut.ndjson.enc")).contains("decryption failed").contains("nothing was stored");
        assertThat(dropped).doesNotExist();
        assertThat(count("contexts")).isZero();
        JsonNode report = mapper.readTree(folders.reports().resolve("cut.ndjson.enc.report.json").toFile());
        assertThat(report.get("status").asText()).isEqualTo("failed");
        assertThat(report.get("successfulRecords").asLong()).isZero();
    }

    @Test
    void shouldStoreNothingOfATruncatedEncryptedFileImportedSkippingErrors() throws Exception {
        folderOptions("skip-errors");

        drop("contexts", "cut-skip.ndjson.enc", withoutLastSegment(sealed(records("skip"))));

        assertThat(failed("cut-skip.ndjson.enc")).contains("decryption failed");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldStoreNothingOfATruncatedOpenPgpMessageInsideGzip() throws Exception {
        Tools.require("gpg");
        folderOptions("lenient");
        Path plain = TestRecords.writeBulkContexts(work.resolve("pgp.ndjson"), "pgp", RECORDS);
        Path message = work.resolve("pgp.ndjson.gpg");
        gpg(null, "--batch", "--trust-model", "always", "--compress-algo", "none", "--recipient",
                "migration@test.invalid", "--output", message.toString(), "--encrypt", plain.toString());
        byte[] whole = Files.readAllBytes(message);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(whole, 0, whole.length - 30);
        }

        drop("contexts", "cut.ndjson.gpg.gz", gzipped.toByteArray());

        assertThat(failed("cut.ndjson.gpg.gz")).contains("nothing was stored");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldStoreNothingOfAZipWhoseLaterEntryIsADamagedEncryptedFile() throws Exception {
        folderOptions("lenient");
        drop("contexts", "mixed.zip", plainThenDamagedEncrypted());

        assertThat(failed("mixed.zip")).contains("decryption failed").contains("nothing was stored");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldStoreNothingOfAZipWhoseDirectoryHidesItsEncryptedEntry() throws Exception {
        folderOptions("lenient");
        // the entries are read one local header after the other; the central directory lists only the first
        drop("contexts", "hidden.zip", withOnlyFirstDirectoryEntry(plainThenDamagedEncrypted()));

        assertThat(failed("hidden.zip")).contains("decryption failed").contains("nothing was stored");
        assertThat(count("contexts")).isZero();
    }

    /** A zip of a plain entry, then a damaged encrypted one: it is reached only after the plain records. */
    private byte[] plainThenDamagedEncrypted() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            zip.putNextEntry(new ZipEntry("first.ndjson"));
            zip.write(records("plain"));
            zip.putNextEntry(new ZipEntry("second.ndjson.enc"));
            byte[] damaged = sealed(records("sealed"));
            damaged[damaged.length - 5] ^= 0x01;
            zip.write(damaged);
        }
        return zipped.toByteArray();
    }

    /** The zip with its central directory cut to its first record (end record fixed to match). */
    private static byte[] withOnlyFirstDirectoryEntry(byte[] zip) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        assertThat(in.getInt(end)).isEqualTo(0x06054b50);
        int directory = in.getInt(end + 16);
        int first = 46 + in.getShort(directory + 28) + in.getShort(directory + 30) + in.getShort(directory + 32);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(directory + first + 22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.put(zip, 0, directory + first);
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(first).putInt(directory).putShort((short) 0);
        return out.array();
    }

    @Test
    void shouldImportAWholeEncryptedFileLeniently() throws Exception {
        folderOptions("lenient");

        drop("contexts", "whole.ndjson.enc", sealed(records("whole")));

        Path archived = folders.archive().resolve(LocalDate.now(ZoneId.systemDefault()).toString())
                .resolve("whole.ndjson.enc");
        Path report = folders.reports().resolve("whole.ndjson.enc.report.json");
        await().atMost(WAIT).until(() -> Files.exists(archived) && Files.exists(report));
        JsonNode result = mapper.readTree(report.toFile());
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("successfulRecords").asLong()).isEqualTo(RECORDS);
        assertThat(count("contexts")).isEqualTo(RECORDS);
    }
}
