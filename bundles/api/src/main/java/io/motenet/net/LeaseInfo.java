package io.motenet.net;

import java.net.Inet4Address;
import java.time.Duration;

/**
 * A DHCP lease and the client's state.
 *
 * @param state           the RFC 2131 client state ({@code BOUND}, {@code RENEWING}, {@code REBINDING}, ...)
 * @param server          the server that granted it
 * @param leaseTime       the lease time the server granted
 * @param untilRenewal    time left until T1 (zero once renewing)
 * @param untilExpiry     time left until the lease ends
 * @param hostname        the host name the server gave (option 12), or null
 */
public record LeaseInfo(String state, Inet4Address server, Duration leaseTime, Duration untilRenewal,
        Duration untilExpiry, String hostname) {
}
