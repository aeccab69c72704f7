package io.motenet.link.internal.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {

    @Test
    void runsInTimeOrderTiesInScheduleOrderAndOnlyWhenAsked() {
        VirtualScheduler s = new VirtualScheduler(1000);
        List<String> log = new ArrayList<>();
        s.schedule(3000, () -> log.add("c@" + s.nanoTime()));
        s.schedule(2000, () -> log.add("a@" + s.nanoTime()));
        s.schedule(2000, () -> log.add("b@" + s.nanoTime()));
        s.schedule(10, () -> log.add("past@" + s.nanoTime())); // never before now
        assertTrue(log.isEmpty());
        assertEquals(1000, s.nextEventTime());
        s.runUntil(2000);
        assertEquals(List.of("past@1000", "a@2000", "b@2000"), log);
        assertEquals(2000, s.nanoTime());
        s.advance(Duration.ofNanos(500));
        assertEquals(2500, s.nanoTime());
        assertEquals(1, s.pending());
        assertTrue(s.runNext());
        assertEquals("c@3000", log.get(3));
        assertFalse(s.runNext());
        assertEquals(Long.MAX_VALUE, s.nextEventTime());
        assertEquals(4, s.tasksRun());
    }

    @Test
    void tasksScheduledByTasksRunInTheSamePassAndRunAllIsBounded() {
        VirtualScheduler s = new VirtualScheduler();
        int[] n = {0};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            n[0]++;
            s.schedule(s.nanoTime() + 10, tick[0]);
        };
        s.schedule(0, tick[0]);
        s.runUntil(95);
        assertEquals(10, n[0], "ticks at 0, 10, ..., 90");
        assertFalse(s.runAll(100), "a simulation that never goes quiet stops at the bound");
    }
}
