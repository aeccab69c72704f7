package io.motenet.shell.internal;

import java.util.Comparator;
import java.util.List;

/** Renders the service rows of {@code motenet:status} as an aligned table, highest ranking first per contract. */
final class StatusTable {

    record Row(String contract, String bundle, long serviceId, int ranking) {}

    private StatusTable() {}

    static String render(List<Row> rows, long motenetBundles) {
        StringBuilder out = new StringBuilder();
        out.append("motenet bundles: ").append(motenetBundles).append(", services: ").append(rows.size()).append('\n');
        if (rows.isEmpty()) {
            return out.append("no motenet service is registered").toString();
        }
        int width = rows.stream().mapToInt(r -> r.contract().length()).max().orElse(8);
        String format = "%-" + width + "s  %7s  %7s  %s%n";
        out.append(String.format(format, "CONTRACT", "ID", "RANKING", "BUNDLE"));
        rows.stream()
                .sorted(Comparator.comparing(Row::contract)
                        .thenComparing(Comparator.comparingInt(Row::ranking).reversed())
                        .thenComparingLong(Row::serviceId))
                .forEach(r -> out.append(String.format(format, r.contract(), r.serviceId(), r.ranking(), r.bundle())));
        return out.toString().stripTrailing();
    }
}
