package io.contextstore.migration.flow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The items in order, a failure where it happened, and no more fetched than the depth allows. */
class ReadAheadTests {

    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService fetching = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fetching");
        threads.add(thread);
        return thread;
    });

    @AfterEach
    void stop() {
        fetching.shutdownNow();
    }

    @Test
    void shouldGiveEveryItemInOrder() {
        List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
        List<Integer> seen = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(items.iterator(), 2, fetching)) {
            ahead.forEachRemaining(seen::add);
            assertThat(ahead.hasNext()).isFalse();
            assertThatThrownBy(ahead::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(seen).isEqualTo(items);
    }

    @Test
    void shouldThrowTheSourcesFailureAfterTheItemsBeforeItAndThenEnd() {
        IllegalStateException broken = new IllegalStateException("malformed input at record 3");
        AtomicInteger next = new AtomicInteger(1);
        Iterator<Integer> source = Stream.generate(() -> {
            if (next.get() == 3) {
                throw broken;
            }
            return next.getAndIncrement();
        }).iterator();
        ReadAhead<Integer> ahead = new ReadAhead<>(source, 2, fetching);

        assertThat(ahead.next()).isEqualTo(1);
        assertThat(ahead.next()).isEqualTo(2);
        assertThatThrownBy(ahead::hasNext).isSameAs(broken);
        assertThat(ahead.hasNext()).isFalse();
        ahead.close();
    }

    @Test
    void shouldFetchNoMoreThanItsDepthAheadAndLetGoOfTheSourceWhenClosed() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        AtomicInteger inSource = new AtomicInteger();
        Iterator<Integer> endless = Stream.generate(() -> {
            inSource.incrementAndGet();
            try {
                return fetched.incrementAndGet();
            } finally {
                inSource.decrementAndGet();
            }
        }).iterator();
        ReadAhead<Integer> ahead = new ReadAhead<>(endless, 3, fetching);
        assertThat(ahead.next()).isEqualTo(1);
        // one taken, three waiting in the queue, one fetched and waiting for room: then the fetcher parks
        long until = System.nanoTime() + 5_000_000_000L;
        while (fetched.get() < 5 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        awaitParked(threads.get(0));
        assertThat(fetched.get()).isEqualTo(5);

        ahead.close();
        assertThat(fetched.get()).isEqualTo(5);
        assertThat(ahead.hasNext()).isFalse();
        assertThat(inSource.get()).isZero();
        awaitParked(threads.get(0));
    }

    @Test
    void shouldHandEachItemOverAsTheCallerAsksWithDepthZero() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        Iterator<Integer> endless = Stream.generate(fetched::incrementAndGet).iterator();
        ReadAhead<Integer> ahead = new ReadAhead<>(endless, 0, fetching);

        // one taken, the next fetched and waiting to be handed over: then the fetcher parks
        assertThat(ahead.next()).isEqualTo(1);
        awaitFetched(fetched, 2);
        awaitParked(threads.get(0));
        assertThat(fetched.get()).isEqualTo(2);
        // asking takes it over, and the one after it is fetched meanwhile
        assertThat(ahead.hasNext()).isTrue();
        awaitFetched(fetched, 3);
        awaitParked(threads.get(0));
        assertThat(fetched.get()).isEqualTo(3);
        assertThat(ahead.next()).isEqualTo(2);
        assertThat(ahead.next()).isEqualTo(3);

        ahead.close();
        assertThat(ahead.hasNext()).isFalse();
    }

    private static void awaitFetched(AtomicInteger fetched, int count) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (fetched.get() < count && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }

    @Test
    void shouldEndForACallerWaitingWhenClosed() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Iterator<Integer> slow = Stream.generate(() -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return 1;
        }).iterator();
        ReadAhead<Integer> ahead = new ReadAhead<>(slow, 1, fetching);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(ahead::hasNext);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        Thread closing = new Thread(ahead::close);
        closing.start();
        // closed, and waiting for the fetcher to let go of the source; only then does the source answer
        awaitParked(closing);
        release.countDown();

        closing.join(5000);
        assertThat(closing.isAlive()).isFalse();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void shouldTellTheCallerWhenThePoolStopsTheFetching() throws Exception {
        Iterator<Integer> endless = IntStream.iterate(1, i -> i + 1).iterator();
        ReadAhead<Integer> ahead = new ReadAhead<>(endless, 1, fetching);
        awaitParked(threads.get(0));

        fetching.shutdownNow();
        threads.get(0).join(5000);

        assertThatThrownBy(ahead::hasNext).isInstanceOf(IllegalStateException.class).hasMessage("fetching was interrupted");
        assertThat(ahead.hasNext()).isFalse();
        ahead.close();
    }

    /** Parked in the queue's wait or, once closed, back idle in the pool. */
    private static void awaitParked(Thread thread) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING
                && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(thread.getState()).isIn(Thread.State.TIMED_WAITING, Thread.State.WAITING);
    }
}
