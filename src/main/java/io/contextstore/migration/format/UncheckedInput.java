package io.contextstore.migration.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.contextstore.migration.compression.ExpansionGuard;
import io.contextstore.migration.crypto.DecryptionException;
import java.io.EOFException;
import java.util.zip.ZipException;

/**
 * Lets a failure of decryption or decompression reach the import as itself: parsers would report
 * an {@link IOException} from their input as malformed content of their own format.
 */
public final class UncheckedInput extends FilterInputStream {

    public UncheckedInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (DecryptionException | ExpansionGuard.ExpansionRefusedException e) {
            throw new UnreadableInputException(e.getMessage(), null, null);
        } catch (ZipException | EOFException e) {
            throw new UnreadableInputException("the compressed input is damaged or truncated", null, null);
        }
    }
}
