package io.contextstore.migration.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.config.ConsoleProperties;
import io.contextstore.migration.config.MigrationProperties;
import io.contextstore.migration.operation.AuditLog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.core.annotation.Order;
import java.util.LinkedHashMap;

/**
 * Who may call what. Every API call needs {@code Authorization: Bearer}: a token of
 * {@code migration.security.tokens}, or a JWT when {@code spring.security.oauth2.resourceserver.jwt.*}
 * is set. Reading needs viewer, changing needs operator, the audit log needs admin; admin includes
 * operator includes viewer. Refused calls get {@code {error, message}} and an audit entry.
 */
@Configuration
public class SecurityConfiguration {

    static final String API = "/api/data-migration";

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("ADMIN").implies("OPERATOR")
                .role("OPERATOR").implies("VIEWER")
                .build();
    }

    @Bean
    RefusalAudit refusalAudit(AuditLog audit) {
        return new RefusalAudit(audit);
    }

    /**
     * Hawtio and Jolokia, for admins. Besides the bearer header, a browser signs in with HTTP Basic:
     * any user name and an admin API token as the password, so the console opens in a plain browser
     * (Hawtio's own login would need a JAAS realm of its own users). A browser sends those
     * credentials with any page's calls, so calls from other sites are refused (CSRF protection by
     * origin: Hawtio's calls carry no CSRF token). What Jolokia may do with the MBeans is in
     * {@code jolokia-access.xml}.
     */
    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, MigrationProperties properties, ConsoleProperties console,
                                ObjectProvider<JwtDecoder> jwt, RefusalAudit refusals, ObjectMapper mapper)
            throws Exception {
        ProviderManager manager = tokens(properties, jwt);
        RequestMatcher crossSite = new CrossSiteRequests(console.allowedOrigins());
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("Context Store Migration (password: an admin API token)");
        AuthenticationEntryPoint prompt = (request, response, e) -> {
            refusals.refused(null, HttpServletResponse.SC_UNAUTHORIZED, request.getMethod() + " " + request.getRequestURI());
            basic.commence(request, response, e);
        };
        return http
                // by path: Hawtio's own servlets and Jolokia are not Spring MVC handlers, which the
                // default (MVC) matchers would miss
                .securityMatcher(new OrRequestMatcher(
                        PathPatternRequestMatcher.withDefaults().matcher("/actuator/hawtio/**"),
                        PathPatternRequestMatcher.withDefaults().matcher("/actuator/jolokia/**")))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(crossSite).denyAll()
                        .anyRequest().hasRole("ADMIN"))
                .authenticationManager(manager)
                .httpBasic(b -> b.authenticationEntryPoint(prompt))
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(request -> manager))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(prompt)
                        .accessDeniedHandler((request, response, denied) -> {
                            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                            refuse(request, response, "forbidden", crossSite.matches(request)
                                    ? "calls from another site's page are refused" : "the console is for admins",
                                    refusals, mapper);
                        }))
                .build();
    }

    private static ProviderManager tokens(MigrationProperties properties, ObjectProvider<JwtDecoder> jwt) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ApiTokens(properties.security()));
        JwtDecoder decoder = jwt.getIfAvailable();
        if (decoder != null) {
            JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(decoder);
            jwtProvider.setJwtAuthenticationConverter(SecurityConfiguration::fromJwt);
            providers.add(jwtProvider);
        }
        return new ProviderManager(providers);
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, MigrationProperties properties, ObjectProvider<JwtDecoder> jwt,
                            RefusalAudit refusals, ObjectMapper mapper) throws Exception {
        ProviderManager manager = tokens(properties, jwt);
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            challenge.commence(request, response, e);
            refuse(request, response, "unauthorized", "a valid bearer token is required", refusals, mapper);
        };
        return http
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // the dashboard and Swagger UI pages themselves; what they show comes from the API with the user's token
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard.js", "/dashboard.css",
                                "/favicon.ico", "/api-docs.html", "/api-docs.js", "/webjars/swagger-ui/**").permitAll()
                        .requestMatchers(HttpMethod.GET, API + "/audit").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, API + "/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.POST, API + "/**").hasRole("OPERATOR")
                        .anyRequest().hasRole("ADMIN"))
                .oauth2ResourceServer(o -> o
                        .authenticationManagerResolver(request -> manager)
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler((request, response, e) -> {
                            denied.handle(request, response, e);
                            refuse(request, response, "forbidden", "your role does not allow this call", refusals,
                                    mapper);
                        }))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized))
                .build();
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String error, String message,
                               RefusalAudit refusals, ObjectMapper mapper) throws IOException {
        var who = SecurityContextHolder.getContext().getAuthentication();
        refusals.refused(who == null || !who.isAuthenticated() ? null : who.getName(), response.getStatus(),
                request.getMethod() + " " + request.getRequestURI());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        mapper.writeValue(response.getOutputStream(), body);
    }

    /**
     * A JWT's subject is the user (stable and unique at its issuer, unlike preferred_username, and
     * ownership of operations and exports goes by it); its {@code roles} claim gives the roles.
     */
    private static JwtAuthenticationToken fromJwt(Jwt jwt) {
        Collection<GrantedAuthority> authorities = new ArrayList<>();
        List<String> roles = jwt.getClaimAsStringList("roles");
        if (roles != null) {
            for (String role : roles) {
                try {
                    authorities.add(new SimpleGrantedAuthority(Role.parse(role).authority()));
                } catch (IllegalStateException ignored) {
                    // roles of other applications in the same token
                }
            }
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}
