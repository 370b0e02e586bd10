package io.contextstore.migration.notify;

import java.util.List;

import io.contextstore.migration.config.NotificationProperties;
import io.contextstore.migration.config.NotificationProperties.Delivery;
import io.contextstore.migration.config.NotificationProperties.Notification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue of ended operations: what an end puts on it, and that a full one drops and counts, never waits. */
class NotificationQueueTests {

    private final CamelContext camel = new DefaultCamelContext();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private ProducerTemplate producer;

    @BeforeEach
    void start() {
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private Notifications notifications(int queueSize) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("producerTemplate", producer);
        NotificationProperties properties = new NotificationProperties(List.of(
                new Notification("http://127.0.0.1:9/all", null, "s"),
                new Notification("http://127.0.0.1:9/failed", List.of("failed"), null)),
                new Delivery(5, 1000, 2, 60_000, 10_000, queueSize, 1));
        return new Notifications(properties, beans.getBeanProvider(ProducerTemplate.class), meters);
    }

    private double dropped() {
        var counter = meters.find("migration.notifications").tag("outcome", "dropped").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldQueueTheResultWithItsOperationAndEvent() {
        notifications(10).ended("op-1", "completed", "{\"status\":\"completed\"}");

        try (ConsumerTemplate consumer = camel.createConsumerTemplate()) {
            Exchange queued = consumer.receive("seda:notify?size=10", 1000);
            assertThat(queued.getMessage().getBody(String.class)).isEqualTo("{\"status\":\"completed\"}");
            assertThat(queued.getMessage().getHeader("X-Migration-Operation")).isEqualTo("op-1");
            assertThat(queued.getMessage().getHeader("X-Migration-Event")).isEqualTo("completed");
            assertThat(queued.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldDropAndCountForEachReceiverThatWantedItWhenTheQueueIsFullWithoutWaiting() {
        Notifications notifications = notifications(1);
        notifications.ended("op-1", "completed", "{}");

        long start = System.nanoTime();
        notifications.ended("op-2", "failed", "{}");
        notifications.ended("op-3", "completed", "{}");
        notifications.ended("op-4", "interrupted", "{}");

        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        // op-2: both receivers wanted it; op-3: one; op-4: none, so nothing was queued
        assertThat(dropped()).isEqualTo(3);
    }
}
