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

package dev.azof.core.metadata;

import dev.azof.testing.ProjectFiles;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples and tables of docs/spec.md against the real codec: the spec says what is written. */
class SpecExamplesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String spec() throws Exception {
        return Files.readString(ProjectFiles.find("docs/spec.md"));
    }

    private static List<String> jsonExamples(String spec) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(spec);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theAzof02ExampleParses() throws Exception {
        List<String> examples = jsonExamples(spec());
        assertThat(examples).hasSize(3);
        Snapshot legacy = SnapshotJson.parse(examples.get(0), 3, "s3.json");
        assertThat(legacy.isLegacy()).isTrue();
        assertThat(legacy.id()).isEqualTo(3);
        assertThat(legacy.segments()).hasSize(1);
        assertThat(legacy.segments().get(0).children()).hasSize(1);
        assertThat(legacy.schema().columns()).extracting(Column::name).containsExactly("key", "event_time", "value");
    }

    @Test
    void theVersion1ExampleIsWhatTheWriterWritesForIt() throws Exception {
        String example = jsonExamples(spec()).get(1);
        Snapshot snapshot = SnapshotJson.parse(example, 7, "s7.json");
        assertThat(snapshot.isLegacy()).isFalse();
        // Every field and value of the example, no more, no less: writing the parsed snapshot
        // gives the example back.
        JsonNode written = MAPPER.readTree(SnapshotJson.toJson(snapshot));
        assertThat(written).isEqualTo(MAPPER.readTree(example));
        assertThat(snapshot.summary().get(SnapshotSummary.Key.OPERATION.key())).isEqualTo(SnapshotSummary.APPEND);
        // Type strings as this project writes them (a reader keeps whatever the file says).
        for (Column c : snapshot.schema().columns()) {
            assertThat(c.typeName()).isEqualTo(ColumnTypes.typeName(c.type()));
        }
    }

    @Test
    void theVersion2ExampleIsWhatTheWriterWritesForIt() throws Exception {
        String example = jsonExamples(spec()).get(2);
        Snapshot snapshot = SnapshotJson.parse(example, 9, "s9.json");
        assertThat(snapshot.formatVersion()).isEqualTo(Snapshot.SCHEMA_EVOLUTION_FORMAT);
        assertThat(MAPPER.readTree(SnapshotJson.toJson(snapshot))).isEqualTo(MAPPER.readTree(example));
        // It is what the ALTER the spec names makes of the first schema.
        TableSchema first = snapshot.schema(0);
        TableSchema next =
                dev.azof.core.schema.SchemaEvolution.apply(
                        new Snapshot(1, 1, null, 0L, first, 1, List.of(), Map.of(), Map.of()),
                        List.of(
                                dev.azof.core.schema.SchemaChange.renameColumn("qty", "quantity"),
                                dev.azof.core.schema.SchemaChange.updateColumnType("quantity", new BigIntType()),
                                dev.azof.core.schema.SchemaChange.makeNullable("quantity"),
                                dev.azof.core.schema.SchemaChange.dropColumn("old"),
                                dev.azof.core.schema.SchemaChange.addColumnAfter("note", new VarCharType(20), "id")));
        assertThat(next.sameVersionAs(snapshot.schema())).as("%s", next).isTrue();
        assertThat(snapshot.allFiles()).extracting(DataFile::schemaId).containsExactly(0, 1);
    }

    @Test
    void theVersion1ExampleShowsEveryFieldTheWriterEmits() throws Exception {
        // A snapshot with every optional part: parent, base with tombstones_from, event times.
        Instant t = Instant.parse("2024-04-01T00:00:00Z");
        DataFile base = DataFile.builder("data/b.parquet", DataFile.Kind.BASE)
                .range(t, null)
                .bucket(0)
                .rows(1)
                .bytes(2)
                .sequence(3)
                .eventTimes(t, t)
                .tombstonesFrom(t)
                .build();
        DataFile delta = DataFile.builder("data/d.parquet", DataFile.Kind.DELTA)
                .range(t, t)
                .bucket(0)
                .rows(1)
                .bytes(2)
                .sequence(3)
                .eventTimes(t, t)
                .build();
        Segment leaf = new Segment("2024-Q2", t, t, List.of(base), List.of(delta), List.of());
        Segment year = new Segment("2024", t, t, List.of(), List.of(), List.of(leaf));
        TableSchema schema =
                TableSchema.of(
                        List.of(Column.of("id", new BigIntType(false)), Column.of("ts", new TimestampType(3))),
                        List.of("id"),
                        "ts");
        Snapshot full =
                new Snapshot(1, 2, 1L, 0, schema, 1, List.of(year), Map.of("p", "v"), Map.of("s", "v"));
        Set<String> emitted = fieldNames(MAPPER.readTree(SnapshotJson.toJson(full)));
        Set<String> shown = fieldNames(MAPPER.readTree(jsonExamples(spec()).get(1)));
        emitted.removeAll(Set.of("p", "s")); // property and summary keys are free
        assertThat(shown).containsAll(emitted);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                out.add(e.getKey());
                out.addAll(fieldNames(e.getValue()));
            });
        } else if (node.isArray()) {
            node.forEach(n -> out.addAll(fieldNames(n)));
        }
        return out;
    }

    @Test
    void theTypeTableNamesWhatTheWriterWritesAndReadersAccept() throws Exception {
        String spec = spec();
        LogicalType[] types = {
            new BooleanType(), new TinyIntType(), new SmallIntType(), new IntType(), new BigIntType(),
            new FloatType(), new DoubleType(), new DecimalType(10, 2), new CharType(3),
            new VarCharType(10), VarCharType.STRING_TYPE, new BinaryType(4), new VarBinaryType(8),
            new VarBinaryType(VarBinaryType.MAX_LENGTH), new DateType(), new TimestampType(6),
            new LocalZonedTimestampType(3)
        };
        for (LogicalType type : types) {
            String written = ColumnTypes.typeName(type);
            String generic =
                    written.replaceAll("\\(\\d+, \\d+\\)", "(p, s)")
                            .replaceAll("TIMESTAMP\\(\\d\\)", "TIMESTAMP(p)")
                            .replaceAll("(CHAR|BINARY)\\((\\d{1,9})\\)", "$1(n)");
            assertThat(spec).as("the spec names %s (written for %s)", generic, type).contains("`" + generic + "`");
            assertThat(ColumnTypes.parse(written, "c")).isEqualTo(type.copy(true));
        }
        // The synonyms the table lists read as the same types.
        assertThat(ColumnTypes.parse("STRING", "c")).isEqualTo(ColumnTypes.parse("VARCHAR(2147483647)", "c"));
        assertThat(ColumnTypes.parse("BYTES", "c")).isEqualTo(ColumnTypes.parse("VARBINARY(2147483647)", "c"));
        assertThat(ColumnTypes.parse("TIMESTAMP_LTZ(6)", "c"))
                .isEqualTo(ColumnTypes.parse("TIMESTAMP(6) WITH LOCAL TIME ZONE", "c"));
        assertThat(ColumnTypes.parse("INTEGER", "c")).isEqualTo(ColumnTypes.parse("INT", "c"));
    }

    @Test
    void theOperationTableListsWhatThisProjectWrites() throws Exception {
        String spec = spec();
        for (String operation : new String[] {"create", "append", "compact", "build-bases"}) {
            assertThat(spec).contains("| `" + operation + "` |");
        }
    }
}
