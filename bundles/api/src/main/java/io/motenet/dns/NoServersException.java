package io.motenet.dns;

/** No DNS server is known: none is configured and the stack has none (no DHCP lease yet). */
public class NoServersException extends DnsException {
    private static final long serialVersionUID = 1L;

    public NoServersException(String name, String message) {
        super(name, message);
    }
}
