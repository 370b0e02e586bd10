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
 * Imports and exports one large file through the real routes and prints records/s and peak heap.
 * Not part of the test suite: {@code bench/inprocess.sh} runs it (Maven profile {@code bench}, -Xmx256m).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MigrationBenchmark {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void importThenExport() throws Exception {
        Path input = Path.of(System.getProperty("bench.input"));
        int batchSize = Integer.getInteger("bench.batchSize", 1000);
        jdbc.update("TRUNCATE TABLE contexts");

        HeapSampler.reset();
        long t0 = System.nanoTime();
        ImportResult imported = producer.requestBodyAndHeaders("direct:import", input, Map.of(
                MigrationHeaders.DATA_TYPE, "contexts",
                MigrationHeaders.OPTIONS, Map.of("batchSize", batchSize)), ImportResult.class);
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        double importPeak = HeapSampler.peakMb();
        assertThat(imported.status()).isEqualTo(OperationStatus.COMPLETED);
        settle();

        System.out.printf("BENCH import format=%s records=%d seconds=%.2f records_per_s=%.0f peak_heap_mb=%.1f max_heap_mb=%.0f bytes=%d%n",
                imported.format(), imported.successfulRecords(), importSeconds, imported.successfulRecords() / importSeconds,
                importPeak, Runtime.getRuntime().maxMemory() / 1048576.0, Files.size(input));
        // bench.exports: the export again on the same table, to see its spread
        for (int run = Integer.getInteger("bench.exports", 1); run > 0; run--) {
            System.out.println("BENCH exporting");
            HeapSampler.reset();
            long t1 = System.nanoTime();
            ExportResult exported = producer.requestBodyAndHeaders("direct:export", null, Map.of(
                    MigrationHeaders.DATA_TYPE, "contexts",
                    MigrationHeaders.OPTIONS, Map.of("format", System.getProperty("bench.exportFormat", "ndjson"))),
                    ExportResult.class);
            double exportSeconds = (System.nanoTime() - t1) / 1e9;
            double exportPeak = HeapSampler.peakMb();
            assertThat(exported.recordCount()).isEqualTo(imported.successfulRecords());
            System.out.printf("BENCH export format=%s records=%d seconds=%.2f records_per_s=%.0f peak_heap_mb=%.1f bytes=%d%n",
                    exported.format(), exported.recordCount(), exportSeconds, exported.recordCount() / exportSeconds,
                    exportPeak, exported.files().get(0).sizeBytes());
            Files.deleteIfExists(Path.of(System.getProperty("bench.dataDir", "target/bench-data"))
                    .resolve("outbox").resolve(exported.files().get(0).name()));
        }
    }

    /** As autovacuum would, and as bench/inprocess.sh does before \\copy TO: both exports read a settled table. */
    private void settle() {
        String product = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<String>)
                c -> c.getMetaData().getDatabaseProductName());
        if ("PostgreSQL".equals(product)) {
            jdbc.execute("VACUUM ANALYZE contexts");
        }
    }
}
