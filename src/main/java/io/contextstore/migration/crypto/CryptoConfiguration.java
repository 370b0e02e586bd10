package io.contextstore.migration.crypto;

import io.contextstore.migration.config.MigrationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.contextstore.migration.config.LimitsProperties;

/** The encrypted file format as a data format routes can name. */
@Configuration
public class CryptoConfiguration {

    @Bean("aesGcm")
    AesGcmDataFormat aesGcm(MigrationProperties properties, LimitsProperties limits) {
        return new AesGcmDataFormat(properties.key(), limits.maxPbkdf2Iterations());
    }
}
