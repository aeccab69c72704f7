package io.motenet.ip.internal.socket.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link ReceiveBuffer#copyOut} on an application thread while the loop writes, grows, reads and
 * pools rings: every byte reaches exactly one reader, in order for each.
 */
class ReceiveBufferCopyOutTest {

    @Test
    void copyOutLendsBytesThatStayCountedUntilCopied() {
        BufferPool pool = new BufferPool(1 << 20);
        ReceiveBuffer r = new ReceiveBuffer(16, pool);
        assertEquals(10, r.write(0, ByteBuffer.wrap("abcdefghij".getBytes())));
        byte[] out = new byte[8];
        assertEquals(8, r.copyOut(out, 0, 8));
        assertEquals("abcdefgh", new String(out));
        assertEquals(2, r.readable());
        assertEquals(14, r.window());
        assertEquals(2, r.copyOut(out, 0, 8));
        assertEquals("ij", new String(out, 0, 2));
        assertTrue(r.allocated(), "an emptied ring waits for the loop (the pool is the loop's)");
        assertEquals(0, pool.idle());
        r.releaseIfEmpty();
        assertFalse(r.allocated());
        assertEquals(16, pool.idle());
        assertEquals(0, pool.inUse());
        assertEquals(0, r.copyOut(out, 0, 8), "nothing to copy");
    }

    @Test
    void copyOutWrapsAroundTheRing() {
        ReceiveBuffer r = new ReceiveBuffer(8);
        r.write(0, ByteBuffer.wrap("abcdef".getBytes()));
        r.read(ByteBuffer.allocate(5));
        r.write(0, ByteBuffer.wrap("ghijk".getBytes())); // f at 5, g h at 6 7, i j k at 0 1 2
        byte[] out = new byte[6];
        assertEquals(6, r.copyOut(out, 0, 6));
        assertEquals("fghijk", new String(out));
    }

    @Test
    void everyByteReachesExactlyOneReaderInOrder() throws Exception {
        // The stream is the ints 0, 1, 2, ... ; writes and reads move whole ints, so each reader can check its order.
        int total = 4_000_000;
        BufferPool pool = new BufferPool(8 << 20);
        ReceiveBuffer r = new ReceiveBuffer(4096, pool);
        AtomicBoolean done = new AtomicBoolean();
        BitSet seen = new BitSet(total);
        CompletableFuture<List<Integer>> app = CompletableFuture.supplyAsync(() -> {
            List<Integer> firsts = new ArrayList<>();
            byte[] buf = new byte[4 * 1024];
            int last = -1;
            SplittableRandom random = new SplittableRandom(7);
            while (!done.get() || r.readable() > 0) {
                int n = r.copyOut(buf, 0, 4 * (1 + random.nextInt(buf.length / 4)));
                assertEquals(0, n % 4);
                for (int i = 0; i < n; i += 4) {
                    int v = ByteBuffer.wrap(buf, i, 4).getInt();
                    if (v <= last) {
                        throw new AssertionError("copyOut went backwards: " + v + " after " + last);
                    }
                    last = v;
                    synchronized (seen) {
                        if (seen.get(v)) {
                            throw new AssertionError(v + " delivered twice");
                        }
                        seen.set(v);
                    }
                }
                if (n > 0) {
                    firsts.add(n);
                }
            }
            return firsts;
        });
        // the loop: writes, grows up to 1 MiB, reads some itself, pools emptied rings
        SplittableRandom random = new SplittableRandom(11);
        int next = 0;
        int lastLoopRead = -1;
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        ByteBuffer loopRead = ByteBuffer.allocate(2048);
        while (next < total && !app.isDone()) { // a reader that failed ends the run: app.get() below says why
            int room = r.window() / 4;
            int ints = Math.min(Math.min(room, total - next), 1 + random.nextInt(chunk.capacity() / 4));
            chunk.clear();
            for (int i = 0; i < ints; i++) {
                chunk.putInt(next + i);
            }
            chunk.flip();
            assertEquals(ints * 4, r.write(0, chunk));
            next += ints;
            int dice = random.nextInt(100);
            if (dice < 3 && r.capacity() < (1 << 20)) {
                r.grow(r.capacity() * 2);
            } else if (dice < 10) {
                loopRead.clear().limit(4 * (1 + random.nextInt(loopRead.capacity() / 4)));
                int n = r.read(loopRead);
                assertEquals(0, n % 4);
                loopRead.flip();
                while (loopRead.hasRemaining()) {
                    int v = loopRead.getInt();
                    if (v <= lastLoopRead) {
                        throw new AssertionError("the loop's read went backwards");
                    }
                    lastLoopRead = v;
                    synchronized (seen) {
                        if (seen.get(v)) {
                            throw new AssertionError(v + " delivered twice");
                        }
                        seen.set(v);
                    }
                }
            } else if (dice < 40) {
                r.releaseIfEmpty();
            }
            if (room == 0) {
                Thread.onSpinWait();
            }
        }
        done.set(true);
        List<Integer> copies = app.get(60, TimeUnit.SECONDS);
        assertEquals(total, seen.cardinality(), "every int delivered");
        assertTrue(copies.size() > 100, "the application copied out often: " + copies.size());
        r.releaseIfEmpty();
        assertEquals(0, pool.inUse(), "no ring unaccounted for");
    }
}
