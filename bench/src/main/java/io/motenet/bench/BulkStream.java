package io.motenet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.motenet.testing.lab.Lab;

/**
 * One bulk TCP stream against socat in a lab namespace, measured the tcp-tap way (smoltcp's
 * method): <b>reader</b> — the side under test sends, socat reads into {@code /dev/null};
 * <b>writer</b> — socat writes zeros ({@code head -c | socat}), the side under test receives. 64 KiB
 * writes and reads on the side under test; the clock runs from connect to the end of the stream
 * (our FIN answered by socat's, or EOF). The side under test is whatever can {@link Dialer dial}:
 * our stack, or the kernel's TCP on a thread inside another namespace. Each result also counts the
 * frames the kernels on the path dropped at their TAP interfaces meanwhile (a full queue towards
 * our reader, or a full backlog behind our writes): losses the kernel made, beside retransmits.
 */
final class BulkStream {

    static final int READER_PORT = 9000;
    static final int WRITER_PORT = 9001;
    private static final int CHUNK = 65536;

    private final Lab peer;
    private final Dialer dialer;
    private final List<Lab> kernels;

    /**
     * @param peer where socat runs
     * @param dialer the side under test
     * @param kernels the labs whose TAP interfaces the stream crosses (the peer's included), for the drop count
     */
    BulkStream(Lab peer, Dialer dialer, List<Lab> kernels) {
        this.peer = peer;
        this.dialer = dialer;
        this.kernels = List.copyOf(kernels);
    }

    /** An open connection of the side under test. */
    interface Connection {
        InputStream input() throws IOException;

        OutputStream output() throws IOException;

        /** Sends our FIN after the last byte, keeping the receive side open. */
        void finishSending() throws IOException;

        /** Retransmitted segments as this side can count them: our connection's own, or the kernels' RetransSegs. */
        long retransmits() throws IOException;

        void close() throws IOException;
    }

    /** Opens connections to the peer. */
    interface Dialer {
        /** Connects to the peer's port; null when nothing listens there (yet). */
        Connection dial(int port) throws Exception;
    }

    /** One stream's result. */
    record Result(long bytes, double seconds, long retransmits, long kernelDrops) {
        double bitsPerSecond() {
            return bytes * 8 / seconds;
        }

        double gbitPerSecond() {
            return bitsPerSecond() / 1e9;
        }
    }

    /**
     * socat's transfer block: its default of 8 KiB made socat itself the limit of both modes (one system call per
     * 8 KiB on the kernel's side, whoever the other end was); 128 KiB takes it out of the way.
     */
    static final int SOCAT_BLOCK = 128 << 10;

    /** "reader": we send {@code bytes}, socat in {@code peer} reads them into /dev/null. */
    Result reader(long bytes) throws Exception {
        long drops = kernelDrops();
        Process sink = peer.spawn("socat", "-u", "-b", Integer.toString(SOCAT_BLOCK), "TCP4-LISTEN:" + READER_PORT + ",reuseaddr",
                "OPEN:/dev/null");
        try {
            Connection c = dial(READER_PORT);
            long start = System.nanoTime();
            byte[] chunk = new byte[CHUNK];
            OutputStream out = c.output();
            for (long sent = 0; sent < bytes; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
            }
            c.finishSending(); // socat exits on EOF and its FIN ends our stream
            InputStream in = c.input();
            while (in.read(chunk) >= 0) {
                // nothing comes but the end of the stream
            }
            double s = (System.nanoTime() - start) / 1e9;
            long retransmits = c.retransmits();
            c.close();
            return new Result(bytes, s, retransmits, kernelDrops() - drops);
        } finally {
            sink.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** "writer": socat in {@code peer} writes {@code bytes} zeros, we receive them. */
    Result writer(long bytes) throws Exception {
        long drops = kernelDrops();
        Process source = peer.spawn("socat", "-u", "-b", Integer.toString(SOCAT_BLOCK),
                "OPEN:/dev/zero,readbytes=" + bytes, "TCP4-LISTEN:" + WRITER_PORT + ",reuseaddr");
        try {
            Connection c = dial(WRITER_PORT);
            long start = System.nanoTime();
            byte[] buf = new byte[CHUNK];
            long got = 0;
            InputStream in = c.input();
            for (int n; (n = in.read(buf)) >= 0; ) {
                got += n;
            }
            double s = (System.nanoTime() - start) / 1e9;
            if (got != bytes) {
                throw new IllegalStateException("received " + got + " of " + bytes + " bytes");
            }
            long retransmits = c.retransmits();
            c.close();
            return new Result(bytes, s, retransmits, kernelDrops() - drops);
        } finally {
            source.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Connection dial(int port) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            Connection c = dialer.dial(port);
            if (c != null) {
                return c;
            }
            Thread.sleep(50); // socat is still starting
        }
        throw new IllegalStateException("the kernel's socat never listened on " + port);
    }

    private long kernelDrops() {
        long sum = 0;
        for (Lab lab : kernels) {
            sum += TapBenchmark.kernelDrops(lab);
        }
        return sum;
    }
}
