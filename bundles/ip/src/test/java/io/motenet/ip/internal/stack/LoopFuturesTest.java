package io.motenet.ip.internal.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.motenet.net.NetException;
import org.junit.jupiter.api.Test;

class LoopFuturesTest {

    @Test
    void aTimedOutWaitCancelsItsWaiterSoTheLoopSkipsIt() {
        CompletableFuture<String> waiter = new CompletableFuture<>();
        assertEquals(Optional.empty(), LoopFutures.await(waiter, Duration.ofMillis(5), "receive"));
        assertTrue(waiter.isCancelled());
    }

    @Test
    void aCompletedWaiterGivesItsValueAndAFailureItsOwnException() {
        assertEquals(Optional.of("x"), LoopFutures.await(CompletableFuture.completedFuture("x"), Duration.ofMillis(5), "r"));
        NetException cause = new NetException("socket closed");
        assertSame(cause, assertThrows(NetException.class,
                () -> LoopFutures.await(CompletableFuture.failedFuture(cause), Duration.ofMillis(5), "r")));
    }

    @Test
    void cancellingTheCallersFutureCancelsTheQueuedWaiter() {
        CompletableFuture<String> waiter = new CompletableFuture<>();
        CompletableFuture<String> caller = LoopFutures.cancellable(waiter, Runnable::run);
        caller.cancel(false);
        assertTrue(waiter.isCancelled(), "the loop must not hand the next connection to a caller that left");
    }

    @Test
    void theCallerSeesTheLoopsExceptionNotAWrapper() {
        CompletableFuture<String> waiter = new CompletableFuture<>();
        CompletableFuture<String> caller = LoopFutures.onExecutor(waiter, Runnable::run);
        NetException cause = new NetException("reset");
        waiter.completeExceptionally(new CompletionException(cause));
        ExecutionException e = assertThrows(ExecutionException.class, caller::get);
        assertSame(cause, e.getCause());
    }
}
