package io.motenet.trust;

/** What the peer's certificate is to be trusted for (its extended key usage). */
public enum Purpose {
    /** A TLS server: the client verifies it (id-kp-serverAuth). */
    SERVER_AUTH,
    /** A TLS client: the server verifies it (id-kp-clientAuth). */
    CLIENT_AUTH
}
