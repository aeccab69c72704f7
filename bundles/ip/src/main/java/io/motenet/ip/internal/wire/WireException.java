package io.motenet.ip.internal.wire;

import java.nio.ByteBuffer;

/**
 * A frame or packet that a parser refused. The stack never lets one escape its loop: it counts
 * the {@link #reason()} and drops the frame.
 */
public final class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a packet was refused; the stack keeps one drop counter per reason. */
    public enum Reason {
        TRUNCATED, BAD_LENGTH, BAD_CHECKSUM, BAD_VERSION, BAD_FIELD, BAD_OPTION, UNSUPPORTED
    }

    private final Reason reason;

    public WireException(Reason reason, String message) {
        super(message, null, false, false); // no stack trace: this is an expected, counted event
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static void require(boolean condition, Reason reason, String message) {
        if (!condition) {
            throw new WireException(reason, message);
        }
    }

    /** As above with the message built only on failure (the parse hot path makes no garbage). */
    static void require(boolean condition, Reason reason, String what, long value) {
        if (!condition) {
            throw new WireException(reason, what + value);
        }
    }

    static void require(boolean condition, Reason reason, String format, long a, long b) {
        if (!condition) {
            throw new WireException(reason, String.format(format, a, b));
        }
    }

    static void requireLength(ByteBuffer buf, int needed, String what) {
        if (buf.remaining() < needed) {
            throw new WireException(Reason.TRUNCATED,
                    what + ": " + buf.remaining() + " bytes, at least " + needed + " needed");
        }
    }
}
