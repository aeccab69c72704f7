package io.motenet.net;

import java.net.Inet4Address;

/**
 * A route: {@code network/prefixLength} via {@code gateway} (null: on the link) out of
 * {@code interfaceName}.
 *
 * @param source {@code connected}, {@code static} or {@code dhcp}
 */
public record RouteInfo(Inet4Address network, int prefixLength, Inet4Address gateway, String interfaceName,
        int metric, String source) {
}
