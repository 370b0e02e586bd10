package io.contextstore.migration.api;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import java.util.stream.Collectors;

/**
 * Who made an API call. Camel serves platform-http requests on its own threads, where Spring
 * Security's thread-bound context is not set; the bearer token filter also keeps the context as a
 * request attribute, which is read here.
 */
public record Caller(String user, boolean admin) {

    static Caller of(Exchange exchange) {
        if (!(exchange.getIn() instanceof PlatformHttpMessage message)) {
            throw new IllegalStateException("not an HTTP call");
        }
        HttpServletRequest request = message.getRequest();
        Object context = request.getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME);
        Authentication who = context instanceof SecurityContext c ? c.getAuthentication() : null;
        if (who == null || !who.isAuthenticated()) {
            throw new ApiException(401, "unauthorized", "a valid bearer token is required");
        }
        Set<String> roles = who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return new Caller(who.getName(), roles.contains("ROLE_ADMIN"));
    }

    /** Viewers and operators see their own operations; admins see everyone's. */
    public boolean sees(String owner) {
        return admin || user.equals(owner);
    }
}
