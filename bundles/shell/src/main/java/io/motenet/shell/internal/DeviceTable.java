package io.motenet.shell.internal;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import io.motenet.link.LinkCounters;
import io.motenet.link.LinkState;

/** The rows of {@code link:devices}, like {@code ip -s link}: one line per device, drops by reason beneath. */
final class DeviceTable {

    /** {@code offloadPacket}: the device's largest TCP segment it cuts up itself; the MTU when it offloads none. */
    record Row(String name, String driver, String decorator, String mac, int mtu, int offloadPacket, LinkState state,
            LinkCounters counters) {}

    private DeviceTable() {}

    static String render(List<Row> rows) {
        if (rows.isEmpty()) {
            return "no network device is registered";
        }
        String format = "%-12s %-8s %-9s %-17s %6s %-9s %-4s %10s %12s %10s %12s%n";
        StringBuilder out = new StringBuilder(String.format(format, "NAME", "DRIVER", "DECORATOR", "MAC", "MTU",
                "OFFLOAD", "LINK", "RX FRAMES", "RX BYTES", "TX FRAMES", "TX BYTES"));
        rows.stream().sorted(Comparator.comparing(Row::name).thenComparing(Row::decorator)).forEach(r -> {
            LinkCounters c = r.counters();
            out.append(String.format(format, r.name(), r.driver(), r.decorator().isEmpty() ? "-" : r.decorator(),
                    r.mac(), r.mtu(), r.offloadPacket() > r.mtu() ? "tso " + r.offloadPacket() : "-", r.state(),
                    c.rxFrames(), c.rxBytes(), c.txFrames(), c.txBytes()));
            if (!c.rxDrops().isEmpty()) {
                out.append("    rx dropped: ").append(drops(c.rxDrops())).append('\n');
            }
            if (!c.txDrops().isEmpty()) {
                out.append("    tx dropped: ").append(drops(c.txDrops())).append('\n');
            }
        });
        return out.toString().stripTrailing();
    }

    private static String drops(java.util.Map<io.motenet.link.DropReason, Long> drops) {
        return drops.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase().replace('_', '-') + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
