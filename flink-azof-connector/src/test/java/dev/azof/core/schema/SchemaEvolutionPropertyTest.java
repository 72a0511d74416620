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
package dev.azof.core.schema;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.core.write.TableWriter;
import dev.azof.testing.Rows;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of commits (out-of-order and late rows, tombstones), compactions and schema
 * changes (add with positions, rename, re-add a dropped name, widen, drop, relax NOT NULL); every
 * as-of read of the current and of older snapshots equals an oracle that keeps each fact with
 * the schema it was written with and maps it to the read snapshot's schema by field id.
 */
class SchemaEvolutionPropertyTest {

    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final long SPAN_MILLIS = Duration.ofDays(200).toMillis();
    private static final int KEYS = 25;

    @TempDir File tmp;

    /** One ingested change with the schema it was written with. */
    private static final class Fact {
        final long key;
        final long eventMillis;
        final boolean deleted;
        final long commit;
        final long arrival;
        final TableSchema schema;
        final Map<Integer, Object> valuesById;

        Fact(long key, long eventMillis, boolean deleted, long commit, long arrival, TableSchema schema,
                Map<Integer, Object> valuesById) {
            this.key = key;
            this.eventMillis = eventMillis;
            this.deleted = deleted;
            this.commit = commit;
            this.arrival = arrival;
            this.schema = schema;
            this.valuesById = valuesById;
        }
    }

    @Test
    void asOfReadsAcrossSchemaChangesEqualTheOracle() throws Exception {
        long master = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("SchemaEvolutionPropertyTest master seed " + master + " (rerun with -Dazof.seed=" + master + ")");
        Random seeds = new Random(master);
        int[] changeCounts = new int[5];
        int compactions = 0;
        int oldSnapshotReads = 0;
        // Not scaled down: fewer rounds could miss a kind of change (the last assertion).
        for (int round = 0; round < 4; round++) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            Path dir = new Path(new File(tmp, "t" + round).toURI());
            TableCommits.createTable(dir, initialSchema(r), 1 + r.nextInt(3),
                    Map.of(TableWriter.SEGMENT_GRANULARITY, r.nextBoolean() ? "month" : "year,month"));
            SnapshotStore store = new SnapshotStore(dir);
            List<Fact> facts = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            int steps = 14 + r.nextInt(8);
            for (int step = 0; step < steps; step++) {
                String context = "master seed " + master + ", round " + round + " (seed " + seed + "), step " + step;
                double op = r.nextDouble();
                if (op < 0.5 || facts.isEmpty()) {
                    ingest(dir, store, r, facts);
                } else if (op < 0.65) {
                    new Compactor(dir, CompactionPolicy.defaults()
                            .withMaxDeltasPerSegment(1 + r.nextInt(3))
                            .withBuildBases(r.nextBoolean() ? CompactionPolicy.BaseMode.CLOSED_SEGMENTS : CompactionPolicy.BaseMode.NONE))
                            .run();
                    compactions++;
                } else {
                    List<SchemaChange> changes = new ArrayList<>();
                    TableSchema schema = store.current().schema();
                    int n = 1 + r.nextInt(2);
                    for (int i = 0; i < n; i++) {
                        SchemaChange c = randomChange(schema, r, dropped, changeCounts);
                        if (c != null) {
                            changes.add(c);
                            schema = SchemaEvolution.apply(snapshotWith(store.current(), schema), List.of(c));
                        }
                    }
                    if (!changes.isEmpty()) {
                        TableCommits.alterTable(store, changes, Map.of(), Set.of());
                    }
                }
                assertThat(TableValidator.validate(dir)).as(context).isEmpty();
                long current = store.currentId();
                for (int q = 0; q < 2; q++) {
                    AsOf t = randomAsOf(r);
                    assertThat(read(dir, current, t)).as(context + ", snapshot " + current + " as of " + t)
                            .isEqualTo(expected(facts, store.read(current).schema(), current, t));
                }
                long older = 1 + (long) (r.nextDouble() * current);
                AsOf t = randomAsOf(r);
                assertThat(read(dir, older, t)).as(context + ", older snapshot " + older + " as of " + t)
                        .isEqualTo(expected(facts, store.read(older).schema(), older, t));
                oldSnapshotReads++;
            }
        }
        System.out.printf("SchemaEvolutionPropertyTest: changes add/rename/widen/drop/relax %s, %d compactions, %d older reads%n",
                java.util.Arrays.toString(changeCounts), compactions, oldSnapshotReads);
        assertThat(java.util.Arrays.stream(changeCounts).min().getAsInt()).as("each kind of change was made").isPositive();
    }

    /** A snapshot whose current schema is {@code schema}, to apply one change after another. */
    private static Snapshot snapshotWith(Snapshot s, TableSchema schema) {
        return schema.schemaId() == s.schema().schemaId() ? s : s.withSchema(schema);
    }

    private static final List<LogicalType> POOL = List.of(
            new TinyIntType(), new SmallIntType(), new IntType(), new BigIntType(), new FloatType(), new DoubleType(),
            new DecimalType(6, 2), new VarCharType(8));

    private static TableSchema initialSchema(Random r) {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.of("k", new BigIntType(false)));
        columns.add(Column.of("ts", new LocalZonedTimestampType(3)));
        // One NOT NULL column that widens, so relaxing and widening always have a candidate.
        columns.add(Column.of("v0", new IntType(false)));
        int values = 1 + r.nextInt(3);
        for (int i = 1; i <= values; i++) {
            LogicalType type = POOL.get(r.nextInt(POOL.size())).copy(r.nextInt(3) != 0);
            columns.add(r.nextInt(columns.size() + 1) == 0 ? 0 : columns.size(), Column.of("v" + i, type));
        }
        // The key and the event time may stand anywhere among the columns.
        return TableSchema.of(columns, List.of("k"), "ts");
    }

    private static SchemaChange randomChange(TableSchema schema, Random r, List<String> dropped, int[] counts) {
        List<Column> values = new ArrayList<>();
        for (Column c : schema.columns()) {
            if (!c.name().equals("k") && !c.name().equals("ts")) {
                values.add(c);
            }
        }
        int kind = r.nextInt(5);
        if (values.isEmpty()) {
            kind = 0;
        }
        String fresh = !dropped.isEmpty() && r.nextInt(3) == 0
                ? dropped.remove(r.nextInt(dropped.size()))
                : "c" + Math.abs(r.nextInt(100_000));
        if (schema.indexOf(fresh) >= 0) {
            return null;
        }
        switch (kind) {
            case 0: {
                counts[0]++;
                LogicalType type = POOL.get(r.nextInt(POOL.size()));
                int where = r.nextInt(3);
                if (where == 0) {
                    return SchemaChange.addColumn(fresh, type);
                }
                if (where == 1) {
                    return SchemaChange.addColumnFirst(fresh, type);
                }
                return SchemaChange.addColumnAfter(fresh, type, schema.columns().get(r.nextInt(schema.columns().size())).name());
            }
            case 1: {
                counts[1]++;
                Column c = values.get(r.nextInt(values.size()));
                dropped.add(c.name());
                return SchemaChange.renameColumn(c.name(), fresh);
            }
            case 2: {
                for (Column c : values) {
                    LogicalType wider = wider(c.type(), r);
                    if (wider != null) {
                        counts[2]++;
                        return SchemaChange.updateColumnType(c.name(), wider);
                    }
                }
                return null;
            }
            case 3: {
                counts[3]++;
                Column c = values.get(r.nextInt(values.size()));
                dropped.add(c.name());
                return SchemaChange.dropColumn(c.name());
            }
            default: {
                for (Column c : values) {
                    if (!c.declaredNullable()) {
                        counts[4]++;
                        return SchemaChange.makeNullable(c.name());
                    }
                }
                return null;
            }
        }
    }

    private static LogicalType wider(LogicalType t, Random r) {
        switch (t.getTypeRoot()) {
            case TINYINT:
                return r.nextBoolean() ? new SmallIntType() : new BigIntType();
            case SMALLINT:
                return new IntType();
            case INTEGER:
                return new BigIntType();
            case FLOAT:
                return new DoubleType();
            case DECIMAL:
                DecimalType d = (DecimalType) t;
                return d.getPrecision() < 30 ? new DecimalType(d.getPrecision() + 1 + r.nextInt(8), d.getScale()) : null;
            case VARCHAR:
                int len = ((VarCharType) t).getLength();
                return len < 1000 ? new VarCharType(len + 1 + r.nextInt(20)) : null;
            default:
                return null;
        }
    }

    private static void ingest(Path dir, SnapshotStore store, Random r, List<Fact> facts) throws Exception {
        Snapshot current = store.current();
        TableSchema schema = current.schema();
        int n = 5 + r.nextInt(30);
        List<RowData> rows = new ArrayList<>();
        List<Fact> pending = new ArrayList<>();
        // Late rows: a batch mostly near a moving "now", some far in the past.
        long now = (long) (SPAN_MILLIS * Math.min(1.0, (facts.size() + 1) / 300.0));
        for (int i = 0; i < n; i++) {
            long key = r.nextInt(KEYS);
            long eventMillis = r.nextInt(5) == 0 ? (long) (r.nextDouble() * SPAN_MILLIS) : Math.max(0, now - r.nextInt(10_000_000));
            boolean deleted = r.nextInt(7) == 0;
            GenericRowData row = new GenericRowData(schema.columns().size() + 1);
            Map<Integer, Object> byId = new HashMap<>();
            for (int c = 0; c < schema.columns().size(); c++) {
                Column col = schema.columns().get(c);
                Object v;
                if (col.name().equals("k")) {
                    v = key;
                } else if (col.name().equals("ts")) {
                    v = TimestampData.fromEpochMillis(EPOCH.toEpochMilli() + eventMillis);
                } else {
                    v = randomValue(col, r);
                    byId.put(col.id(), v);
                }
                row.setField(c, v);
            }
            row.setField(schema.columns().size(), deleted);
            rows.add(row);
            pending.add(new Fact(key, eventMillis, deleted, -1, facts.size() + i, schema, byId));
        }
        Snapshot next = TableCommits.commitFiles(
                store, current, new TableWriter(dir, current).writeDeltas(rows), Map.of("operation", "append"));
        for (Fact f : pending) {
            facts.add(new Fact(f.key, f.eventMillis, f.deleted, next.id(), f.arrival, f.schema, f.valuesById));
        }
    }

    private static Object randomValue(Column col, Random r) {
        if (col.declaredNullable() && r.nextInt(6) == 0) {
            return null;
        }
        LogicalType t = col.type();
        switch (t.getTypeRoot()) {
            case TINYINT:
                return (byte) (r.nextInt(256) - 128);
            case SMALLINT:
                return (short) (r.nextInt(65536) - 32768);
            case INTEGER:
                return r.nextInt();
            case BIGINT:
                return r.nextLong();
            case FLOAT:
                return r.nextFloat() * 1000 - 500;
            case DOUBLE:
                return r.nextDouble() * 1e6;
            case DECIMAL:
                DecimalType d = (DecimalType) t;
                long bound = (long) Math.pow(10, Math.min(d.getPrecision(), 15));
                return DecimalData.fromBigDecimal(
                        BigDecimal.valueOf((long) (r.nextDouble() * bound * 2) - bound + 1, d.getScale()),
                        d.getPrecision(), d.getScale());
            case VARCHAR:
                int len = r.nextInt(Math.min(((VarCharType) t).getLength(), 8) + 1);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < len; i++) {
                    sb.append((char) ('a' + r.nextInt(26)));
                }
                return StringData.fromString(sb.toString());
            default:
                throw new IllegalStateException("no generator for " + t);
        }
    }

    private static AsOf randomAsOf(Random r) {
        return r.nextInt(6) == 0
                ? AsOf.current()
                : AsOf.at(EPOCH.plusMillis((long) (r.nextDouble() * SPAN_MILLIS * 1.05)));
    }

    private static List<List<Object>> read(Path dir, long snapshotId, AsOf asOf) throws Exception {
        AzofTable table = AzofTable.open(dir, snapshotId);
        List<List<Object>> out = new ArrayList<>();
        try (RowIterator it = AsOfReader.read(table, table.plan(asOf))) {
            while (it.hasNext()) {
                out.add(Rows.values(it.next(), table.rowType()));
            }
        }
        return Rows.sorted(out);
    }

    /** Per key the latest fact at or before the time among commits up to the snapshot, in its schema. */
    private static List<List<Object>> expected(List<Fact> facts, TableSchema readSchema, long snapshotId, AsOf asOf) {
        long asOfMicros = asOf.micros();
        Map<Long, Fact> winners = new HashMap<>();
        for (Fact f : facts) {
            if (f.commit > snapshotId || EventTimes.micros(EPOCH.plusMillis(f.eventMillis)) > asOfMicros) {
                continue;
            }
            Fact w = winners.get(f.key);
            if (w == null || f.eventMillis > w.eventMillis
                    || (f.eventMillis == w.eventMillis && (f.commit > w.commit || (f.commit == w.commit && f.arrival > w.arrival)))) {
                winners.put(f.key, f);
            }
        }
        RowType readType = readSchema.rowType();
        List<List<Object>> out = new ArrayList<>();
        for (Fact f : winners.values()) {
            if (f.deleted) {
                continue;
            }
            GenericRowData row = new GenericRowData(readSchema.columns().size());
            for (int c = 0; c < readSchema.columns().size(); c++) {
                Column col = readSchema.columns().get(c);
                Object v;
                if (col.name().equals("k") && readSchema.primaryKey().contains("k")) {
                    v = f.key;
                } else if (col.name().equals(readSchema.eventTimeColumn())) {
                    v = TimestampData.fromEpochMillis(EPOCH.toEpochMilli() + f.eventMillis);
                } else {
                    Column written = f.schema.columnById(col.id());
                    v = written == null || f.valuesById.get(col.id()) == null
                            ? null
                            : TypeWidening.converter(written.type(), col.type()).convert(f.valuesById.get(col.id()));
                }
                row.setField(c, v);
            }
            out.add(Rows.values(row, readType));
        }
        return Rows.sorted(out);
    }
}
