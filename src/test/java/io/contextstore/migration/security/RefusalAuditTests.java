package io.contextstore.migration.security;

import java.time.Duration;
import java.util.Map;

import io.contextstore.migration.support.ApiClient;
import io.contextstore.migration.support.ScenarioSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refused calls in the audit log, with a budget a minute for anonymous callers and one for signed-in
 * ones. A context of its own: the budget lives as long as the service, so refusals of other test
 * classes must not have spent it.
 */
@TestPropertySource(properties = "migration.data-dir=target/test-data/refusals")
class RefusalAuditTests extends ScenarioSupport {

    private static final String API = "/api/data-migration";

    @Test
    void shouldWriteAtMostSixtyRefusalsAMinuteOfSignedInCallersAndAsManyOfAnonymousOnes() throws Exception {
        ApiClient api = new ApiClient(port);
        // the budget is per minute of the clock: start early in one, so that the calls stay in it
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> System.currentTimeMillis() / 1000 % 60 <= 35);
        long minute = System.currentTimeMillis() / 60_000;

        for (int i = 0; i < 70; i++) {
            assertThat(api.post(API + "/export", VIEWER_TOKEN, Map.of("dataType", "contexts")).status()).isEqualTo(403);
            assertThat(api.get(API + "/operations/active", null).status()).isEqualTo(401);
        }
        assertThat(api.get("/actuator/jolokia/version", OPERATOR_TOKEN).status()).isEqualTo(403);
        // refusals are written before they are answered: all 141 are counted by now, and in one budget
        assertThat(System.currentTimeMillis() / 60_000).as("the calls stayed in one minute of the clock").isEqualTo(minute);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND status = '403'",
                Long.class)).isEqualTo(RefusalAudit.PER_MINUTE);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND status = '403' "
                + "AND username = 'victor' AND details = 'POST " + API + "/export'", Long.class))
                .isEqualTo(RefusalAudit.PER_MINUTE);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND status = '401' "
                + "AND username IS NULL", Long.class)).isEqualTo(RefusalAudit.PER_MINUTE);
    }
}
