package io.motenet.trust;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * The identity the caller expects the peer certificate to carry (RFC 9525 reference identity).
 *
 * <p>DNS names are matched against subjectAltName dNSName entries only, IP addresses against
 * iPAddress entries only, e-mail addresses against rfc822Name entries only. The subject's common
 * name is never used.
 */
public sealed interface PeerIdentity {

    /** A DNS host name, A-labels (punycode) for internationalized names; a trailing dot is ignored. */
    record DnsName(String name) implements PeerIdentity {
        public DnsName {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** An IPv4 (4 bytes) or IPv6 (16 bytes) address. */
    record IpAddress(InetAddress address) implements PeerIdentity {
        public IpAddress {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return address.getHostAddress();
        }
    }

    /** An e-mail address (client validation), matched against rfc822Name SANs. */
    record Email(String address) implements PeerIdentity {
        public Email {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return address;
        }
    }

    /** A DNS name identity. */
    static PeerIdentity dns(String name) {
        return new DnsName(name);
    }

    /** An e-mail identity. */
    static PeerIdentity email(String address) {
        return new Email(address);
    }

    /**
     * An IP address identity from a literal ({@code 192.0.2.1}, {@code 2001:db8::1}); never resolves.
     *
     * @throws IllegalArgumentException if the text is not an IP literal
     */
    static PeerIdentity ip(String literal) {
        if (!isIpLiteral(literal)) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return new IpAddress(InetAddress.ofLiteral(literal));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }

    /** What a TLS client connecting to {@code host} expects: an IP identity for a literal, DNS otherwise. */
    static PeerIdentity forHost(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return isIpLiteral(h) ? ip(h) : new DnsName(h);
    }

    private static boolean isIpLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            return s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        }
        return !s.isEmpty() && s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))
                && s.toLowerCase(Locale.ROOT).split("\\.", -1).length == 4;
    }
}
