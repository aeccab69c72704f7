package io.motenet.link.internal.support;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Simulated time: nothing happens until the test's loop says so. Tasks run in the thread that
 * calls {@link #runUntil(long)}, {@link #runNext()} or {@link #advance(Duration)}, in time order
 * (ties in the order they were scheduled), and the clock jumps from one task to the next. Minutes
 * of retransmission back-off pass in microseconds, and a run is the same every time.
 *
 * <p>Not thread-safe: one simulation, one thread.
 */
public final class VirtualScheduler implements Scheduler {

    private record Event(long at, long seq, Runnable task) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long now;
    private long seq;
    private long ran;

    /** Starts at time zero. */
    public VirtualScheduler() {
        this(0);
    }

    /** Starts at the given time. */
    public VirtualScheduler(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** A task scheduled in the past runs at the current time (the clock never goes back). */
    @Override
    public void schedule(long atNanos, Runnable task) {
        events.add(new Event(Math.max(atNanos, now), seq++, task));
    }

    /** When the next task is due, or {@link Long#MAX_VALUE} when none is pending. */
    public long nextEventTime() {
        Event next = events.peek();
        return next == null ? Long.MAX_VALUE : next.at;
    }

    /** Tasks waiting to run. */
    public int pending() {
        return events.size();
    }

    /** Tasks run so far. */
    public long tasksRun() {
        return ran;
    }

    /** Runs the earliest task, moving the clock to its time. False when none is pending. */
    public boolean runNext() {
        Event next = events.poll();
        if (next == null) {
            return false;
        }
        now = next.at;
        ran++;
        next.task.run();
        return true;
    }

    /** Runs every task due up to and including {@code timeNanos} (also ones those tasks schedule), then sets the clock to it. */
    public void runUntil(long timeNanos) {
        while (!events.isEmpty() && events.peek().at <= timeNanos) {
            runNext();
        }
        now = Math.max(now, timeNanos);
    }

    /** {@link #runUntil(long)} the current time plus {@code d}. */
    public void advance(Duration d) {
        runUntil(now + d.toNanos());
    }

    /**
     * Runs tasks until none is left, at most {@code maxTasks} of them (a guard against a
     * simulation that never goes quiet).
     *
     * @return true when the queue emptied, false when the limit stopped it
     */
    public boolean runAll(long maxTasks) {
        for (long i = 0; i < maxTasks; i++) {
            if (!runNext()) {
                return true;
            }
        }
        return events.isEmpty();
    }
}
