package io.motenet.dns;

/** A name could not be resolved; the subclass says why, the message says it for a person. */
public class DnsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String name;

    public DnsException(String name, String message) {
        super(message);
        this.name = name;
    }

    public DnsException(String name, String message, Throwable cause) {
        super(message, cause);
        this.name = name;
    }

    /** The name that was looked up. */
    public String name() {
        return name;
    }
}
