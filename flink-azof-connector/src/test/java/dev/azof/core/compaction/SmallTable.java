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

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.write.TableWriter;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small hand-written table (id, ts, v; monthly segments) and the events it holds. */
final class SmallTable {
    static final TableSchema SCHEMA =
            TableSchema.of(
                    List.of(
                            Column.of("id", new BigIntType(false)),
                            Column.of("ts", new LocalZonedTimestampType(3)),
                            Column.of("v", new VarCharType(VarCharType.MAX_LENGTH))),
                    List.of("id"),
                    "ts");

    final Path dir;
    final SnapshotStore store;
    final List<Event> events = new ArrayList<>();
    private long arrival;

    SmallTable(Path dir, int buckets) {
        this.dir = dir;
        this.store = new SnapshotStore(dir);
        TableCommits.createTable(dir, SCHEMA, buckets, Map.of(TableWriter.SEGMENT_GRANULARITY, "month"));
    }

    /** One change: key, event time (ISO instant), value; a null value is a tombstone. */
    static Object[] row(long id, String ts, String v) {
        return new Object[] {id, ts, v};
    }

    /** Commits the rows as one ingestion commit; returns the new snapshot. */
    Snapshot commit(Object[]... rows) throws Exception {
        Snapshot current = store.current();
        List<RowData> fileRows = new ArrayList<>();
        List<Event> pending = new ArrayList<>();
        for (Object[] r : rows) {
            long micros = EventTimes.micros(Instant.parse((String) r[1]));
            TimestampData ts = TimestampData.fromInstant(EventTimes.instant(micros));
            StringData v = r[2] == null ? null : StringData.fromString((String) r[2]);
            boolean deleted = r[2] == null;
            fileRows.add(GenericRowData.of(r[0], ts, v, deleted));
            pending.add(new Event(List.of(r[0]), micros, GenericRowData.of(r[0], ts, v), deleted, 0, arrival++));
        }
        TableWriter writer = new TableWriter(dir, current);
        Snapshot next = TableCommits.commitFiles(store, current, writer.writeDeltas(fileRows), Map.of("operation", "append"));
        for (Event e : pending) {
            events.add(new Event(e.key, e.eventMicros, e.row, e.deleted, (int) next.id(), e.arrival));
        }
        return next;
    }

    List<List<Object>> expected(long snapshotId, AsOf asOf) {
        return AsOfOracle.expected(events, asOf.micros(), (int) snapshotId, SCHEMA.rowType());
    }

    List<List<Object>> read(long snapshotId, AsOf asOf) throws Exception {
        return Reads.read(dir, snapshotId, asOf);
    }
}
