package io.contextstore.migration.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.OperationStatus;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import io.contextstore.migration.support.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Compression and encryption, checked against tools no one here wrote: the gzip, brotli, zstd and
 * unzip commands, and a second implementation of the encrypted format in Node; on H2 and PostgreSQL.
 */
abstract class PackagingScenarios extends ScenarioSupport {

    static final String RAW_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));
    static final String PASSPHRASE = "correct horse battery staple";
    static final String FAILED = "decryption failed: wrong key or damaged file";

    private void seed(int count) throws Exception {
        ImportResult loaded = importFile(TestRecords.writeNdjson(work.resolve("seed.ndjson"),
                TestRecords.contexts(count, 17)), "contexts", null);
        assertThat(loaded.successfulRecords()).isEqualTo(count);
    }

    private Path copyOut(ExportResult result) throws IOException {
        assertThat(result.status()).as(result.message()).isEqualTo(OperationStatus.COMPLETED);
        return Files.copy(exported(result), work.resolve(result.files().get(0).name()));
    }

    private static Path run(Path output, String... command) throws Exception {
        Tools.require(command[0]);
        Process p = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
        return output;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "brotli", "zstd", "zip"})
    void shouldWriteWhatTheCommandLineToolsReadAndReadWhatTheyWrite(String compression) throws Exception {
        seed(400);
        var before = dump("contexts");
        Path plain = copyOut(export("contexts", Map.of("format", "ndjson", "includeBinaryData", true)));
        Path packed = copyOut(export("contexts", Map.of("format", "ndjson", "compression", compression, "includeBinaryData", true)));

        Path unpacked = switch (compression) {
            case "gzip" -> run(work.resolve("g.ndjson"), "gzip", "-dc", packed.toString());
            case "brotli" -> run(work.resolve("b.ndjson"), "brotli", "-dc", packed.toString());
            case "zstd" -> run(work.resolve("z.ndjson"), "zstd", "-dcq", packed.toString());
            default -> run(work.resolve("u.ndjson"), "unzip", "-p", packed.toString());
        };
        assertThat(packed.getFileName().toString()).endsWith(".ndjson" + switch (compression) {
            case "gzip" -> ".gz";
            case "brotli" -> ".br";
            case "zstd" -> ".zst";
            default -> ".zip";
        });
        assertThat(Files.readAllBytes(unpacked)).isEqualTo(Files.readAllBytes(plain));

        Path byTool = switch (compression) {
            case "gzip" -> run(work.resolve("tool.ndjson.gz"), "gzip", "-c", plain.toString());
            case "brotli" -> run(work.resolve("tool.ndjson.br"), "brotli", "-c", plain.toString());
            case "zstd" -> run(work.resolve("tool.ndjson.zst"), "zstd", "-cq", plain.toString());
            default -> {
                Tools.require("zip");
                Path zip = work.resolve("tool.zip");
                Process p = new ProcessBuilder("zip", "-jq", zip.toString(), plain.toString()).inheritIO().start();
                assertThat(p.waitFor()).isZero();
                yield zip;
            }
        };
        jdbc.update("DELETE FROM contexts");
        ImportResult back = importFile(byTool, "contexts", null);
        assertThat(back.status()).as("%s", back.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(back.detected().compression()).isEqualTo(compression);
        assertThat(dump("contexts")).isEqualTo(before);
    }

    @Test
    void shouldReadACompressedFileByItsMagicBytesWhateverItsName() throws Exception {
        Path gz = work.resolve("renamed.json");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("[{\"id\":\"r1\",\"title\":\"t\",\"content\":\"c\"}]".getBytes(StandardCharsets.UTF_8));
        }

        ImportResult result = importFile(gz, "contexts", null);

        assertThat(result.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(result.detected().compression()).isEqualTo("gzip");
        assertThat(result.detected().format()).isEqualTo("json");
    }

    @Test
    void shouldRefuseADecompressionBombAndAZipEntryThatClimbsOut() throws Exception {
        Path bomb = work.resolve("bomb.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            out.write('[');
            byte[] spaces = new byte[1024 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                out.write(spaces);
            }
            out.write(']');
        }
        Path climbing = work.resolve("climb.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(climbing))) {
            zip.putNextEntry(new ZipEntry("../../escape.json"));
            zip.write("[{\"id\":\"z1\",\"title\":\"t\",\"content\":\"c\"}]".getBytes(StandardCharsets.UTF_8));
        }

        Path manyEntries = work.resolve("many.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(manyEntries))) {
            byte[] spaces = new byte[1024 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 40; i++) {
                // skipped entries (dot files) are inflated too and count as well
                zip.putNextEntry(new ZipEntry(i % 2 == 0 ? ".skipped-" + i : "entry-" + i + ".json"));
                zip.write('[');
                zip.write(spaces);
                zip.write(']');
            }
        }

        ImportResult exploded = importFile(bomb, "contexts", null);
        ImportResult spread = importFile(manyEntries, "contexts", null);
        assertThat(spread.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(spread.message()).contains("decompression bomb");
        ImportResult escaped = importFile(climbing, "contexts", null);

        assertThat(exploded.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(exploded.message()).contains("decompression bomb", "max-compression-ratio");
        assertThat(escaped.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(escaped.message()).contains("points outside the archive");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldEncryptSoThatAnIndependentDecryptorReadsItAndImportWhatItEncrypts() throws Exception {
        seed(400);
        var before = dump("contexts");
        Path plain = copyOut(export("contexts", Map.of("format", "ndjson", "compression", "gzip", "includeBinaryData", true)));
        for (String key : List.of(RAW_KEY, PASSPHRASE)) {
            ExportResult sealed = export("contexts", Map.of("format", "ndjson", "compression", "gzip", "includeBinaryData", true,
                    "encryption", Map.of("enabled", true, "algorithm", "aes-256-gcm", "key", key)));
            Path enc = copyOut(sealed);
            assertThat(sealed.encrypted()).isTrue();
            assertThat(enc.getFileName().toString()).endsWith(".ndjson.gz.enc");
            assertThat(new String(Files.readAllBytes(enc), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("PCSAEAD1");

            Path decrypted = work.resolve("node-" + key.length() + ".ndjson.gz");
            node("decrypt", key, enc, decrypted);
            assertThat(run(work.resolve("n.ndjson"), "gzip", "-dc", decrypted.toString()))
                    .hasSameBinaryContentAs(run(work.resolve("p.ndjson"), "gzip", "-dc", plain.toString()));

            jdbc.update("DELETE FROM contexts");
            ImportResult ours = importFile(enc, "contexts", Map.of("encryption", Map.of("key", key)));
            assertThat(ours.status()).as("%s", ours.errors()).isEqualTo(OperationStatus.COMPLETED);
            assertThat(dump("contexts")).isEqualTo(before);

            Path theirs = work.resolve("node-" + key.length() + ".ndjson.enc");
            node("encrypt", key, run(work.resolve("in.ndjson"), "gzip", "-dc", plain.toString()), theirs);
            jdbc.update("DELETE FROM contexts");
            ImportResult fromNode = importFile(theirs, "contexts", Map.of("encryption", Map.of("key", key)));
            assertThat(fromNode.status()).as("%s", fromNode.errors()).isEqualTo(OperationStatus.COMPLETED);
            assertThat(dump("contexts")).isEqualTo(before);
        }
        assertThat(jdbc.queryForList("SELECT COALESCE(result, '') FROM operations", String.class))
                .noneMatch(r -> r.contains(PASSPHRASE) || r.contains(RAW_KEY));
        assertThat(jdbc.queryForList("SELECT COALESCE(details, '') FROM audit_log", String.class))
                .noneMatch(r -> r.contains(PASSPHRASE) || r.contains(RAW_KEY));
    }

    @Test
    void shouldRefuseAWrongKeyAndEveryKindOfDamageAndStoreNothing() throws Exception {
        seed(1200);
        Path enc = copyOut(export("contexts", Map.of("format", "ndjson",
                "encryption", Map.of("enabled", true, "key", RAW_KEY))));
        jdbc.update("DELETE FROM contexts");
        byte[] good = Files.readAllBytes(enc);
        int segment = 65_536 + 16;
        assertThat(good.length).isGreaterThan(40 + 3 * segment);

        List<byte[]> damaged = new ArrayList<>();
        damaged.add(flip(good, 20));                       // header (salt): authenticated as AAD
        damaged.add(flip(good, 40 + segment + 100));       // inside the second segment
        damaged.add(flip(good, good.length - 1));          // the last tag
        damaged.add(java.util.Arrays.copyOf(good, good.length - 10));           // truncated mid-segment
        damaged.add(java.util.Arrays.copyOf(good, 40 + 2 * segment));           // truncated at a boundary
        byte[] swapped = good.clone();                                           // segments 1 and 2 swapped
        System.arraycopy(good, 40 + segment, swapped, 40, segment);
        System.arraycopy(good, 40, swapped, 40 + segment, segment);
        damaged.add(swapped);

        ImportResult wrongKey = importFile(enc, "contexts", Map.of("encryption", Map.of("key", Base64.getEncoder()
                .encodeToString(new byte[32]))));
        assertThat(wrongKey.message()).contains(FAILED);
        for (int i = 0; i < damaged.size(); i++) {
            ImportResult result = importFile(file("damaged-" + i + ".ndjson.enc", damaged.get(i)), "contexts",
                    Map.of("encryption", Map.of("key", RAW_KEY), "errorHandling", "lenient"));
            assertThat(result.status()).as("damage %d", i).isEqualTo(OperationStatus.FAILED);
            assertThat(result.message()).as("damage %d", i).contains(FAILED);
        }
        assertThat(count("contexts")).isZero();

        Path options = Files.writeString(folders.inbox().resolve("contexts").resolve(".options.yaml"),
                "encryption:\n  key: \"" + RAW_KEY + "\"\n");
        try {
            drop("contexts", "tampered.ndjson.enc", damaged.get(1));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(folders.error().resolve("tampered.ndjson.enc"))
                    && Files.exists(folders.error().resolve("tampered.ndjson.enc.error.json")));
        } finally {
            Files.delete(options);
        }
        assertThat(mapper.readTree(folders.error().resolve("tampered.ndjson.enc.error.json").toFile())
                .get("message").asText()).contains(FAILED);
        assertThat(count("contexts")).isZero();
    }

    private static byte[] flip(byte[] data, int at) {
        byte[] copy = data.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static void node(String mode, String key, Path in, Path out) throws Exception {
        Tools.require("node");
        Process p = new ProcessBuilder("node", Path.of("src/test/resources/interop/pcsaead.mjs").toAbsolutePath().toString(),
                mode, key, in.toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }

    @Test
    void shouldSplitAtRecordBoundariesIntoPartsThatEachImportAndAManifestThatImportsThemAll() throws Exception {
        // parts of over a megabyte each, so that their expansion is measured against each part's own bytes
        seed(7000);
        var before = dump("contexts");
        ExportResult split = export("contexts", Map.of("format", "json", "compression", "gzip", "includeBinaryData", true,
                "encryption", Map.of("enabled", true, "key", RAW_KEY),
                "splitLargeFiles", Map.of("enabled", true, "maxSizeBytes", 1_100_000)));

        List<ExportResult.ExportFile> files = split.files();
        ExportResult.ExportFile manifestFile = files.get(files.size() - 1);
        List<ExportResult.ExportFile> parts = files.subList(0, files.size() - 1);
        assertThat(parts.size()).isGreaterThanOrEqualTo(3);
        assertThat(parts).allSatisfy(p -> assertThat(p.name()).matches(".*\\.part\\d{3}\\.json\\.gz\\.enc"));
        assertThat(parts.stream().mapToLong(ExportResult.ExportFile::records).sum()).isEqualTo(7000);
        assertThat(manifestFile.name()).endsWith(".manifest.json");
        var manifest = mapper.readTree(exported(split).resolveSibling(manifestFile.name()).toFile());
        assertThat(manifest.get("parts")).hasSize(parts.size());
        assertThat(manifest.get("parts").get(1).get("sha256").asText()).isEqualTo(parts.get(1).sha256());
        Path dir = Files.createDirectories(work.resolve("split"));
        for (ExportResult.ExportFile f : files) {
            Files.copy(folders.outbox().resolve(f.name()), dir.resolve(f.name()));
        }
        for (ExportResult.ExportFile part : parts) {
            // each part is a whole file, compressed and encrypted on its own: node decrypts, gzip expands, JSON parses
            Path gz = work.resolve(part.name() + ".gz");
            node("decrypt", RAW_KEY, dir.resolve(part.name()), gz);
            Path json = run(work.resolve(part.name() + ".json"), "gzip", "-dc", gz.toString());
            assertThat(mapper.readTree(json.toFile())).hasSize((int) part.records());
            assertThat(Files.size(json)).isLessThan(2 * 1_100_000).isGreaterThan(1024 * 1024);
        }
        jdbc.update("DELETE FROM contexts");
        ImportResult second = importFile(dir.resolve(parts.get(1).name()), "contexts",
                Map.of("encryption", Map.of("key", RAW_KEY)));
        assertThat(second.successfulRecords()).isEqualTo(parts.get(1).records());

        jdbc.update("DELETE FROM contexts");
        ImportResult all = importFile(dir.resolve(manifestFile.name()), "contexts",
                Map.of("encryption", Map.of("key", RAW_KEY)));
        assertThat(all.status()).as("%s", all.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(dump("contexts")).isEqualTo(before);

        jdbc.update("DELETE FROM contexts");
        Path changed = dir.resolve(parts.get(1).name());
        Files.write(changed, flip(Files.readAllBytes(changed), 100));
        ImportResult tampered = importFile(dir.resolve(manifestFile.name()), "contexts",
                Map.of("encryption", Map.of("key", RAW_KEY), "errorHandling", "lenient"));
        Files.copy(folders.outbox().resolve(parts.get(1).name()), changed,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(dir.resolve(parts.get(2).name()));
        ImportResult missing = importFile(dir.resolve(manifestFile.name()), "contexts",
                Map.of("encryption", Map.of("key", RAW_KEY), "errorHandling", "lenient"));
        assertThat(tampered.message()).contains(parts.get(1).name(), "does not match the manifest");
        assertThat(missing.message()).contains("is missing");
        assertThat(tampered.totalRecords()).isZero();
        assertThat(count("contexts")).isZero();

        Files.copy(folders.outbox().resolve(parts.get(2).name()), dir.resolve(parts.get(2).name()));
        var edited = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                dir.resolve(manifestFile.name()).toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) edited.get("parts").get(0)).put("records", 1);
        // each under the manifest's own name (a manifest names only its own parts), beside copies of the parts
        Path miscounted = Files.createDirectories(work.resolve("miscounted")).resolve(manifestFile.name());
        Path doubled = Files.createDirectories(work.resolve("doubled")).resolve(manifestFile.name());
        for (ExportResult.ExportFile part : parts) {
            Files.copy(dir.resolve(part.name()), miscounted.resolveSibling(part.name()));
            Files.copy(dir.resolve(part.name()), doubled.resolveSibling(part.name()));
        }
        Files.writeString(miscounted, edited.toString());
        ((com.fasterxml.jackson.databind.node.ArrayNode) edited.get("parts")).add(edited.get("parts").get(1).deepCopy());
        Files.writeString(doubled, edited.toString());
        ImportResult wrongCount = importFile(miscounted, "contexts", Map.of("encryption", Map.of("key", RAW_KEY),
                "errorHandling", "lenient"));
        ImportResult twice = importFile(doubled, "contexts", Map.of("encryption", Map.of("key", RAW_KEY)));
        assertThat(wrongCount.message()).contains("the manifest says 1");
        assertThat(twice.message()).contains("twice");
        assertThat(count("contexts")).isZero();
    }

    @Test
    void shouldPackAllTypesAsOneZipWithAFilePerTypeAndAManifest() throws Exception {
        seed(50);
        importFile(TestRecords.writeNdjson(work.resolve("s.ndjson"), TestRecords.sessions(5)), "sessions", null);
        var before = dumpStore();

        Path zip = copyOut(export("all", Map.of("format", "yaml", "compression", "zip", "includeBinaryData", true)));
        Path listing = run(work.resolve("list.txt"), "unzip", "-Z1", zip.toString());
        Path manifest = run(work.resolve("manifest.json"), "unzip", "-p", zip.toString(), "manifest.json");
        STORE_TABLES.forEach(t -> jdbc.update("DELETE FROM " + t));
        ImportResult back = importFile(zip, "auto-detect", null);

        assertThat(Files.readAllLines(listing)).containsExactly("contexts.yaml", "sessions.yaml", "templates.yaml",
                "manifest.json");
        assertThat(mapper.readTree(manifest.toFile()).get("parts")).extracting(p -> p.get("name").asText() + ":"
                + p.get("records").asLong()).containsExactly("contexts.yaml:50", "sessions.yaml:5", "templates.yaml:0");
        assertThat(back.status()).as("%s", back.errors()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(dumpStore()).isEqualTo(before);
    }

    @Test
    void shouldSealAndUnsealStreamsThroughTheRoutesDataFormat() throws Exception {
        byte[] plain = new byte[300_000];
        new java.util.Random(5).nextBytes(plain);
        Map<String, Object> key = Map.of("MigrationEncryptionKey", PASSPHRASE);

        byte[] sealed = producer.requestBodyAndHeaders("direct:seal", plain, key, byte[].class);
        Path enc = Files.write(work.resolve("sealed.enc"), sealed);
        Path byNode = work.resolve("sealed.plain");
        node("decrypt", PASSPHRASE, enc, byNode);
        byte[] unsealed = producer.requestBodyAndHeaders("direct:unseal", sealed, key, byte[].class);

        assertThat(Files.readAllBytes(byNode)).isEqualTo(plain);
        assertThat(unsealed).isEqualTo(plain);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        producer.requestBodyAndHeaders("direct:unseal", flip(sealed, sealed.length - 5), key, byte[].class))
                .hasRootCauseMessage(FAILED);
    }

    @Test
    void shouldImportASplitExportDroppedIntoTheInboxWithItsManifestAndArchiveItAll() throws Exception {
        seed(300);
        var before = dump("contexts");
        ExportResult split = export("contexts", Map.of("format", "ndjson", "compression", "gzip", "includeBinaryData", true,
                "splitLargeFiles", Map.of("enabled", true, "maxSizeBytes", 65_536)));
        List<ExportResult.ExportFile> files = split.files();
        jdbc.update("DELETE FROM contexts");

        for (ExportResult.ExportFile f : files.subList(0, files.size() - 1)) {
            drop("contexts", f.name(), Files.readAllBytes(folders.outbox().resolve(f.name())));
        }
        awaitInboxPassedBy();
        assertThat(count("contexts")).as("parts alone are left for their manifest").isZero();
        for (ExportResult.ExportFile f : files.subList(0, files.size() - 1)) {
            assertThat(folders.inbox().resolve("contexts").resolve(f.name())).as("left for the manifest").exists();
        }
        String manifest = files.get(files.size() - 1).name();
        drop("contexts", manifest, Files.readAllBytes(folders.outbox().resolve(manifest)));

        Path archive = folders.archive().resolve(java.time.LocalDate.now().toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(archive.resolve(manifest)));
        assertThat(dump("contexts")).isEqualTo(before);
        for (ExportResult.ExportFile f : files) {
            assertThat(archive.resolve(f.name())).exists();
            assertThat(folders.inbox().resolve("contexts").resolve(f.name())).doesNotExist();
        }
    }
}
