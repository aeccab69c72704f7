package io.motenet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.motenet.link.DropReason;
import io.motenet.link.LinkCounters;
import io.motenet.link.LinkState;
import org.junit.jupiter.api.Test;

class DeviceTableTest {

    @Test
    void oneLinePerDeviceAndDropsByReason() {
        String table = DeviceTable.render(List.of(
                new DeviceTable.Row("tap0", "tap", "", "02:00:00:00:00:01", 1500, 65535, LinkState.UP,
                        new LinkCounters(3, 180, 2, 120, Map.of(DropReason.TOO_SHORT, 4L), Map.of())),
                new DeviceTable.Row("vs0", "vswitch", "fault", "02:00:00:00:00:02", 9000, 9000, LinkState.DOWN,
                        LinkCounters.ZERO)));
        String[] lines = table.split("\n");
        assertEquals(4, lines.length, table);
        assertTrue(lines[1].matches("tap0 +tap +- +02:00:00:00:00:01 +1500 tso 65535 UP +3 +180 +2 +120"), lines[1]);
        assertEquals("    rx dropped: too-short 4", lines[2]);
        assertTrue(lines[3].startsWith("vs0          vswitch  fault"), lines[3]);
        assertTrue(lines[3].matches(".* 9000 - +DOWN .*"), "no offload: " + lines[3]);
    }

    @Test
    void saysSoWhenThereIsNone() {
        assertEquals("no network device is registered", DeviceTable.render(List.of()));
    }
}
