package io.contextstore.migration.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PBKDF2 iteration count an encrypted file's header demands is bounded before any key is derived. */
class Pbkdf2BudgetTests {

    private static byte[] sealed(String passphrase) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = SegmentedAead.encrypt(bytes, AeadKey.of(passphrase))) {
            out.write("[{\"id\":\"a\"}]".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static byte[] demanding(byte[] file, int iterations) {
        byte[] changed = file.clone();
        // "PCSAEAD1" | kdf (1 byte) | iterations (uint32, big-endian)
        ByteBuffer.wrap(changed, 9, 4).putInt(iterations);
        return changed;
    }

    @Test
    void shouldRefuseAHeaderDemandingThreeMillionIterationsUnderTheDefaultLimit() throws IOException {
        byte[] file = demanding(sealed("correct horse battery staple"), 3_000_000);

        assertThatThrownBy(() -> SegmentedAead.decrypt(new ByteArrayInputStream(file),
                AeadKey.of("correct horse battery staple"), 2_000_000))
                .isInstanceOf(DecryptionException.class)
                .hasMessage("decryption refused: the file's header demands 3000000 PBKDF2 iterations, outside "
                        + "600000..2000000 (migration.limits.max-pbkdf2-iterations)");
    }

    @Test
    void shouldReadAFileOfTheDefaultIterationsUnderTheLimit() throws IOException {
        byte[] file = sealed("correct horse battery staple");

        try (var plain = SegmentedAead.decrypt(new ByteArrayInputStream(file), AeadKey.of("correct horse battery staple"),
                2_000_000)) {
            assertThat(new String(plain.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("[{\"id\":\"a\"}]");
        }
    }
}
