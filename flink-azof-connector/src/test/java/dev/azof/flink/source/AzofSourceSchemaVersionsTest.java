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
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.schema.SchemaChange;
import dev.azof.core.table.AzofTable;
import dev.azof.core.write.TableWriter;
import dev.azof.flink.source.reader.AzofRecord;
import dev.azof.flink.source.reader.AzofSplitReader;
import dev.azof.flink.source.reader.ChangelogSplitReader;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.AzofSourceSplitSerializer;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounded source over a table whose schema changed: a read with {@code snapshotId} sees the
 * schema of that snapshot, the current read the current one, and splits that went through a
 * checkpoint (the split serializer) read the same rows.
 */
class AzofSourceSchemaVersionsTest {

    @TempDir File tmp;

    private static final TableSchema FIRST =
            TableSchema.of(
                    List.of(
                            Column.of("id", new BigIntType(false)),
                            Column.of("ts", new LocalZonedTimestampType(3)),
                            Column.of("qty", new IntType()),
                            Column.of("note", new VarCharType(VarCharType.MAX_LENGTH))),
                    List.of("id"),
                    "ts");

    private static Snapshot write(Path dir, SnapshotStore store, long from, long to) throws Exception {
        Snapshot current = store.current();
        TableSchema schema = current.schema();
        List<RowData> rows = new ArrayList<>();
        for (long k = from; k <= to; k++) {
            GenericRowData row = new GenericRowData(schema.fileRowType().getFieldCount());
            row.setField(0, k);
            row.setField(1, TimestampData.fromInstant(Instant.parse("2024-01-10T00:00:00Z").plusSeconds(k)));
            boolean isInt = schema.columns().get(2).type() instanceof IntType;
            row.setField(2, isInt ? (Object) (int) k : (Object) (k * 1_000_000_000L));
            row.setField(3, StringData.fromString("s" + schema.schemaId() + "-" + k));
            row.setField(schema.columns().size(), false);
            rows.add(row);
        }
        return TableCommits.commitFiles(
                store, current, new TableWriter(dir, current).writeDeltas(rows), Map.of("operation", "append"));
    }

    private static List<String> readThroughSource(AzofSource source) throws Exception {
        int[] all = AsOfReader.allColumns(source.schema());
        List<AzofSourceSplit> splits = new ArrayList<>();
        for (AzofSourceSplit s : source.splits()) {
            // As a checkpoint would store it.
            AzofSourceSplitSerializer ser = AzofSourceSplitSerializer.INSTANCE;
            splits.add(ser.deserialize(ser.getVersion(), ser.serialize(s)));
        }
        AzofSplitReader reader =
                new AzofSplitReader(new Path(source.tableDir()), source.schema(), AsOf.current(), all, -1, 64, AsOfReader.PARQUET);
        reader.handleSplitsChanges(new SplitsAddition<>(splits));
        List<String> rows = new ArrayList<>();
        Set<String> finished = new java.util.HashSet<>();
        while (finished.size() < splits.size()) {
            RecordsWithSplitIds<RowData> batch = reader.fetch();
            while (batch.nextSplit() != null) {
                RowData row;
                while ((row = batch.nextRecordFromSplit()) != null) {
                    rows.add(show(source.schema().rowType(), row));
                }
            }
            finished.addAll(batch.finishedSplits());
            batch.recycle();
        }
        reader.close();
        rows.sort(null);
        return rows;
    }

    private static List<String> readThroughCore(Path dir, long snapshotId) throws Exception {
        AzofTable table = AzofTable.open(dir, snapshotId);
        List<String> rows = new ArrayList<>();
        try (RowIterator it = AsOfReader.read(table, table.plan(AsOf.current()))) {
            while (it.hasNext()) {
                rows.add(show(table.rowType(), it.next()));
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String show(RowType type, RowData row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < type.getFieldCount(); i++) {
            b.append(i == 0 ? "" : ",")
                    .append(type.getFieldNames().get(i))
                    .append('=')
                    .append(RowData.createFieldGetter(type.getTypeAt(i), i).getFieldOrNull(row));
        }
        return b.toString();
    }

    @Test
    void aReadOfAnOldSnapshotSeesItsSchemaAndTheCurrentReadTheNewOne() throws Exception {
        Path dir = new Path(new File(tmp, "t").toURI());
        SnapshotStore store = new SnapshotStore(dir);
        TableCommits.createTable(dir, FIRST, 2, Map.of());
        Snapshot before = write(dir, store, 1, 20);
        TableCommits.alterTable(
                store,
                List.of(
                        SchemaChange.renameColumn("qty", "quantity"),
                        SchemaChange.updateColumnType("quantity", new BigIntType()),
                        SchemaChange.dropColumn("note"),
                        SchemaChange.addColumn("note", new VarCharType(VarCharType.MAX_LENGTH))),
                Map.of(),
                Set.of());
        Snapshot after = write(dir, store, 11, 30);

        AzofSource old = AzofSource.builder().path(dir.getPath()).snapshotId(before.id()).build();
        assertThat(old.schema().columnNames()).containsExactly("id", "ts", "qty", "note");
        List<String> oldRows = readThroughSource(old);
        assertThat(oldRows).hasSize(20).contains("id=5,ts=2024-01-10T00:00:05,qty=5,note=s0-5");
        assertThat(oldRows).isEqualTo(readThroughCore(dir, before.id()));

        AzofSource current = AzofSource.builder().path(dir.getPath()).build();
        assertThat(current.schema().columnNames()).containsExactly("id", "ts", "quantity", "note");
        List<String> rows = readThroughSource(current);
        assertThat(rows)
                .hasSize(30)
                // An old file: qty under its new name, widened; note is a new column (null).
                .contains("id=5,ts=2024-01-10T00:00:05,quantity=5,note=null")
                .contains("id=15,ts=2024-01-10T00:00:15,quantity=15000000000,note=s1-15");
        assertThat(rows).isEqualTo(readThroughCore(dir, after.id()));
    }

    /**
     * A streaming read keeps the schema it planned with: facts of commits after a schema change
     * are mapped to it by field id (a rename keeps the values, a column dropped later reads as
     * null); a later widening of a column it reads fails naming the file and the column.
     */
    @Test
    void aStreamingReadMapsLaterSchemaVersionsToItsOwn() throws Exception {
        Path dir = new Path(new File(tmp, "s").toURI());
        SnapshotStore store = new SnapshotStore(dir);
        TableCommits.createTable(dir, FIRST, 1, Map.of());
        write(dir, store, 1, 5);
        AzofSource source =
                AzofSource.builder().path(dir.getPath()).continuous().startupMode(StartupMode.LATEST).build();
        ContinuousAzofSplitEnumeratorTest.DrivenContext ctx = new ContinuousAzofSplitEnumeratorTest.DrivenContext(1);
        org.apache.flink.api.connector.source.SplitEnumerator<AzofSourceSplit, ?> enumerator =
                source.createEnumerator(ctx);
        enumerator.start();
        ctx.register(0);
        enumerator.addReader(0);

        TableCommits.alterTable(
                store,
                List.of(
                        SchemaChange.renameColumn("qty", "quantity"),
                        SchemaChange.dropColumn("note"),
                        SchemaChange.addColumn("note", new VarCharType(VarCharType.MAX_LENGTH))),
                Map.of(),
                Set.of());
        write(dir, store, 6, 8);
        ctx.discover();
        List<String> rows = readChanges(source, ctx.assigned.get(0));
        assertThat(rows)
                .containsExactly(
                        "id=6,ts=2024-01-10T00:00:06,qty=6,note=null",
                        "id=7,ts=2024-01-10T00:00:07,qty=7,note=null",
                        "id=8,ts=2024-01-10T00:00:08,qty=8,note=null");

        TableCommits.alterTable(
                store, List.of(SchemaChange.updateColumnType("quantity", new BigIntType())), Map.of(), Set.of());
        write(dir, store, 9, 9);
        ctx.assigned.clear();
        ctx.discover();
        assertThatThrownBy(() -> readChanges(source, ctx.assigned.get(0)))
                .hasStackTraceContaining("'quantity' (id 3) is BIGINT")
                .hasStackTraceContaining("'qty' INT");
        enumerator.close();
    }

    private static List<String> readChanges(AzofSource source, List<AzofSourceSplit> assigned) throws Exception {
        List<AzofSourceSplit> splits = new ArrayList<>();
        AzofSourceSplitSerializer ser = AzofSourceSplitSerializer.INSTANCE;
        for (AzofSourceSplit s : assigned) {
            splits.add(ser.deserialize(ser.getVersion(), ser.serialize(s)));
        }
        ChangelogSplitReader reader =
                new ChangelogSplitReader(
                        new Path(source.tableDir()),
                        source.schema(),
                        AsOfReader.allColumns(source.schema()),
                        List.of(),
                        7,
                        AsOfReader.PARQUET);
        reader.handleSplitsChanges(new SplitsAddition<>(splits));
        List<String> rows = new ArrayList<>();
        int finished = 0;
        try {
            while (finished < splits.size()) {
                RecordsWithSplitIds<AzofRecord> batch = reader.fetch();
                while (batch.nextSplit() != null) {
                    AzofRecord r;
                    while ((r = batch.nextRecordFromSplit()) != null) {
                        rows.add(show(source.schema().rowType(), r.row()));
                    }
                }
                finished += batch.finishedSplits().size();
            }
        } finally {
            reader.close();
        }
        return rows;
    }
}
