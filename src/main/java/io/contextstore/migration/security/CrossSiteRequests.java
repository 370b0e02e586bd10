package io.contextstore.migration.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import java.util.Locale;

/**
 * Calls a browser makes for a page of another site. The console accepts HTTP Basic, which a browser
 * sends with every call to the service once signed in, whoever's page makes it: so such calls must
 * not reach Hawtio or Jolokia. Spring's CORS check ({@link CorsUtils#isCorsRequest}) judges the
 * {@code Origin} header, but browsers leave it off GET requests for images, links and frames (and
 * Jolokia executes operations on GET), hence the {@code Sec-Fetch-Site} and {@code Referer} checks
 * after it. A tool that sends none of them (curl with a bearer token) is not a browser and passes.
 */
final class CrossSiteRequests implements RequestMatcher {

    private final CorsConfiguration allowed = new CorsConfiguration();

    CrossSiteRequests(List<String> allowedOrigins) {
        allowed.setAllowedOrigins(allowedOrigins);
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        if (actsOnGetWithBasic(request)) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return CorsUtils.isCorsRequest(request) && allowed.checkOrigin(origin) == null;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
            return true;
        }
        String referer = request.getHeader("Referer");
        return referer != null && isForeign(referer, request);
    }

    /**
     * A GET from a plain-http page's image or link may carry no Origin, no Sec-Fetch-Site and no
     * Referer at all, and the browser adds the console's HTTP Basic sign-in: so with Basic, Jolokia
     * only reads on GET, and acts (exec, write) only on POST, which browsers send with an Origin.
     */
    private static boolean actsOnGetWithBasic(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if ("POST".equalsIgnoreCase(request.getMethod()) || authorization == null
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)
                || !request.getRequestURI().contains("/jolokia")) {
            return false;
        }
        String path = request.getParameter("p") != null ? request.getParameter("p")
                : request.getRequestURI().substring(request.getRequestURI().indexOf("/jolokia") + "/jolokia".length());
        String type = path.replaceFirst("^/+", "").split("/", 2)[0].toLowerCase(Locale.ROOT);
        return !(type.isEmpty() || type.equals("read") || type.equals("list") || type.equals("search")
                || type.equals("version"));
    }

    private boolean isForeign(String url, HttpServletRequest request) {
        UriComponents from;
        try {
            from = UriComponentsBuilder.fromUriString(url).build();
        } catch (IllegalArgumentException e) {
            return true;
        }
        if (from.getScheme() == null || from.getHost() == null) {
            return true;
        }
        boolean same = from.getScheme().equalsIgnoreCase(request.getScheme())
                && from.getHost().equalsIgnoreCase(request.getServerName())
                && port(from.getScheme(), from.getPort()) == port(request.getScheme(), request.getServerPort());
        String fromOrigin = UriComponentsBuilder.newInstance().scheme(from.getScheme()).host(from.getHost())
                .port(from.getPort()).toUriString();
        return !same && allowed.checkOrigin(fromOrigin) == null;
    }

    private static int port(String scheme, int port) {
        return port != -1 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
