/*
 * Copyright 2026 The flink-azof Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.azof.core.compaction;

import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.RandomHistory;
import dev.azof.testing.TestScale;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads pruned by an event-time floor (spec section 6.4, what a SQL filter {@code event_time >=
 * floor} pushes down): on random histories with late data, repeated event times and deletes,
 * compacted at random moments with random policies (bases, folded late files, tombstones dropped
 * from bases), the pruned read filtered to event times at or after the floor equals the oracle's
 * answer filtered the same way, for random as-of times, floors and retained snapshots. The
 * pruning must also skip files, or the test proves nothing.
 */
class EventTimeFloorPropertyTest {

    @TempDir File tmp;

    @Test
    void prunedReadsFilteredByTheFloorEqualTheOracle() throws Exception {
        long master = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("EventTimeFloorPropertyTest master seed " + master + " (rerun with -Dazof.seed=" + master + ")");
        Random seeds = new Random(master);
        int filesSkipped = 0;
        int reads = 0;
        for (int round = 0; round < TestScale.rounds(4); round++) {
            long seed = seeds.nextLong();
            String context = "master seed " + master + ", round " + round + ", seed " + seed;
            Path dir = new Path(new File(tmp, "t" + round).toURI());
            Random ops = new Random(seed * 31 + 11);
            RandomHistory h =
                    RandomHistory.write(
                            dir,
                            seed,
                            60 + round * 20,
                            8 + round % 3,
                            40,
                            0.2,
                            (history, commit) -> {
                                if (ops.nextDouble() < 0.5) {
                                    new Compactor(dir, Reads.randomPolicy(ops)).run();
                                }
                            });
            for (int q = 0; q < 16; q++) {
                long snapshotId = h.snapshotIds.get(ops.nextInt(h.snapshotIds.size()));
                AsOf asOf = Reads.randomAsOf(h, ops);
                Instant floor = EventTimes.instant(h.randomAsOf(ops));
                AzofTable table = AzofTable.open(dir, snapshotId);
                ScanPlan plan = table.plan(asOf);
                ScanPlan pruned = plan.withoutRowsBefore(floor);
                filesSkipped += plan.files().size() - pruned.files().size();
                assertThat(fromFloor(read(table, pruned), table, floor))
                        .as("%s, snapshot %s, as of %s, floor %s", context, snapshotId, asOf, floor)
                        .isEqualTo(expectedFrom(h.events, asOf, snapshotId, floor, table));
                reads++;
            }
        }
        System.out.println("EventTimeFloorPropertyTest: " + reads + " reads, " + filesSkipped + " files skipped");
        assertThat(filesSkipped).as("files the floor skipped").isPositive();
    }

    private static List<RowData> read(AzofTable table, ScanPlan plan) throws Exception {
        RowDataSerializer copier = new RowDataSerializer(table.rowType());
        List<RowData> rows = new ArrayList<>();
        try (RowIterator it = AsOfReader.read(table, plan)) {
            while (it.hasNext()) {
                rows.add(copier.copy(it.next()));
            }
        }
        return rows;
    }

    /** What Flink's filter {@code event_time >= floor} keeps of the rows read. */
    private static List<List<Object>> fromFloor(List<RowData> rows, AzofTable table, Instant floor) {
        int eventTime = table.schema().indexOf(table.schema().eventTimeColumn());
        int precision = LogicalTypeChecks.getPrecision(table.rowType().getTypeAt(eventTime));
        long floorMicros = EventTimes.micros(floor);
        List<RowData> kept = new ArrayList<>();
        for (RowData r : rows) {
            if (EventTimes.micros(r.getTimestamp(eventTime, precision)) >= floorMicros) {
                kept.add(r);
            }
        }
        return AsOfOracle.actual(kept, table.rowType());
    }

    /** The oracle's answer, only the rows whose event time is at or after {@code floor}. */
    private static List<List<Object>> expectedFrom(
            List<Event> events, AsOf asOf, long snapshotId, Instant floor, AzofTable table) {
        long floorMicros = EventTimes.micros(floor);
        List<Event> answer = new ArrayList<>();
        for (Event e : events) {
            if (e.eventMicros >= floorMicros) {
                answer.add(e);
            }
        }
        // The winners of the whole history that are at or after the floor: the oracle over all
        // events, then the rows before the floor dropped (not the events: an older event must
        // still lose to a newer one).
        List<List<Object>> all = AsOfOracle.expected(events, asOf.micros(), (int) snapshotId, table.rowType());
        List<List<Object>> fromFloor = AsOfOracle.expected(answer, asOf.micros(), (int) snapshotId, table.rowType());
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : all) {
            if (fromFloor.contains(row)) {
                out.add(row);
            }
        }
        return out;
    }
}
