/**
 * The link layer's contract: a NIC device as an OSGi service ({@link io.motenet.link.NetworkDevice})
 * that moves whole Ethernet frames in and out.
 *
 * <p>Speed: the contract forces no allocation per frame. A transmitted frame is read before
 * {@code transmit} returns, so the caller reuses its buffer; a received frame is lent to the one
 * attached {@link io.motenet.link.FrameConsumer} for the duration of the call. Batches are
 * possible in both directions ({@code transmit(ByteBuffer[], int, int)} and
 * {@link io.motenet.link.FrameConsumer#endOfBatch()}).
 *
 * <p>Offload (1.1): a device may cut long TCP segments into MTU-sized packets itself and hand
 * coalesced ones up ({@link io.motenet.link.NetworkDevice#maxOffloadPacket()},
 * {@link io.motenet.link.NetworkDevice#transmitSegmented}), as a NIC with TSO and GRO does; a
 * Linux TAP device does both through its virtio-net header.
 *
 * <p>Frames kept without a copy (1.2): a consumer that queues frames for a thread of its own may offer
 * the device an array to read the next frame into ({@link io.motenet.link.FrameConsumer#frameArray}),
 * which it then keeps instead of copying the frame out of a lent buffer.
 *
 * <p>Swapping: a consumer binds a device by its {@linkplain io.motenet.link.NetworkDevice#NAME
 * name} and detaches with {@link io.motenet.link.LinkAttachment#close()}. When a device goes away
 * its consumer sees the link go down and is detached; a new device registered under the same name
 * takes its place.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
@org.osgi.annotation.bundle.Export
package io.motenet.link;
