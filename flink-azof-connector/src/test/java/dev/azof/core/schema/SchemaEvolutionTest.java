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

import dev.azof.core.AzofException;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotJson;
import dev.azof.core.metadata.TableSchema;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaEvolutionTest {

    private static final TableSchema FIRST =
            TableSchema.of(
                    List.of(
                            Column.of("id", new BigIntType(false)),
                            Column.of("ts", new LocalZonedTimestampType(3)),
                            Column.of("qty", new IntType(false)),
                            Column.of("price", new FloatType()),
                            Column.of("amount", new DecimalType(10, 2)),
                            Column.of("note", new VarCharType(10))),
                    List.of("id"),
                    "ts");

    private static Snapshot snapshot(TableSchema schema) {
        return new Snapshot(1, 1, null, 0L, schema, 1, List.of(), Map.of(), Map.of("operation", "create"));
    }

    @Test
    void firstSchemaHasIdZeroAndPositionalColumnIds() {
        assertThat(FIRST.schemaId()).isZero();
        assertThat(FIRST.columns()).extracting(Column::id).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void changesMakeTheNextVersionWithFreshIdsNeverReused() {
        Snapshot s = snapshot(FIRST);
        TableSchema second =
                SchemaEvolution.apply(
                        s,
                        List.of(
                                SchemaChange.dropColumn("note"),
                                SchemaChange.addColumnAfter("note", new VarCharType(20), "id"),
                                SchemaChange.renameColumn("qty", "quantity"),
                                SchemaChange.updateColumnType("quantity", new BigIntType()),
                                SchemaChange.updateColumnType("price", new DoubleType()),
                                SchemaChange.updateColumnType("amount", new DecimalType(12, 2)),
                                SchemaChange.makeNullable("quantity")));
        assertThat(second.schemaId()).isEqualTo(1);
        assertThat(second.columnNames()).containsExactly("id", "note", "ts", "quantity", "price", "amount");
        // The re-added 'note' is a new column: old files' 'note' values never show under it.
        assertThat(second.column("note").id()).isEqualTo(7);
        assertThat(second.column("quantity").id()).isEqualTo(3);
        assertThat(second.column("quantity").declaredNullable()).isTrue();
        assertThat(second.column("quantity").type()).isEqualTo(new BigIntType());

        Snapshot next = s.next(2, 1L, List.of(), Map.of("operation", "alter")).withSchema(second);
        TableSchema third = SchemaEvolution.apply(next, List.of(SchemaChange.dropColumn("note"),
                SchemaChange.addColumn("extra", new IntType())));
        assertThat(third.column("extra").id()).as("ids of dropped columns are never reused").isEqualTo(8);
    }

    @Test
    void keyEventTimeAndNarrowingChangesAreRefusedByName() {
        Snapshot s = snapshot(FIRST);
        assertThatThrownBy(() -> SchemaEvolution.apply(s, List.of(SchemaChange.dropColumn("id"))))
                .isInstanceOf(AzofException.class).hasMessageContaining("primary-key column");
        assertThatThrownBy(() -> SchemaEvolution.apply(s, List.of(SchemaChange.renameColumn("ts", "t"))))
                .hasMessageContaining("event-time column");
        assertThatThrownBy(() -> SchemaEvolution.apply(s, List.of(SchemaChange.updateColumnType("amount", new DecimalType(12, 3)))))
                .hasMessageContaining("scale");
        assertThatThrownBy(() -> SchemaEvolution.apply(s, List.of(SchemaChange.updateColumnType("note", new VarCharType(5)))))
                .hasMessageContaining("VARCHAR");
        assertThatThrownBy(() -> SchemaEvolution.apply(s, List.of(SchemaChange.updateColumnType("qty", new FloatType()))))
                .hasMessageContaining("only widening");
        assertThatThrownBy(() -> SchemaEvolution.apply(s, List.of(SchemaChange.addColumn("x", new IntType(false)))))
                .hasMessageContaining("must be nullable");
        assertThatThrownBy(() -> SchemaEvolution.apply(s, List.of(SchemaChange.addColumn("qty", new IntType()))))
                .hasMessageContaining("already has a column 'qty'");
        assertThatThrownBy(() -> SchemaEvolution.apply(s, List.of(SchemaChange.renameColumn("nope", "x"))))
                .hasMessageContaining("no column 'nope'");
    }

    @Test
    void evolvedSnapshotsRoundTripAsVersionTwoAndFilesKeepTheirSchema() {
        Snapshot first = snapshot(FIRST);
        TableSchema second = SchemaEvolution.apply(first, List.of(SchemaChange.renameColumn("note", "comment")));
        DataFile old = DataFile.builder("data/d0.parquet", DataFile.Kind.DELTA)
                .range(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-12-31T23:59:59.999999Z"))
                .bucket(0)
                .rows(1)
                .bytes(10)
                .sequence(1)
                .build();
        DataFile fresh = old.withSchemaId(1);
        Segment seg = new Segment("2024", Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-12-31T23:59:59.999999Z"),
                List.of(), List.of(old, DataFile.builder("data/d1.parquet", DataFile.Kind.DELTA)
                        .range(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-12-31T23:59:59.999999Z"))
                        .bucket(0)
                        .rows(1)
                        .bytes(10)
                        .sequence(2)
                        .schemaId(1)
                        .build()), List.of());
        Snapshot evolved = first.next(2, 5L, List.of(seg), Map.of("operation", "alter")).withSchema(second);
        assertThat(evolved.formatVersion()).isEqualTo(Snapshot.SCHEMA_EVOLUTION_FORMAT);

        String json = SnapshotJson.toJson(evolved);
        Snapshot back = SnapshotJson.parse(json, 2, "s2.json");
        assertThat(back.schema().sameVersionAs(second)).isTrue();
        assertThat(back.schemaHistory()).hasSize(1);
        assertThat(back.schema(0).sameVersionAs(FIRST)).isTrue();
        assertThat(back.allFiles()).extracting(DataFile::schemaId).containsExactly(0, 1);
        assertThat(fresh.schemaId()).isEqualTo(1);

        // A file naming a schema the snapshot does not hold is refused, naming both.
        String bad = json.replace("\"schema_id\" : 1,\n", "\"schema_id\" : 1,\n").replaceFirst("(\"file\" : \"data/d1.parquet\"[^}]*\"schema_id\" : )1", "$17");
        assertThatThrownBy(() -> SnapshotJson.parse(bad, 2, "s2.json"))
                .hasMessageContaining("data/d1.parquet").hasMessageContaining("schema 7");
        // Version 1 readers' tables stay version 1.
        assertThat(SnapshotJson.toJson(first.next(2, 5L, List.of(), Map.of()))).contains("\"format_version\" : 1")
                .doesNotContain("schema_id");
    }
}
