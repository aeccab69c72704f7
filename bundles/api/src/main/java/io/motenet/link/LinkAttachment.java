package io.motenet.link;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The tie between a device and its one consumer. Closing it detaches the consumer: no callback
 * starts after {@code close()} returns, and the device is free for another consumer.
 */
@ProviderType
public interface LinkAttachment extends AutoCloseable {

    /** The device this attachment belongs to. */
    NetworkDevice device();

    /** True until closed (by the consumer, or by the device when it goes away). */
    boolean isOpen();

    /** Detaches the consumer. Safe to call twice and from any thread. */
    @Override
    void close();
}
