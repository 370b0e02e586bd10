package io.contextstore.migration.crypto;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Iterator;
import java.util.Locale;

import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * OpenPGP encryption to a public key of a configured keyring, and decryption with a configured
 * secret key, as streams over Bouncy Castle (the library of camel-crypto-pgp, whose data format
 * (un)marshals one message body; an export is written as a stream across many batches). Files are
 * what {@code gpg} writes and reads: AES-256, integrity-protected, binary.
 */
public final class OpenPgp {

    static {
        if (Security.getProvider("BC") == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private OpenPgp() {
    }

    /** Encrypts what is written to the first encryption key whose user id contains {@code recipient}. */
    public static OutputStream encrypt(OutputStream target, Path publicKeyring, String recipient, String fileName)
            throws IOException {
        PGPPublicKey key = publicKey(publicKeyring, recipient);
        PGPEncryptedDataGenerator encrypted = new PGPEncryptedDataGenerator(
                new JcePGPDataEncryptorBuilder(PGPEncryptedData.AES_256).setWithIntegrityPacket(true)
                        .setSecureRandom(new SecureRandom()).setProvider("BC"));
        encrypted.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(key).setProvider("BC"));
        try {
            OutputStream sealed = encrypted.open(target, new byte[1 << 16]);
            PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
            OutputStream data = literal.open(sealed, PGPLiteralData.BINARY, fileName, new Date(), new byte[1 << 16]);
            return new FilterOutputStream(data) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    try {
                        literal.close();
                        encrypted.close();
                    } finally {
                        target.close();
                    }
                }
            };
        } catch (PGPException e) {
            throw new IOException("OpenPGP encryption failed: " + e.getMessage(), e);
        }
    }

    private static PGPPublicKey publicKey(Path keyring, String recipient) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(keyring))) {
            PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
            String wanted = recipient == null ? "" : recipient.toLowerCase(Locale.ROOT);
            for (Iterator<PGPPublicKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
                PGPPublicKeyRing ring = it.next();
                boolean named = wanted.isEmpty();
                for (Iterator<String> ids = ring.getPublicKey().getUserIDs(); ids.hasNext() && !named; ) {
                    named = ids.next().toLowerCase(Locale.ROOT).contains(wanted);
                }
                if (!named) {
                    continue;
                }
                for (Iterator<PGPPublicKey> keys = ring.getPublicKeys(); keys.hasNext(); ) {
                    PGPPublicKey key = keys.next();
                    if (key.isEncryptionKey() && !key.hasRevocation()) {
                        return key;
                    }
                }
            }
        } catch (PGPException e) {
            throw new IOException("the public keyring cannot be read", e);
        }
        throw new IllegalArgumentException("no OpenPGP encryption key for recipient '" + recipient + "' in the keyring");
    }

    /** True when the bytes start like a binary or armored OpenPGP message. */
    public static boolean looksLikePgp(byte[] head) {
        if (head.length > 27 && new String(head, 0, 27, StandardCharsets.US_ASCII)
                .equals("-----BEGIN PGP MESSAGE-----")) {
            return true;
        }
        // a new- or old-format packet header of a public-key encrypted session key (tag 1)
        return head.length > 0 && ((head[0] & 0xFF) == 0xC1 || (head[0] & 0xFC) == 0x84);
    }

    /**
     * The plaintext of a message to one of the secret keys; the integrity check is made when the
     * stream ends, so a changed file fails before the import commits.
     */
    public static InputStream decrypt(InputStream in, Path secretKeyring, char[] passphrase) throws IOException {
        try {
            JcaPGPObjectFactory factory = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(in));
            Object first = factory.nextObject();
            PGPEncryptedDataList list = first instanceof PGPEncryptedDataList l ? l : (PGPEncryptedDataList) factory.nextObject();
            PGPSecretKeyRingCollection secrets;
            try (InputStream keys = PGPUtil.getDecoderStream(Files.newInputStream(secretKeyring))) {
                secrets = new PGPSecretKeyRingCollection(keys, new JcaKeyFingerprintCalculator());
            }
            for (Iterator<PGPEncryptedData> it = list.getEncryptedDataObjects(); it.hasNext(); ) {
                if (!(it.next() instanceof PGPPublicKeyEncryptedData data)) {
                    continue;
                }
                if (!data.isIntegrityProtected()) {
                    throw new DecryptionException("decryption failed: the OpenPGP message has no integrity protection");
                }
                PGPSecretKey secret = secrets.getSecretKey(data.getKeyIdentifier().getKeyId());
                if (secret == null) {
                    continue;
                }
                PGPPrivateKey key = secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder().setProvider("BC")
                        .build(passphrase));
                InputStream clear = data.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder().setProvider("BC")
                        .build(key));
                JcaPGPObjectFactory inner = new JcaPGPObjectFactory(clear);
                Object message = inner.nextObject();
                if (message instanceof PGPCompressedData compressed) {
                    inner = new JcaPGPObjectFactory(compressed.getDataStream());
                    message = inner.nextObject();
                }
                if (!(message instanceof PGPLiteralData literal)) {
                    throw new DecryptionException("the OpenPGP message holds no data");
                }
                // any failure inside the message (a damaged compressed packet too) is a damaged file
                return new FilterInputStream(literal.getInputStream()) {
                    private boolean verified;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n;
                        try {
                            n = super.read(b, off, len);
                        } catch (DecryptionException e) {
                            throw e;
                        } catch (IOException | RuntimeException e) {
                            throw new DecryptionException(SegmentedAead.FAILED);
                        }
                        if (n < 0 && !verified) {
                            verified = true;
                            verify(data);
                        }
                        return n;
                    }

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                    }

                    /** A reader may stop before the end (a zip's central directory): the rest is read to check it. */
                    @Override
                    public void close() throws IOException {
                        try {
                            byte[] rest = new byte[64 * 1024];
                            while (read(rest, 0, rest.length) >= 0) {
                                // read to the end, where the integrity check is made
                            }
                        } finally {
                            super.close();
                        }
                    }
                };
            }
            throw new DecryptionException("decryption failed: the file is not encrypted to a configured OpenPGP key");
        } catch (PGPException | ClassCastException e) {
            throw new DecryptionException(SegmentedAead.FAILED);
        } catch (DecryptionException e) {
            throw e;
        } catch (IOException e) {
            throw new DecryptionException(SegmentedAead.FAILED + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void verify(PGPPublicKeyEncryptedData data) throws IOException {
        try {
            if (data.isIntegrityProtected() && !data.verify()) {
                throw new DecryptionException(SegmentedAead.FAILED);
            }
        } catch (PGPException e) {
            throw new DecryptionException(SegmentedAead.FAILED);
        }
    }
}
