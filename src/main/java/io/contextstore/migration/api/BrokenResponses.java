package io.contextstore.migration.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.coyote.CloseNowException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Breaks off the connection of an answer that failed after its first bytes were sent (an export
 * delivered in the response): its status can no longer change, and ending it normally would pass a
 * truncated file for a complete one. Tomcat closes the connection at once when a servlet fails on a
 * committed response, and the route's thread cannot fail the servlet (platform-http ends the
 * request itself), so the failure it leaves on the request is raised here, where the request's
 * async dispatch returns. It is raised as Tomcat's own {@link CloseNowException}, which Tomcat
 * logs without a stack trace: the export has logged why it stopped.
 */
@Component
class BrokenResponses extends OncePerRequestFilter {

    static final String FAILED = BrokenResponses.class.getName() + ".failed";

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        Object failure = request.getAttribute(FAILED);
        if (failure != null && !request.isAsyncStarted()) {
            request.removeAttribute(FAILED);
            throw new CloseNowException("the answer was broken off after its first bytes: " + failure);
        }
    }
}
