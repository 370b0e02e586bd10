package io.contextstore.migration.ops;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ScenarioSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hawtio and Jolokia as an attacker would try them: with an admin's credentials, from a page of
 * another site, or for what reaches past the service (heap dumps, JVM diagnostics, proxying). The
 * same context as {@link OpsTests}.
 */
@AutoConfigureObservability
@TestPropertySource(properties = {
        "spring.jmx.enabled=true",
        "migration.data-dir=target/test-data/ops",
        "migration.inbox.poll-delay-ms=200",
        "migration.inbox.stable-ms=300"})
class ConsoleSecurityTests extends ScenarioSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVIL = "https://evil.example";

    @Autowired
    CamelContext camel;

    private static String basic(String token) {
        return "Basic " + Base64.getEncoder().encodeToString(("ops:" + token).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder jolokia(String authorization, Object body) throws Exception {
        return HttpRequest.newBuilder(URI.create(api.base() + "/actuator/jolokia"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    private ApiClient.Reply asAdmin(Object body) throws Exception {
        return api.send(jolokia("Bearer " + ADMIN_TOKEN, body).build());
    }

    private static Map<String, Object> exec(String mbean, String operation, Object... arguments) {
        return Map.of("type", "exec", "mbean", mbean, "operation", operation, "arguments", List.of(arguments));
    }

    /** This context's route: test contexts share the JVM's MBean server, each under a name of its own. */
    private String route() {
        return "org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\"unseal\"";
    }

    @Test
    void shouldRefuseHeapDumpsJvmDiagnosticsAndProxyRequestsEvenToTheAdmin() throws Exception {
        Path heap = work.resolve("heap.hprof");
        Path jcmdHeap = work.resolve("jcmd.hprof");
        Path sent = work.resolve("sent.txt");

        List<ApiClient.Reply> refused = List.of(
                asAdmin(exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap", heap.toString(), true)),
                asAdmin(exec("com.sun.management:type=HotSpotDiagnostic", "setVMOption", "HeapDumpPath",
                        work.toString())),
                asAdmin(exec("com.sun.management:type=DiagnosticCommand", "gcHeapDump",
                        (Object) new String[] {jcmdHeap.toString()})),
                asAdmin(exec("com.sun.management:type=DiagnosticCommand", "vmSystemProperties")),
                asAdmin(exec("jdk.management.jfr:type=FlightRecorder", "newRecording")),
                asAdmin(exec("org.apache.camel:context=context-store-migration,type=context,name=\"context-store-migration\"",
                        "sendBody(java.lang.String,java.lang.Object)",
                        "file:" + work + "?fileName=sent.txt", "written from the console")),
                asAdmin(Map.of("type", "read", "mbean", "java.lang:type=Memory", "attribute", "HeapMemoryUsage",
                        "target", Map.of("url", "service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi"))),
                api.send(HttpRequest.newBuilder(URI.create(api.base()
                                + "/actuator/jolokia/exec/com.sun.management:type=HotSpotDiagnostic/dumpHeap/"
                                + heap.toString().replace("/", "!/") + "/true"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build()));

        for (ApiClient.Reply reply : refused) {
            // Jolokia answers every request with HTTP 200 and the request's own status in the body
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("status").asInt()).as(reply.body()).isEqualTo(403);
            assertThat(reply.json().has("value")).isFalse();
        }
        for (ApiClient.Reply reply : List.of(refused.get(0), refused.get(1), refused.get(2), refused.get(3), refused.get(4),
                refused.get(5), refused.get(7))) {
            assertThat(reply.json().get("error").asText()).as(reply.body()).matches("java.lang.Exception : Operation \\S+ forbidden for MBean .*");
        }
        assertThat(refused.get(6).json().get("error").asText()).isEqualTo("java.lang.Exception : proxy requests (JSR-160) are not allowed");
        assertThat(heap).doesNotExist();
        assertThat(jcmdHeap).doesNotExist();
        assertThat(sent).doesNotExist();
        // reading stays open: the JVM's runtime, the heap in use
        ApiClient.Reply runtime = asAdmin(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "Uptime"));
        assertThat(runtime.json().get("status").asInt()).isEqualTo(200);
        assertThat(runtime.json().get("value").asLong()).isPositive();
    }

    @Test
    void shouldRefuseCallsFromAnotherSitesPageEvenWithTheAdminsCredentials() throws Exception {
        Map<String, Object> stop = exec(route(), "stop()");

        ApiClient.Reply withOrigin = api.send(jolokia(basic(ADMIN_TOKEN), stop).header("Origin", EVIL).build());
        ApiClient.Reply bearerWithOrigin = api.send(jolokia("Bearer " + ADMIN_TOKEN, stop).header("Origin", EVIL).build());
        ApiClient.Reply nullOrigin = api.send(jolokia(basic(ADMIN_TOKEN), stop).header("Origin", "null").build());
        ApiClient.Reply otherPort = api.send(jolokia(basic(ADMIN_TOKEN), stop)
                .header("Origin", "http://127.0.0.1:" + (port + 1)).build());
        // what an <img src> on another site sends: no Origin, but Sec-Fetch-Site or a Referer
        String getStop = api.base() + "/actuator/jolokia/exec/" + route().replace("\"", "%22") + "/stop()";
        ApiClient.Reply fetchSite = api.send(HttpRequest.newBuilder(URI.create(getStop))
                .header("Authorization", basic(ADMIN_TOKEN)).header("Sec-Fetch-Site", "cross-site").GET().build());
        ApiClient.Reply referer = api.send(HttpRequest.newBuilder(URI.create(getStop))
                .header("Authorization", basic(ADMIN_TOKEN)).header("Referer", EVIL + "/page.html").GET().build());
        ApiClient.Reply page = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/actuator/hawtio/"))
                .header("Authorization", basic(ADMIN_TOKEN)).header("Sec-Fetch-Site", "cross-site").GET().build());

        for (ApiClient.Reply reply : List.of(withOrigin, bearerWithOrigin, nullOrigin, otherPort, fetchSite, referer, page)) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(403);
            assertThat(reply.json().get("error").asText()).isEqualTo("forbidden");
            assertThat(reply.json().get("message").asText()).isEqualTo("calls from another site's page are refused");
            assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
        }
        assertThat(camel.getRouteController().getRouteStatus("unseal")).isEqualTo(ServiceStatus.Started);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND status = '403' "
                + "AND username = 'ada'", Long.class)).isEqualTo(7);
    }

    @Test
    void shouldLetTheAdminStopAndStartARouteFromTheServicesOwnOrigin() throws Exception {
        String own = "http://127.0.0.1:" + port;
        try {
            ApiClient.Reply routes = api.send(jolokia(basic(ADMIN_TOKEN),
                    Map.of("type", "search", "mbean", "org.apache.camel:type=routes,*")).header("Origin", own).build());
            ApiClient.Reply stopped = api.send(jolokia(basic(ADMIN_TOKEN), exec(route(), "stop()"))
                    .header("Origin", own).header("Sec-Fetch-Site", "same-origin")
                    .header("Referer", own + "/actuator/hawtio/camel/routes").build());
            ApiClient.Reply stateWhenStopped = asAdmin(Map.of("type", "read", "mbean", route(), "attribute", "State"));
            ServiceStatus inCamelWhenStopped = camel.getRouteController().getRouteStatus("unseal");
            // a tool: bearer token, no Origin
            ApiClient.Reply started = asAdmin(exec(route(), "start()"));
            ApiClient.Reply stateWhenStarted = asAdmin(Map.of("type", "read", "mbean", route(), "attribute", "State"));
            ApiClient.Reply page = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/actuator/hawtio/"))
                    .header("Authorization", basic(ADMIN_TOKEN)).header("Sec-Fetch-Site", "none").GET().build());

            assertThat(routes.status()).isEqualTo(200);
            assertThat(routes.json().get("value").toString()).contains("name=\\\"unseal\\\"", "name=\\\"inbox\\\"");
            assertThat(stopped.json().get("status").asInt()).as(stopped.body()).isEqualTo(200);
            assertThat(stateWhenStopped.json().get("value").asText()).isEqualTo("Stopped");
            assertThat(inCamelWhenStopped).isEqualTo(ServiceStatus.Stopped);
            assertThat(started.json().get("status").asInt()).as(started.body()).isEqualTo(200);
            assertThat(stateWhenStarted.json().get("value").asText()).isEqualTo("Started");
            assertThat(camel.getRouteController().getRouteStatus("unseal")).isEqualTo(ServiceStatus.Started);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).containsIgnoringCase("hawtio");
        } finally {
            camel.getRouteController().startRoute("unseal");
        }
    }

    @Test
    void shouldActOnlyOnPostWhenSignedInWithTheBrowsersBasicSignIn() throws Exception {
        // a plain-http page's <img src=".../exec/...">: GET, no Origin, no Sec-Fetch-Site, no Referer
        String stopUrl = api.base() + "/actuator/jolokia/exec/" + route().replace("\"", "%22") + "/stop()";
        ApiClient.Reply bare = api.send(HttpRequest.newBuilder(URI.create(stopUrl))
                .header("Authorization", basic(ADMIN_TOKEN)).GET().build());
        ApiClient.Reply asQuery = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/actuator/jolokia/?p=/exec/"
                        + java.net.URLEncoder.encode(route(), java.nio.charset.StandardCharsets.UTF_8) + "/stop()"))
                .header("Authorization", basic(ADMIN_TOKEN)).GET().build());
        ServiceStatus afterGets = camel.getRouteController().getRouteStatus("unseal");
        ApiClient.Reply read = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/actuator/jolokia/read/"
                        + route().replace("\"", "%22") + "/State"))
                .header("Authorization", basic(ADMIN_TOKEN)).GET().build());
        // the debugger and tracer evaluate expressions of any language: denied whether or not they run
        ApiClient.Reply evaluate = asAdmin(exec("org.apache.camel:context=" + camel.getManagementName()
                        + ",type=tracer,name=BacklogDebugger", "evaluateExpressionAtBreakpoint", "a", "simple",
                "${env:MIGRATION_KEY}"));

        assertThat(bare.status()).as(bare.body()).isEqualTo(403);
        assertThat(asQuery.status()).as(asQuery.body()).isEqualTo(403);
        assertThat(afterGets).isEqualTo(ServiceStatus.Started);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("value").asText()).isEqualTo("Started");
        assertThat(evaluate.json().get("status").asInt()).as(evaluate.body()).isEqualTo(403);
    }

    @Test
    void shouldNotProxyFromTheConsoleToOtherAddresses() throws Exception {
        ApiClient.Reply enabled = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/actuator/hawtio/proxy/enabled"))
                .header("Authorization", basic(ADMIN_TOKEN)).GET().build());
        ApiClient.Reply through = api.send(HttpRequest.newBuilder(URI.create(api.base()
                        + "/actuator/hawtio/proxy/http/127.0.0.1/" + port + "/actuator/health"))
                .header("Authorization", basic(ADMIN_TOKEN)).GET().build());

        assertThat(enabled.body().strip()).isEqualTo("false");
        assertThat(through.status()).isEqualTo(404);
        assertThat(through.body()).doesNotContain("\"status\":\"UP\"");
    }

    @Test
    void shouldWriteAnOperatorRefusedByTheConsoleToTheAuditLog() throws Exception {
        ApiClient.Reply refused = api.send(jolokia("Bearer " + OPERATOR_TOKEN, Map.of("type", "version")).build());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(refused.json().get("message").asText()).isEqualTo("the console is for admins");
        JsonNode audit = api.get("/api/data-migration/audit?limit=10", ADMIN_TOKEN).json();
        assertThat(audit.toString()).contains("\"refused\"", "olivia", "POST /actuator/jolokia");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND status = '403' "
                + "AND username = 'olivia'", Long.class)).isEqualTo(1);
    }
}
