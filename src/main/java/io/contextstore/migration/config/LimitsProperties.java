package io.contextstore.migration.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Budgets in bytes beside the counts: what one record may expand to, what the listed errors of one
 * result may take, how large a JSON request body may be, how much record content one batch may
 * hold, and how many PBKDF2 iterations an encrypted file may demand.
 */
@ConfigurationProperties("migration.limits")
public record LimitsProperties(DataSize maxRecordBytes, DataSize maxListedErrorBytes, DataSize maxRequestBody,
                               DataSize maxBatchBytes, int maxPbkdf2Iterations) {

    public static final LimitsProperties DEFAULTS = new LimitsProperties(null, null, null, null, 0);

    public LimitsProperties {
        maxRecordBytes = maxRecordBytes == null ? DataSize.ofMegabytes(16) : maxRecordBytes;
        maxListedErrorBytes = maxListedErrorBytes == null ? DataSize.ofMegabytes(4) : maxListedErrorBytes;
        maxRequestBody = maxRequestBody == null ? DataSize.ofMegabytes(1) : maxRequestBody;
        maxBatchBytes = maxBatchBytes == null ? DataSize.ofMegabytes(16) : maxBatchBytes;
        maxPbkdf2Iterations = maxPbkdf2Iterations <= 0 ? 2_000_000 : maxPbkdf2Iterations;
        for (DataSize size : new DataSize[] {maxRecordBytes, maxListedErrorBytes, maxRequestBody, maxBatchBytes}) {
            if (size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("migration.limits: sizes must be between 1 byte and 2GB, not " + size);
            }
        }
    }

    /** A size as people read it in an error message: "16 MB", "64 KB", "900 bytes". */
    public static String readable(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KB";
        }
        return bytes + " bytes";
    }
}
