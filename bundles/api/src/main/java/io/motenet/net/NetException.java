package io.motenet.net;

/** Something the network stack could not do; the message says what and why. */
public class NetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetException(String message) {
        super(message);
    }

    public NetException(String message, Throwable cause) {
        super(message, cause);
    }
}
