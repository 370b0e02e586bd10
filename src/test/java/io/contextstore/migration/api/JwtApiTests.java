package io.contextstore.migration.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.OnH2;
import io.contextstore.migration.support.ScenarioSupport;
import io.contextstore.migration.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With a JWT resource server configured, signed tokens are accepted beside the configured ones. */
@OnH2
class JwtApiTests extends ScenarioSupport {

    private static final KeyPair KEYS = keys();
    private static final KeyPair OTHER_KEYS = keys();

    @DynamicPropertySource
    static void jwt(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("jwt-public", ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        pem.toFile().deleteOnExit();
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
    }

    @Test
    void shouldAcceptSignedTokensWithTheirRolesAndRefuseForgedOnes() throws Exception {
        Path file = TestRecords.writeNdjson(work.resolve("jwt.ndjson"), TestRecords.contexts(3, 1));
        Map<String, String> fields = Map.of("dataType", "contexts");

        ApiClient.Reply asOperator = api.upload("/api/data-migration/import", jwt(KEYS, "jane", List.of("operator"), 300),
                file, fields);
        ApiClient.Reply asViewer = api.upload("/api/data-migration/import", jwt(KEYS, "jim", List.of("viewer"), 300),
                file, fields);
        ApiClient.Reply forged = api.get("/api/data-migration/operations/active", jwt(OTHER_KEYS, "eve", List.of("admin"), 300));
        ApiClient.Reply expired = api.get("/api/data-migration/operations/active", jwt(KEYS, "jane", List.of("admin"), -300));
        ApiClient.Reply configured = api.get("/api/data-migration/operations/history", OPERATOR_TOKEN);

        assertThat(asOperator.status()).isEqualTo(200);
        assertThat(asViewer.status()).isEqualTo(403);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(configured.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT username FROM operations", String.class)).isEqualTo("jane");
    }

    private static String jwt(KeyPair keys, String subject, List<String> roles, long expiresInSeconds) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("roles", roles)
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
