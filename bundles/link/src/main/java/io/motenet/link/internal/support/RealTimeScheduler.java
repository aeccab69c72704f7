package io.motenet.link.internal.support;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wall-clock scheduling on one daemon platform thread of its own, for decorators that delay
 * frames in a running system. {@link #close()} drops tasks that have not run.
 */
public final class RealTimeScheduler implements Scheduler, AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    public RealTimeScheduler(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Thread.ofPlatform().name(threadName).daemon(true).unstarted(r);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void schedule(long atNanos, Runnable task) {
        if (executor.isShutdown()) {
            return;
        }
        executor.schedule(task, atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
