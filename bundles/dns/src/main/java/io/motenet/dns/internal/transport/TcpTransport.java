package io.motenet.dns.internal.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * DNS over TCP (RFC 7766: each message with a two-byte length in front), used when a UDP answer
 * comes back truncated. Kept behind this interface so that the resolver does not depend on how
 * (or whether yet) the stack offers TCP.
 */
@FunctionalInterface
public interface TcpTransport {

    /**
     * Sends one query and returns the bytes of the one answer (without the length prefix).
     *
     * @throws IOException when the connection fails, or no answer came within {@code timeout}
     */
    byte[] exchange(InetSocketAddress server, byte[] query, Duration timeout) throws IOException;
}
