package io.motenet.ip.internal.stack;

import io.motenet.net.NetException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Application threads waiting, in order, for what the loop hands out one at a time: connections to accept,
 * datagrams, held SYNs. The queue belongs to the loop: a waiter joins it in a loop task, and the handle serves it
 * from its source after polls. A waiter that gave up (a timed-out wait cancels its future) is skipped; an item
 * whose waiter gave up in the very instant it was handed over goes back to the source, so nothing is lost.
 */
final class WaiterQueue<T> {

    /** Where the items come from, on the loop. */
    interface Source<T> {
        /** The next item, or null when there is none now. May throw to fail the waiter it is for (an error queued for the socket). */
        T next();

        /** Takes back an item {@link #next} gave whose waiter had given up: it goes to the next waiter. */
        void putBack(T item);
    }

    private final StackLoop loop;
    private final BooleanSupplier closed;
    private final Supplier<NetException> closedError;
    private final Source<T> source;
    private final ArrayDeque<CompletableFuture<T>> waiters = new ArrayDeque<>(); // loop-owned

    /**
     * @param closed      true once the handle is closed: new waiters fail at once with {@code closedError}
     * @param source      what the waiters get, in order
     */
    WaiterQueue(StackLoop loop, BooleanSupplier closed, Supplier<NetException> closedError, Source<T> source) {
        this.loop = loop;
        this.closed = closed;
        this.closedError = closedError;
        this.source = source;
    }

    /**
     * From any thread: a new waiter. It fails at once when the handle is closed, on the caller's side or on the
     * loop's; otherwise it joins the queue and is served if it can be.
     */
    CompletableFuture<T> join() {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed.getAsBoolean()) {
            f.completeExceptionally(closedError.get());
            return f;
        }
        loop.execute(s -> {
            if (closed.getAsBoolean()) {
                f.completeExceptionally(closedError.get());
                return;
            }
            waiters.addLast(f);
            serve();
        });
        return f;
    }

    /** On the loop: hands items from the source to the waiters in order while both last. */
    void serve() {
        while (!waiters.isEmpty()) {
            CompletableFuture<T> f = waiters.peekFirst();
            if (f.isDone()) {
                waiters.pollFirst(); // gave up
                continue;
            }
            T item;
            try {
                item = source.next();
            } catch (RuntimeException e) {
                waiters.pollFirst().completeExceptionally(e);
                continue;
            }
            if (item == null) {
                return;
            }
            if (!waiters.pollFirst().complete(item)) {
                source.putBack(item); // the waiter gave up in this instant: the next one gets it
            }
        }
    }

    /** On the loop: true when someone is waiting. */
    boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /** On the loop: every waiter fails with {@code e} (the handle closed). */
    void failAll(NetException e) {
        waiters.forEach(f -> f.completeExceptionally(e));
        waiters.clear();
    }
}
