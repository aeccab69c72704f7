package io.motenet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.NetworkDevice;
import io.motenet.net.InterfaceInfo;
import io.motenet.net.NetworkStack;
import io.motenet.net.PendingTcpConnection;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpInterceptor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * io.motenet.net 1.2's TCP interception in the runtime: a peer on a vswitch port whose gateway is
 * the stack sends SYNs to 93.184.216.34 (which exists only in these hand-made frames); the stack
 * holds each one until this bundle decides, then answers from that address.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TcpInterceptIT {
    static final byte[] STACK_MAC = {2, 0, 0, 0, 3, 1};
    static final byte[] PEER_MAC = {2, 0, 0, 0, 3, 2};
    static final byte[] STACK_IP = {10, 99, 3, 1};
    static final byte[] PEER_IP = {10, 99, 3, 2};
    static final byte[] FAR_IP = {93, (byte) 184, (byte) 216, 34};

    @Inject BundleContext context;
    @Inject ConfigurationAdmin configAdmin;
    @Inject NetworkStack stack;

    @Configuration
    public Option[] config() {
        return new Option[] {MotenetOptions.runtime()};
    }

    @Test
    public void synsToAnotherHostWaitForTheDecisionAndAreAnsweredFromThatHost() throws Exception {
        port("ic-r", "02:00:00:00:03:01");
        port("ic-peer", "02:00:00:00:03:02");
        Dictionary<String, Object> cfg = new Hashtable<>();
        cfg.put("name", "ic-r");
        cfg.put("mode", "static");
        cfg.put("address", "10.99.3.1/24");
        configAdmin.getFactoryConfiguration("io.motenet.ip.interface", "ic-r", Configs.locationOf(context, "io.motenet.ip")).update(cfg);
        Await.until(() -> stack.iface("ic-r").filter(InterfaceInfo::linkUp).filter(i -> i.address() != null)
                .orElse(null), "interface ic-r is up with its address");
        ServiceReference<NetworkDevice> peerRef = Await.until(() -> device("ic-peer"), "the peer port registers");
        Recorder peer = new Recorder();
        InetSocketAddress far443 = new InetSocketAddress(InetAddress.getByAddress(FAR_IP), 443);
        try (TcpInterceptor interceptor = stack.interceptTcp(4);
                LinkAttachment attachment = context.getService(peerRef).attach(peer)) {
            NetworkDevice wire = attachment.device();
            wire.transmit(arpRequest()); // the stack learns the peer, as a guest ARPs for its gateway
            Await.until(() -> peer.tcp(0), "the stack's ARP reply");
            peer.frames.clear();

            wire.transmit(tcp(40000, 443, 1000, 0, 0x02));
            PendingTcpConnection p = interceptor.next(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(far443, p.destination());
            assertEquals(new InetSocketAddress(InetAddress.getByAddress(PEER_IP), 40000), p.source());
            Thread.sleep(200);
            assertNull("no answer before the decision", peer.tcp(0x02 | 0x10));
            CompletableFuture<TcpConnection> admitted = p.admitAsync();
            ByteBuffer synAck = Await.until(() -> peer.tcp(0x02 | 0x10), "the SYN,ACK after admit");
            assertEquals("answered from the intercepted address", "93.184.216.34", ipv4(synAck, 26));
            int isn = synAck.getInt(34 + 4);
            assertEquals(1001, synAck.getInt(34 + 8));
            wire.transmit(tcp(40000, 443, 1001, isn + 1, 0x10));
            try (TcpConnection c = admitted.get(10, TimeUnit.SECONDS)) {
                assertEquals(far443, c.localAddress());
            }

            wire.transmit(tcp(40001, 25, 5000, 0, 0x02));
            PendingTcpConnection q = interceptor.next(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(25, q.destination().getPort());
            q.refuse();
            ByteBuffer rst = Await.until(() -> peer.tcp(0x04 | 0x10), "the RST after refuse");
            assertEquals("93.184.216.34", ipv4(rst, 26));
            assertEquals(25, rst.getShort(34) & 0xffff);
        }
        assertTrue(stack.iface("ic-r").orElseThrow().counters().get("ip.rx.intercepted") >= 3);
    }

    private static String ipv4(ByteBuffer f, int at) {
        return (f.get(at) & 0xff) + "." + (f.get(at + 1) & 0xff) + "." + (f.get(at + 2) & 0xff) + "." + (f.get(at + 3) & 0xff);
    }

    /** who-has 10.99.3.1 tell 10.99.3.2, as the peer would send it. */
    private static ByteBuffer arpRequest() {
        ByteBuffer f = ByteBuffer.allocate(60);
        f.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(PEER_MAC).putShort((short) 0x0806);
        f.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        f.put(PEER_MAC).put(PEER_IP).put(new byte[6]).put(STACK_IP);
        return f.position(0);
    }

    /** A TCP segment from the peer to 93.184.216.34 (a SYN carries MSS 1460), through the stack's MAC. */
    private static ByteBuffer tcp(int sport, int dport, int seq, int ack, int flags) {
        boolean syn = (flags & 0x02) != 0;
        int tcpLen = syn ? 24 : 20;
        ByteBuffer f = ByteBuffer.allocate(Math.max(60, 14 + 20 + tcpLen));
        f.put(STACK_MAC).put(PEER_MAC).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpLen)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).put(PEER_IP).put(FAR_IP);
        f.putShort(24, (short) checksum(f, 14, 20, 0));
        f.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack)
                .put((byte) ((tcpLen / 4) << 4)).put((byte) flags).putShort((short) 64240).putShort((short) 0)
                .putShort((short) 0);
        if (syn) {
            f.put(new byte[] {2, 4, 0x05, (byte) 0xb4});
        }
        long pseudo = sum16(PEER_IP) + sum16(FAR_IP) + 6 + tcpLen;
        f.putShort(34 + 16, (short) checksum(f, 34, tcpLen, pseudo));
        return f.position(0);
    }

    private static long sum16(byte[] a) {
        return ((a[0] & 0xff) << 8 | (a[1] & 0xff)) + ((a[2] & 0xff) << 8 | (a[3] & 0xff));
    }

    /** RFC 1071 ones' complement sum. */
    private static int checksum(ByteBuffer b, int from, int len, long initial) {
        long s = initial;
        for (int i = 0; i < len; i += 2) {
            s += (b.get(from + i) & 0xff) << 8 | (i + 1 < len ? b.get(from + i + 1) & 0xff : 0);
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) ~s & 0xffff;
    }

    private void port(String name, String mac) throws Exception {
        Devices.vswitchPort(configAdmin, context, "intercept-itest", name, mac, 1500);
    }

    private ServiceReference<NetworkDevice> device(String name) {
        return Devices.named(context, name);
    }

    private static final class Recorder implements FrameConsumer {
        final List<ByteBuffer> frames = new CopyOnWriteArrayList<>();

        @Override
        public void receive(ByteBuffer frame) {
            ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
            copy.put(frame).flip();
            frames.add(copy);
        }

        /**
         * The first IPv4 TCP frame whose flags are exactly {@code flags}; with 0, the first ARP
         * reply (the stack's announcements are broadcasts, replies are not).
         */
        ByteBuffer tcp(int flags) {
            for (ByteBuffer f : frames) {
                int type = f.getShort(12) & 0xffff;
                if (flags == 0 && type == 0x0806 && f.getShort(20) == 2) {
                    return f;
                }
                if (flags != 0 && type == 0x0800 && f.get(23) == 6 && (f.get(14) & 0x0f) == 5
                        && (f.get(34 + 13) & 0xff) == flags) {
                    return f;
                }
            }
            return null;
        }
    }
}
