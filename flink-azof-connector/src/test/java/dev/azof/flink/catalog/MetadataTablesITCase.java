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
package dev.azof.flink.catalog;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.testing.MiniClusters;

import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The metadata tables through the catalog in SQL, over a table written by several commits, a
 * compaction and an expiration: every row equals what the core's snapshot reader says.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetadataTablesITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static List<Row> query(TableEnvironment tEnv, String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void metadataTablesShowWhatTheSnapshotsSay(@TempDir Path warehouse) throws Exception {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 2);
        tEnv.executeSql("CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = '" + warehouse + "')");
        tEnv.executeSql("USE CATALOG azof");
        tEnv.executeSql(
                        "CREATE TABLE t (k STRING, v STRING, ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ('bucket' = '2', 'segment.granularity' = 'day', 'event-time.column' = 'ts')")
                .await();
        // Commits with late rows (2024-01-01 again and again), then a compaction and one more.
        String[] inserts = {
            "('a', 'a1', TIMESTAMP '2024-01-01 01:00:00'), ('b', 'b1', TIMESTAMP '2024-01-01 02:00:00')",
            "('a', 'a2', TIMESTAMP '2024-01-02 01:00:00'), ('c', 'c1', TIMESTAMP '2024-01-01 03:00:00')",
            "('b', 'b-late', TIMESTAMP '2024-01-01 05:00:00'), ('d', 'd1', TIMESTAMP '2024-01-03 01:00:00')",
            "('c', 'c2', TIMESTAMP '2024-01-04 01:00:00'), ('a', 'a-late', TIMESTAMP '2024-01-01 04:00:00')",
        };
        for (String values : inserts) {
            tEnv.executeSql("INSERT INTO t VALUES " + values).await();
        }
        query(tEnv, "CALL azof.sys.compact('t')");
        tEnv.executeSql("INSERT INTO t VALUES ('e', 'e1', TIMESTAMP '2024-01-05 01:00:00')").await();
        org.apache.flink.core.fs.Path dir =
                new org.apache.flink.core.fs.Path(warehouse.resolve("t").toString());
        SnapshotStore store = new SnapshotStore(dir);
        long current = store.currentId();
        Snapshot compaction = store.read(current - 1);
        assertThat(SnapshotSummary.of(compaction).operation()).isEqualTo(SnapshotSummary.COMPACT);

        // Before expiration every snapshot is listed, each commit's files are its diff.
        assertSnapshots(query(tEnv, "SELECT * FROM t$snapshots"), store, 1, current);
        List<Row> compactRow =
                query(tEnv, "SELECT added_files, removed_files FROM t$snapshots WHERE operation = 'compact'");
        assertThat(compactRow).hasSize(1);
        assertThat((Long) compactRow.get(0).getField(0) + (Long) compactRow.get(0).getField(1)).isPositive();

        query(tEnv, "CALL azof.sys.expire('t', 3)");
        long oldest = current - 2;
        assertThat(store.readIfExists(oldest - 1)).isNull();
        List<Row> snapshots = query(tEnv, "SELECT * FROM `t$snapshots`");
        assertSnapshots(snapshots, store, oldest, current);
        Row first = snapshots.stream().filter(r -> (long) r.getField("snapshot_id") == oldest).findFirst().get();
        assertThat(first.getField("added_files")).as("the parent expired: unknown").isNull();

        // t$snapshots as of a snapshot: the history up to it.
        assertSnapshots(
                query(tEnv, "SELECT * FROM t$snapshots /*+ OPTIONS('scan.snapshot-id'='" + (current - 1) + "') */"),
                store, oldest, current - 1);

        // t$files, t$segments, t$schemas: current and as of the compaction's snapshot.
        for (Long id : new Long[] {null, current - 1}) {
            String hint = id == null ? "" : " /*+ OPTIONS('scan.snapshot-id'='" + id + "') */";
            Snapshot snapshot = id == null ? store.current() : store.read(id);
            assertFiles(query(tEnv, "SELECT * FROM t$files" + hint), snapshot);
            assertSegments(query(tEnv, "SELECT * FROM t$segments" + hint), snapshot);
            List<Row> schemas = query(tEnv, "SELECT * FROM t$schemas" + hint);
            assertThat(schemas).hasSize(1);
            assertThat(schemas.get(0).getField("schema_id")).isEqualTo(0L);
            assertThat((String) schemas.get(0).getField("columns"))
                    .contains("\"name\":\"k\"", "\"name\":\"v\"", "\"name\":\"ts\"");
            assertThat((String[]) schemas.get(0).getField("primary_key")).containsExactly("k");
            assertThat(schemas.get(0).getField("event_time_column")).isEqualTo("ts");
        }
        // Every column name works unquoted (none is a keyword).
        for (String[] table : new String[][] {
            {"snapshots", "snapshot_id, parent_id, commit_time, operation, writer_id, checkpoint_id, table_watermark,"
                    + " schema_id, added_files, removed_files, added_rows, removed_rows, added_bytes, removed_bytes,"
                    + " total_files, total_rows, total_bytes, summary"},
            {"files", "path, kind, segment_id, bucket, sequence_number, record_count, file_size_in_bytes,"
                    + " min_event_time, max_event_time, schema_id"},
            {"segments", "segment_id, parent_id, depth, start_time, end_time, base_files, delta_files, children,"
                    + " record_count, size_in_bytes"},
            {"schemas", "schema_id, columns, primary_key, event_time_column, is_current"}}) {
            assertThat(query(tEnv, "SELECT " + table[1] + " FROM t$" + table[0])).isNotEmpty();
        }
        // Projection and filters work as on any table; the catalog name may be spelled out.
        long deltas = store.current().allFiles().stream().filter(f -> f.kind() == DataFile.Kind.DELTA).count();
        assertThat(query(tEnv, "SELECT COUNT(*) FROM azof.`default`.`t$files` WHERE kind = 'delta'"))
                .containsExactly(Row.of(deltas));

        // Errors: an unknown suffix, an unknown table, an expired snapshot, writes, time travel.
        assertThatThrownBy(() -> query(tEnv, "SELECT * FROM t$nope"))
                .hasStackTraceContaining("'nope' is not a metadata table of default.t")
                .hasStackTraceContaining("snapshots, files, segments, schemas");
        assertThatThrownBy(() -> query(tEnv, "SELECT * FROM u$snapshots"))
                .hasStackTraceContaining("Object 'u$snapshots' not found");
        assertThatThrownBy(() -> query(tEnv, "SELECT * FROM t$files /*+ OPTIONS('scan.snapshot-id'='1') */"))
                .hasStackTraceContaining("snapshot 1")
                .hasStackTraceContaining("has expired");
        assertThatThrownBy(() -> query(tEnv, "SELECT * FROM t$files /*+ OPTIONS('scan.as-of'='2024-01-01T00:00:00Z') */"))
                .hasStackTraceContaining("option 'scan.as-of' does not apply to the metadata table");
        assertThatThrownBy(
                        () -> tEnv.executeSql("INSERT INTO t$schemas SELECT * FROM t$schemas").await())
                .hasStackTraceContaining("'schemas' is a metadata table of an azof table, read only");
        assertThatThrownBy(
                        () -> query(tEnv, "SELECT * FROM t$files FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-02 00:00:00'"))
                .hasStackTraceContaining("FOR SYSTEM_TIME AS OF does not apply to the metadata table");

        // After ALTER TABLE: t$schemas lists every version (the current one last), each snapshot
        // names its own, the old files keep theirs, and a read as of an older snapshot sees the
        // versions it knew.
        tEnv.executeSql("ALTER TABLE t ADD note STRING").await();
        tEnv.executeSql("ALTER TABLE t RENAME v TO v2").await();
        long altered = store.currentId();
        List<Row> versions = query(tEnv, "SELECT schema_id, columns, is_current FROM t$schemas");
        assertThat(versions).extracting(r -> r.getField(0)).containsExactly(0L, 1L, 2L);
        assertThat(versions).extracting(r -> r.getField(2)).containsExactly(false, false, true);
        int vId = store.current().schema().column("v2").id();
        assertThat((String) versions.get(2).getField(1))
                .contains("{\"id\":" + vId + ",\"name\":\"v2\"")
                .contains("\"name\":\"note\"");
        assertThat((String) versions.get(0).getField(1)).contains("{\"id\":" + vId + ",\"name\":\"v\"");
        assertThat(query(tEnv, "SELECT snapshot_id, schema_id FROM t$snapshots WHERE snapshot_id >= " + current))
                .containsExactly(Row.of(current, 0L), Row.of(altered - 1, 1L), Row.of(altered, 2L));
        assertThat(query(tEnv, "SELECT DISTINCT schema_id FROM t$files")).containsExactly(Row.of(0L));
        assertThat(query(tEnv, "SELECT schema_id FROM t$schemas /*+ OPTIONS('scan.snapshot-id'='" + (altered - 1) + "') */"))
                .containsExactly(Row.of(0L), Row.of(1L));

        assertThatThrownBy(
                        () -> tEnv.executeSql("CREATE TABLE x$y (k STRING, ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED) WITH ('event-time.column' = 'ts')").await())
                .hasStackTraceContaining("reserved for metadata tables");
    }

    /** The rows of t$snapshots against the snapshots the store reads, ids {@code from..to}. */
    private static void assertSnapshots(List<Row> rows, SnapshotStore store, long from, long to) {
        assertThat(rows).hasSize((int) (to - from + 1));
        for (Row row : rows) {
            long id = (long) row.getField("snapshot_id");
            assertThat(id).isBetween(from, to);
            Snapshot s = store.read(id);
            SnapshotSummary summary = SnapshotSummary.of(s);
            assertThat(row.getField("parent_id")).isEqualTo(s.parentId());
            assertThat(row.getField("commit_time")).isEqualTo(Instant.ofEpochMilli(s.timestampMillis()));
            assertThat(row.getField("operation")).isEqualTo(summary.operation());
            assertThat(row.getField("writer_id")).isEqualTo(summary.writerId());
            assertThat(row.getField("checkpoint_id")).isEqualTo(summary.checkpointId());
            assertThat(row.getField("table_watermark"))
                    .isEqualTo(summary.watermark() == null ? null : LocalDateTime.ofInstant(summary.watermark(), ZoneOffset.UTC));
            assertThat(row.getField("schema_id")).isEqualTo(0L);
            assertThat(row.getField("total_files")).isEqualTo((long) s.allFiles().size());
            assertThat(row.getField("total_rows")).isEqualTo(s.allFiles().stream().mapToLong(DataFile::rows).sum());
            assertThat(row.getField("total_bytes")).isEqualTo(s.allFiles().stream().mapToLong(DataFile::bytes).sum());
            assertThat((Map<?, ?>) row.getField("summary")).isEqualTo(s.summary());
            if (id > from) {
                Set<String> before = paths(store.read(id - 1));
                Set<String> after = paths(s);
                Set<String> added = new HashSet<>(after);
                added.removeAll(before);
                Set<String> removed = new HashSet<>(before);
                removed.removeAll(after);
                assertThat(row.getField("added_files")).as("snapshot %s", id).isEqualTo((long) added.size());
                assertThat(row.getField("removed_files")).as("snapshot %s", id).isEqualTo((long) removed.size());
                if (SnapshotSummary.APPEND.equals(summary.operation())) {
                    // An append's own counts say the same.
                    assertThat(row.getField("added_files")).isEqualTo(summary.number(SnapshotSummary.Key.ADDED_FILES));
                    assertThat(row.getField("added_rows")).isEqualTo(summary.number(SnapshotSummary.Key.ADDED_ROWS));
                    assertThat(row.getField("removed_files")).isEqualTo(0L);
                }
            }
        }
    }

    private static Set<String> paths(Snapshot s) {
        Set<String> paths = new HashSet<>();
        s.allFiles().forEach(f -> paths.add(f.path()));
        return paths;
    }

    private static void assertFiles(List<Row> rows, Snapshot snapshot) {
        List<Row> expected = new ArrayList<>();
        collectFiles(snapshot.segments(), expected);
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void collectFiles(List<Segment> segments, List<Row> out) {
        for (Segment s : segments) {
            List<DataFile> files = new ArrayList<>(s.bases());
            files.addAll(s.deltas());
            for (DataFile f : files) {
                out.add(
                        Row.of(
                                f.path(),
                                f.kind() == DataFile.Kind.BASE ? "base" : "delta",
                                s.id(),
                                f.bucket(),
                                f.sequence(),
                                f.rows(),
                                f.bytes(),
                                LocalDateTime.ofInstant(f.minEventTime(), ZoneOffset.UTC),
                                LocalDateTime.ofInstant(f.maxEventTime(), ZoneOffset.UTC),
                                (long) f.schemaId()));
            }
            collectFiles(s.children(), out);
        }
    }

    private static void assertSegments(List<Row> rows, Snapshot snapshot) {
        List<Row> expected = new ArrayList<>();
        collectSegments(snapshot.segments(), null, 0, expected);
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void collectSegments(List<Segment> segments, String parent, int level, List<Row> out) {
        for (Segment s : segments) {
            List<DataFile> files = new ArrayList<>(s.bases());
            files.addAll(s.deltas());
            out.add(
                    Row.of(
                            s.id(),
                            parent,
                            level,
                            LocalDateTime.ofInstant(s.start(), ZoneOffset.UTC),
                            s.end() == null ? null : LocalDateTime.ofInstant(s.end(), ZoneOffset.UTC),
                            s.bases().size(),
                            s.deltas().size(),
                            s.children().size(),
                            files.stream().mapToLong(DataFile::rows).sum(),
                            files.stream().mapToLong(DataFile::bytes).sum()));
            collectSegments(s.children(), s.id(), level + 1, out);
        }
    }
}
