package io.contextstore.migration.crypto;

import java.io.IOException;

/** An encrypted input that cannot be decrypted: the message says why, never with the key. */
public class DecryptionException extends IOException {

    public DecryptionException(String message) {
        super(message);
    }
}
