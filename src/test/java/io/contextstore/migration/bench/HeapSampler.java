package io.contextstore.migration.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/** The most heap in use (live objects and garbage not yet collected), sampled every 10 ms. */
final class HeapSampler {

    private static final AtomicLong PEAK = new AtomicLong();

    static {
        Thread sampler = new Thread(() -> {
            while (true) {
                PEAK.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private HeapSampler() {
    }

    static void reset() {
        System.gc();
        PEAK.set(0);
    }

    static double peakMb() {
        return PEAK.get() / 1048576.0;
    }
}
