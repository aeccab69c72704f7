package io.motenet.dns;

/** The name does not exist (NXDOMAIN), or it has no address records when addresses were asked for. */
public class NameNotFoundException extends DnsException {
    private static final long serialVersionUID = 1L;

    public NameNotFoundException(String name, String message) {
        super(name, message);
    }
}
