package io.motenet.ip.internal.sim;

import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpState;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * One end of a bulk exchange: writes {@code total} seeded pseudo-random bytes, reads whatever
 * comes, and hashes both with SHA-256. Pumped from the host's after-poll hook, as an application
 * would run on the loop.
 */
final class Transfer {
    final TcpConnection c;
    private final long total;
    private final SplittableRandom gen;
    private final MessageDigest sent = sha256();
    private final MessageDigest received = sha256();
    private final byte[] chunk = new byte[65536];
    private final ByteBuffer in = ByteBuffer.allocate(65536);
    private int chunkPos;
    private int chunkLen;
    long written;
    long read;
    boolean eof;
    private boolean shut;
    private String sentHash;
    private String receivedHash;

    Transfer(TcpConnection c, long total, long seed) {
        this.c = c;
        this.total = total;
        this.gen = new SplittableRandom(seed);
    }

    void pump() {
        while (written < total) {
            if (chunkPos == chunkLen) {
                chunkLen = (int) Math.min(chunk.length, total - written);
                for (int i = 0; i < chunkLen; i += 8) {
                    long r = gen.nextLong();
                    for (int k = 0; k < 8 && i + k < chunkLen; k++) {
                        chunk[i + k] = (byte) (r >>> (8 * k));
                    }
                }
                sent.update(chunk, 0, chunkLen);
                chunkPos = 0;
            }
            int n = c.write(ByteBuffer.wrap(chunk, chunkPos, chunkLen - chunkPos));
            if (n <= 0) {
                break;
            }
            chunkPos += n;
            written += n;
        }
        if (written == total && !shut
                && (c.state() == TcpState.ESTABLISHED || c.state() == TcpState.CLOSE_WAIT)) {
            shut = true;
            c.shutdownOutput();
            sentHash = HexFormat.of().formatHex(sent.digest());
        }
        int n;
        while ((n = c.read(in.clear())) > 0) {
            received.update(in.array(), 0, n);
            read += n;
        }
        if (n < 0 && !eof) {
            eof = true;
            receivedHash = HexFormat.of().formatHex(received.digest());
        }
    }

    boolean done() {
        return shut && eof;
    }

    String sentHash() {
        return sentHash;
    }

    String receivedHash() {
        return receivedHash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
