package io.motenet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import io.motenet.dns.NoServersException;
import io.motenet.dns.Resolver;
import org.apache.felix.service.command.CommandProcessor;
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
 * The DNS bundle in the runtime: dnsjava resolves in Felix, the Resolver service binds to the
 * stack, takes its configuration (hosts table, search domains) from Config Admin, follows the
 * stack's DNS servers as an interface gets them, and answers through Gogo.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DnsResolverIT {

    @Inject BundleContext context;
    @Inject ConfigurationAdmin configAdmin;
    @Inject CommandProcessor gogo;

    @Configuration
    public Option[] config() {
        return new Option[] {MotenetOptions.runtime()};
    }

    private Resolver resolver() {
        ServiceReference<Resolver> ref = context.getServiceReference(Resolver.class);
        return ref == null ? null : context.getService(ref);
    }

    @Test
    public void configuredHostsAndSearchThenServersFromTheStackAndGogo() throws Exception {
        Dictionary<String, Object> cfg = new Hashtable<>();
        cfg.put("hosts", new String[] {"10.1.2.3 printer.lab"});
        cfg.put("search", new String[] {"lab"});
        configAdmin.getConfiguration("io.motenet.dns", Configs.locationOf(context, "io.motenet.dns")).update(cfg);
        Resolver r = Await.until(() -> {
            Resolver x = resolver();
            return x != null && x.status().searchDomains().equals(List.of("lab.")) ? x : null;
        }, "the resolver restarts with its configuration");

        assertEquals(List.of(InetAddress.getByName("10.1.2.3")), r.resolve("printer"));
        assertEquals("stack", r.status().serverSource());
        try {
            r.resolve("elsewhere.example.");
            fail("no server is known yet");
        } catch (NoServersException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("no DNS server is known"));
        }

        // an interface with a DNS server: the resolver follows the stack's servers
        Devices.vswitchPort(configAdmin, context, "dns-itest", "dns-r", "02:00:00:00:02:01", 1500);
        Dictionary<String, Object> iface = new Hashtable<>();
        iface.put("name", "dns-r");
        iface.put("mode", "static");
        iface.put("address", "10.99.2.1/24");
        iface.put("dns", new String[] {"10.99.2.53"});
        configAdmin.getFactoryConfiguration("io.motenet.ip.interface", "dns-r", Configs.locationOf(context, "io.motenet.ip")).update(iface);
        Await.until(() -> r.status().servers().toString().contains("10.99.2.53") ? Boolean.TRUE : null,
                "the resolver hears of the interface's DNS server");

        String lookup = Gogo.run(gogo, "dns:lookup printer");
        assertTrue(lookup, lookup.contains("printer.lab.") && lookup.contains("10.1.2.3"));
        String cache = Gogo.run(gogo, "dns:cache");
        assertTrue(cache, cache.contains("servers (stack): 10.99.2.53"));
        assertTrue(cache, cache.contains("search: lab."));

        // the other commands take host names through this resolver (10.1.2.3 has no route here: no reply)
        String ping = Gogo.run(gogo, "net:ping printer 1");
        assertTrue(ping, ping.contains("--- 10.1.2.3 ping statistics ---"));

        // reconfigured: the service this test holds follows the new configuration, it is not replaced
        cfg.put("hosts", new String[] {"10.1.2.4 printer.lab"});
        configAdmin.getConfiguration("io.motenet.dns", Configs.locationOf(context, "io.motenet.dns")).update(cfg);
        Await.until(() -> List.of("10.1.2.4").equals(r.resolve("printer").stream().map(InetAddress::getHostAddress).toList())
                ? Boolean.TRUE : null, "the held resolver answers from the new hosts table");
    }
}
