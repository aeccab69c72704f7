package io.motenet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import io.motenet.net.InterfaceInfo;
import io.motenet.net.NetworkStack;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpServer;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The stack's TCP defaults come from Config Admin: with {@code tcp.congestion.control = newreno} new connections
 * use NewReno instead of the default CUBIC, and the shell shows it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TcpConfigIT {

    @Inject BundleContext context;
    @Inject ConfigurationAdmin configAdmin;
    @Inject CommandProcessor gogo;

    @Configuration
    public Option[] config() {
        return new Option[] {MotenetOptions.runtime()};
    }

    @Test
    public void congestionControlFromConfigAdminReachesNewConnections() throws Exception {
        long before = serviceId(Await.until(() -> context.getServiceReference(NetworkStack.class), "the stack registers"));
        Dictionary<String, Object> tcp = new Hashtable<>();
        tcp.put("tcp.congestion.control", "newreno");
        configAdmin.getConfiguration("io.motenet.ip.stack", Configs.locationOf(context, "io.motenet.ip")).update(tcp);
        ServiceReference<NetworkStack> ref = Await.until(() -> {
            ServiceReference<NetworkStack> r = context.getServiceReference(NetworkStack.class);
            return r != null && serviceId(r) != before ? r : null;
        }, "the stack restarts with its configuration");
        NetworkStack stack = context.getService(ref);

        Devices.vswitchPort(configAdmin, context, "tc-itest", "tc-r", "02:00:00:00:0c:01", 1500);
        Dictionary<String, Object> iface = new Hashtable<>();
        iface.put("name", "tc-r");
        iface.put("mode", "static");
        iface.put("address", "10.99.3.1/24");
        configAdmin.getFactoryConfiguration("io.motenet.ip.interface", "tc-r",
                Configs.locationOf(context, "io.motenet.ip")).update(iface);
        Await.until(() -> stack.iface("tc-r").filter(InterfaceInfo::linkUp).filter(i -> i.address() != null)
                .orElse(null), "interface tc-r is up with its address");

        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("10.99.3.1"), 7100);
        try (TcpServer server = stack.listen(local, 4)) {
            CompletableFuture<TcpConnection> accepted = server.acceptAsync();
            try (TcpConnection c = stack.connect(local, Duration.ofSeconds(10));
                    TcpConnection other = accepted.get(10, TimeUnit.SECONDS)) {
                assertEquals("newreno", c.info().congestionControl());
                assertEquals("newreno", other.info().congestionControl());
                String table = Gogo.run(gogo, "net:connections");
                assertTrue(table, table.contains("    newreno"));
                assertTrue(table, !table.contains("cubic"));
            }
        }
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }
}
