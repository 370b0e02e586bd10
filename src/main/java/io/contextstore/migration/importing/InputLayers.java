package io.contextstore.migration.importing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.contextstore.migration.crypto.AeadKey;
import io.contextstore.migration.crypto.DecryptionException;
import io.contextstore.migration.crypto.OpenPgp;
import io.contextstore.migration.crypto.SegmentedAead;
import io.contextstore.migration.compression.ExpansionGuard;
import io.contextstore.migration.config.LimitsProperties;
import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.format.Layer;
import io.contextstore.migration.format.RecordFormats;
import io.contextstore.migration.format.UncheckedInput;
import io.contextstore.migration.format.UnreadableInputException;
import org.springframework.stereotype.Component;

/**
 * The unpack steps of the import route: what wraps an input, and each layer taken off as a
 * stream (decrypt, then decompress), bounded by the import's expansion budget.
 */
@Component
public class InputLayers {

    static final int MAX_LAYERS = 3;

    private final int maxPbkdf2Iterations;
    private final MigrationProperties.Pgp pgp;

    public InputLayers(LimitsProperties limits, MigrationProperties properties) {
        this.maxPbkdf2Iterations = limits.maxPbkdf2Iterations();
        this.pgp = properties.pgp();
    }

    /** The input with its first bytes readable twice, for sniffing. */
    public BufferedInputStream buffered(InputStream in) {
        return RecordFormats.buffered(in);
    }

    /**
     * The outermost layer of the input ({@code aes-256-gcm}, {@code openpgp}, {@code gzip},
     * {@code brotli}, {@code zstd}, {@code zip}, or {@code none} once the records are bare).
     * {@code depth}: how many layers are off already.
     */
    public String outermost(BufferedInputStream in, String fileName, Integer depth) throws IOException {
        byte[] head = RecordFormats.head(in);
        if (head.length == 0) {
            throw new UnreadableInputException("the file is empty (0 bytes)", null, 0L);
        }
        if (depth != null && depth > MAX_LAYERS) {
            throw new UnreadableInputException("the input is wrapped in more than 3 layers of compression or "
                    + "encryption; refused", null, 0L);
        }
        return Layer.of(head, fileName).key();
    }

    /** The name of what is inside a layer. */
    public String inner(String fileName, String layer) {
        return Layer.named(layer).strip(fileName);
    }

    public int deeper(Integer depth) {
        return depth == null ? 1 : depth + 1;
    }

    /** An aes-256-gcm layer (SPEC §9), with the import's key; it is authenticated segment by segment. */
    public InputStream decryptAesGcm(InputStream in, ImportRun run) throws IOException {
        if (run.key() == null) {
            throw new UnreadableInputException("the file is encrypted: give options.encryption.key or set "
                    + "MIGRATION_KEY", null, 0L);
        }
        run.decrypting();
        try {
            return new UncheckedInput(SegmentedAead.decrypt(in, AeadKey.of(run.key()), maxPbkdf2Iterations));
        } catch (DecryptionException e) {
            throw new UnreadableInputException(e.getMessage(), null, 0L);
        }
    }

    /** An OpenPGP layer, with the service's secret keyring; it may be compressed inside, so it counts against the budget. */
    public InputStream decryptOpenPgp(InputStream in, ImportRun run) throws IOException {
        if (pgp == null || pgp.secretKeyring() == null) {
            throw new UnreadableInputException("the file is OpenPGP-encrypted and no migration.pgp.secret-keyring "
                    + "is configured", null, 0L);
        }
        run.decrypting();
        try {
            InputStream plain = OpenPgp.decrypt(in, pgp.secretKeyring(),
                    pgp.passphrase() == null ? new char[0] : pgp.passphrase().toCharArray());
            return new UncheckedInput(new ExpansionGuard(plain, run.budget()));
        } catch (DecryptionException e) {
            throw new UnreadableInputException(e.getMessage(), null, 0L);
        }
    }

    /** A gzip, brotli or zstd layer. */
    public InputStream decompress(InputStream in, String layer, ImportRun run) throws IOException {
        run.unpacked(layer);
        return new UncheckedInput(new ExpansionGuard(Layer.named(layer).compression().decompress(in), run.budget()));
    }
}
