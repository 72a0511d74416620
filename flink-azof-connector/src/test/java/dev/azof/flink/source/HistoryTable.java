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
package dev.azof.flink.source;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A table of this project written with {@link TableWriter} from random events (out-of-order event
 * times, repeated (key, event time) pairs, tombstones), and a brute-force oracle over those events
 * that knows nothing of segments, buckets or files.
 */
public final class HistoryTable {

    public static final Instant FROM = Instant.parse("2023-10-01T00:00:00Z");
    public static final Instant TO = Instant.parse("2025-04-01T00:00:00Z");

    public static final TableSchema SCHEMA =
            TableSchema.of(
                    List.of(
                            Column.of("id", new BigIntType(false)),
                            Column.of("name", new VarCharType(true, VarCharType.MAX_LENGTH)),
                            Column.of("amount", new IntType(true)),
                            Column.of("ts", new TimestampType(true, 3))),
                    List.of("id"),
                    "ts");

    /** One written row; later (commit, arrival) wins a tie on event time. */
    public static final class Event {
        final long id;
        final String name;
        final Integer amount;
        final long tsMillis;
        final boolean deleted;
        final int commit;
        final int arrival;

        Event(long id, String name, Integer amount, long tsMillis, boolean deleted, int commit, int arrival) {
            this.id = id;
            this.name = name;
            this.amount = amount;
            this.tsMillis = tsMillis;
            this.deleted = deleted;
            this.commit = commit;
            this.arrival = arrival;
        }

        GenericRowData fileRow() {
            return GenericRowData.of(
                    id,
                    name == null ? null : StringData.fromString(name),
                    amount,
                    TimestampData.fromEpochMillis(tsMillis),
                    deleted);
        }
    }

    public final String dir;
    public final int buckets;
    public final List<Event> events = new ArrayList<>();

    private HistoryTable(String dir, int buckets) {
        this.dir = dir;
        this.buckets = buckets;
    }

    /**
     * Writes {@code commits} commits of {@code eventsPerCommit} events over {@code keys} keys.
     * After the second commit, the bases of one quarter are built, so reads see base files too.
     */
    public static HistoryTable write(
            File dir, long seed, int keys, int buckets, int commits, int eventsPerCommit)
            throws Exception {
        Random rnd = new Random(seed);
        HistoryTable h = new HistoryTable(dir.getAbsolutePath(), buckets);
        Path path = new Path(h.dir);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(TableWriter.SEGMENT_GRANULARITY, "year,quarter");
        Snapshot snap = TableCommits.createTable(path, SCHEMA, buckets, props);
        SnapshotStore store = new SnapshotStore(path);
        long from = FROM.toEpochMilli();
        long span = TO.toEpochMilli() - from;
        int arrival = 0;
        for (int c = 1; c <= commits; c++) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < eventsPerCommit; i++) {
                double kind = rnd.nextDouble();
                if (kind < 0.10 && !(h.events.isEmpty() && batch.isEmpty())) {
                    // Same key and event time as an earlier event: the later write must win.
                    List<Event> earlier = h.events.isEmpty() || (rnd.nextBoolean() && !batch.isEmpty()) ? batch : h.events;
                    Event old = earlier.get(rnd.nextInt(earlier.size()));
                    batch.add(new Event(old.id, "fix" + c + "_" + i, rnd.nextInt(1000), old.tsMillis, rnd.nextDouble() < 0.1, c, arrival++));
                } else {
                    long id = rnd.nextInt(keys);
                    long ts = from + (long) (rnd.nextDouble() * span);
                    boolean deleted = rnd.nextDouble() < 0.05;
                    String name = deleted ? null : (rnd.nextDouble() < 0.05 ? null : "n" + c + "_" + i);
                    Integer amount = deleted ? null : (rnd.nextDouble() < 0.05 ? null : rnd.nextInt(1_000_000));
                    batch.add(new Event(id, name, amount, ts, deleted, c, arrival++));
                }
            }
            List<RowData> rows = new ArrayList<>();
            for (Event e : batch) {
                rows.add(e.fileRow());
            }
            TableWriter writer = new TableWriter(path, snap);
            List<PendingFile> files = writer.writeDeltas(rows);
            snap = TableCommits.commitFiles(store, snap, files, Map.of("commit", Integer.toString(c)));
            h.events.addAll(batch);
            if (c == 2) {
                List<PendingFile> bases = writer.buildBases(snap, Instant.parse("2024-07-01T00:00:00Z"));
                snap = TableCommits.commitFiles(store, snap, bases, Map.of("operation", "base"));
            }
        }
        return h;
    }

    /** A random as-of instant in (or just around) the event-time range. */
    public static AsOf randomAsOf(Random rnd) {
        long from = FROM.toEpochMilli() - 86_400_000L;
        long to = TO.toEpochMilli() + 86_400_000L;
        return AsOf.at(Instant.ofEpochMilli(from + (long) (rnd.nextDouble() * (to - from))));
    }

    /** Brute force: per key, the event with the greatest event time <= t, later write on ties. */
    public List<String> expected(AsOf asOf, int[] projection) {
        long bound = asOf.isCurrent() ? Long.MAX_VALUE : asOf.instant().toEpochMilli();
        Map<Long, Event> winners = new HashMap<>();
        for (Event e : events) {
            if (e.tsMillis > bound) {
                continue;
            }
            Event w = winners.get(e.id);
            // Events are in write order, so ">=" lets the later write win a tie.
            if (w == null || e.tsMillis >= w.tsMillis) {
                winners.put(e.id, e);
            }
        }
        RowType full = SCHEMA.rowType();
        List<String> out = new ArrayList<>();
        for (Event e : winners.values()) {
            if (!e.deleted) {
                GenericRowData all = e.fileRow();
                GenericRowData projected = new GenericRowData(projection.length);
                for (int i = 0; i < projection.length; i++) {
                    projected.setField(i, all.getField(projection[i]));
                }
                out.add(render(projected, project(full, projection)));
            }
        }
        Collections.sort(out);
        return out;
    }

    public static RowType project(RowType full, int[] projection) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (int i : projection) {
            fields.add(full.getFields().get(i));
        }
        return new RowType(fields);
    }

    /** A row as text, e.g. {@code 17|n3_5|250|2024-02-01T00:00}. */
    public static String render(RowData row, RowType type) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (i > 0) {
                sb.append('|');
            }
            Object v = RowData.createFieldGetter(type.getTypeAt(i), i).getFieldOrNull(row);
            sb.append(v instanceof TimestampData ? ((TimestampData) v).toInstant() : v);
        }
        return sb.toString();
    }

    public static List<String> render(List<RowData> rows, RowType type) {
        List<String> out = new ArrayList<>();
        for (RowData r : rows) {
            out.add(render(r, type));
        }
        Collections.sort(out);
        return out;
    }
}
