package io.contextstore.migration.security;

import org.jolokia.server.core.request.JolokiaRequest;
import org.jolokia.server.core.service.request.AbstractRequestHandler;

/**
 * Jolokia's proxy mode (a {@code target} in the request, or the {@code proxy} provider) would make
 * this service connect to any JMX URL a caller names. Its handler is removed in
 * {@code META-INF/jolokia/services}; without it Jolokia would answer such a request from this JVM's
 * own MBeans as if nothing had been asked, so this handler, first in order, refuses it (403 in
 * Jolokia's answer). Jolokia's policy file has no rule for proxy requests.
 */
public class JolokiaProxyRefusal extends AbstractRequestHandler {

    public JolokiaProxyRefusal(int order) {
        super("proxy", order);
    }

    @Override
    public boolean canHandle(JolokiaRequest request) {
        return request.getOption("target") != null || checkProvider(request);
    }

    @Override
    public <R extends JolokiaRequest> Object handleRequest(R request, Object previous) {
        throw new SecurityException("proxy requests (JSR-160) are not allowed");
    }
}
