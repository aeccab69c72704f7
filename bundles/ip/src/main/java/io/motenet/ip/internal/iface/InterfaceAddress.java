package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.wire.Ipv4Address;

/** An address with its prefix length, e.g. 10.0.2.15/24. */
public record InterfaceAddress(Ipv4Address address, int prefixLength) {
    public InterfaceAddress {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
    }

    public static InterfaceAddress parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected ADDRESS/PREFIX, got " + cidr);
        }
        return new InterfaceAddress(Ipv4Address.parse(cidr.substring(0, slash)),
                Integer.parseInt(cidr.substring(slash + 1).trim()));
    }

    public Ipv4Address network() {
        return new Ipv4Address(address.bits() & Ipv4Address.mask(prefixLength));
    }

    public Ipv4Address broadcast() {
        return new Ipv4Address(address.bits() | ~Ipv4Address.mask(prefixLength));
    }

    public boolean contains(Ipv4Address a) {
        return a.inSubnet(address, prefixLength);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
