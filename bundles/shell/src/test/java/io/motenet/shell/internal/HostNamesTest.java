package io.motenet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.motenet.dns.DnsAnswer;
import io.motenet.dns.RecordType;
import io.motenet.dns.Resolver;
import io.motenet.dns.ResolverStatus;
import org.junit.jupiter.api.Test;

class HostNamesTest {

    /** A resolver that knows one name and records what it was asked. */
    static final class OneName implements Resolver {
        final List<String> asked = new ArrayList<>();

        @Override
        public List<InetAddress> resolve(String host) {
            asked.add(host);
            try {
                return List.of(InetAddress.getByName("2001:db8::1"), InetAddress.getByName("10.1.2.3"));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public CompletableFuture<List<InetAddress>> resolveAsync(String host) {
            return CompletableFuture.completedFuture(resolve(host));
        }

        @Override
        public DnsAnswer lookup(String name, RecordType type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<DnsAnswer> lookupAsync(String name, RecordType type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ResolverStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void clearCache() {
        }
    }

    @Test
    void literalsNeedNoResolverAndNamesGoThroughIt() throws Exception {
        OneName r = new OneName();
        assertEquals(InetAddress.getByName("10.9.8.7"), HostNames.ipv4(null, "10.9.8.7"));
        assertEquals(InetAddress.getByName("10.9.8.7"), HostNames.ipv4(r, "10.9.8.7"));
        assertTrue(r.asked.isEmpty());
        assertEquals(InetAddress.getByName("10.1.2.3"), HostNames.ipv4(r, "printer.lab"));
        assertEquals(List.of("printer.lab"), r.asked);
    }

    @Test
    void aNameWithoutAResolverSaysWhatToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostNames.ipv4(null, "printer.lab"));
        assertTrue(e.getMessage().contains("no DNS resolver is bound"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostNames.ipv4(null, "300.1.1.1"));
    }
}
