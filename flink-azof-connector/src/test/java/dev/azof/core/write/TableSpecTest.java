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
package dev.azof.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.schema.SchemaChange;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;
import java.util.Map;
import java.util.Set;

class TableSpecTest {

    @TempDir java.nio.file.Path tmp;

    private static final TableSchema SCHEMA =
            TableSchema.of(
                    List.of(
                            Column.of("k", new VarCharType(false, VarCharType.MAX_LENGTH)),
                            Column.of("ts", new TimestampType(true, 3))),
                    List.of("k"),
                    "ts");

    /**
     * A creator that published s1.json (the commit point) and stopped before writing the version
     * pointer (a job cancelled for a restart, seen on S3 where each write takes longer) created
     * the table: the next writer uses it rather than fail as if another writer held it.
     */
    @Test
    void aTableWhoseCreatorStoppedBeforeThePointerIsUsedAndItsPointerWritten() throws Exception {
        Path dir = new Path(tmp.resolve("t").toUri());
        TableSpec spec = new TableSpec(SCHEMA, 1, Map.of());
        SnapshotStore store = new SnapshotStore(dir);
        Snapshot first = TableCommits.createIfMissing(spec, dir);
        // Undo the pointer, as if the creator had stopped between the two steps.
        java.nio.file.Files.delete(java.nio.file.Path.of(store.versionPath().toUri()));
        assertThat(store.exists()).isFalse();

        Snapshot again = TableCommits.createIfMissing(spec, dir);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(store.exists()).isTrue();
        assertThat(store.currentId()).isEqualTo(1);
    }

    private static final TableSchema WITH_V =
            TableSchema.of(
                    List.of(
                            Column.of("k", new VarCharType(false, VarCharType.MAX_LENGTH)),
                            Column.of("v", new IntType(false)),
                            Column.of("ts", new TimestampType(true, 3))),
                    List.of("k"),
                    "ts");

    private static TableSchema rows(Column v) {
        return TableSchema.of(
                List.of(Column.of("k", new VarCharType(false, VarCharType.MAX_LENGTH)), v, Column.of("ts", new TimestampType(true, 3))),
                List.of("k"),
                "ts");
    }

    /** The sink's error names each difference: missing and extra columns, type, nullability. */
    @Test
    void aDifferentRowTypeFailsNamingTheDifference() {
        Path dir = new Path(tmp.resolve("t").toUri());
        Snapshot table = TableCommits.createIfMissing(new TableSpec(WITH_V, 1, Map.of()), dir);
        assertThatThrownBy(() -> new TableSpec(rows(Column.of("w", new IntType(false))), 1, Map.of()).checkCompatible(dir, table))
                .hasMessageContaining("do not match its schema")
                .hasMessageContaining("column 'v' that the rows lack, no column 'w'");
        assertThatThrownBy(() -> new TableSpec(SCHEMA, 1, Map.of()).checkCompatible(dir, table))
                .hasMessageContaining("column 'v' that the rows lack");
        assertThatThrownBy(() -> new TableSpec(rows(Column.of("v", new BigIntType(false))), 1, Map.of()).checkCompatible(dir, table))
                .hasMessageContaining("column 'v' as INT, not BIGINT");
        assertThatThrownBy(() -> new TableSpec(rows(Column.of("v", new IntType(true))), 1, Map.of()).checkCompatible(dir, table))
                .hasMessageContaining("column 'v' as NOT NULL, and the rows declare it nullable");
        // Stricter rows are fine, and so is another column order (columns match by name).
        TableCommits.alterTable(new SnapshotStore(dir), List.of(SchemaChange.makeNullable("v")), Map.of(), Set.of());
        Snapshot relaxed = new SnapshotStore(dir).current();
        new TableSpec(WITH_V, 1, Map.of()).checkCompatible(dir, relaxed);
        new TableSpec(
                        TableSchema.of(
                                List.of(Column.of("ts", new TimestampType(true, 3)), Column.of("v", new IntType(true)),
                                        Column.of("k", new VarCharType(false, VarCharType.MAX_LENGTH))),
                                List.of("k"),
                                "ts"),
                        1,
                        Map.of())
                .checkCompatible(dir, relaxed);
    }

    /**
     * A spec bound to a version writes it after an ALTER TABLE (the writer's view of the table has
     * that version, the commit keeps the current one); an unbound spec of the old columns fails.
     */
    @Test
    void aBoundSpecKeepsItsVersionAcrossAlterTable() {
        Path dir = new Path(tmp.resolve("t").toUri());
        TableSpec declared = new TableSpec(WITH_V, 1, Map.of());
        Snapshot created = TableCommits.createIfMissing(declared, dir);
        TableSpec bound = declared.boundTo(dir, created);
        assertThat(bound.isBound()).isTrue();
        assertThat(bound.schema().sameVersionAs(created.schema())).isTrue();
        assertThat(bound.forWriting(dir, created)).isSameAs(created);

        Snapshot altered =
                TableCommits.alterTable(
                        new SnapshotStore(dir),
                        List.of(SchemaChange.addColumn("note", new VarCharType(true, 10)), SchemaChange.renameColumn("v", "v2")),
                        Map.of(),
                        Set.of());
        assertThat(altered.schema().schemaId()).isEqualTo(1);
        bound.checkCompatible(dir, altered);
        Snapshot view = bound.forWriting(dir, altered);
        assertThat(view.schema().schemaId()).isZero();
        assertThat(view.schema().columnNames()).containsExactly("k", "v", "ts");
        assertThat(view.id()).isEqualTo(altered.id());
        assertThat(view.segments()).isEqualTo(altered.segments());
        // A spec declared now, with the old columns, is refused; with the new ones it binds to 1.
        assertThatThrownBy(() -> declared.boundTo(dir, altered)).hasMessageContaining("column 'v2' that the rows lack");
        TableSpec now = new TableSpec(altered.schema(), 1, Map.of()).boundTo(dir, altered);
        assertThat(now.schema().schemaId()).isEqualTo(1);
        // The table dropped and created again: the bound version is gone.
        Snapshot other = new Snapshot(altered.formatVersion(), 9, null, 0, SCHEMA, 1, List.of(), Map.of(), Map.of());
        assertThatThrownBy(() -> bound.checkCompatible(dir, other))
                .hasMessageContaining("this writer writes schema version 0")
                .hasMessageContaining("dropped and created again");
    }
}
