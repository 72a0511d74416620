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

package dev.azof.core.io;

import dev.azof.testing.ReferenceTables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the Parquet files of the reference tables written by the original (Rust) azof and checks
 * them against the CSV files beside them.
 */
class ParquetReferenceTablesTest {

    private static final LogicalType STRING = VarCharType.STRING_TYPE;
    private static final LogicalType LTZ3 = new LocalZonedTimestampType(3);

    private static Path file(String table, String name) {
        return new Path(ReferenceTables.path().resolve(table).resolve(name).toUri());
    }

    private static RowType fullType(String table) {
        if (table.equals("table2")) {
            return RowType.of(
                    new LogicalType[] {
                        STRING, LTZ3, STRING, new BigIntType(), new BooleanType(), LTZ3
                    },
                    new String[] {"key", "event_time", "value1", "value2", "is_active", "created"});
        }
        return RowType.of(
                new LogicalType[] {STRING, LTZ3, STRING},
                new String[] {"key", "event_time", "value"});
    }

    /** The CSV rows converted like {@link ParquetTestSupport#values}. */
    private static List<List<Object>> csv(String table, String name) throws IOException {
        java.nio.file.Path p =
                ReferenceTables.path().resolve(table).resolve(name.replace(".parquet", ".csv"));
        List<List<Object>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            List<Object> row = new ArrayList<>();
            row.add(f[0]);
            row.add(Instant.parse(f[1]).toString());
            row.add(f[2]);
            if (table.equals("table2")) {
                row.add(Long.parseLong(f[3]));
                row.add(Boolean.parseBoolean(f[4]));
                row.add(Instant.parse(f[5]).toString());
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<Object>> readAll(Path file, RowType type) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (ParquetRowReader reader = ParquetRowReader.open(file, type)) {
            while (reader.hasNext()) {
                rows.add(ParquetTestSupport.values(reader.next(), type));
            }
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "table0/base.parquet",
                "table0/delta1.parquet",
                "table1/delta1.parquet",
                "table1/delta2.parquet",
                "table2/base.parquet",
                "table2/delta1.parquet"
            })
    void readsAllColumns(String tableAndFile) throws IOException {
        String[] tf = tableAndFile.split("/");
        Path file = file(tf[0], tf[1]);
        List<List<Object>> expected = csv(tf[0], tf[1]);

        assertThat(readAll(file, fullType(tf[0]))).isEqualTo(expected);
        assertThat(ParquetRowReader.rowCount(file)).isEqualTo(expected.size());
        assertThat(ParquetRowReader.fileSize(file))
                .isEqualTo(Files.size(ReferenceTables.path().resolve(tableAndFile)));
    }

    @Test
    void readsProjectedColumnsInAnyOrder() throws IOException {
        Path file = file("table2", "delta1.parquet");
        List<List<Object>> csv = csv("table2", "delta1.parquet");

        RowType onlyValue1 = RowType.of(new LogicalType[] {STRING}, new String[] {"value1"});
        assertThat(readAll(file, onlyValue1))
                .containsExactly(List.of("www2"), List.of("xyz2"), List.of("abc2"));

        RowType onlyTime = RowType.of(new LogicalType[] {LTZ3}, new String[] {"event_time"});
        assertThat(readAll(file, onlyTime))
                .containsExactly(
                        List.of("2024-03-10T00:00:00Z"),
                        List.of("2024-02-20T00:00:00Z"),
                        List.of("2024-02-01T00:00:00Z"));

        RowType reordered =
                RowType.of(
                        new LogicalType[] {LTZ3, new BooleanType(), new BigIntType(), STRING},
                        new String[] {"created", "is_active", "value2", "key"});
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> r : csv) {
            expected.add(Arrays.asList(r.get(5), r.get(4), r.get(3), r.get(0)));
        }
        assertThat(readAll(file, reordered)).isEqualTo(expected);
    }

    @Test
    void readsRequiredColumnsAsNotNullAndAsTimestampWithoutZone() throws IOException {
        Path file = file("table0", "base.parquet");
        RowType type =
                RowType.of(
                        new LogicalType[] {
                            new VarCharType(false, VarCharType.MAX_LENGTH),
                            new TimestampType(false, 6)
                        },
                        new String[] {"key", "event_time"});
        assertThat(readAll(file, type))
                .containsExactly(
                        List.of("1", "2024-01-01T00:00:00Z"), List.of("2", "2024-01-01T00:00:00Z"));
    }

    @Test
    void rowsStayValidAfterLaterReads() throws IOException {
        Path file = file("table1", "delta2.parquet");
        RowType type = fullType("table1");
        List<RowData> rows = new ArrayList<>();
        // batch size 1: every row comes from a reused batch
        try (ParquetRowReader reader = ParquetRowReader.open(file, type, 1)) {
            assertThat(reader.fileRowCount()).isEqualTo(4);
            while (reader.hasNext()) {
                assertThat(reader.hasNext()).isTrue();
                rows.add(reader.next());
            }
            assertThat(reader.hasNext()).isFalse();
            assertThatThrownBy(reader::next).isInstanceOf(java.util.NoSuchElementException.class);
        }
        List<List<Object>> values = new ArrayList<>();
        for (RowData r : rows) {
            values.add(ParquetTestSupport.values(r, type));
        }
        assertThat(values).isEqualTo(csv("table1", "delta2.parquet"));
    }

    @Test
    void missingColumnFailsWithClearMessage() {
        Path file = file("table0", "base.parquet");
        RowType type =
                RowType.of(new LogicalType[] {STRING, STRING}, new String[] {"key", "value9"});
        assertThatThrownBy(() -> ParquetRowReader.open(file, type))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("value9")
                .hasMessageContaining("STRING")
                .hasMessageContaining("event_time required int64 (TIMESTAMP(MILLIS,true))");
    }

    @Test
    void columnNamesAreCaseSensitive() {
        Path file = file("table0", "base.parquet");
        RowType type = RowType.of(new LogicalType[] {STRING}, new String[] {"KEY"});
        assertThatThrownBy(() -> ParquetRowReader.open(file, type))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("KEY");
    }

    @Test
    void incompatibleTypesFailWithClearMessage() {
        Path file = file("table2", "base.parquet");
        assertMismatch(file, "value2", STRING, "required int64");
        assertMismatch(file, "value2", new IntType(), "required int64");
        assertMismatch(file, "key", new BigIntType(), "required binary (STRING)");
        assertMismatch(file, "event_time", new BigIntType(), "TIMESTAMP(MILLIS,true)");
        assertMismatch(file, "is_active", STRING, "required boolean");
        assertMismatch(
                file, "created", new org.apache.flink.table.types.logical.DateType(), "int64");
        assertMismatch(
                file,
                "value1",
                new org.apache.flink.table.types.logical.ArrayType(STRING),
                "binary");
    }

    private static void assertMismatch(
            Path file, String column, LogicalType requested, String fileTypeText) {
        RowType type = RowType.of(new LogicalType[] {requested}, new String[] {column});
        assertThatThrownBy(() -> ParquetRowReader.open(file, type))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'" + column + "'")
                .hasMessageContaining(requested.toString())
                .hasMessageContaining(fileTypeText);
    }
}
