package io.motenet.shell.internal;

import java.util.Comparator;
import java.util.List;

/** The rows of {@code trust:verifiers}: the verifier a new handshake would use comes first, marked with '*'. */
final class VerifierTable {

    /** {@code anchors} is -1 when the verifier does not say. */
    record Row(String name, int ranking, long serviceId, String store, int anchors, String bundle) {}

    /** The framework's order: highest ranking, then lowest service id (the oldest). */
    static final Comparator<Row> FRAMEWORK_ORDER =
            Comparator.comparingInt(Row::ranking).reversed().thenComparingLong(Row::serviceId);

    private VerifierTable() {}

    static String render(List<Row> rows) {
        if (rows.isEmpty()) {
            return "no certificate verifier is bound: every TLS handshake fails closed";
        }
        List<Row> sorted = rows.stream().sorted(FRAMEWORK_ORDER).toList();
        String format = "%1s %-10s %7s %5s %7s  %-24s %s%n";
        StringBuilder out = new StringBuilder(String.format(format, "", "VERIFIER", "RANKING", "ID", "ANCHORS", "BUNDLE", "STORE"));
        for (int i = 0; i < sorted.size(); i++) {
            Row r = sorted.get(i);
            out.append(String.format(format, i == 0 ? "*" : "", r.name(), r.ranking(), r.serviceId(),
                    r.anchors() < 0 ? "-" : r.anchors(), r.bundle(), r.store()));
        }
        return out.toString().stripTrailing();
    }
}
