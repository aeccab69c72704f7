package io.motenet.dns.internal.transport;

import java.time.Duration;

/** Lets tests in other packages reach the package-private back-off rule. */
public final class StackResolverAccess {
    private StackResolverAccess() {
    }

    public static Duration backoff(StackResolver.Settings s, int round) {
        return StackResolver.backoff(s, round);
    }
}
