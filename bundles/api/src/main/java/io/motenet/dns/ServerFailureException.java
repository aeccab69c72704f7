package io.motenet.dns;

/**
 * Every server asked answered with an error (SERVFAIL, REFUSED, ...) or an answer that could not
 * be used (truncated with no TCP to retry over, a CNAME loop).
 */
public class ServerFailureException extends DnsException {
    private static final long serialVersionUID = 1L;

    private final String rcode;

    public ServerFailureException(String name, String rcode, String message) {
        super(name, message);
        this.rcode = rcode;
    }

    /** The response code, e.g. {@code "SERVFAIL"}, or a short word for what went wrong. */
    public String rcode() {
        return rcode;
    }
}
