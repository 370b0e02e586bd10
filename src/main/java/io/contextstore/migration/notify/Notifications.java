package io.contextstore.migration.notify;

import java.util.List;
import java.util.Map;

import io.contextstore.migration.config.NotificationProperties;
import io.contextstore.migration.config.NotificationProperties.Notification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Completion webhooks: an ended operation's result is queued for the receivers that want its status
 * ({@code seda:notify}, routes/notify.camel.yaml), without waiting for them. Each receiver's
 * delivery is counted in {@code migration.notifications} by outcome: delivered, failed (after the
 * last try), dropped (the queue was full or the service stopping).
 */
@Component("notifications")
public class Notifications {

    public static final String OPERATION = "X-Migration-Operation";
    public static final String EVENT = "X-Migration-Event";
    /** The exchange property the route keeps the receiver of a delivery in. */
    public static final String RECEIVER = "notification";

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    private final List<Notification> receivers;
    private final ObjectProvider<ProducerTemplate> producer;
    private final MeterRegistry registry;
    private final String queue;
    private final int maxRedeliveries;

    public Notifications(NotificationProperties properties, ObjectProvider<ProducerTemplate> producer,
                         MeterRegistry registry) {
        this.receivers = properties.notifications();
        this.producer = producer;
        this.registry = registry;
        this.maxRedeliveries = properties.notificationDelivery().maxRedeliveries();
        // the queue routes/notify.camel.yaml takes from, of the same size: a full one refuses at once
        // (blockWhenFull=false) instead of holding up the operation that ends
        this.queue = "seda:notify?size=" + properties.notificationDelivery().queueSize()
                + "&blockWhenFull=false&waitForTaskToComplete=Never";
    }

    /** Hands an ended operation's result over to the receivers that want its status; never waits for them. */
    public void ended(String operationId, String status, String resultJson) {
        long wanted = receivers.stream().filter(r -> r.wants(status)).count();
        if (wanted == 0 || resultJson == null) {
            return;
        }
        try {
            producer.getObject().sendBodyAndHeaders(queue, resultJson, Map.of(OPERATION, operationId, EVENT, status,
                    Exchange.CONTENT_TYPE, "application/json"));
        } catch (RuntimeException e) {
            outcome("dropped").increment(wanted);
            log.warn("the notifications of operation {} ({}) were dropped: {}", operationId, status, e.getMessage());
        }
    }

    /** The receivers, for the route to go through. */
    public List<Notification> receivers() {
        return receivers;
    }

    public void delivered(Exchange exchange) {
        outcome("delivered").increment();
        log.debug("operation {} ({}) notified to {}", exchange.getMessage().getHeader(OPERATION),
                exchange.getMessage().getHeader(EVENT), shown(exchange));
    }

    /**
     * After the last try ({@code retried}: the redeliveries configured were all made), or at once for
     * an answer a retry would not change.
     */
    public void failed(Exchange exchange, boolean retried) {
        outcome("failed").increment();
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = error instanceof HttpOperationFailedException http ? "HTTP status " + http.getStatusCode()
                : error == null ? "unknown" : error.getClass().getSimpleName() + ": " + error.getMessage();
        log.warn("the notification of operation {} ({}) to {} failed {}: {}",
                exchange.getMessage().getHeader(OPERATION), exchange.getMessage().getHeader(EVENT), shown(exchange),
                retried ? "after " + (maxRedeliveries + 1) + (maxRedeliveries == 0 ? " try" : " tries") : "and is not tried again", why);
    }

    /** The receiver's URL without user info or query, which may hold credentials. */
    private static String shown(Exchange exchange) {
        Notification receiver = exchange.getProperty(RECEIVER, Notification.class);
        if (receiver == null) {
            return "?";
        }
        java.net.URI uri = java.net.URI.create(receiver.url());
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private Counter outcome(String outcome) {
        return Counter.builder("migration.notifications")
                .description("completion webhooks by outcome: delivered, failed after the last try, dropped unsent")
                .tag("outcome", outcome).register(registry);
    }
}
