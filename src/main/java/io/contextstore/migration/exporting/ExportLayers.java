package io.contextstore.migration.exporting;

import java.io.IOException;
import java.io.OutputStream;

import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.crypto.AeadKey;
import io.contextstore.migration.crypto.OpenPgp;
import io.contextstore.migration.crypto.SegmentedAead;
import org.springframework.stereotype.Component;

/**
 * The encrypt and compress steps of the export-part route, each a stream layer on the part's
 * file: what the format's writer produces is compressed, then encrypted (SPEC §8).
 */
@Component
public class ExportLayers {

    private final MigrationProperties.Pgp pgp;

    public ExportLayers(MigrationProperties properties) {
        this.pgp = properties.pgp();
    }

    /** aes-256-gcm in segments (SPEC §9) or OpenPGP to the recipient, as the options ask; else as is. */
    public OutputStream encrypt(OutputStream file, ExportRun run, int index) throws IOException {
        if (run.options().pgp()) {
            String recipient = run.options().recipient() != null ? run.options().recipient() : pgp.recipient();
            return OpenPgp.encrypt(file, pgp.publicKeyring(), recipient,
                    run.names().document(index) + run.names().compression().extension());
        }
        return run.options().encrypted() ? SegmentedAead.encrypt(file, AeadKey.of(run.key())) : file;
    }

    /** gzip, brotli, zstd or zip (one entry, the document), as the options ask; else as is. */
    public OutputStream compress(OutputStream sealed, ExportRun run, int index) throws IOException {
        return run.names().compression().compress(sealed, run.names().document(index));
    }
}
