package io.contextstore.migration.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.OnH2;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import io.contextstore.migration.support.Tools;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenPGP both ways with gpg itself: keys made by gpg for this test, nothing committed. */
@OnH2
class PgpTests extends ScenarioSupport {

    static Path gnupgHome;

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) throws Exception {
        if (!Tools.onPath("gpg")) {
            return; // the service starts without OpenPGP keys, and the test says gpg is missing
        }
        // a short path: gpg-agent's socket lives in it
        gnupgHome = Files.createTempDirectory(Path.of("/tmp"), "gpg");
        gpg(null, "--batch", "--pinentry-mode", "loopback", "--passphrase", "test-secret", "--quick-gen-key",
                "Migration Test <migration@test.invalid>", "rsa2048", "sign,encr", "never");
        Path pub = gnupgHome.resolve("public.gpg");
        Path sec = gnupgHome.resolve("secret.gpg");
        gpg(pub, "--batch", "--export", "migration@test.invalid");
        gpg(sec, "--batch", "--pinentry-mode", "loopback", "--passphrase", "test-secret", "--export-secret-keys",
                "migration@test.invalid");
        registry.add("migration.pgp.public-keyring", pub::toString);
        registry.add("migration.pgp.recipient", () -> "migration@test.invalid");
        registry.add("migration.pgp.secret-keyring", sec::toString);
        registry.add("migration.pgp.passphrase", () -> "test-secret");
    }

    static void gpg(Path output, String... args) throws Exception {
        Tools.require("gpg");
        List<String> command = new java.util.ArrayList<>(List.of("gpg", "--homedir", gnupgHome.toString(), "--quiet"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (output != null) {
            builder.redirectOutput(output.toFile());
        }
        assertThat(builder.start().waitFor()).as(String.join(" ", command)).isZero();
    }

    @Test
    void shouldExportWhatGpgDecryptsAndImportWhatGpgEncrypts() throws Exception {
        Tools.require("gpg");
        importFile(TestRecords.writeNdjson(work.resolve("seed.ndjson"), TestRecords.contexts(300, 3)), "contexts", null);
        var before = dump("contexts");
        Path plain = Files.copy(exported(export("contexts", Map.of("format", "ndjson", "includeBinaryData", true))),
                work.resolve("plain.ndjson"));

        ExportResult sealed = export("contexts", Map.of("format", "ndjson", "includeBinaryData", true,
                "encryption", Map.of("enabled", true, "algorithm", "pgp")));
        Path pgp = Files.copy(exported(sealed), work.resolve(sealed.files().get(0).name()));
        Path decrypted = work.resolve("by-gpg.ndjson");
        gpg(decrypted, "--batch", "--pinentry-mode", "loopback", "--passphrase", "test-secret", "--decrypt",
                pgp.toString());

        assertThat(pgp.getFileName().toString()).endsWith(".ndjson.pgp");
        assertThat(sealed.encrypted()).isTrue();
        assertThat(decrypted).hasSameBinaryContentAs(plain);

        Path byGpg = work.resolve("from-gpg.ndjson.gpg");
        gpg(null, "--batch", "--trust-model", "always", "--recipient", "migration@test.invalid", "--output",
                byGpg.toString(), "--encrypt", plain.toString());
        jdbc.update("DELETE FROM contexts");
        ImportResult imported = importFile(byGpg, "contexts", null);
        assertThat(imported.status()).as("%s", imported.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(dump("contexts")).isEqualTo(before);

        byte[] damaged = Files.readAllBytes(byGpg);
        damaged[damaged.length / 2] ^= 0x01;
        jdbc.update("DELETE FROM contexts");
        ImportResult tampered = importFile(file("damaged.ndjson.gpg", damaged), "contexts",
                Map.of("errorHandling", "lenient"));
        assertThat(tampered.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(tampered.message()).contains("decryption failed");
        assertThat(count("contexts")).isZero();
    }
}
