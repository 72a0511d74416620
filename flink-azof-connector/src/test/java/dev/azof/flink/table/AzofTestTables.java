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
package dev.azof.flink.table;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tables of this project written for the SQL tests, and the paths of the reference tables. */
public final class AzofTestTables {

    /** Buckets of the tables written here. */
    public static final int BUCKETS = 4;

    private AzofTestTables() {}

    /** The schema of the tables written here: k STRING NOT NULL (key), v STRING, ts TIMESTAMP. */
    public static TableSchema schema() {
        LogicalType string = new VarCharType(true, VarCharType.MAX_LENGTH);
        return TableSchema.of(
                List.of(
                        Column.of("k", string.copy(false)),
                        Column.of("v", string),
                        Column.of("ts", new TimestampType(true, 3))),
                List.of("k"),
                "ts");
    }

    /**
     * The filter-pushdown trap, in three snapshots: 1 creates the table; 2 adds {@code k}:
     * 'match' at 2024-01-01 and {@code j}: 'match' at 2024-01-15; 3 adds {@code k}: 'other' at
     * 2024-03-01. So {@code v = 'match'} holds for {@code k} as of February, not currently.
     */
    public static String writeTrapTable(java.nio.file.Path dir) {
        Path table = new Path(dir.toAbsolutePath().toString());
        Snapshot snap = TableCommits.createTable(table, schema(), BUCKETS, Map.of());
        snap =
                commit(
                        table,
                        snap,
                        List.of(
                                row("k", "match", "2024-01-01T00:00:00Z"),
                                row("j", "match", "2024-01-15T00:00:00Z")));
        commit(table, snap, List.of(row("k", "other", "2024-03-01T00:00:00Z")));
        return table.toString();
    }

    /** A table of {@code n} keys {@code key0..key<n-1>}, value {@code val<i>}, one commit. */
    public static String writeKeysTable(java.nio.file.Path dir, int n) {
        Path table = new Path(dir.toAbsolutePath().toString());
        Snapshot snap = TableCommits.createTable(table, schema(), BUCKETS, Map.of());
        List<RowData> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row("key" + i, "val" + i, "2024-01-0" + (1 + i % 9) + "T00:00:00Z"));
        }
        commit(table, snap, rows);
        return table.toString();
    }

    public static Snapshot commit(Path table, Snapshot snap, List<RowData> rows) {
        try {
            return TableCommits.commitFiles(
                    new SnapshotStore(table),
                    snap,
                    new TableWriter(table, snap).writeDeltas(rows),
                    Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row in {@link TableSchema#fileRowType()} layout: k, v, ts, not deleted. */
    public static RowData row(String k, String v, String ts) {
        return GenericRowData.of(
                StringData.fromString(k),
                StringData.fromString(v),
                TimestampData.fromInstant(Instant.parse(ts)),
                false);
    }
}
