package io.contextstore.migration.operation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster service behind the schedules' {@code master:} endpoints: of the instances sharing the
 * data folder, the holder of a schedule's lock file in {@code <data-dir>/cluster} fires it. The holder
 * renews its claim every {@code migration.cluster.lock-interval}; once it stops (SIGKILL, a lost
 * host), another instance takes the lock over after a few intervals.
 */
@Configuration(proxyBeanMethods = false)
public class ScheduleCluster {

    @Bean
    FileLockClusterService scheduleClusterService(@Value("${migration.data-root}") Path dataRoot,
                                                  @Value("${migration.cluster.lock-interval:5s}") Duration interval) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId("schedules");
        service.setRoot(dataRoot.resolve("cluster").toString());
        service.setAcquireLockDelay(1, TimeUnit.SECONDS);
        service.setAcquireLockInterval(interval.toMillis(), TimeUnit.MILLISECONDS);
        return service;
    }
}
