package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.iface.Stack;
import io.motenet.ip.internal.socket.IcmpEchoSocket;
import io.motenet.ip.internal.socket.SocketError;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.net.EchoReply;
import io.motenet.net.NetException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** ICMP echo for the service: one echo socket, requests matched to replies by sequence number. */
final class Pinger implements StackLoop.Hook {
    private record Pending(CompletableFuture<EchoReply> future, Ipv4Address target, long sentAt, long deadline) {
    }

    private final Executor executor;
    private IcmpEchoSocket socket; // loop-owned from here on
    private final Map<Integer, Pending> pending = new HashMap<>();
    private int sequence;

    Pinger(Executor executor) {
        this.executor = executor;
    }

    /** On the loop: sends one request. */
    void send(Stack stack, Ipv4Address target, int size, Duration timeout, CompletableFuture<EchoReply> f) {
        if (socket == null) {
            socket = stack.openEcho();
        }
        int seq = sequence++ & 0xffff;
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (0x10 + i); // the pattern ping(8) uses, easy to spot in a capture
        }
        long now = System.nanoTime();
        Pending old = pending.put(seq, new Pending(f, target, now, now + timeout.toNanos()));
        if (old != null) {
            complete(old, null, new NetException("ping to " + old.target + ": sequence number reused"));
        }
        socket.send(target, seq, data);
    }

    @Override
    public long afterPoll(long now) {
        if (socket == null) {
            return Long.MAX_VALUE;
        }
        IcmpEchoSocket.Echo r;
        while ((r = socket.receive()) != null) {
            Pending p = pending.get(r.sequence());
            if (p != null && p.target.equals(r.remote())) {
                pending.remove(r.sequence());
                complete(p, new EchoReply(r.remote().toInetAddress(), r.sequence(), r.data().length, r.ttl(),
                        Duration.ofNanos(now - p.sentAt)), null);
            }
        }
        SocketError e;
        while ((e = socket.pollError()) != null) {
            Pending p = pending.remove(e.remotePort());
            if (p != null) {
                complete(p, null, Errors.toException(e));
            }
        }
        long next = Long.MAX_VALUE;
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext();) {
            Pending p = it.next();
            if (now >= p.deadline) {
                it.remove();
                complete(p, null, new NetException("ping to " + p.target + ": no reply within "
                        + Duration.ofNanos(p.deadline - p.sentAt).toMillis() + " ms"));
            } else {
                next = Math.min(next, p.deadline);
            }
        }
        return next;
    }

    private void complete(Pending p, EchoReply reply, RuntimeException error) {
        executor.execute(() -> {
            if (error != null) {
                p.future.completeExceptionally(error);
            } else {
                p.future.complete(reply);
            }
        });
    }
}
