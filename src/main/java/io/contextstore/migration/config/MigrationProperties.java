package io.contextstore.migration.config;

import java.nio.file.Path;
import java.util.List;

import org.springframework.util.unit.DataSize;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import java.time.Duration;

@ConfigurationProperties("migration")
public record MigrationProperties(Path dataDir, Inbox inbox, @Name("import") Import importing, Export export,
                                  Security security, DataSize maxExpandedSize, long maxCompressionRatio,
                                  String key, Pgp pgp, List<Schedule> schedules) {

    public MigrationProperties {
        schedules = schedules == null ? List.of() : schedules;
    }

    /**
     * A scheduled export: its name (also the watermark of an incremental one), a Spring cron
     * expression (second minute hour day month weekday), the data type and the export options.
     */
    public record Schedule(String name, String cron, String dataType, Map<String, Object> options, boolean incremental) {
        public Schedule {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
                throw new IllegalArgumentException("migration.schedules: a name of letters, digits, '.', '_' or '-' is "
                        + "required, not '" + name + "'");
            }
            if (cron == null || cron.isBlank()) {
                throw new IllegalArgumentException("migration.schedules '" + name + "' needs a cron expression");
            }
            dataType = dataType == null ? "contexts" : dataType;
            options = options == null ? Map.of() : options;
        }
    }

    /**
     * OpenPGP: exports are encrypted to a key of {@code publicKeyring} whose user id contains
     * {@code recipient} (or the request's); imports are decrypted with {@code secretKeyring}.
     */
    public record Pgp(Path publicKeyring, String recipient, Path secretKeyring, String passphrase) {
        @Override
        public String toString() {
            return "Pgp[publicKeyring=" + publicKeyring + ", secretKeyring=" + secretKeyring + "]";
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "MigrationProperties[dataDir=" + dataDir + "]";
    }

    /**
     * {@code lockMaxAge}: a read lock not refreshed for this long was left by a stopped instance and
     * is taken over. {@code checkpointEvery}: how often a lenient inbox import commits what it has
     * written with its checkpoint (at a batch boundary).
     */
    public record Inbox(long pollDelayMs, long stableMs, Duration lockMaxAge,
                        Duration checkpointEvery) {
        public Inbox {
            lockMaxAge = lockMaxAge == null ? Duration.ofSeconds(30) : lockMaxAge;
            checkpointEvery = checkpointEvery == null ? Duration.ofSeconds(1) : checkpointEvery;
        }
    }

    /**
     * {@code defaults} uses the option names of the API, so it binds to a plain map.
     * {@code writeRecords}: consecutive batches are written together up to this many records.
     */
    public record Import(int maxListedErrors, int writeRecords, Map<String, Object> defaults) {
        public Import {
            writeRecords = writeRecords == 0 ? 1000 : writeRecords;
            if (writeRecords < 1 || writeRecords > 10_000) {
                throw new IllegalArgumentException("migration.import.write-records must be 1..10000, not " + writeRecords);
            }
        }
    }

    public record Export(int fetchSize) {
    }

    /** Bearer tokens accepted by the API. */
    public record Security(List<Token> tokens) {
        public Security {
            tokens = tokens == null ? List.of() : tokens;
        }
    }

    /**
     * One API token: the token itself or its SHA-256 (hex), so config files need not hold the
     * secret; the user it stands for; its roles (viewer, operator, admin).
     */
    public record Token(String token, String sha256, String user, List<String> roles) {
    }
}
