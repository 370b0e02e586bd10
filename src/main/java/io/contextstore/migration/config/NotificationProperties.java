package io.contextstore.migration.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Completion webhooks: {@code migration.notifications} lists the receivers of each ended operation's
 * result, {@code migration.notification-delivery} how they are sent (routes/notify.camel.yaml).
 * Refused at start-up: a receiver without an http or https URL, an event name that does not exist.
 */
@ConfigurationProperties("migration")
public record NotificationProperties(List<Notification> notifications, Delivery notificationDelivery) {

    /** The ends an operation can come to that a receiver may ask for. */
    public static final List<String> EVENTS = List.of("completed", "completed_with_errors", "failed", "cancelled");

    public NotificationProperties {
        notifications = notifications == null ? List.of() : notifications;
        notificationDelivery = notificationDelivery == null ? new Delivery(5, 1000, 2, 60_000, 10_000, 1000, 2)
                : notificationDelivery;
        List<Notification> checked = new ArrayList<>();
        for (int i = 0; i < notifications.size(); i++) {
            checked.add(notifications.get(i).checked("migration.notifications[" + i + "]"));
        }
        notifications = List.copyOf(checked);
    }

    /**
     * One receiver: the URL the result is posted to, the events it wants (none given: all four), and
     * the secret its {@code X-Migration-Signature} is computed with (none: the header is not sent).
     */
    public record Notification(String url, List<String> events, String secret) {

        public Notification {
            events = events == null || events.isEmpty() ? EVENTS
                    : events.stream().map(e -> e == null ? "" : e.trim().toLowerCase(Locale.ROOT)).toList();
            secret = secret == null || secret.isEmpty() ? null : secret;
        }

        Notification checked(String name) {
            URI uri;
            try {
                uri = url == null || url.isBlank() ? null : URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new IllegalArgumentException(name + ".url must be an http or https URL, not '" + url + "'");
            }
            for (String event : events) {
                if (!EVENTS.contains(event)) {
                    throw new IllegalArgumentException(name + ".events: no event '" + event + "'; the events are "
                            + String.join(", ", EVENTS));
                }
            }
            return new Notification(url.trim(), events, secret);
        }

        /** Whether an operation that ended with this status is sent to this receiver. */
        public boolean wants(String status) {
            return events.contains(status);
        }

        public boolean signed() {
            return secret != null;
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return "Notification[url=" + url + ", events=" + events + ", signed=" + signed() + "]";
        }
    }

    /**
     * How results are sent: a failed POST (no answer, a timeout, 408, 429 or 5xx) is tried again
     * {@code maxRedeliveries} times, first after {@code redeliveryDelayMs}, each wait
     * {@code backoffMultiplier} times the one before, at most {@code maxRedeliveryDelayMs};
     * {@code timeoutMs} bounds connecting and waiting for the answer; {@code queueSize} ended operations
     * wait at most for {@code consumers} senders, more are dropped and counted.
     */
    public record Delivery(int maxRedeliveries, long redeliveryDelayMs, double backoffMultiplier,
                           long maxRedeliveryDelayMs, long timeoutMs, int queueSize, int consumers) {
        public Delivery {
            if (maxRedeliveries < 0 || redeliveryDelayMs < 0 || backoffMultiplier < 1 || maxRedeliveryDelayMs < 0
                    || timeoutMs < 1 || queueSize < 1 || consumers < 1) {
                throw new IllegalArgumentException("migration.notification-delivery: max-redeliveries, "
                        + "redelivery-delay-ms and max-redelivery-delay-ms must be 0 or more, backoff-multiplier 1 or "
                        + "more, timeout-ms, queue-size and consumers 1 or more");
            }
        }
    }
}
