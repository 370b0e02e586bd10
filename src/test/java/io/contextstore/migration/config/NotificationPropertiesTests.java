package io.contextstore.migration.config;

import java.util.List;

import io.contextstore.migration.config.NotificationProperties.Notification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationPropertiesTests {

    private static NotificationProperties of(Notification... notifications) {
        return new NotificationProperties(List.of(notifications), null);
    }

    @Test
    void shouldWantEveryEventWhenNoneAreGivenAndSignOnlyWithASecret() {
        NotificationProperties properties = of(new Notification(" https://hooks.example.com/m ", null, ""),
                new Notification("http://pager:9000/a", List.of("Failed", " cancelled"), "s3cret"));

        Notification all = properties.notifications().get(0);
        assertThat(all.url()).isEqualTo("https://hooks.example.com/m");
        assertThat(all.events()).containsExactly("completed", "completed_with_errors", "failed", "cancelled");
        assertThat(all.signed()).isFalse();
        Notification failures = properties.notifications().get(1);
        assertThat(failures.events()).containsExactly("failed", "cancelled");
        assertThat(failures.wants("failed")).isTrue();
        assertThat(failures.wants("completed")).isFalse();
        assertThat(failures.wants("interrupted")).isFalse();
        assertThat(failures.toString()).isEqualTo("Notification[url=http://pager:9000/a, events=[failed, cancelled], "
                + "signed=true]").doesNotContain("s3cret");
        assertThat(properties.notificationDelivery())
                .isEqualTo(new NotificationProperties.Delivery(5, 1000, 2, 60_000, 10_000, 1000, 2));
    }

    @Test
    void shouldRefuseAnUnknownEventOrAUrlThatIsNotHttpNamingTheEntry() {
        assertThatThrownBy(() -> of(new Notification("http://a/x", null, null),
                new Notification("http://b/y", List.of("failed", "done"), null)))
                .hasMessage("migration.notifications[1].events: no event 'done'; the events are completed, "
                        + "completed_with_errors, failed, cancelled");
        for (String url : new String[] {null, "", "ftp://files/x", "hooks.example.com/x", "http://"}) {
            assertThatThrownBy(() -> of(new Notification(url, null, null))).as(url)
                    .hasMessage("migration.notifications[0].url must be an http or https URL, not '" + url + "'");
        }
        assertThatThrownBy(() -> new NotificationProperties.Delivery(-1, 1000, 2, 60_000, 10_000, 1000, 2))
                .hasMessageStartingWith("migration.notification-delivery:");
    }
}
