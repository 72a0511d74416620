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

package dev.azof.interop;

import dev.azof.core.io.ParquetRowReader;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.ProjectFiles;
import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DuckDB, an independent Parquet reader, reads every data file of tables of every type (nulls,
 * extreme values, unicode; appends, bases, compacted files; the committed sample table) and gets
 * the values azof returns, in the same order: keys sorted by unsigned bytes, TIMESTAMP_LTZ
 * columns as instants ({@code TIMESTAMP WITH TIME ZONE}), TIMESTAMP columns as wall-clock times.
 */
class DuckDbReadsDataFilesTest {

    @TempDir static java.nio.file.Path tmp;

    private static DuckDb duck;
    private static long seed;

    @BeforeAll
    static void open() throws Exception {
        seed = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("DuckDbReadsDataFilesTest seed " + seed + " (rerun with -Dazof.seed=" + seed + ")");
        duck = DuckDb.open(tmp.resolve("duckdb-home"));
        // Not UTC, so that a timestamp read as local time would show.
        duck.execute("SET TimeZone = 'America/New_York'");
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
    }

    @Test
    void everyTypeWithNullsExtremesAndUnicode() throws Exception {
        Path dir = AllTypesTable.write(tmp.resolve("all-types"), seed);
        int files = checkEveryFile(dir, AllTypesTable.SCHEMA);
        assertThat(files).as("appends, bases and compacted files").isGreaterThan(40);
        assertThat(dataFiles(dir)).anyMatch(f -> f.contains("/compact-")).anyMatch(f -> f.contains("/base-"));
    }

    @Test
    void randomHistories() throws Exception {
        for (int round = 0; round < 2; round++) {
            // Round 0 or 1 has the composite schema (TIMESTAMP(6) event time), the other LTZ(3).
            Path dir = new Path(tmp.resolve("history-" + round).toUri());
            RandomHistory h = RandomHistory.write(dir, seed + round, 80, 5, 60, 0.5);
            checkEveryFile(dir, h.schema);
        }
    }

    @Test
    void theSampleTableAndItsInstantsInEveryTimeZone() throws Exception {
        java.nio.file.Path table = ProjectFiles.find("test-data/tables/filings");
        Path dir = new Path(table.toUri());
        checkEveryFile(dir, AzofTable.open(dir).schema());
        // The README's example: ACMR's quarter ending 2003-06-30, in its 2003-Q2 delta files.
        String files = DuckDb.literal(table.resolve("data/2003-Q2").toString() + "/*.parquet");
        Instant quarterEnd = Instant.parse("2003-06-30T00:00:00Z");
        for (String zone : new String[] {"UTC", "America/New_York", "Asia/Tokyo", "Europe/Berlin"}) {
            duck.execute("SET TimeZone = " + DuckDb.literal(zone));
            List<List<String>> rows =
                    duck.query(
                            "SELECT DISTINCT CAST(epoch_ms(event_time::TIMESTAMPTZ) AS VARCHAR),"
                                    + " CAST(event_time::TIMESTAMPTZ AS VARCHAR)"
                                    + " FROM read_parquet(" + files + ")"
                                    + " WHERE ticker = 'ACMR' AND month(event_time) = 6");
            String local =
                    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssx")
                            .format(quarterEnd.atZone(ZoneId.of(zone)));
            assertThat(rows)
                    .as("in DuckDB with TimeZone %s", zone)
                    .containsExactly(List.of(Long.toString(quarterEnd.toEpochMilli()), local));
        }
        duck.execute("SET TimeZone = 'America/New_York'");
    }

    /** Every Parquet file below the table directory, referenced or replaced. */
    private static List<String> dataFiles(Path dir) throws IOException {
        try (Stream<java.nio.file.Path> s = Files.walk(java.nio.file.Path.of(dir.toUri()))) {
            return s.filter(p -> p.toString().endsWith(".parquet"))
                    .map(java.nio.file.Path::toString)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static int checkEveryFile(Path dir, TableSchema schema) throws Exception {
        RowType type = schema.fileRowType();
        List<String> files = dataFiles(dir);
        assertThat(files).isNotEmpty();
        // One DuckDB pass over all files (file by file, rows in file order), one azof read each.
        String source =
                "read_parquet(["
                        + files.stream().map(DuckDb::literal).collect(Collectors.joining(", "))
                        + "], filename = true, file_row_number = true)";
        Map<String, List<List<String>>> byDuck = new HashMap<>();
        for (List<String> row :
                duck.query(
                        "SELECT filename, "
                                + Rendering.selectList(type)
                                + " FROM "
                                + source
                                + " ORDER BY filename, file_row_number")) {
            byDuck.computeIfAbsent(row.get(0), f -> new ArrayList<>()).add(row.subList(1, row.size()));
        }
        for (String file : files) {
            List<List<String>> azof = new ArrayList<>();
            try (ParquetRowReader reader = ParquetRowReader.open(new Path(file), type)) {
                while (reader.hasNext()) {
                    RowData row = reader.next();
                    azof.add(Rendering.row(row, type));
                }
            }
            assertThat(byDuck.getOrDefault(file, List.of()))
                    .as("seed " + seed + ", file " + file)
                    .isEqualTo(azof);
        }
        String context = "seed " + seed + ", table " + dir;
        checkTimestampTypes(source, type, context);
        if (!schema.isLegacy()) {
            checkKeyOrder(source, schema, context);
        }
        return files.size();
    }

    /** DuckDB reads TIMESTAMP_LTZ as instants and TIMESTAMP as wall-clock times. */
    private static void checkTimestampTypes(String source, RowType type, String context)
            throws Exception {
        for (RowType.RowField f : type.getFields()) {
            LogicalTypeRoot root = f.getType().getTypeRoot();
            if (root != LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                    && root != LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE) {
                continue;
            }
            String duckType =
                    duck.single("SELECT typeof(\"" + f.getName() + "\") FROM " + source + " LIMIT 1");
            if (root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                assertThat(duckType).as(context + ", column " + f.getName()).isEqualTo("TIMESTAMP WITH TIME ZONE");
            } else {
                assertThat(duckType).as(context + ", column " + f.getName()).isEqualTo("TIMESTAMP");
            }
        }
    }

    /** Rows are sorted by key as DuckDB compares values (strings and bytes by unsigned bytes). */
    private static void checkKeyOrder(String source, TableSchema schema, String context)
            throws Exception {
        List<String> keys = schema.primaryKey();
        // prev <= cur, lexicographically over the key columns
        String le = "TRUE";
        for (int i = keys.size() - 1; i >= 0; i--) {
            String k = "\"" + keys.get(i) + "\"";
            le = "(p" + i + " < " + k + " OR (p" + i + " = " + k + " AND " + le + "))";
        }
        StringBuilder lags = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            lags.append(", lag(\"")
                    .append(keys.get(i))
                    .append("\") OVER (PARTITION BY filename ORDER BY file_row_number) AS p")
                    .append(i);
        }
        String sql =
                "SELECT count(*) FROM (SELECT *"
                        + lags
                        + ", row_number() OVER (PARTITION BY filename ORDER BY file_row_number) AS r"
                        + " FROM "
                        + source
                        + ") WHERE r > 1 AND NOT "
                        + le;
        assertThat(duck.single(sql)).as(context + ": rows out of key order").isEqualTo("0");
    }
}
