package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.link.MacAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ARP cache of one interface (RFC 826, RFC 1122 2.3.2): resolved neighbours with an expiry,
 * and neighbours being resolved with a small queue of datagrams each that wait for the answer
 * (RFC 1122 2.3.2.2: "SHOULD save at least one"). Everything is bounded: entries, neighbours in
 * resolution, datagrams per neighbour and in all.
 */
public final class NeighborCache {
    /** A row of {@code net:arp}: {@code mac} null while the neighbour is being resolved. */
    public record Neighbor(Ipv4Address ip, MacAddress mac, long expiresAt) {
    }

    private record Entry(MacAddress mac, long expiresAt) {
    }

    private static final class Resolution {
        final ArrayDeque<Ipv4Packet> waiting = new ArrayDeque<>();
        int requests;
        long nextRequestAt;
    }

    /** What {@link #enqueue} did with a datagram. */
    public enum Queued { SEND_REQUEST, WAITING, DROPPED }

    private final Map<Ipv4Address, Entry> entries = new LinkedHashMap<>();
    private final Map<Ipv4Address, Resolution> resolving = new LinkedHashMap<>();
    private final long reachableNanos;
    private final long retryNanos;
    private final int maxRequests;
    private final int maxEntries;
    private final int maxResolving;
    private final int maxWaitingPerNeighbor;
    private final int maxWaiting;
    private int waiting;

    public NeighborCache(long reachableNanos, long retryNanos, int maxRequests, int maxEntries, int maxResolving,
            int maxWaitingPerNeighbor, int maxWaiting) {
        this.reachableNanos = reachableNanos;
        this.retryNanos = retryNanos;
        this.maxRequests = maxRequests;
        this.maxEntries = maxEntries;
        this.maxResolving = maxResolving;
        this.maxWaitingPerNeighbor = maxWaitingPerNeighbor;
        this.maxWaiting = maxWaiting;
    }

    public MacAddress lookup(Ipv4Address ip, long now) {
        Entry e = entries.get(ip);
        if (e == null) {
            return null;
        }
        if (now >= e.expiresAt) {
            entries.remove(ip);
            return null;
        }
        return e.mac;
    }

    public boolean knows(Ipv4Address ip) {
        return entries.containsKey(ip) || resolving.containsKey(ip);
    }

    /** Records a mapping; returns the datagrams that waited for it, now ready to go. */
    public List<Ipv4Packet> learn(Ipv4Address ip, MacAddress mac, long now) {
        entries.remove(ip);
        if (entries.size() >= maxEntries) {
            Iterator<Ipv4Address> it = entries.keySet().iterator();
            it.next();
            it.remove(); // the oldest mapping makes room
        }
        entries.put(ip, new Entry(mac, now + reachableNanos));
        Resolution r = resolving.remove(ip);
        if (r == null) {
            return List.of();
        }
        waiting -= r.waiting.size();
        return new ArrayList<>(r.waiting);
    }

    /** Keeps a datagram until {@code ip} is resolved; says whether to send an ARP request now. */
    public Queued enqueue(Ipv4Address ip, Ipv4Packet packet, long now) {
        Resolution r = resolving.get(ip);
        boolean fresh = r == null;
        if (fresh) {
            if (resolving.size() >= maxResolving) {
                return Queued.DROPPED;
            }
            r = new Resolution();
            r.requests = 1;
            r.nextRequestAt = now + retryNanos;
            resolving.put(ip, r);
        }
        if (r.waiting.size() >= maxWaitingPerNeighbor || waiting >= maxWaiting) {
            return fresh ? Queued.SEND_REQUEST : Queued.DROPPED; // the request still goes out
        }
        r.waiting.addLast(packet);
        waiting++;
        return fresh ? Queued.SEND_REQUEST : Queued.WAITING;
    }

    /** Retries due requests and gives up on neighbours that never answered. */
    public void poll(long now, java.util.function.Consumer<Ipv4Address> sendRequest,
            java.util.function.BiConsumer<Ipv4Address, List<Ipv4Packet>> failed) {
        Iterator<Map.Entry<Ipv4Address, Resolution>> it = resolving.entrySet().iterator();
        List<Map.Entry<Ipv4Address, Resolution>> gaveUp = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<Ipv4Address, Resolution> e = it.next();
            Resolution r = e.getValue();
            if (now < r.nextRequestAt) {
                continue;
            }
            if (r.requests >= maxRequests) {
                it.remove();
                waiting -= r.waiting.size();
                gaveUp.add(e);
            } else {
                r.requests++;
                r.nextRequestAt = now + retryNanos;
                sendRequest.accept(e.getKey());
            }
        }
        gaveUp.forEach(e -> failed.accept(e.getKey(), new ArrayList<>(e.getValue().waiting)));
        entries.values().removeIf(e -> now >= e.expiresAt);
    }

    public long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (Resolution r : resolving.values()) {
            d = Math.min(d, r.nextRequestAt);
        }
        for (Entry e : entries.values()) {
            d = Math.min(d, e.expiresAt);
        }
        return d;
    }

    public int waitingDatagrams() {
        return waiting;
    }

    public List<Neighbor> snapshot() {
        List<Neighbor> list = new ArrayList<>();
        entries.forEach((ip, e) -> list.add(new Neighbor(ip, e.mac, e.expiresAt)));
        resolving.forEach((ip, r) -> list.add(new Neighbor(ip, null, r.nextRequestAt)));
        return list;
    }

    public void clear() {
        entries.clear();
        resolving.clear();
        waiting = 0;
    }
}
