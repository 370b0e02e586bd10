package io.contextstore.migration.flow;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An iterator whose next items are fetched on a thread of their own, at most {@code depth} ahead
 * of the caller and in order, so that fetching (a database cursor's round trips, parsing) overlaps
 * with what the caller does with each item. Hand-written because Camel's parallel split does the
 * opposite: it iterates on the route's thread and runs the steps elsewhere, where the steps' order
 * and the state they own would need locks. The source is used by the fetching thread only; a
 * failure there is thrown to the caller at the place in the sequence where it happened.
 */
public final class ReadAhead<T> implements Iterator<T>, Closeable {

    private static final Object END = new Object();
    private static final long POLL_MILLIS = 50;

    private record Failure(Throwable cause) {
    }

    private final BlockingQueue<Object> queue;
    private final Future<?> task;
    private volatile boolean closed;
    private Object next;

    /**
     * {@code depth}: items that may wait fetched beside the one the caller holds and the one being
     * fetched; 0 hands each item over as the caller asks for it.
     */
    public ReadAhead(Iterator<? extends T> source, int depth, ExecutorService executor) {
        this.queue = depth == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(depth);
        this.task = executor.submit(() -> fill(source));
    }

    private void fill(Iterator<? extends T> source) {
        Object last;
        try {
            while (!closed && source.hasNext()) {
                if (!put(source.next())) {
                    return;
                }
            }
            last = END;
        } catch (RuntimeException | Error e) {
            last = new Failure(e);
        }
        put(last);
    }

    /** False once closed or interrupted: then nothing more is fetched. */
    private boolean put(Object item) {
        try {
            while (!queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            // the pool is shutting down: the caller learns so instead of waiting for an item that never comes
            queue.clear();
            queue.offer(new Failure(new IllegalStateException("fetching was interrupted", e)));
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean hasNext() {
        while (next == null && !closed) {
            try {
                next = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next item", e);
            }
            if (next == null && task.isDone() && queue.isEmpty()) {
                throw new IllegalStateException("fetching stopped before the end");
            }
        }
        if (closed) {
            return false;
        }
        if (next instanceof Failure failure) {
            // thrown once; asked again (Camel asks once more when it lets go), there is nothing more
            next = END;
            if (failure.cause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure.cause();
        }
        return next != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T item = (T) next;
        next = null;
        return item;
    }

    /**
     * Stops fetching and returns once the fetching thread has let go of the source, so that the
     * caller may close the source next. Items fetched and not taken are dropped.
     */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        while (!task.isDone()) {
            queue.clear();
            try {
                task.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillFetching) {
                // the current item is still being fetched; it is dropped once it is put
            } catch (ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                // the source is closed after this returns: it must not be in use by then
                interrupted = true;
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
