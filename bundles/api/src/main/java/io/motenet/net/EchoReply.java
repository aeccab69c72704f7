package io.motenet.net;

import java.net.Inet4Address;
import java.time.Duration;

/** An ICMP echo reply: who answered, which request it answers, its size and TTL, the round trip. */
public record EchoReply(Inet4Address from, int sequence, int bytes, int ttl, Duration roundTrip) {
}
