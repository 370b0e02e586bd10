package io.contextstore.migration.format;

import io.contextstore.migration.compression.ExpansionGuard;

/**
 * What opening an input may need beyond its format: the key of an encrypted file (from the
 * request or {@code MIGRATION_KEY}), the OpenPGP secret keyring and passphrase, and the expansion
 * budget that refuses decompression bombs. {@code decrypting} is set as soon as any layer of the
 * input (a zip entry, a later part) is decrypted: from then on nothing of it may be committed
 * before the end. {@code csvFields} says what a CSV header's columns become under the import's
 * mapping. {@code encoding} is the charset the import option names, or null to sniff it. Its
 * {@code toString} shows no secret.
 */
public record Unpacking(String key, ExpansionGuard.Budget budget, java.nio.file.Path pgpSecretKeyring,
                        String pgpPassphrase, java.util.concurrent.atomic.AtomicBoolean decrypting,
                        CsvHeaderFields csvFields, String encoding) {

    public Unpacking(String key, ExpansionGuard.Budget budget, java.nio.file.Path pgpSecretKeyring, String pgpPassphrase) {
        this(key, budget, pgpSecretKeyring, pgpPassphrase, new java.util.concurrent.atomic.AtomicBoolean(),
                CsvHeaderFields.AS_NAMED, null);
    }

    public Unpacking withEncoding(String charset) {
        return new Unpacking(key, budget, pgpSecretKeyring, pgpPassphrase, decrypting, csvFields, charset);
    }

    public static Unpacking none() {
        return new Unpacking(null, ExpansionGuard.Budget.unlimited(), null, null);
    }

    Unpacking withBudget(ExpansionGuard.Budget other) {
        return new Unpacking(key, other, pgpSecretKeyring, pgpPassphrase, decrypting, csvFields, encoding);
    }

    public Unpacking withCsvFields(CsvHeaderFields fields) {
        return new Unpacking(key, budget, pgpSecretKeyring, pgpPassphrase, decrypting, fields, encoding);
    }

    @Override
    public String toString() {
        return "Unpacking[pgpSecretKeyring=" + pgpSecretKeyring + ", encoding=" + encoding + "]";
    }
}
