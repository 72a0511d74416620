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
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.SegmentGranularity;
import dev.azof.core.write.SegmentTree;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a random multi-segment history into a table of this project, the way a streaming writer
 * would: commits of out-of-order events near a moving watermark, some late events far behind it,
 * repeated (key, event time) pairs, tombstones, and bases built between commits. Remembers every
 * event for {@link AsOfOracle}.
 */
public final class RandomHistory {

    public static final Instant EPOCH = Instant.parse("2023-01-01T00:00:00Z");
    public static final long SPAN_MICROS = 2L * 365 * 24 * 3600 * 1_000_000L;

    public final Path dir;
    public final TableSchema schema;
    public final List<Event> events = new ArrayList<>();
    /** Snapshot ids in commit order (the first is the table's creation). */
    public final List<Long> snapshotIds = new ArrayList<>();

    private final Random rnd;
    private final boolean composite;
    private final int keys;
    private long arrival;

    private RandomHistory(Path dir, Random rnd, boolean composite, int keys) {
        this.dir = dir;
        this.rnd = rnd;
        this.composite = composite;
        this.keys = keys;
        this.schema = composite ? compositeSchema() : simpleSchema();
    }

    /**
     * Creates the table and writes {@code commits} commits of about {@code eventsPerCommit} events
     * over {@code keys} keys; with probability {@code baseShare} a commit is followed by building
     * the bases of a random segment.
     */
    public static RandomHistory write(
            Path dir, long seed, int keys, int commits, int eventsPerCommit, double baseShare) throws Exception {
        return write(dir, seed, keys, commits, eventsPerCommit, baseShare, null);
    }

    /** Runs after every ingestion commit; may commit too (a compaction, an expiration). */
    @FunctionalInterface
    public interface Interleave {
        void afterCommit(RandomHistory history, int commit) throws Exception;
    }

    /**
     * Like {@link #write(Path, long, int, int, int, double)}, calling {@code between} after every
     * ingestion commit (and base build); snapshots it publishes are recorded in {@link
     * #snapshotIds} too.
     */
    public static RandomHistory write(
            Path dir, long seed, int keys, int commits, int eventsPerCommit, double baseShare, Interleave between)
            throws Exception {
        Random rnd = new Random(seed);
        RandomHistory h = new RandomHistory(dir, rnd, rnd.nextBoolean(), keys);
        int buckets = new int[] {1, 2, 3, 4, 8}[rnd.nextInt(5)];
        String granularity = new String[] {"month", "quarter", "year,quarter", "year,month", "year"}[rnd.nextInt(5)];
        Map<String, String> props = new LinkedHashMap<>();
        props.put(TableWriter.SEGMENT_GRANULARITY, granularity);
        Snapshot snap = TableCommits.createTable(dir, h.schema, buckets, props);
        h.snapshotIds.add(snap.id());
        SnapshotStore store = new SnapshotStore(dir);
        long watermark = 0;
        for (int c = 0; c < commits; c++) {
            watermark += SPAN_MICROS / commits;
            List<RowData> fileRows = new ArrayList<>();
            List<Event> pending = new ArrayList<>();
            int n = eventsPerCommit / 2 + rnd.nextInt(eventsPerCommit);
            for (int i = 0; i < n; i++) {
                long ts;
                double kind = rnd.nextDouble();
                if (kind < 0.15 && !h.events.isEmpty()) {
                    // same (key, event time) as an earlier event: a correction or a duplicate
                    Event old = h.events.get(rnd.nextInt(h.events.size()));
                    ts = old.eventMicros - EventTimes.micros(EPOCH);
                    h.addEvent(pending, fileRows, old.key, ts, snap.id() + 1, rnd.nextDouble() < 0.5 ? old.row : null);
                    continue;
                } else if (kind < 0.30) {
                    ts = (long) (rnd.nextDouble() * watermark); // late: anywhere before the watermark
                } else {
                    ts = watermark - (long) (rnd.nextDouble() * (SPAN_MICROS / commits) * 2); // out of order
                }
                ts = Math.max(0, ts) / 1000 * 1000 + (h.composite ? rnd.nextInt(1000) : 0);
                h.addEvent(pending, fileRows, h.randomKey(), ts, snap.id() + 1, null);
            }
            TableWriter writer = new TableWriter(dir, snap);
            List<PendingFile> files = writer.writeDeltas(fileRows);
            snap = TableCommits.commitFiles(store, snap, files, Map.of("commit", Integer.toString(c)));
            h.snapshotIds.add(snap.id());
            for (Event e : pending) {
                h.events.add(new Event(e.key, e.eventMicros, e.row, e.deleted, (int) snap.id(), e.arrival));
            }
            if (rnd.nextDouble() < baseShare) {
                List<SegmentGranularity> layout = writer.layout();
                SegmentGranularity g = layout.get(layout.size() - 1);
                Instant start = g.floor(EventTimes.instant(EventTimes.micros(EPOCH) + (long) (rnd.nextDouble() * watermark)));
                List<PendingFile> bases = writer.buildBases(snap, start);
                snap = TableCommits.commitFiles(store, snap, bases, Map.of("operation", "base " + SegmentTree.leafId(start, layout)));
                h.snapshotIds.add(snap.id());
            }
            if (between != null) {
                between.afterCommit(h, c);
                Snapshot now = store.current();
                for (long id = snap.id() + 1; id <= now.id(); id++) {
                    h.snapshotIds.add(id);
                }
                snap = now;
            }
        }
        return h;
    }

    private List<Object> randomKey() {
        int k = rnd.nextInt(keys);
        return composite ? Arrays.asList("r" + (k % 7), k / 7) : Arrays.asList((long) k * 7919 - 1000);
    }

    private void addEvent(
            List<Event> pending, List<RowData> fileRows, List<Object> key, long tsOffset, long commit, RowData copyOf) {
        boolean deleted = rnd.nextDouble() < 0.1;
        long micros = EventTimes.micros(EPOCH) + tsOffset;
        GenericRowData row = composite ? compositeRow(key, micros) : simpleRow(key, micros);
        if (copyOf != null) {
            // an exact duplicate delivery of an earlier row
            for (int i = 0; i < row.getArity(); i++) {
                row.setField(i, ((GenericRowData) copyOf).getField(i));
            }
            deleted = false;
        }
        GenericRowData fileRow = new GenericRowData(row.getArity() + 1);
        for (int i = 0; i < row.getArity(); i++) {
            fileRow.setField(i, row.getField(i));
        }
        fileRow.setField(row.getArity(), deleted);
        fileRows.add(fileRow);
        pending.add(new Event(key, micros, row, deleted, (int) commit, arrival++));
    }

    private static TableSchema simpleSchema() {
        return TableSchema.of(
                List.of(
                        Column.of("id", new BigIntType(false)),
                        Column.of("ts", new LocalZonedTimestampType(3)),
                        Column.of("name", new VarCharType(VarCharType.MAX_LENGTH)),
                        Column.of("amount", new DecimalType(12, 2)),
                        Column.of("qty", new IntType())),
                List.of("id"),
                "ts");
    }

    private GenericRowData simpleRow(List<Object> key, long micros) {
        return GenericRowData.of(
                key.get(0),
                TimestampData.fromInstant(EventTimes.instant(micros)),
                rnd.nextInt(10) == 0 ? null : StringData.fromString("n" + rnd.nextInt(1000)),
                DecimalData.fromBigDecimal(BigDecimal.valueOf(rnd.nextInt(1_000_000), 2), 12, 2),
                rnd.nextInt(5) == 0 ? null : rnd.nextInt());
    }

    private static TableSchema compositeSchema() {
        return TableSchema.of(
                List.of(
                        Column.of("region", new VarCharType(false, 20)),
                        Column.of("id", new IntType(false)),
                        Column.of("ts", new TimestampType(6)),
                        Column.of("flag", new BooleanType()),
                        Column.of("score", new DoubleType()),
                        Column.of("day", new DateType()),
                        Column.of("raw", new VarBinaryType(VarBinaryType.MAX_LENGTH))),
                List.of("region", "id"),
                "ts");
    }

    private GenericRowData compositeRow(List<Object> key, long micros) {
        return GenericRowData.of(
                StringData.fromString((String) key.get(0)),
                key.get(1),
                TimestampData.fromInstant(EventTimes.instant(micros)),
                rnd.nextBoolean(),
                rnd.nextDouble() * 100,
                rnd.nextInt(20000),
                rnd.nextInt(4) == 0 ? null : new byte[] {(byte) rnd.nextInt(), (byte) rnd.nextInt()});
    }

    /** A random as-of time over the history, sometimes exactly an event's time. */
    public long randomAsOf(Random r) {
        if (!events.isEmpty() && r.nextInt(3) == 0) {
            return events.get(r.nextInt(events.size())).eventMicros;
        }
        return EventTimes.micros(EPOCH) - SPAN_MICROS / 10 + (long) (r.nextDouble() * SPAN_MICROS * 1.2);
    }
}
