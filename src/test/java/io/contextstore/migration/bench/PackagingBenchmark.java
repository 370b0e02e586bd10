package io.contextstore.migration.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.contextstore.migration.operation.ExportResult;
import io.contextstore.migration.operation.ImportResult;
import io.contextstore.migration.operation.MigrationHeaders;
import io.contextstore.migration.operation.OperationStatus;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large round trip through every export layer: import a big NDJSON file, export it compressed,
 * encrypted and split, import the manifest back into an empty table, and print records/s and peak
 * heap. Not part of the test suite: {@code bench/roundtrip.sh} runs it with -Xmx256m.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PackagingBenchmark {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void roundTripCompressedEncryptedSplit() throws Exception {
        Path input = Path.of(System.getProperty("bench.input"));
        String compression = System.getProperty("bench.compression", "zstd");
        long partBytes = Long.getLong("bench.partBytes", 256L * 1024 * 1024);
        jdbc.update("TRUNCATE TABLE contexts");
        ImportResult loaded = producer.requestBodyAndHeaders("direct:import", input, Map.of(
                MigrationHeaders.DATA_TYPE, "contexts", MigrationHeaders.OPTIONS, Map.of("batchSize", 1000)),
                ImportResult.class);
        assertThat(loaded.status()).isEqualTo(OperationStatus.COMPLETED);
        jdbc.execute("VACUUM ANALYZE contexts");

        HeapSampler.reset();
        long t0 = System.nanoTime();
        ExportResult exported = producer.requestBodyAndHeaders("direct:export", null, Map.of(
                MigrationHeaders.DATA_TYPE, "contexts",
                MigrationHeaders.OPTIONS, Map.of("format", "ndjson", "includeBinaryData", true, "compression", compression,
                        "encryption", Map.of("enabled", true, "key", KEY),
                        "splitLargeFiles", Map.of("enabled", true, "maxSizeBytes", partBytes))), ExportResult.class);
        double exportSeconds = (System.nanoTime() - t0) / 1e9;
        double exportPeak = HeapSampler.peakMb();
        assertThat(exported.status()).isEqualTo(OperationStatus.COMPLETED);
        long bytes = exported.files().stream().mapToLong(ExportResult.ExportFile::sizeBytes).sum();
        String manifest = exported.files().get(exported.files().size() - 1).name();

        jdbc.update("TRUNCATE TABLE contexts");
        HeapSampler.reset();
        long t1 = System.nanoTime();
        Path manifestPath = Path.of(System.getProperty("bench.dataDir", "target/bench-data")).resolve("outbox")
                .resolve(manifest);
        ImportResult back = producer.requestBodyAndHeaders("direct:import", manifestPath, Map.of(
                MigrationHeaders.DATA_TYPE, "contexts", MigrationHeaders.OPTIONS,
                Map.of("batchSize", 1000, "encryption", Map.of("key", KEY))), ImportResult.class);
        double importSeconds = (System.nanoTime() - t1) / 1e9;
        double importPeak = HeapSampler.peakMb();
        assertThat(back.status()).as(back.message()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(back.successfulRecords()).isEqualTo(loaded.successfulRecords());

        System.out.printf("BENCH roundtrip input_bytes=%d records=%d compression=%s parts=%d output_bytes=%d "
                        + "export_seconds=%.1f export_records_per_s=%.0f export_peak_heap_mb=%.1f "
                        + "import_seconds=%.1f import_records_per_s=%.0f import_peak_heap_mb=%.1f max_heap_mb=%.0f%n",
                Files.size(input), back.successfulRecords(), compression, exported.files().size() - 1, bytes,
                exportSeconds, exported.recordCount() / exportSeconds, exportPeak, importSeconds,
                back.successfulRecords() / importSeconds, importPeak, Runtime.getRuntime().maxMemory() / 1048576.0);
        for (ExportResult.ExportFile f : exported.files()) {
            Files.deleteIfExists(manifestPath.resolveSibling(f.name()));
        }
    }
}
