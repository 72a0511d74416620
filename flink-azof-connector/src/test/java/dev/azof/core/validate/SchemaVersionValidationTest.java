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
package dev.azof.core.validate;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.schema.SchemaChange;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TableValidator} on tables whose schema changed, and on tampered schema metadata. */
class SchemaVersionValidationTest {

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

    private Path dir;
    private SnapshotStore store;
    private Snapshot altered;

    @BeforeEach
    void writeAlterWrite() throws Exception {
        dir = new Path(new File(tmp, "t").toURI());
        store = new SnapshotStore(dir);
        TableCommits.createTable(dir, FIRST, 1, Map.of());
        write(1, 2);
        TableCommits.alterTable(
                store,
                List.of(
                        SchemaChange.updateColumnType("qty", new BigIntType()),
                        SchemaChange.addColumn("extra", new IntType())),
                Map.of(),
                Set.of());
        altered = write(3, 4);
    }

    private Snapshot write(long... keys) throws Exception {
        Snapshot current = store.current();
        TableSchema schema = current.schema();
        List<RowData> rows = new ArrayList<>();
        for (long k : keys) {
            GenericRowData row = new GenericRowData(schema.fileRowType().getFieldCount());
            row.setField(0, k);
            row.setField(1, TimestampData.fromInstant(Instant.parse("2024-01-10T00:00:00Z")));
            row.setField(2, schema.schemaId() == 0 ? (Object) (int) k : (Object) k);
            row.setField(3, StringData.fromString("n" + k));
            row.setField(schema.columns().size(), false);
            rows.add(row);
        }
        return TableCommits.commitFiles(
                store, current, new TableWriter(dir, current).writeDeltas(rows), Map.of("operation", "append"));
    }

    private java.nio.file.Path currentSnapshotFile() {
        return new File(store.snapshotPath(store.currentId()).toUri()).toPath();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Changes the current snapshot's JSON as a damaged or hostile writer could. */
    private void tamper(java.util.function.Consumer<ObjectNode> change) throws Exception {
        java.nio.file.Path p = currentSnapshotFile();
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(p, StandardCharsets.UTF_8));
        change.accept(root);
        Files.writeString(p, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
    }

    /** The JSON object of the data file with the path, wherever the segments hold it. */
    private static ObjectNode fileNode(JsonNode n, String path) {
        if (n.isObject() && n.has("file") && n.get("file").asText().equals(path)) {
            return (ObjectNode) n;
        }
        for (JsonNode child : n) {
            ObjectNode found = fileNode(child, path);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @Test
    void anAlteredTableIsValidShallowAndDeep() {
        assertThat(altered.allFiles()).extracting(DataFile::schemaId).containsExactlyInAnyOrder(0, 1);
        assertThat(TableValidator.validate(dir)).isEmpty();
        assertThat(TableValidator.validate(dir, true)).isEmpty();
    }

    @Test
    void aNarrowingInTheHistoryIsReported() throws Exception {
        // The history says qty (id 3) was DECIMAL(30, 0): BIGINT cannot hold its values.
        tamper(root -> {
            ObjectNode qty = (ObjectNode) root.get("schema_history").get(0).get("columns").get(2);
            assertThat(qty.get("id").asInt()).isEqualTo(3);
            qty.put("data_type", "DECIMAL(30, 0)");
        });
        List<String> problems = TableValidator.validate(dir);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("column id 3").contains("DECIMAL(30, 0)")
                        .contains("BIGINT").contains("schema 0").contains("schema 1"));
    }

    @Test
    void anUnknownSchemaIdIsReportedNamingTheFile() throws Exception {
        DataFile newer = altered.allFiles().stream().filter(f -> f.schemaId() == 1).findFirst().orElseThrow();
        tamper(root -> fileNode(root.get("segments"), newer.path()).put("schema_id", 7));
        List<String> problems = TableValidator.validate(dir);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(newer.path()).contains("schema 7"));
    }

    @Test
    void aFileWhoseColumnsAreNotItsSchemasIsReported() throws Exception {
        DataFile older = altered.allFiles().stream().filter(f -> f.schemaId() == 0).findFirst().orElseThrow();
        tamper(root -> fileNode(root.get("segments"), older.path()).put("schema_id", 1));
        List<String> problems = TableValidator.validate(dir);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains(older.path()).contains("schema 1").containsAnyOf("qty", "extra"));
    }
}
