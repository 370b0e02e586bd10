package io.contextstore.migration.crypto;

import java.io.InputStream;
import java.io.OutputStream;

import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.IOHelper;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * The {@code aes-256-gcm} file format of SPEC §9 as a Camel data format, for routes
 * ({@code marshal: {custom: aesGcm}}). camel-crypto's data format seals a whole message with one
 * IV and decrypts by buffering it; this one streams in segments, with a fresh random nonce
 * prefix and salt per message. The key is the service's ({@code MIGRATION_KEY}), or the exchange
 * header {@code MigrationEncryptionKey}, which is removed once read.
 */
public class AesGcmDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    public static final String KEY_HEADER = "MigrationEncryptionKey";

    private final String defaultKey;
    private final int maxIterations;

    public AesGcmDataFormat(String defaultKey) {
        this(defaultKey, AeadKey.MAX_ITERATIONS);
    }

    public AesGcmDataFormat(String defaultKey, int maxIterations) {
        this.defaultKey = defaultKey;
        this.maxIterations = maxIterations;
    }

    @Override
    public String getDataFormatName() {
        return "aesGcm";
    }

    private AeadKey key(Exchange exchange) {
        String given = exchange.getMessage().getHeader(KEY_HEADER, String.class);
        exchange.getMessage().removeHeader(KEY_HEADER);
        String key = given != null && !given.isEmpty() ? given : defaultKey;
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("no encryption key: set MIGRATION_KEY or the " + KEY_HEADER + " header");
        }
        return AeadKey.of(key);
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        InputStream in = exchange.getContext().getTypeConverter().mandatoryConvertTo(InputStream.class, exchange, graph);
        try (OutputStream sealed = SegmentedAead.encrypt(CloseShieldOutputStream.wrap(stream),
                key(exchange))) {
            IOHelper.copy(in, sealed, 64 * 1024);
        } finally {
            IOHelper.close(in);
        }
    }

    /** The plaintext as a stream: read it to the end, or a damaged message is not noticed. */
    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        return SegmentedAead.decrypt(stream, key(exchange), maxIterations);
    }
}
