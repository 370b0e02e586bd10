package io.contextstore.migration.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.contextstore.migration.config.MigrationProperties;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * The bearer tokens of {@code migration.security.tokens}. Spring Security's resource server reads
 * the {@code Authorization: Bearer} header and answers 401 with {@code WWW-Authenticate}; it
 * checks JWTs and introspects opaque tokens, but has no provider for a fixed list of tokens, hence
 * this one. Only SHA-256 digests are kept and compared, every one of them and in constant time, so
 * neither the time taken nor a heap dump tells a token.
 */
public class ApiTokens implements AuthenticationProvider {

    private record Known(byte[] sha256, String user, List<SimpleGrantedAuthority> authorities) {
    }

    private final List<Known> known;

    public ApiTokens(MigrationProperties.Security security) {
        this.known = security.tokens().stream().map(t -> {
            if (t.user() == null || t.user().isBlank()) {
                throw new IllegalStateException("every entry of migration.security.tokens needs a user");
            }
            byte[] digest = t.sha256() != null && !t.sha256().isBlank() ? HexFormat.of().parseHex(t.sha256().trim())
                    : t.token() != null && !t.token().isBlank() ? sha256(t.token()) : null;
            if (digest == null || digest.length != 32) {
                throw new IllegalStateException("the token of user '" + t.user() + "' needs token or sha256 (64 hex digits)");
            }
            List<String> roles = t.roles() == null || t.roles().isEmpty() ? List.of("viewer") : t.roles();
            return new Known(digest, t.user(), roles.stream()
                    .map(r -> new SimpleGrantedAuthority(Role.parse(r).authority())).toList());
        }).toList();
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        boolean bearer = authentication instanceof BearerTokenAuthenticationToken;
        byte[] presented = sha256(bearer ? ((BearerTokenAuthenticationToken) authentication).getToken()
                : String.valueOf(authentication.getCredentials()));
        Known match = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.sha256(), presented) && match == null) {
                match = k;
            }
        }
        if (match == null) {
            throw bearer ? new InvalidBearerTokenException("unknown token")
                    : new BadCredentialsException("unknown token");
        }
        return UsernamePasswordAuthenticationToken.authenticated(match.user(), null, match.authorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        // HTTP Basic with the token as the password: the Hawtio console in a browser
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication)
                || UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
