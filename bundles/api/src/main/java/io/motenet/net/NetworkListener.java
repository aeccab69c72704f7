package io.motenet.net;

import org.osgi.annotation.versioning.ConsumerType;

/** Hears changes of the stack: interfaces (address, link, lease) and the DNS servers in use. */
@ConsumerType
@FunctionalInterface
public interface NetworkListener {

    /** Something changed; the event says what it is now. */
    void changed(NetworkEvent event);
}
