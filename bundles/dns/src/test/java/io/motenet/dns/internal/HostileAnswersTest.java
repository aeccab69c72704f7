package io.motenet.dns.internal;

import static io.motenet.dns.internal.Fixture.S1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.motenet.dns.RecordType;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Answers an attacker or a broken network could send, each delivered before the real answer:
 * each must be dropped (and counted under its reason) without a crash, and the real answer that
 * follows must still be taken. The real answer is built by a {@link Zone} with dnsjava; the bad
 * ones are made from it byte by byte.
 */
class HostileAnswersTest {
    static final Zone ZONE = new Zone("example.", "www.example. 300 A 192.0.2.10");

    /** A hostile datagram: from where, and what, given the query and the real answer's bytes. */
    record Hostile(String reason, InetSocketAddress source, BiFunction<byte[], byte[], byte[]> make) {
        @Override
        public String toString() {
            return reason + (source.equals(S1) ? "" : " from " + source);
        }
    }

    static List<Hostile> hostile() {
        return List.of(
                // someone guessing: same everything, another transaction ID
                new Hostile("wrong-id", S1, (q, a) -> {
                    byte[] b = a.clone();
                    b[1] ^= 0x5a;
                    return b;
                }),
                // the right ID, an answer to another question (a cache-poisoning attempt)
                new Hostile("wrong-question", S1, (q, a) -> {
                    try {
                        Message other = Message.newQuery(org.xbill.DNS.Record.newRecord(
                                org.xbill.DNS.Name.fromString("evil.example."), org.xbill.DNS.Type.A, 1));
                        other.getHeader().setID(new Message(q).getHeader().getID());
                        Message r = new Zone("example.", "evil.example. 300 A 203.0.113.66").answerMessage(other);
                        return r.toWire();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }),
                // the real answer's bytes, but from an address we did not ask
                new Hostile("wrong-source", new InetSocketAddress(FakeNet.ip("10.0.0.66"), 53), (q, a) -> a),
                // ... or from the right address and another port
                new Hostile("wrong-source", new InetSocketAddress(S1.getAddress(), 5353), (q, a) -> a),
                // a query echoed back (QR clear)
                new Hostile("not-response", S1, (q, a) -> {
                    byte[] b = a.clone();
                    b[2] &= 0x7f;
                    return b;
                }),
                // the question's name is a compression pointer to itself (offset 12): a loop
                new Hostile("malformed", S1, (q, a) -> {
                    byte[] b = Arrays.copyOf(a, 18);
                    b[12] = (byte) 0xc0;
                    b[13] = 12;
                    b[14] = 0; b[15] = 1; b[16] = 0; b[17] = 1;
                    return b;
                }),
                // the answer's owner name points forward into itself: another loop form
                new Hostile("malformed", S1, (q, a) -> {
                    byte[] b = a.clone();
                    int answerStart = q.length - 11; // the query without its OPT record: header + question
                    b[answerStart] = (byte) 0xc0;
                    b[answerStart + 1] = (byte) answerStart;
                    return b;
                }),
                // cut short in the middle of the answer record
                new Hostile("malformed", S1, (q, a) -> Arrays.copyOf(a, a.length - 5)),
                // shorter than a header
                new Hostile("malformed", S1, (q, a) -> Arrays.copyOf(a, 7)),
                // header claims 30 answers that are not there
                new Hostile("malformed", S1, (q, a) -> {
                    byte[] b = a.clone();
                    b[7] = 30;
                    return b;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void droppedAndTheRealAnswerStillTaken(Hostile h, @TempDir Path dir) throws Exception {
        FakeNet net = new FakeNet((q, sock) -> {
            byte[] real = ZONE.answer(q.data());
            sock.deliver(h.source(), h.make().apply(q.data(), real));
            sock.deliver(q.server(), real);
        });
        try (DnsResolver r = Fixture.resolver(net, dir, List.of(S1), List.of(), new String[0], null)) {
            var answer = r.lookup("www.example.", RecordType.A);
            assertEquals("192.0.2.10", answer.records().get(0).data());
            assertEquals(1, r.counters().get("dropped." + h.reason()), r.counters().snapshot().toString());
            assertEquals(1, net.sent.size(), "the real answer ended the query: no retransmission");
            assertEquals(0, r.counters().get("udp.timeouts"));
        }
    }

    @org.junit.jupiter.api.Test
    void theQueryCarriesEdnsWith1232AndRecursionDesired(@TempDir Path dir) {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = Fixture.resolver(net, dir, List.of(S1), List.of(), new String[0], null)) {
            r.lookup("www.example.", RecordType.A);
            Message q = net.sent.get(0).message();
            assertEquals(1232, q.getOPT().getPayloadSize());
            assertEquals(0, q.getOPT().getVersion());
            assertEquals(true, q.getHeader().getFlag(Flags.RD));
        }
    }
}
