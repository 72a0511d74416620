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

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.CompactionResult;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.incremental.CommitChanges;
import dev.azof.core.incremental.IncrementalPlanner;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.plan.ScanTask;
import dev.azof.core.schema.SchemaChange;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.core.write.TableWriter;
import dev.azof.testing.CountingFileSystem;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads across schema versions with real Parquet files: a table written, altered (rename, drop,
 * re-add of a dropped name, add at a position, every widening, NOT NULL relaxed), written again
 * and compacted reads every snapshot as its own schema shows it; files are matched by field id.
 */
class SchemaVersionReadTest {

    @TempDir File tmp;

    private static final TableSchema FIRST =
            TableSchema.of(
                    List.of(
                            Column.of("id", new BigIntType(false)),
                            Column.of("ts", new LocalZonedTimestampType(3)),
                            Column.of("tiny", new TinyIntType()),
                            Column.of("small", new SmallIntType()),
                            Column.of("qty", new IntType(false)),
                            Column.of("price", new FloatType()),
                            Column.of("amount", new DecimalType(10, 2)),
                            Column.of("note", new VarCharType(10)),
                            Column.of("code", new CharType(3)),
                            Column.of("bin", new BinaryType(2)),
                            Column.of("old", new VarCharType(VarCharType.MAX_LENGTH))),
                    List.of("id"),
                    "ts");

    /** The changes of the ALTER: every kind the format supports. */
    private static final List<SchemaChange> CHANGES =
            List.of(
                    SchemaChange.renameColumn("qty", "quantity"),
                    SchemaChange.updateColumnType("quantity", new BigIntType()),
                    SchemaChange.makeNullable("quantity"),
                    SchemaChange.updateColumnType("tiny", new SmallIntType()),
                    SchemaChange.updateColumnType("small", new IntType()),
                    SchemaChange.updateColumnType("price", new DoubleType()),
                    SchemaChange.updateColumnType("amount", new DecimalType(12, 2)),
                    SchemaChange.updateColumnType("note", new VarCharType(20)),
                    SchemaChange.updateColumnType("code", new VarCharType(5)),
                    SchemaChange.updateColumnType("bin", new VarBinaryType(4)),
                    SchemaChange.dropColumn("old"),
                    SchemaChange.addColumn("old", new IntType()),
                    SchemaChange.addColumnAfter("extra", new VarCharType(8), "id"));

    private static final String[] TIMES = {
        "2024-01-10T00:00:00Z", "2024-01-20T00:00:00Z", "2024-02-10T00:00:00Z", "2024-03-10T00:00:00Z"
    };

    private Path dir;
    private SnapshotStore store;
    /** What was written: per event, its key, time, tombstone flag and values by field id. */
    private final List<Written> written = new ArrayList<>();

    private static final class Written {
        final long key;
        final Instant ts;
        final boolean deleted;
        final Map<Integer, Object> byId;
        final long snapshot;

        Written(long key, Instant ts, boolean deleted, Map<Integer, Object> byId, long snapshot) {
            this.key = key;
            this.ts = ts;
            this.deleted = deleted;
            this.byId = byId;
            this.snapshot = snapshot;
        }
    }

    @BeforeEach
    void create() {
        dir = new Path(new File(tmp, "t").toURI());
        store = new SnapshotStore(dir);
        TableCommits.createTable(dir, FIRST, 2, Map.of(TableWriter.SEGMENT_GRANULARITY, "month"));
    }

    /** Writes rows (values by column name of the writer's schema; null map: tombstone). */
    private Snapshot write(Snapshot base, List<Object[]> rows) throws Exception {
        TableSchema schema = base.schema();
        RowType fileType = schema.fileRowType();
        List<RowData> fileRows = new ArrayList<>();
        List<Written> pending = new ArrayList<>();
        for (Object[] r : rows) {
            long key = (Long) r[0];
            Instant ts = Instant.parse((String) r[1]);
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) r[2];
            GenericRowData row = new GenericRowData(fileType.getFieldCount());
            Map<Integer, Object> byId = new TreeMap<>();
            for (int i = 0; i < schema.columns().size(); i++) {
                Column c = schema.columns().get(i);
                Object v;
                if (c.name().equals("id")) {
                    v = key;
                } else if (c.name().equals("ts")) {
                    v = TimestampData.fromInstant(ts);
                } else {
                    v = values == null ? null : internal(c.type(), values.get(c.name()));
                }
                row.setField(i, v);
                byId.put(c.id(), canonical(c.type(), v));
            }
            row.setField(schema.columns().size(), values == null);
            fileRows.add(row);
            pending.add(new Written(key, ts, values == null, byId, 0));
        }
        TableWriter writer = new TableWriter(dir, base);
        Snapshot next =
                TableCommits.commitFiles(
                        store, store.current(), writer.writeDeltas(fileRows), Map.of("operation", "append"));
        for (Written w : pending) {
            written.add(new Written(w.key, w.ts, w.deleted, w.byId, next.id()));
        }
        return next;
    }

    private static Object internal(LogicalType type, Object v) {
        if (v == null) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case VARCHAR:
            case CHAR:
                return StringData.fromString((String) v);
            case DECIMAL:
                DecimalType d = (DecimalType) type;
                return DecimalData.fromBigDecimal(new BigDecimal((String) v), d.getPrecision(), d.getScale());
            default:
                return v;
        }
    }

    /** A value in a form equal across widenings: integers as long, FLOAT as its exact double. */
    private static Object canonical(LogicalType type, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float || v instanceof Double) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof DecimalData) {
            return ((DecimalData) v).toBigDecimal();
        }
        if (v instanceof StringData) {
            return v.toString();
        }
        if (v instanceof byte[]) {
            return HexFormat.of().formatHex((byte[]) v);
        }
        if (v instanceof TimestampData) {
            return ((TimestampData) v).toInstant();
        }
        return v;
    }

    /** Rows read from snapshot {@code id} as of {@code asOf}: per key, its columns by name. */
    private Map<Long, Map<String, Object>> read(long id, AsOf asOf) throws Exception {
        AzofTable table = AzofTable.open(dir, id);
        RowType type = table.rowType();
        Map<Long, Map<String, Object>> out = new TreeMap<>();
        try (RowIterator it = AsOfReader.read(table, table.plan(asOf))) {
            while (it.hasNext()) {
                RowData row = it.next();
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < type.getFieldCount(); i++) {
                    LogicalType t = type.getTypeAt(i);
                    values.put(
                            type.getFieldNames().get(i),
                            canonical(t, RowData.createFieldGetter(t, i).getFieldOrNull(row)));
                }
                assertThat(out.put(row.getLong(0), values)).as("key %s read twice", row.getLong(0)).isNull();
            }
        }
        return out;
    }

    /** The oracle: per key the latest write at or before asOf, shown through snapshot id's schema. */
    private Map<Long, Map<String, Object>> expected(long id, AsOf asOf) {
        TableSchema schema = store.read(id).schema();
        Map<Long, Written> latest = new TreeMap<>();
        for (Written w : written) {
            if (w.snapshot > id || (!asOf.isCurrent() && w.ts.isAfter(asOf.instant()))) {
                continue;
            }
            Written l = latest.get(w.key);
            if (l == null || !w.ts.isBefore(l.ts)) {
                latest.put(w.key, w);
            }
        }
        Map<Long, Map<String, Object>> out = new TreeMap<>();
        for (Written w : latest.values()) {
            if (w.deleted) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Column c : schema.columns()) {
                values.put(c.name(), w.byId.get(c.id()));
            }
            out.put(w.key, values);
        }
        return out;
    }

    private void assertReads(long id) throws Exception {
        assertThat(read(id, AsOf.current())).as("snapshot %s, current", id).isEqualTo(expected(id, AsOf.current()));
        for (String t : TIMES) {
            AsOf a = AsOf.at(Instant.parse(t));
            assertThat(read(id, a)).as("snapshot %s as of %s", id, t).isEqualTo(expected(id, a));
        }
    }

    private static Map<String, Object> v(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> firstValues(int n) {
        return v("tiny", (byte) n, "small", (short) (1000 + n), "qty", 100_000 + n, "price", 1.1f * n,
                "amount", n + ".25", "note", "note" + n, "code", "c" + n + "x", "bin", new byte[] {(byte) n, 7},
                "old", "old" + n);
    }

    private static Map<String, Object> secondValues(int n) {
        return v("tiny", (short) -n, "small", 70_000 + n, "quantity", 10_000_000_000L + n, "price", 2.2 * n,
                "amount", "1234567890." + (10 + n), "note", "a longer note " + n, "code", "c" + n + "xyz",
                "bin", new byte[] {1, 2, 3, (byte) n}, "old", n, "extra", "e" + n);
    }

    private static List<Object[]> rows(Object[]... rows) {
        return java.util.Arrays.asList(rows);
    }

    @Test
    void everySnapshotReadsAsItsOwnSchemaShowsIt() throws Exception {
        Snapshot created = store.current();
        Snapshot w1 =
                write(created, rows(
                        new Object[] {1L, TIMES[0], firstValues(1)},
                        new Object[] {2L, TIMES[0], firstValues(2)},
                        new Object[] {3L, TIMES[2], firstValues(3)},
                        new Object[] {4L, TIMES[2], firstValues(4)}));
        Snapshot w2 = write(w1, rows(new Object[] {1L, TIMES[1], firstValues(11)}));
        // A writer that started before the ALTER commits after it: the commit keeps the new
        // schema (never reverts it), and its files keep their schema id 0.
        TableWriter lateWriter = new TableWriter(dir, w2);
        Snapshot altered = TableCommits.alterTable(store, CHANGES, Map.of(), Set.of());
        assertThat(altered.schema().schemaId()).isEqualTo(1);
        assertThat(altered.formatVersion()).isEqualTo(Snapshot.SCHEMA_EVOLUTION_FORMAT);
        Snapshot late = writeWith(lateWriter, w2, rows(new Object[] {5L, TIMES[3], firstValues(5)}));
        assertThat(late.schema().sameVersionAs(altered.schema())).as("a commit keeps the ALTER").isTrue();
        assertThat(late.schemaHistory()).hasSize(1);
        assertThat(late.allFiles()).extracting(DataFile::schemaId).containsOnly(0);
        Snapshot w3 =
                write(late, rows(
                        new Object[] {2L, TIMES[1], secondValues(2)},
                        new Object[] {6L, TIMES[0], secondValues(6)},
                        new Object[] {3L, TIMES[3], null},
                        new Object[] {1L, TIMES[1], secondValues(12)}));
        assertThat(w3.allFiles()).extracting(DataFile::schemaId).contains(0, 1);
        Snapshot w4 = write(w3, rows(new Object[] {4L, TIMES[3], secondValues(4)}));

        for (long id = w1.id(); id <= w4.id(); id++) {
            assertReads(id);
        }
        // The old snapshot reads as the old schema: qty INT, old VARCHAR, no extra.
        assertThat(read(w2.id(), AsOf.current()).get(1L))
                .containsEntry("qty", 100_011L)
                .containsEntry("old", "old11")
                .doesNotContainKey("extra");
        // The current one: the old file's qty under its new name, widened; old is a new column.
        assertThat(read(w4.id(), AsOf.at(Instant.parse(TIMES[0]))).get(1L))
                .containsEntry("quantity", 100_001L)
                .containsEntry("tiny", 1L)
                .containsEntry("price", (double) 1.1f)
                .containsEntry("amount", new BigDecimal("1.25"))
                .containsEntry("code", "c1x")
                .containsEntry("bin", "0107")
                .containsEntry("old", null)
                .containsEntry("extra", null);

        // Files of older versions cost what any file costs: one open, no status call.
        AzofTable counted = AzofTable.open(CountingFileSystem.of(dir), w4.id());
        ScanPlan plan = counted.plan(AsOf.current());
        CountingFileSystem.reset();
        try (RowIterator it = AsOfReader.read(counted, plan)) {
            while (it.hasNext()) {
                it.next();
            }
        }
        assertThat(plan.files().size()).isGreaterThan(2);
        assertThat(CountingFileSystem.count("open", ".*\\.parquet")).isEqualTo(plan.files().size());
        assertThat(CountingFileSystem.count("getFileStatus", ".*\\.parquet")).isZero();

        CompactionResult r =
                new Compactor(dir, CompactionPolicy.defaults().withMaxDeltasPerSegment(1)).run();
        Snapshot compacted = r.published();
        assertThat(compacted.schema().sameVersionAs(w4.schema())).isTrue();
        List<DataFile> rewritten = new ArrayList<>(compacted.allFiles());
        rewritten.removeAll(w4.allFiles());
        assertThat(rewritten).as("compaction wrote files").isNotEmpty();
        assertThat(rewritten).extracting(DataFile::schemaId).containsOnly(1);
        assertReads(compacted.id());
        for (String t : TIMES) {
            AsOf a = AsOf.at(Instant.parse(t));
            assertThat(read(compacted.id(), a)).isEqualTo(read(w4.id(), a));
        }
        assertThat(TableValidator.validate(dir)).isEmpty();
        assertThat(TableValidator.validate(dir, true)).isEmpty();
    }

    private Snapshot writeWith(TableWriter writer, Snapshot writerBase, List<Object[]> rows) throws Exception {
        int before = written.size();
        // Same rows as write() would build for the writer's (old) schema.
        TableSchema schema = writerBase.schema();
        List<RowData> fileRows = new ArrayList<>();
        for (Object[] r : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) r[2];
            GenericRowData row = new GenericRowData(schema.fileRowType().getFieldCount());
            Map<Integer, Object> byId = new TreeMap<>();
            for (int i = 0; i < schema.columns().size(); i++) {
                Column c = schema.columns().get(i);
                Object v = c.name().equals("id") ? r[0]
                        : c.name().equals("ts") ? TimestampData.fromInstant(Instant.parse((String) r[1]))
                        : internal(c.type(), values.get(c.name()));
                row.setField(i, v);
                byId.put(c.id(), canonical(c.type(), v));
            }
            row.setField(schema.columns().size(), false);
            fileRows.add(row);
            written.add(new Written((Long) r[0], Instant.parse((String) r[1]), false, byId, 0));
        }
        Snapshot next =
                TableCommits.commitFiles(store, store.current(), writer.writeDeltas(fileRows), Map.of("operation", "append"));
        for (int i = before; i < written.size(); i++) {
            Written w = written.get(i);
            written.set(i, new Written(w.key, w.ts, w.deleted, w.byId, next.id()));
        }
        return next;
    }

    @Test
    void changeReadsMapTheFilesOfLaterSchemasAndRefuseNarrowing() throws Exception {
        Snapshot w1 = write(store.current(), rows(new Object[] {1L, TIMES[0], firstValues(1)}));
        // Only a rename, a drop and an add: a read planned with schema 0 maps later files.
        Snapshot renamed =
                TableCommits.alterTable(
                        store,
                        List.of(SchemaChange.renameColumn("note", "remark"), SchemaChange.dropColumn("old"),
                                SchemaChange.addColumn("later", new IntType())),
                        Map.of(), Set.of());
        Map<String, Object> values = firstValues(2);
        values.remove("note");
        values.remove("old");
        values.put("remark", "renamed");
        values.put("later", 9);
        Snapshot w2 = write(renamed, rows(new Object[] {2L, TIMES[1], values}));
        CommitChanges c = IncrementalPlanner.changes(w2, null);
        DataFile file = c.deltasByBucket().values().iterator().next().get(0);
        assertThat(file.schemaId()).isEqualTo(1);
        int[] all = AsOfReader.allColumns(FIRST);
        try (ChangeReader reader =
                ChangeReader.open(dir, SchemaMapper.of(w1.schema(), c.schemas()), file, all, AsOfReader.PARQUET)) {
            assertThat(reader.next()).isTrue();
            RowData row = reader.row();
            assertThat(row.getString(FIRST.indexOf("note")).toString()).isEqualTo("renamed");
            assertThat(row.isNullAt(FIRST.indexOf("old"))).as("dropped later: null").isTrue();
            assertThat(row.getInt(FIRST.indexOf("qty"))).isEqualTo(100_002);
        }
        // Point-in-time lookups map too: with the current schema, and with the schema a job
        // planned with when it moves on to a newer snapshot.
        RowData key2 = GenericRowData.of(2L);
        long at = Instant.parse(TIMES[2]).toEpochMilli() * 1000;
        PointInTimeLookup current =
                new PointInTimeLookup(dir, w2, AsOfReader.allColumns(w2.schema()), new int[] {0}, 100, AsOfReader.PARQUET);
        assertThat(current.lookup(key2, at).getString(w2.schema().indexOf("remark")).toString()).isEqualTo("renamed");
        assertThat(current.lookup(GenericRowData.of(1L), at).isNullAt(w2.schema().indexOf("later"))).isTrue();
        PointInTimeLookup planned =
                new PointInTimeLookup(dir, w2, w1.schema(), all, new int[] {0}, 100, AsOfReader.PARQUET);
        assertThat(planned.lookup(key2, at).getString(FIRST.indexOf("note")).toString()).isEqualTo("renamed");
        assertThat(planned.lookup(GenericRowData.of(1L), at).getString(FIRST.indexOf("old")).toString())
                .isEqualTo("old1");
        // A schema that is not a version of the table (columns declared elsewhere, ids by
        // position) cannot be matched by field id: refused, not misread.
        TableSchema declared =
                TableSchema.of(
                        renamed.schema().schemaId(),
                        renamed.schema().columns().stream()
                                .map(col -> col.withId(0))
                                .collect(java.util.stream.Collectors.toList()),
                        List.of("id"),
                        "ts");
        assertThat(declared).isEqualTo(renamed.schema());
        assertThatThrownBy(() -> SchemaMapper.of(declared, w2.schemasById()))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("field id");
        // Without the file's schema the read fails naming the file and the id.
        assertThatThrownBy(() -> ChangeReader.open(dir, FIRST, file, all, AsOfReader.PARQUET))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining(file.path())
                .hasMessageContaining("schema 1");
        // A widening after the read planned: the old read type cannot hold the values.
        Snapshot widened =
                TableCommits.alterTable(
                        store, List.of(SchemaChange.updateColumnType("qty", new BigIntType(false))), Map.of(), Set.of());
        Map<String, Object> wide = new LinkedHashMap<>(values);
        wide.put("qty", 5_000_000_000L);
        Snapshot w3 = write(widened, rows(new Object[] {3L, TIMES[2], wide}));
        CommitChanges c3 = IncrementalPlanner.changes(w3, null);
        DataFile file3 = c3.deltasByBucket().values().iterator().next().get(0);
        assertThatThrownBy(
                        () -> ChangeReader.open(
                                dir, SchemaMapper.of(w1.schema(), c3.schemas()), file3, all, AsOfReader.PARQUET))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining(file3.path())
                .hasMessageContaining("'qty'")
                .hasMessageContaining("BIGINT");
        // The scan task of the current snapshot carries every version its files name.
        for (ScanTask t : AzofTable.open(dir).plan(AsOf.current()).tasks()) {
            for (DataFile f : t.files()) {
                assertThat(t.schemas()).containsKey(f.schemaId());
            }
        }
        assertReads(w3.id());
        assertReads(w1.id());
    }

    @Test
    void unchangedTablesOpenFilesDirectly() throws Exception {
        Snapshot w1 = write(store.current(), rows(new Object[] {1L, TIMES[0], firstValues(1)}));
        assertThat(w1.schemasById()).isEmpty();
        for (ScanTask t : AzofTable.open(dir).plan(AsOf.current()).tasks()) {
            assertThat(t.schemas()).isEmpty();
        }
        RowType seen[] = new RowType[1];
        DataFileOpener spy = (file, readType) -> {
            seen[0] = readType;
            return AsOfReader.PARQUET.open(file, readType);
        };
        DataFile f = w1.allFiles().get(0);
        RowType readType = FIRST.fileRowType();
        try (RowIterator rows = SchemaMapper.of(w1).open(spy, new Path(dir, f.path()), f, readType)) {
            assertThat(rows.getClass().getSimpleName()).isNotEqualTo("MappedRows");
            assertThat(rows.hasNext()).isTrue();
        }
        assertThat(seen[0]).isEqualTo(readType);
    }
}
