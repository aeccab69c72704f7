package io.motenet.dns.internal.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * Decides whether a datagram is the answer to our query (RFC 5452, section 9.1): it must come
 * from the server we asked, to the port we asked from (the socket sees only those), carry our
 * transaction ID, be a response, and repeat our question. Anything else is dropped and counted
 * by the caller under {@link Verdict#reason()}; parsing failures (truncated packets, compression
 * pointers that loop or point forward, bad lengths) are drops too, never exceptions.
 */
public final class AnswerCheck {
    private AnswerCheck() {
    }

    /** The outcome: an accepted message, or the reason it was dropped. */
    public record Verdict(Message message, String reason) {
        public boolean accepted() {
            return message != null;
        }

        static Verdict drop(String reason) {
            return new Verdict(null, reason);
        }
    }

    public static Verdict check(Message query, InetSocketAddress server, InetSocketAddress source, byte[] data) {
        if (!server.equals(source)) {
            return Verdict.drop("wrong-source");
        }
        if (data.length < 12) {
            return Verdict.drop("malformed"); // shorter than the header
        }
        // The ID first, from the raw bytes: a spoofed datagram is not worth parsing.
        int id = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
        if (id != query.getHeader().getID()) {
            return Verdict.drop("wrong-id");
        }
        Message answer;
        try {
            answer = new Message(data);
        } catch (IOException | RuntimeException e) {
            return Verdict.drop("malformed");
        }
        if (!answer.getHeader().getFlag(Flags.QR)) {
            return Verdict.drop("not-response");
        }
        Record q = query.getQuestion();
        Record a = answer.getQuestion();
        // Name.equals ignores case (RFC 4343); type and class must match exactly.
        if (a == null || !q.getName().equals(a.getName()) || q.getType() != a.getType() || q.getDClass() != a.getDClass()) {
            return Verdict.drop("wrong-question");
        }
        return new Verdict(answer, null);
    }
}
