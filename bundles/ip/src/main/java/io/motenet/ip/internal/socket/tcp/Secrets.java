package io.motenet.ip.internal.socket.tcp;

import io.motenet.ip.internal.wire.Ipv4Address;
import java.security.GeneralSecurityException;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes over a connection's addresses and ports (HMAC-SHA-256 with a key drawn once per
 * stack): initial sequence numbers per RFC 6528, per-connection timestamp offsets (RFC 7323
 * 5.4) and SYN cookies (RFC 4987 3.6). Time is passed in.
 */
final class Secrets {
    private static final int[] COOKIE_MSS = {536, 1220, 1440, 1460, 4312, 8960, 9000, 65495};
    private static final long COOKIE_PERIOD = 64_000_000_000L; // a cookie lives one to two periods
    private final Mac mac;
    private final byte[] input = new byte[32];

    Secrets(RandomGenerator random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private int hash(int tag, Ipv4Address la, int lp, Ipv4Address ra, int rp, int x, int y) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(input);
        b.putInt(tag).putInt(la.bits()).putInt(ra.bits()).putShort((short) lp).putShort((short) rp).putInt(x).putInt(y);
        mac.update(input, 0, b.position());
        byte[] h = mac.doFinal();
        return java.nio.ByteBuffer.wrap(h).getInt();
    }

    /** RFC 6528: ISN = M + F(4-tuple, secret), M a 4-microsecond clock. */
    int isn(Ipv4Address la, int lp, Ipv4Address ra, int rp, long now) {
        return (int) (now / 4000) + hash(1, la, lp, ra, rp, 0, 0);
    }

    /** A per-connection offset for the timestamp clock, so TSval leaks no uptime. */
    int timestampOffset(Ipv4Address la, int lp, Ipv4Address ra, int rp) {
        return hash(2, la, lp, ra, rp, 0, 0);
    }

    /** The largest table MSS not above the peer's: what a cookie can carry in three bits. */
    static int cookieMssIndex(int peerMss) {
        int idx = 0;
        for (int i = 0; i < COOKIE_MSS.length; i++) {
            if (COOKIE_MSS[i] <= peerMss) {
                idx = i;
            }
        }
        return idx;
    }

    static int cookieMss(int index) {
        return COOKIE_MSS[index];
    }

    /** Our ISN for a SYN answered without state: 5 bits of time, 3 of MSS, 24 of keyed hash. */
    int cookie(Ipv4Address la, int lp, Ipv4Address ra, int rp, int peerIsn, int mssIndex, long now) {
        int t = (int) (now / COOKIE_PERIOD);
        return ((t & 0x1f) << 27) | (mssIndex << 24)
                | (hash(3, la, lp, ra, rp, peerIsn, (t << 3) | mssIndex) & 0xffffff);
    }

    /** The MSS index a valid cookie carries, or -1 (forged, or older than two periods). */
    int checkCookie(Ipv4Address la, int lp, Ipv4Address ra, int rp, int peerIsn, int cookie, long now) {
        int t = (int) (now / COOKIE_PERIOD);
        int mssIndex = (cookie >>> 24) & 7;
        for (int age = 0; age < 2; age++) {
            int tt = t - age;
            if (((cookie >>> 27) & 0x1f) == (tt & 0x1f)
                    && (hash(3, la, lp, ra, rp, peerIsn, (tt << 3) | mssIndex) & 0xffffff) == (cookie & 0xffffff)) {
                return mssIndex;
            }
        }
        return -1;
    }
}
