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
package dev.azof.testing;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Commits random batches to a table {@code (id BIGINT, ts TIMESTAMP_LTZ(3), v STRING)} through
 * the format core, as a streaming writer would, while a streaming read follows it: each commit
 * advances the recorded watermark by one step; events are out of order around it, some late
 * (at or before the watermark before the commit), some tombstones; compactions in between.
 * Remembers every fact as {@code "snapshot|id|eventMillis|+I or -D|late|v"} in commit order.
 */
public final class StreamingWriter {

    public static final TableSchema SCHEMA =
            TableSchema.of(
                    List.of(
                            Column.of("id", new BigIntType(false)),
                            Column.of("ts", new LocalZonedTimestampType(3)),
                            Column.of("v", new VarCharType(VarCharType.MAX_LENGTH))),
                    List.of("id"),
                    "ts");

    public static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    public static final Duration STEP = Duration.ofDays(1);

    public final List<String> facts = new ArrayList<>();
    public final List<Long> maintenance = new ArrayList<>();
    private final Path dir;
    private final Random rnd;
    private final SnapshotStore store;
    private final int keys;
    private final Duration maxLateness;
    private final boolean distinctKeys;
    private Snapshot snap;
    private Instant watermark = T0;

    /**
     * @param maxLateness how far behind the watermark a late event may lie (null: anywhere back to
     *     the start)
     * @param distinctKeys whether a commit holds at most one event per key
     */
    public StreamingWriter(Path dir, Random rnd, int buckets, int keys, Duration maxLateness, boolean distinctKeys) {
        this.dir = dir;
        this.rnd = rnd;
        this.store = new SnapshotStore(dir);
        this.keys = keys;
        this.maxLateness = maxLateness;
        this.distinctKeys = distinctKeys;
        Map<String, String> props = Map.of(TableWriter.SEGMENT_GRANULARITY, rnd.nextBoolean() ? "month" : "day");
        this.snap = TableCommits.createTable(dir, SCHEMA, buckets, props);
    }

    public Instant watermark() {
        return watermark;
    }

    /** Commits one batch; returns its snapshot id. */
    public long commit() throws Exception {
        Instant before = watermark;
        Instant next = watermark.plus(STEP);
        List<RowData> rows = new ArrayList<>();
        List<Object[]> pending = new ArrayList<>();
        Set<Long> used = new HashSet<>();
        int n = 5 + rnd.nextInt(25);
        for (int i = 0; i < n; i++) {
            long id = rnd.nextInt(keys);
            if (distinctKeys && !used.add(id)) {
                continue;
            }
            long millis;
            if (rnd.nextDouble() < 0.2) {
                long from = maxLateness == null ? T0.toEpochMilli() : before.minus(maxLateness).toEpochMilli();
                millis = from + (long) (rnd.nextDouble() * (before.toEpochMilli() - from + 1));
            } else {
                millis = next.toEpochMilli() - (long) (rnd.nextDouble() * 2 * STEP.toMillis());
            }
            millis = Math.max(T0.toEpochMilli(), millis);
            boolean deleted = rnd.nextDouble() < 0.1;
            String v = "v" + rnd.nextInt(1000);
            rows.add(GenericRowData.of(id, TimestampData.fromEpochMillis(millis), StringData.fromString(v), deleted));
            pending.add(new Object[] {id, millis, deleted, v});
        }
        List<PendingFile> files = new TableWriter(dir, snap).writeDeltas(rows);
        snap = TableCommits.commitFiles(store, snap, files, Map.of("operation", "test-write", "watermark", next.toString()));
        watermark = next;
        for (Object[] p : pending) {
            long millis = (long) p[1];
            boolean late = before.isAfter(T0) && millis <= before.toEpochMilli();
            facts.add(fact(snap.id(), (long) p[0], millis, (boolean) p[2], late, (String) p[3]));
        }
        return snap.id();
    }

    /** Compacts (merging every leaf's deltas); a maintenance commit if anything was merged. */
    public void compact() throws Exception {
        new Compactor(dir, CompactionPolicy.defaults().withMaxDeltasPerSegment(1)).run();
        Snapshot now = store.current();
        if (now.id() != snap.id()) {
            maintenance.add(now.id());
        }
        snap = now;
    }

    public static String fact(long snapshot, long id, long millis, boolean deleted, Boolean late, String v) {
        return snapshot + "|" + id + "|" + millis + "|" + (deleted ? "-D" : "+I") + "|" + late + "|"
                + (deleted ? "" : v);
    }

    /** A fact back into an oracle event. */
    public static Event toEvent(String fact, long arrival) {
        String[] f = fact.split("\\|", -1);
        long id = Long.parseLong(f[1]);
        long millis = Long.parseLong(f[2]);
        boolean deleted = f[3].equals("-D");
        GenericRowData row =
                GenericRowData.of(id, TimestampData.fromEpochMillis(millis), deleted ? null : StringData.fromString(f[5]));
        return new Event(Arrays.asList(id), millis * 1000, row, deleted, Integer.parseInt(f[0]), arrival);
    }
}
