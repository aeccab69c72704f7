package io.motenet.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Sends UDP datagrams as fast as one thread can, for a while: the kernel-side load for
 * {@code ./motenet bench tap}, started inside the lab's namespace. Prints how many it sent.
 * Arguments: address, port, payload octets, seconds.
 */
public final class UdpBlast {
    private UdpBlast() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress to = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        ByteBuffer payload = ByteBuffer.allocateDirect(Integer.parseInt(args[2]));
        long end = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        long sent = 0;
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(to);
            while (System.nanoTime() < end) {
                for (int i = 0; i < 256; i++) {
                    payload.clear();
                    try {
                        ch.write(payload);
                        sent++;
                    } catch (java.io.IOException e) {
                        // ENOBUFS when the TAP queue is full: the kernel drops, we go on
                    }
                }
            }
        }
        System.out.println(sent);
    }
}
