package io.motenet.link.internal.support;

/**
 * A clock that can also run a task later. Devices and decorators that delay frames take one, so
 * that the same code runs in real time ({@link RealTimeScheduler}) and in simulated time
 * ({@link VirtualScheduler}), where a test drives many hosts in one thread.
 */
public interface Scheduler {

    /** Now, in nanoseconds on this scheduler's time line (only differences mean anything). */
    long nanoTime();

    /** Runs the task once, at {@code atNanos} or as soon after as possible; tasks due at the same time run in the order scheduled. */
    void schedule(long atNanos, Runnable task);
}
