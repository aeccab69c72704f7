package io.motenet.net;

import java.net.InetSocketAddress;

/**
 * A received UDP datagram.
 *
 * @param source      who sent it
 * @param destination the local address it was sent to (a broadcast address for broadcasts)
 * @param data        the payload (a copy that belongs to the caller)
 */
public record Datagram(InetSocketAddress source, InetSocketAddress destination, byte[] data) {
}
