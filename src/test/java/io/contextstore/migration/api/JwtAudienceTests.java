package io.contextstore.migration.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code spring.security.oauth2.resourceserver.jwt.audiences} set, a JWT for another audience is refused. */
@TestPropertySource(properties = {
        "migration.data-dir=target/test-data/jwt-audience",
        "spring.security.oauth2.resourceserver.jwt.audiences=context-store-migration"})
class JwtAudienceTests extends ScenarioSupport {

    private static final KeyPair KEYS = keys();

    @DynamicPropertySource
    static void publicKey(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("jwt-public", ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        pem.toFile().deleteOnExit();
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
    }

    @Test
    void shouldRefuseSignedTokensForAnotherAudienceWith401() throws Exception {
        String history = "/api/data-migration/operations/history";

        ApiClient.Reply ours = api.get(history, jwt(List.of("context-store-migration", "reports")));
        ApiClient.Reply another = api.get(history, jwt(List.of("billing")));
        ApiClient.Reply none = api.get(history, jwt(null));
        ApiClient.Reply consoleForAnother = api.post("/actuator/jolokia", jwt(List.of("billing")),
                java.util.Map.of("type", "version"));
        ApiClient.Reply consoleForUs = api.post("/actuator/jolokia", jwt(List.of("context-store-migration")),
                java.util.Map.of("type", "version"));

        assertThat(ours.status()).isEqualTo(200);
        assertThat(another.status()).isEqualTo(401);
        assertThat(another.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        assertThat(another.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(none.status()).isEqualTo(401);
        assertThat(consoleForAnother.status()).isEqualTo(401);
        assertThat(consoleForUs.status()).isEqualTo(200);
    }

    private static String jwt(List<String> audience) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("jane").claim("roles", List.of("admin"))
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 300_000));
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) KEYS.getPrivate()));
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
