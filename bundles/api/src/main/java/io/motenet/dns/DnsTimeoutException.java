package io.motenet.dns;

/** No server answered in time, after every retransmission to every server. */
public class DnsTimeoutException extends DnsException {
    private static final long serialVersionUID = 1L;

    public DnsTimeoutException(String name, String message) {
        super(name, message);
    }
}
