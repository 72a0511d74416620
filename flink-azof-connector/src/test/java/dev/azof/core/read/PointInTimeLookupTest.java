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
package dev.azof.core.read;

import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.plan.ScanPlanner;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.Event;
import dev.azof.testing.RandomHistory;
import dev.azof.testing.Rows;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PointInTimeLookup} answers every (key, time) as the spec's rule over every event ever
 * committed would, reads each (bucket, window) once when memory allows, and re-reads dropped
 * windows with the same answers when it does not.
 */
class PointInTimeLookupTest {

    @TempDir java.nio.file.Path tmp;

    @Test
    void equalsTheOracleAndReadsEachWindowOnce() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        String context = "seed " + seed + " (rerun with -Dazof.seed=" + seed + ")";
        Path dir = new Path(tmp.resolve("t").toUri());
        Random ops = new Random(seed + 1);
        RandomHistory h =
                RandomHistory.write(
                        dir,
                        seed,
                        40,
                        6,
                        50,
                        0.5,
                        (history, commit) -> {
                            if (commit % 3 == 1) {
                                new Compactor(
                                                dir,
                                                CompactionPolicy.defaults()
                                                        .withMaxDeltasPerSegment(1 + ops.nextInt(2)))
                                        .run();
                            }
                        });
        AzofTable table = AzofTable.open(dir);
        Snapshot snapshot = table.snapshot();
        RowType rowType = table.rowType();
        int[] all = AsOfReader.allColumns(table.schema());
        int[] keys = table.schema().primaryKeyIndexes();

        AtomicLong opens = new AtomicLong();
        DataFileOpener counting =
                (file, readType) -> {
                    opens.incrementAndGet();
                    return AsOfReader.PARQUET.open(file, readType);
                };
        PointInTimeLookup roomy =
                new PointInTimeLookup(dir, snapshot, all, keys, Long.MAX_VALUE, counting);
        PointInTimeLookup tight = new PointInTimeLookup(dir, snapshot, all, keys, 20, AsOfReader.PARQUET);

        Random r = new Random(seed + 2);
        List<Event> events = h.events;
        int found = 0;
        for (int q = 0; q < 600; q++) {
            Event some = events.get(r.nextInt(events.size()));
            long t = h.randomAsOf(r);
            GenericRowData keyRow = keyRow(some.key, keys, rowType);
            List<Object> want = oracle(events, some.key, t, rowType);
            RowData got = roomy.lookup(keyRow, t);
            String at = context + ", key " + some.key + " as of " + t;
            assertThat(got == null ? null : Rows.values(got, rowType)).as(at).isEqualTo(want);
            if (q < 40) { // each of these may read a window again
                RowData again = tight.lookup(keyRow, t);
                assertThat(again == null ? null : Rows.values(again, rowType))
                        .as(at + " (tight)")
                        .isEqualTo(want);
            }
            found += want == null ? 0 : 1;
        }
        assertThat(found).as(context + ": lookups that find a row").isGreaterThan(60);

        // N lookups cost one read per (bucket, window): never more files than those windows hold.
        long windows = 0;
        for (int b = 0; b < snapshot.bucketCount(); b++) {
            windows += ScanPlanner.baseStarts(snapshot, b).size() + 1;
        }
        assertThat(roomy.windowsRead()).as(context).isLessThanOrEqualTo(windows);
        assertThat(opens.get()).as(context + ": files opened for 600 lookups").isLessThan(600);
        assertThat(tight.windowsRead()).as(context + ": a tight budget reads windows again").isGreaterThan(roomy.windowsRead());
    }

    /** The row the spec's rule picks for {@code key} as of {@code t} among every event, or null. */
    private static List<Object> oracle(List<Event> events, List<Object> key, long t, RowType rowType) {
        Event winner = null;
        for (Event e : events) {
            if (e.key.equals(key) && e.eventMicros <= t && (winner == null || beats(e, winner))) {
                winner = e;
            }
        }
        return winner == null || winner.deleted ? null : Rows.values(winner.row, rowType);
    }

    @Test
    void aMissReachesBackToTheEarliestTimeLookedUpInAnyBucket() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        // Histories are random (bucket count, segments): take the first with a bucket of three
        // windows or more and a second bucket, so that the case can happen.
        for (int attempt = 0; attempt < 30; attempt++) {
            String context = "seed " + seed + " attempt " + attempt + " (rerun with -Dazof.seed=" + seed + ")";
            Path dir = new Path(tmp.resolve("reach-" + attempt).toUri());
            RandomHistory h = RandomHistory.write(dir, seed + attempt, 30, 8, 40, 1.0);
            AzofTable table = AzofTable.open(dir);
            Snapshot snapshot = table.snapshot();
            RowType rowType = table.rowType();
            int[] keys = table.schema().primaryKeyIndexes();
            PointInTimeLookup lookup =
                    new PointInTimeLookup(
                            dir, snapshot, AsOfReader.allColumns(table.schema()), keys, Long.MAX_VALUE, AsOfReader.PARQUET);
            java.util.Map<Integer, List<Object>> keyOfBucket = new java.util.TreeMap<>();
            for (Event e : h.events) {
                keyOfBucket.putIfAbsent(lookup.bucket(keyRow(e.key, keys, rowType)), e.key);
            }
            Integer wide = null;
            Integer other = null;
            for (int b : keyOfBucket.keySet()) {
                if (wide == null && ScanPlanner.baseStarts(snapshot, b).size() >= 3) {
                    wide = b;
                } else if (other == null) {
                    other = b;
                }
            }
            if (wide == null || other == null) {
                continue;
            }
            List<java.time.Instant> starts = ScanPlanner.baseStarts(snapshot, wide);
            long earliest = dev.azof.core.plan.EventTimes.micros(starts.get(0));
            long late = dev.azof.core.plan.EventTimes.micros(starts.get(starts.size() - 1)) + 1;
            long middle = dev.azof.core.plan.EventTimes.micros(starts.get(1));
            long[][] lookups = {{other, earliest}, {wide, late}, {wide, middle}};
            for (long[] q : lookups) {
                List<Object> key = keyOfBucket.get((int) q[0]);
                RowData got = lookup.lookup(keyRow(key, keys, rowType), q[1]);
                assertThat(got == null ? null : Rows.values(got, rowType))
                        .as(context + ", key " + key + " as of " + q[1])
                        .isEqualTo(oracle(h.events, key, q[1], rowType));
            }
            // The late fact of the wide bucket read from the window of the earliest time looked
            // up (in the other bucket), so its earlier fact needed no read of its own.
            assertThat(lookup.windowsRead()).as(context + ": ranges read").isEqualTo(2);
            return;
        }
        throw new AssertionError("seed " + seed + ": no history of 30 attempts had two buckets, one of three windows");
    }

    private static GenericRowData keyRow(List<Object> key, int[] keys, RowType rowType) {
        GenericRowData keyRow = new GenericRowData(rowType.getFieldCount());
        for (int k = 0; k < keys.length; k++) {
            Object v = key.get(k);
            keyRow.setField(keys[k], v instanceof String ? StringData.fromString((String) v) : v);
        }
        return keyRow;
    }

    private static boolean beats(Event a, Event b) {
        if (a.eventMicros != b.eventMicros) {
            return a.eventMicros > b.eventMicros;
        }
        if (a.commit != b.commit) {
            return a.commit > b.commit;
        }
        return a.arrival > b.arrival;
    }

    @Test
    void factsOfTheLastWindowOpenOnlyItsFiles() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        Path dir = new Path(tmp.resolve("last").toUri());
        RandomHistory.write(dir, seed, 30, 5, 40, 1.0);
        Snapshot snapshot = AzofTable.open(dir).snapshot();
        for (int b = 0; b < snapshot.bucketCount(); b++) {
            List<java.time.Instant> starts = ScanPlanner.baseStarts(snapshot, b);
            if (starts.isEmpty()) {
                continue;
            }
            java.time.Instant last = starts.get(starts.size() - 1);
            List<DataFile> files =
                    ScanPlanner.planBucketRange(snapshot, b, last, dev.azof.core.plan.AsOf.current()).files();
            List<DataFile> bases = new ArrayList<>();
            for (DataFile f : files) {
                if (f.isBase()) {
                    bases.add(f);
                }
                // a delta read for the last window either reaches it or is late for its base
                if (!f.isBase() && !bases.isEmpty()) {
                    DataFile base = bases.get(0);
                    boolean reaches = !(f.maxEventTime() != null ? f.maxEventTime() : f.end()).isBefore(base.start());
                    assertThat(reaches || f.sequence() > base.sequence()).as("seed " + seed + ": " + f).isTrue();
                }
            }
            assertThat(bases).as("seed " + seed + ": at most one base").hasSizeLessThanOrEqualTo(1);
        }
    }
}
