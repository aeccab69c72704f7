package io.motenet.driver.tap.internal;

import java.io.IOException;

/** A TAP device could not be made or used; the message says why and what to do. */
public final class TapException extends IOException {
    private final int errno;

    TapException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The Linux errno behind it, 0 when none. */
    public int errno() {
        return errno;
    }
}
