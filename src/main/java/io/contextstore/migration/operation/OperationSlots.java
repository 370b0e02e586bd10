package io.contextstore.migration.operation;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.contextstore.migration.config.OperationLimits;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * At most {@code migration.operations.max-concurrent} imports, exports and validations run at
 * once, whoever starts them: an API call takes a slot or is refused, an inbox file and a scheduled
 * run wait for one. A {@link Semaphore} rather than Camel's throttle EIP: a throttle counts the
 * exchanges of its own step, while here one count is shared by the import and export routes and by
 * entry points that differ in what they do when none is free (refuse, or wait).
 * <p>
 * The entry route takes the slot just before it calls {@code direct:import} or
 * {@code direct:export}; that route holds it until its end, so an asynchronous export (a wire-tapped
 * copy of the exchange) keeps its slot until it is done, not until the 202.
 */
@Component
public class OperationSlots {

    static final String SLOT = "MigrationSlot";

    private final Semaphore free;
    private final int size;

    public OperationSlots(OperationLimits limits) {
        this.size = limits.maxConcurrent();
        this.free = new Semaphore(size, true);
    }

    /**
     * A slot now, or false when all are busy. It is given back when this exchange is done, also
     * when the import or export route is never reached (stopped from the console, say).
     */
    public boolean tryTake(Exchange exchange) {
        if (!free.tryAcquire()) {
            return false;
        }
        exchange.setProperty(SLOT, new Slot());
        holdUntilDone(exchange);
        return true;
    }

    /**
     * A slot now for an operation handed to a wire-tapped copy of this exchange: the copy holds it
     * ({@link #handOver}); this exchange gives it back only if it fails before the hand-over.
     */
    public boolean tryTakeToHandOver(Exchange exchange) {
        if (!free.tryAcquire()) {
            return false;
        }
        Slot slot = new Slot();
        exchange.setProperty(SLOT, slot);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onFailure(Exchange failed) {
                slot.release();
            }
        });
        return true;
    }

    /** The wire tap's onPrepare: the copy that runs the operation gives the slot back when it is done. */
    @Bean
    static Processor slotHandOver(OperationSlots slots) {
        return slots::holdUntilDone;
    }

    /**
     * First step of the import and export routes: the slot the caller took (REST, the inbox), or,
     * for a caller that took none (a route of yours, a schedule), one waited for; held until done.
     */
    @Bean
    static Processor slotHold(OperationSlots slots) {
        return exchange -> {
            if (exchange.getProperty(SLOT) == null) {
                slots.take(exchange);
            } else {
                slots.holdUntilDone(exchange);
            }
        };
    }

    /** Last step of the import and export routes: the slot given back before the caller has its answer. */
    @Bean
    static Processor slotRelease(OperationSlots slots) {
        return slots::release;
    }

    /** Waits for a slot, given back when this exchange is done. */
    public void take(Exchange exchange) throws InterruptedException {
        free.acquire();
        exchange.setProperty(SLOT, new Slot());
        holdUntilDone(exchange);
    }

    /**
     * First step of the import and export routes (and the wire tap's hand-over): the slot this
     * exchange carries is given back when the exchange is done, whatever happens (the route's last
     * step gives it back earlier; giving back twice is harmless).
     */
    public void holdUntilDone(Exchange exchange) {
        Slot slot = exchange.getProperty(SLOT, Slot.class);
        if (slot != null) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    slot.release();
                }
            });
        }
    }

    /** Last step of the import and export routes: before the caller has its answer. */
    public void release(Exchange exchange) {
        Slot slot = exchange.getProperty(SLOT, Slot.class);
        if (slot != null) {
            slot.release();
        }
    }

    /** Slots in use now. */
    public int busy() {
        return size - free.availablePermits();
    }

    private final class Slot {
        private final AtomicBoolean held = new AtomicBoolean(true);

        void release() {
            if (held.compareAndSet(true, false)) {
                free.release();
            }
        }
    }
}
