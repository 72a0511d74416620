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
package dev.azof.core.table;

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.compaction.SnapshotExpiration;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.schema.SchemaChange;
import dev.azof.core.write.TableWriter;
import dev.azof.testing.ReferenceTables;

import org.apache.flink.core.fs.Path;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each metadata table's rows against the snapshots they describe. */
class MetadataTableTest {

    private static final TableSchema SCHEMA =
            TableSchema.of(
                    List.of(
                            Column.of("id", new BigIntType(false)),
                            Column.of("ts", new LocalZonedTimestampType(3)),
                            Column.of("v", new VarCharType(VarCharType.MAX_LENGTH))),
                    List.of("id"),
                    "ts");

    /**
     * A table of four commits into one month (two buckets), a compaction that merges its deltas
     * (at most one per segment) and an expiration keeping the last two snapshots.
     */
    private static Path history(java.nio.file.Path tmp) throws Exception {
        Path dir = new Path(tmp.resolve("t").toString());
        TableCommits.createTable(dir, SCHEMA, 2, Map.of(TableWriter.SEGMENT_GRANULARITY, "month"));
        SnapshotStore store = new SnapshotStore(dir);
        for (int c = 0; c < 4; c++) {
            List<RowData> rows = new ArrayList<>();
            for (long id = 0; id < 4; id++) {
                Instant ts = Instant.parse("2024-03-01T00:00:00Z").plusSeconds(3600 * (c * 4 + id));
                rows.add(GenericRowData.of(id, TimestampData.fromInstant(ts), StringData.fromString("v" + c), false));
            }
            Snapshot current = store.current();
            TableCommits.commitFiles(
                    store, current, new TableWriter(dir, current).writeDeltas(rows), Map.of("operation", "append"));
        }
        return dir;
    }

    private static Snapshot compact(Path dir) throws Exception {
        new Compactor(dir, CompactionPolicy.fromOptions(Map.of(CompactionPolicy.MAX_DELTAS_PER_SEGMENT, "1"))).run();
        return new SnapshotStore(dir).current();
    }

    @Test
    void snapshotsListTheRetainedHistoryWithEachCommitsDifference(@TempDir java.nio.file.Path tmp) throws Exception {
        Path dir = history(tmp);
        Snapshot beforeCompaction = new SnapshotStore(dir).current();
        Snapshot compacted = compact(dir);
        List<RowData> rows = MetadataTable.SNAPSHOTS.rows(dir, null);
        assertThat(rows).hasSize((int) compacted.id());
        for (RowData row : rows) {
            assertThat(row.getArity()).isEqualTo(MetadataTable.SNAPSHOTS.rowType(SCHEMA).getFieldCount());
        }
        RowData create = rows.get(0);
        assertThat(create.getLong(0)).isEqualTo(1L);
        assertThat(create.isNullAt(1)).as("no parent").isTrue();
        assertThat(create.getString(3).toString()).isEqualTo("create");
        assertThat(create.getLong(8)).as("added files").isZero();
        RowData append = rows.get(1);
        assertThat(append.getLong(1)).isEqualTo(1L);
        assertThat(append.getLong(8)).isEqualTo(new SnapshotStore(dir).read(2).allFiles().size());
        assertThat(append.getLong(10)).as("added rows").isEqualTo(4L);
        assertThat(append.getLong(9)).as("removed files").isZero();

        // The compaction removed every delta and added merged files.
        RowData compaction = rows.get(rows.size() - 1);
        assertThat(compaction.getString(3).toString()).isEqualTo("compact");
        Set<String> removed = paths(beforeCompaction);
        removed.removeAll(paths(compacted));
        Set<String> added = paths(compacted);
        added.removeAll(paths(beforeCompaction));
        assertThat(removed).isNotEmpty();
        assertThat(compaction.getLong(8)).isEqualTo(added.size());
        assertThat(compaction.getLong(9)).isEqualTo(removed.size());
        long removedRows = beforeCompaction.allFiles().stream().filter(f -> removed.contains(f.path())).mapToLong(DataFile::rows).sum();
        assertThat(compaction.getLong(11)).isEqualTo(removedRows);
        assertThat(compaction.getLong(14)).isEqualTo(compacted.allFiles().size());
        assertThat(compaction.isNullAt(6)).as("no watermark recorded").isEqualTo(compacted.summary().get("watermark") == null);

        // As of an earlier snapshot: the history up to it.
        assertThat(MetadataTable.SNAPSHOTS.rows(dir, 3L)).hasSize(3);

        // After expiration: the retained snapshots; the oldest's parent is gone, so its
        // difference is unknown.
        new SnapshotExpiration(dir).retainLast(2).minFileAge(Duration.ZERO).run();
        List<RowData> retained = MetadataTable.SNAPSHOTS.rows(dir, null);
        assertThat(retained).hasSize(2);
        assertThat(retained.get(0).getLong(0)).isEqualTo(compacted.id() - 1);
        assertThat(retained.get(0).isNullAt(8)).isTrue();
        assertThat(retained.get(1).getLong(8)).isEqualTo(added.size());
        assertThatThrownBy(() -> MetadataTable.FILES.rows(dir, 1L))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("has expired");
    }

    @Test
    void filesListEveryDataFileOfTheSnapshot(@TempDir java.nio.file.Path tmp) throws Exception {
        Path dir = history(tmp);
        Snapshot appended = new SnapshotStore(dir).current();
        Snapshot compacted = compact(dir);
        for (Snapshot s : List.of(appended, compacted)) {
            List<RowData> rows = MetadataTable.FILES.rows(dir, s.id());
            assertThat(rows).hasSize(s.allFiles().size());
            for (RowData row : rows) {
                DataFile f = s.allFiles().stream().filter(d -> d.path().equals(row.getString(0).toString())).findFirst().get();
                assertThat(row.getString(1).toString()).isEqualTo(f.kind() == DataFile.Kind.BASE ? "base" : "delta");
                assertThat(row.getInt(3)).isEqualTo(f.bucket());
                assertThat(row.getLong(4)).isEqualTo(f.sequence());
                assertThat(row.getLong(5)).isEqualTo(f.rows());
                assertThat(row.getLong(6)).isEqualTo(f.bytes());
                assertThat(row.getTimestamp(7, 6).toInstant()).isEqualTo(f.minEventTime());
                assertThat(row.getTimestamp(8, 6).toInstant()).isEqualTo(f.maxEventTime());
                Segment segment = s.segments().stream().filter(g -> g.id().equals(row.getString(2).toString())).findFirst().get();
                assertThat(segment.bases().contains(f) || segment.deltas().contains(f)).isTrue();
            }
        }
        assertThat(kinds(MetadataTable.FILES.rows(dir, appended.id()))).containsOnly("delta");
        assertThat(MetadataTable.FILES.rows(dir, null)).hasSameSizeAs(compacted.allFiles());
    }

    @Test
    void segmentsListTheTreeWithTheirFiles(@TempDir java.nio.file.Path tmp) throws Exception {
        Path dir = history(tmp);
        Snapshot s = new SnapshotStore(dir).current();
        List<RowData> rows = MetadataTable.SEGMENTS.rows(dir, null);
        List<Segment> flat = new ArrayList<>();
        flatten(s.segments(), flat);
        assertThat(rows).hasSameSizeAs(flat);
        for (int i = 0; i < rows.size(); i++) {
            RowData row = rows.get(i);
            Segment g = flat.get(i);
            assertThat(row.getString(0).toString()).isEqualTo(g.id());
            assertThat(row.getTimestamp(3, 6).toInstant()).isEqualTo(g.start());
            assertThat(row.isNullAt(4) ? null : row.getTimestamp(4, 6).toInstant()).isEqualTo(g.end());
            assertThat(row.getInt(5)).isEqualTo(g.bases().size());
            assertThat(row.getInt(6)).isEqualTo(g.deltas().size());
            long rowCount = g.deltas().stream().mapToLong(DataFile::rows).sum() + g.bases().stream().mapToLong(DataFile::rows).sum();
            assertThat(row.getLong(8)).isEqualTo(rowCount);
        }
        assertThat(rows.stream().mapToLong(r -> r.getLong(8)).sum()).as("every row once").isEqualTo(16L);
    }

    @Test
    void schemasShowTheTablesSchemaAsSchemaZero(@TempDir java.nio.file.Path tmp) throws Exception {
        Path dir = history(tmp);
        List<RowData> rows = MetadataTable.SCHEMAS.rows(dir, null);
        assertThat(rows).hasSize(1);
        RowData row = rows.get(0);
        assertThat(row.getLong(0)).isEqualTo(MetadataTable.INITIAL_SCHEMA_ID);
        JsonNode columns = new ObjectMapper().readTree(row.getString(1).toString());
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).isEqualTo(SCHEMA.columnNames());
        assertThat(columns.get(0).get("nullable").asBoolean()).isFalse();
        assertThat(columns.get(1).get("type").asText()).isEqualTo(SCHEMA.column("ts").typeName());
        assertThat(row.getArray(2).getString(0).toString()).isEqualTo("id");
        assertThat(row.getString(3).toString()).isEqualTo("ts");
    }

    /** After ALTER TABLE: one row per version, each snapshot and file naming its own. */
    @Test
    void schemaVersionsAfterAlterTable(@TempDir java.nio.file.Path tmp) throws Exception {
        Path dir = history(tmp);
        SnapshotStore store = new SnapshotStore(dir);
        long before = store.currentId();
        TableCommits.alterTable(
                store,
                List.of(
                        SchemaChange.addColumn("note", new VarCharType(true, 20)),
                        SchemaChange.renameColumn("v", "v2")),
                Map.of(),
                Set.of());
        List<RowData> schemas = MetadataTable.SCHEMAS.rows(dir, null);
        assertThat(schemas).hasSize(2);
        assertThat(schemas.get(0).getLong(0)).isEqualTo(0L);
        assertThat(schemas.get(0).getBoolean(4)).isFalse();
        assertThat(schemas.get(1).getLong(0)).isEqualTo(1L);
        assertThat(schemas.get(1).getBoolean(4)).isTrue();
        JsonNode columns = new ObjectMapper().readTree(schemas.get(1).getString(1).toString());
        List<String> described = new ArrayList<>();
        columns.forEach(c -> described.add(c.get("id").asInt() + ":" + c.get("name").asText()));
        TableSchema now = store.current().schema();
        List<String> expected = new ArrayList<>();
        now.columns().forEach(c -> expected.add(c.id() + ":" + c.name()));
        assertThat(described).isEqualTo(expected).contains(now.column("v2").id() + ":v2");
        List<RowData> snapshots = MetadataTable.SNAPSHOTS.rows(dir, null);
        assertThat(snapshots.get(snapshots.size() - 1).getLong(7)).isEqualTo(1L);
        assertThat(snapshots.get(snapshots.size() - 2).getLong(7)).isEqualTo(0L);
        assertThat(MetadataTable.FILES.rows(dir, null)).allSatisfy(r -> assertThat(r.getLong(9)).isZero());
        // As of the snapshot before the change, the table had one version.
        assertThat(MetadataTable.SCHEMAS.rows(dir, before)).hasSize(1);
    }

    @Test
    void azof02TablesHaveNoBucketsAndTheirTimesTypes() {
        Path dir = new Path(ReferenceTables.table("table0"));
        AzofTable table = AzofTable.open(dir);
        RowType files = MetadataTable.FILES.rowType(table.schema());
        assertThat(files.getTypeAt(files.getFieldIndex("min_event_time")).getTypeRoot())
                .isEqualTo(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        List<RowData> rows = MetadataTable.FILES.rows(table);
        assertThat(rows).hasSameSizeAs(table.snapshot().allFiles());
        assertThat(rows).allSatisfy(r -> assertThat(r.isNullAt(3)).as("bucket").isTrue());
        List<RowData> snapshots = MetadataTable.SNAPSHOTS.rows(table);
        assertThat(snapshots.get(snapshots.size() - 1).getLong(0)).isEqualTo(table.snapshot().id());
        assertThat(MetadataTable.SCHEMAS.rows(table)).hasSize(1);
        assertThat(MetadataTable.SEGMENTS.rows(table)).isNotEmpty();
    }

    @Test
    void suffixes() {
        assertThat(MetadataTable.ofSuffix("snapshots")).isEqualTo(MetadataTable.SNAPSHOTS);
        assertThat(MetadataTable.ofSuffix("FILES")).isEqualTo(MetadataTable.FILES);
        assertThat(MetadataTable.ofSuffix("snapshot")).isNull();
        assertThat(MetadataTable.suffixes()).isEqualTo("snapshots, files, segments, schemas");
    }

    private static Set<String> kinds(List<RowData> rows) {
        Set<String> kinds = new HashSet<>();
        rows.forEach(r -> kinds.add(r.getString(1).toString()));
        return kinds;
    }

    private static Set<String> paths(Snapshot s) {
        Set<String> paths = new HashSet<>();
        s.allFiles().forEach(f -> paths.add(f.path()));
        return paths;
    }

    private static void flatten(List<Segment> segments, List<Segment> out) {
        for (Segment s : segments) {
            out.add(s);
            flatten(s.children(), out);
        }
    }
}
