package io.contextstore.migration.api;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Requests Tomcat refuses before any servlet sees them (a malformed {@code %} escape, an encoded
 * {@code /} in a path) are answered {@code {error, message}} like every other refusal: the host's
 * error report valve, which writes an HTML page, is this one. Spring Boot has no setting for it.
 */
@Configuration(proxyBeanMethods = false)
class ServerErrorReport {

    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory() {
        return new TomcatServletWebServerFactory() {
            @Override
            protected TomcatWebServer getTomcatWebServer(Tomcat tomcat) {
                ((StandardHost) tomcat.getHost()).setErrorReportValveClass(JsonErrorReport.class.getName());
                return super.getTomcatWebServer(tomcat);
            }
        };
    }

    /** Only for answers nothing was written to yet; the API's own errors are written by the API. */
    public static class JsonErrorReport extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String message = status == 400 ? "the request cannot be read: its path or query is not valid"
                    : "the request cannot be served";
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write("{\"error\":\"" + ApiCalls.errorCode(status) + "\",\"message\":\"" + message + "\"}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone; nothing to answer
            }
        }
    }
}
