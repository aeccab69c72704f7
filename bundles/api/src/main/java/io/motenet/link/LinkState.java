package io.motenet.link;

/** Whether frames can pass: the carrier of a cable, the running state of a TAP device. */
public enum LinkState {
    /** Frames can be sent and received. */
    UP,
    /** No frames pass: transmit drops them (counted as {@link DropReason#LINK_DOWN}). */
    DOWN
}
