package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.iface.Stack;
import io.motenet.link.NetworkDevice;
import io.motenet.net.NetException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one thread that owns a {@link Stack}: it takes frames that drivers queued, runs tasks that
 * application threads queued, polls the stack with the real clock, sends what came out and
 * sleeps until the stack's next deadline or new input. Nothing else touches the stack.
 */
final class StackLoop implements Runnable {
    /** Work that runs after every poll, on the loop (socket handles deliver here); returns its next deadline. */
    interface Hook {
        long afterPoll(long now);
    }

    private record Frame(String iface, ByteBuffer data) {
    }

    private final Stack stack;
    private final long spinNanos;
    private final int maxQueuedFrames;
    private final ConcurrentLinkedQueue<Consumer<Stack>> tasks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Frame> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final LongAdder droppedFrames = new LongAdder();
    private final List<Hook> hooks = new ArrayList<>(); // loop-owned
    private final ReceiveBuffers buffers = new ReceiveBuffers(256, 64);
    /** Frames handed to the stack since its last poll; the poll consumes them (loop-owned). */
    private final List<byte[]> handedIn = new ArrayList<>();
    /** The device each interface sends through; written by the loop, read by the loop. */
    final Map<String, NetworkDevice> devices = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    StackLoop(Stack stack, int maxQueuedFrames, String name, long spinNanos) {
        this.spinNanos = spinNanos;
        this.stack = stack;
        this.maxQueuedFrames = maxQueuedFrames;
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean onLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Called by drivers on their threads: copies the lent frame into a reused array. The loop wakes at the end of
     * the device's batch ({@link #endOfBatch}), so it takes a batch in one poll and answers it with one ACK.
     */
    void frameReceived(String iface, ByteBuffer frame) {
        if (!roomForFrame()) {
            return;
        }
        int length = frame.remaining();
        byte[] copy = buffers.take(length);
        frame.get(frame.position(), copy, 0, length);
        frames.add(new Frame(iface, ByteBuffer.wrap(copy, 0, length)));
    }

    /** Takes a place in the queue of received frames; false (a drop, counted) when it is full. */
    private boolean roomForFrame() {
        if (queuedFrames.incrementAndGet() > maxQueuedFrames) {
            queuedFrames.decrementAndGet();
            droppedFrames.increment();
            return false;
        }
        return true;
    }

    /** An array from the receive pool for a device to read its next frame into ({@code FrameConsumer.frameArray}). */
    byte[] takeFrameArray(int length) {
        return buffers.take(length);
    }

    /**
     * Called by drivers on their threads: a frame read into an array from {@link #takeFrameArray}, queued as it is
     * (no copy); the array goes back to the pool once the stack has consumed the frame, as a copy's would.
     */
    void frameReceivedInArray(String iface, ByteBuffer frame) {
        if (!roomForFrame()) {
            buffers.give(frame.array());
            return;
        }
        framesKept.increment();
        frames.add(new Frame(iface, frame));
    }

    private final LongAdder framesKept = new LongAdder();

    /** Frames queued in the arrays they were read into, without a copy (for tests). */
    long framesKept() {
        return framesKept.sum();
    }

    /** A device delivered a batch of frames (every device ends its runs of deliveries so: link contract 1.1). */
    void endOfBatch() {
        LockSupport.unpark(thread);
    }

    long droppedFrames() {
        return droppedFrames.sum();
    }

    void addHook(Hook h) {
        execute(s -> hooks.add(h));
    }

    void removeHook(Hook h) {
        execute(s -> hooks.remove(h));
    }

    /** Runs {@code task} on the loop, soon. */
    void execute(Consumer<Stack> task) {
        if (!tryExecute(task)) {
            throw new NetException("the network stack is stopped");
        }
    }

    /** Runs {@code task} on the loop, soon; false (and nothing runs) when the loop is stopped. */
    boolean tryExecute(Consumer<Stack> task) {
        if (!running) {
            return false;
        }
        tasks.add(task);
        LockSupport.unpark(thread);
        return true;
    }

    /** Runs {@code f} on the loop and completes the future with its result (on the loop thread). */
    <T> CompletableFuture<T> call(Function<Stack, T> f) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(s -> {
            try {
                result.complete(f.apply(s));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code f} on the loop and waits for it (a virtual thread waits unpinned). */
    <T> T callAndWait(Function<Stack, T> f) {
        if (onLoop()) {
            return f.apply(stack);
        }
        try {
            return call(f).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new NetException("network stack task failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new NetException("the network stack's loop did not answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetException("interrupted while waiting for the network stack");
        }
    }

    private final LongAdder loopErrors = new LongAdder();

    long loopErrors() {
        return loopErrors.sum();
    }

    @Override
    public void run() {
        while (running) {
            try {
                iterate();
            } catch (RuntimeException e) {
                loopErrors.increment(); // a bug must not stop the network: count it and go on
            }
        }
    }

    private void iterate() {
        long now = System.nanoTime();
        Consumer<Stack> task;
        while ((task = tasks.poll()) != null) {
            busy = true;
            try {
                task.accept(stack);
            } catch (RuntimeException e) {
                // a task's failure is its caller's business; the loop goes on
            }
        }
        Frame f;
        while ((f = frames.poll()) != null) {
            queuedFrames.decrementAndGet();
            stack.receiveOwned(f.iface(), f.data());
            handedIn.add(f.data().array());
            busy = true;
        }
        long next = stack.poll(now);
        // The poll consumed every frame handed in (the stack copies what it keeps; Stack.receiveOwned says so):
        // their arrays take the next frames.
        for (byte[] a : handedIn) {
            buffers.give(a);
        }
        handedIn.clear();
        for (Hook h : hooks) {
            next = Math.min(next, h.afterPoll(now));
        }
        if (stack.hasPendingSends()) {
            next = Math.min(next, stack.poll(now));
        }
        transmitOutgoing();
        if (!tasks.isEmpty() || !frames.isEmpty()) {
            return;
        }
        long wait = next - System.nanoTime();
        if (wait > 0 && busy && spinNanos > 0 && spinForWork(Math.min(wait, spinNanos))) {
            return;
        }
        busy = false;
        wait = next - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(this, Math.min(wait, 1_000_000_000L));
        }
    }

    /**
     * On the loop: hands every frame the stack has made to its interface's device. The loop does it after each
     * poll; a task that lets a device go (an unbind) does it first, so that what the stack said last (a DHCP
     * release, say) still leaves.
     */
    void transmitOutgoing() {
        stack.drainOutgoing((iface, frame, segmentSize) -> {
            NetworkDevice d = devices.get(iface.name());
            if (d != null) {
                if (segmentSize == 0) {
                    d.transmit(frame);
                } else {
                    d.transmitSegmented(frame, segmentSize);
                }
            }
            stack.recycle(iface, frame); // the device has read it (link contract): the next frame may reuse it
        });
    }

    /**
     * Microseconds the loop stays awake after a busy round by default: on the TAP benchmark with offload this took
     * our sending from 12 to 19 Gbit/s (a sleep and a wake-up per burst saved); tcp-loopback at MTU 1500, four busy
     * threads on two cores, lost about 9 % (docs/benchmarks.md).
     */
    static final int DEFAULT_SPIN_MICROS = 20;
    private boolean busy; // loop-owned: the last round had frames or tasks

    /** Waits up to {@code nanos} without sleeping; true when work arrived (a sleep and a wake-up saved). */
    private boolean spinForWork(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            if (!tasks.isEmpty() || !frames.isEmpty()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
