package io.motenet.ip.internal.stack;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.motenet.net.NetException;

/**
 * How application threads wait for futures that the loop thread completes: a timed wait that gives up cleanly,
 * and an asynchronous view whose callbacks run on the stack's executor, never on the loop.
 */
final class LoopFutures {

    private LoopFutures() {}

    /**
     * Waits for a waiter the loop will complete. On timeout the waiter is cancelled so the loop skips it; if the
     * loop completed it in that same instant, its value is kept rather than lost.
     *
     * @param what what is awaited, for messages ("receive on /10.0.0.1:53")
     */
    static <T> Optional<T> await(CompletableFuture<T> waiter, Duration timeout, String what) {
        try {
            return Optional.of(waiter.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            if (waiter.cancel(false)) {
                return Optional.empty();
            }
            return Optional.of(waiter.join());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new NetException(what + " failed", e.getCause());
        } catch (InterruptedException e) {
            waiter.cancel(false);
            Thread.currentThread().interrupt();
            throw new NetException("interrupted while waiting: " + what);
        }
    }

    /** The loop's future, completed on {@code executor}. */
    static <T> CompletableFuture<T> onExecutor(CompletableFuture<T> inner, Executor executor) {
        CompletableFuture<T> outer = new CompletableFuture<>();
        inner.whenCompleteAsync((v, e) -> {
            if (e != null) {
                outer.completeExceptionally(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e);
            } else {
                outer.complete(v);
            }
        }, executor);
        return outer;
    }

    /**
     * {@link #onExecutor} for a waiter in a queue: cancelling the caller's future cancels the waiter, so a caller
     * that gives up does not swallow the next datagram or connection (the loop skips done waiters).
     */
    static <T> CompletableFuture<T> cancellable(CompletableFuture<T> waiter, Executor executor) {
        CompletableFuture<T> outer = onExecutor(waiter, executor);
        outer.whenComplete((v, e) -> {
            if (outer.isCancelled()) {
                waiter.cancel(false);
            }
        });
        return outer;
    }
}
