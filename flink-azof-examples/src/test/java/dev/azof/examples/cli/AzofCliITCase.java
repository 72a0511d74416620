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

package dev.azof.examples.cli;

import dev.azof.testing.ReferenceTables;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the {@code azof} CLI in-process against the reference tables written by the original azof
 * ({@code test-data/azof-reference}); {@code sql} starts an embedded local Flink for each run.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AzofCliITCase {

    private static String reference;

    @TempDir Path tmp;

    @BeforeAll
    static void findReferenceTables() {
        reference = ReferenceTables.dir().toString();
    }

    // ---------------------------------------------------------------- scan

    @Test
    void scanAsOfGivesTheRowsValidThen() {
        CliRun run =
                ok(
                        "scan",
                        "--path",
                        reference,
                        "--table",
                        "table1",
                        "--as-of",
                        "2024-06-01T00:00:00Z",
                        "--format",
                        "csv");
        assertThat(run.outLines())
                .containsExactly(
                        "key,event_time,value",
                        "1,2024-06-01T00:00:00Z,abc3",
                        "2,2024-06-01T00:00:00Z,xyz2");
    }

    @Test
    void scanCurrentOfEveryReferenceTable() {
        assertThat(ok("scan", "-p", reference, "-t", "table0", "--format", "csv").outLines())
                .containsExactly(
                        "key,event_time,value",
                        "1,2024-02-01T00:00:00Z,abc2",
                        "2,2024-02-20T00:00:00Z,xyz2",
                        "3,2024-03-10T00:00:00Z,www2");
        assertThat(ok("scan", "-p", reference, "-t", "table1", "--format", "csv").outLines())
                .containsExactly(
                        "key,event_time,value",
                        "1,2024-06-29T00:00:00Z,abc4",
                        "2,2024-06-20T00:00:00Z,xyz3");
        assertThat(ok("scan", "-p", reference, "-t", "table2", "--format", "csv").outLines())
                .containsExactly(
                        "key,event_time,value1,value2,is_active,created",
                        "1,2024-02-01T00:00:00Z,abc2,100,true,2024-01-01T00:00:00Z",
                        "2,2024-02-20T00:00:00Z,xyz2,222,false,2024-01-01T00:00:00Z",
                        "3,2024-03-10T00:00:00Z,www2,300,false,2024-03-01T00:00:00Z");
    }

    @Test
    void scanAsOfOtherTimes() {
        assertThat(
                        ok(
                                        "scan",
                                        "-p",
                                        reference,
                                        "-t",
                                        "table0",
                                        "--as-of",
                                        "2024-02-17T00:00:00Z",
                                        "--format",
                                        "csv")
                                .outLines())
                .containsExactly(
                        "key,event_time,value",
                        "1,2024-02-01T00:00:00Z,abc2",
                        "2,2024-01-01T00:00:00Z,xyz");
        // The other accepted spellings of the same kind of time, read as UTC.
        assertThat(
                        ok(
                                        "scan",
                                        "-p",
                                        reference,
                                        "-t",
                                        "table1",
                                        "--as-of",
                                        "2024-02-01 00:00:00",
                                        "--format",
                                        "csv")
                                .outLines())
                .containsExactly("key,event_time,value", "1,2024-02-01T00:00:00Z,abc2");
        assertThat(
                        ok(
                                        "scan",
                                        "-p",
                                        reference,
                                        "-t",
                                        "table2",
                                        "--as-of",
                                        "2024-02-17T00:00:00",
                                        "--format",
                                        "csv")
                                .outLines())
                .containsExactly(
                        "key,event_time,value1,value2,is_active,created",
                        "1,2024-02-01T00:00:00Z,abc2,100,true,2024-01-01T00:00:00Z",
                        "2,2024-01-01T00:00:00Z,xyz,200,false,2024-01-01T00:00:00Z");
    }

    @Test
    void scanTableFormatNamesTheRead() {
        CliRun run =
                ok(
                        "scan",
                        "--path",
                        reference,
                        "--table",
                        "table1",
                        "--as-of",
                        "2024-06-01T00:00:00Z");
        assertThat(run.outLines().get(0))
                .isEqualTo("Scanning table table1 as of 2024-06-01T00:00:00Z:");
        assertThat(run.out).contains("| key | event_time", "abc3", "xyz2", "2 rows");
    }

    // ---------------------------------------------------------------- plan and validate

    @Test
    void planListsTheFilesAReadOpens() throws IOException {
        long base = Files.size(Path.of(reference, "table0", "base.parquet"));
        long delta = Files.size(Path.of(reference, "table0", "delta1.parquet"));
        assertThat(ok("plan", "--path", reference, "--table", "table0").outLines())
                .containsExactly(
                        "delta1.parquet",
                        "base.parquet",
                        "files=2 bytes=" + (base + delta) + " rows=5");
        // Before the delta starts only the base file matters.
        assertThat(
                        ok(
                                        "plan",
                                        "--path",
                                        reference,
                                        "--table",
                                        "table0",
                                        "--as-of",
                                        "2024-01-15T00:00:00Z")
                                .outLines())
                .containsExactly("base.parquet", "files=1 bytes=" + base + " rows=2");
    }

    @Test
    void planBeforeTheTableBeganIsEmpty() {
        assertThat(
                        ok(
                                        "plan",
                                        "-p",
                                        reference,
                                        "-t",
                                        "table0",
                                        "--as-of",
                                        "2023-06-01T00:00:00Z")
                                .outLines())
                .containsExactly("files=0 bytes=0 rows=0");
    }

    @Test
    void referenceTablesAreValid() {
        for (String table : new String[] {"table0", "table1", "table2"}) {
            CliRun run = ok("validate", "--path", reference, "--table", table);
            assertThat(run.outLines()).as(table).containsExactly("OK");
            CliRun deep = ok("validate", "--deep", "--path", reference, "--table", table);
            assertThat(deep.outLines()).as(table).containsExactly("OK");
        }
    }

    // ---------------------------------------------------------------- sql on the warehouse

    @Test
    void sqlTimeTravel() {
        CliRun run =
                ok(
                        "sql",
                        "--warehouse",
                        reference,
                        "--format",
                        "csv",
                        "-e",
                        "SELECT `key`, value1, value2 FROM table2 FOR SYSTEM_TIME AS OF TIMESTAMP"
                            + " '2024-02-17 00:00:00' ORDER BY `key`");
        assertThat(run.out).isEqualTo("key,value1,value2\n1,abc2,100\n2,xyz,200\n");
    }

    @Test
    void sqlCurrentReadsOfEveryReferenceTable() {
        CliRun run =
                ok(
                        "sql",
                        "--warehouse",
                        reference,
                        "--format",
                        "csv",
                        "-e",
                        "SELECT `key`, `value` FROM table0 ORDER BY `key`;\n"
                            + "SELECT `key`, `value` FROM azof.`default`.table1 ORDER BY `key`;\n"
                            + "SELECT `key`, value1, value2, is_active, created, event_time FROM"
                            + " table2 ORDER BY `key`;");
        assertThat(run.outLines())
                .containsExactly(
                        "key,value",
                        "1,abc2",
                        "2,xyz2",
                        "3,www2",
                        "key,value",
                        "1,abc4",
                        "2,xyz3",
                        "key,value1,value2,is_active,created,event_time",
                        "1,abc2,100,true,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z",
                        "2,xyz2,222,false,2024-01-01T00:00:00Z,2024-02-20T00:00:00Z",
                        "3,www2,300,false,2024-03-01T00:00:00Z,2024-03-10T00:00:00Z");
    }

    @Test
    void sqlTableFormatPrintsATable() {
        CliRun run =
                ok(
                        "sql",
                        "--warehouse",
                        reference,
                        "-e",
                        "SELECT `key`, `value` FROM table1 ORDER BY `key`");
        assertThat(run.out).contains("| key | value |", "| 1   | abc4  |", "2 rows");
    }

    // ---------------------------------------------------------------- sql with other connectors

    @Test
    void sqlWithBundledConnectors() throws IOException {
        Path people = tmp.resolve("people.csv");
        Files.writeString(people, "alice,30\nbob,25\n\"carol, jr\",41\n", StandardCharsets.UTF_8);
        Path out = tmp.resolve("out");
        String script =
                "CREATE TEMPORARY TABLE people (name STRING, age INT) WITH ("
                        + " 'connector'='filesystem', 'path'='"
                        + people
                        + "', 'format'='csv');\n"
                        + "CREATE TEMPORARY TABLE gen (id BIGINT) WITH ('connector'='datagen',"
                        + " 'number-of-rows'='5', 'fields.id.kind'='sequence',"
                        + " 'fields.id.start'='1', 'fields.id.end'='5');\n"
                        + "CREATE TEMPORARY TABLE sink (name STRING, age INT) WITH ("
                        + " 'connector'='filesystem', 'path'='"
                        + out
                        + "', 'format'='parquet');\n"
                        + "-- the INSERT finishes before the next statement reads its output\n"
                        + "INSERT INTO sink SELECT name, age + 1 FROM people WHERE age > 26;\n"
                        + "SELECT name, age FROM people ORDER BY age;\n"
                        + "SELECT COUNT(*) AS n, SUM(id) AS s FROM gen;\n"
                        + "SELECT name, age FROM sink ORDER BY name;\n";
        CliRun run = ok("sql", "--warehouse", reference, "--format", "csv", "-e", script);
        assertThat(run.outLines())
                .containsExactly(
                        "name,age",
                        "bob,25",
                        "alice,30",
                        "\"carol, jr\",41",
                        "n,s",
                        "5,15",
                        "name,age",
                        "alice,31",
                        "\"carol, jr\",42");
    }

    @Test
    void sqlFromFile() throws IOException {
        Path file = tmp.resolve("q.sql");
        Files.writeString(
                file,
                "/* a script */\nSELECT `key` FROM table0 WHERE `value` = 'www2';\n",
                StandardCharsets.UTF_8);
        CliRun run = ok("sql", "--warehouse", reference, "--format", "csv", "-f", file.toString());
        assertThat(run.outLines()).containsExactly("key", "3");
    }

    @Test
    void sqlSetSwitchesToStreaming() {
        String gen =
                "CREATE TEMPORARY TABLE gen (id BIGINT) WITH ('connector'='datagen',"
                        + " 'number-of-rows'='4', 'fields.id.kind'='sequence',"
                        + " 'fields.id.start'='1', 'fields.id.end'='4')";
        // The temporary table was created in batch mode; it survives the switch.
        CliRun run =
                ok(
                        "sql",
                        "--warehouse",
                        reference,
                        "--format",
                        "csv",
                        "-e",
                        gen
                                + "; SET 'execution.runtime-mode' = 'streaming';"
                                + " SELECT COUNT(*) AS n, MAX(id) AS m FROM gen;");
        // A streaming aggregate emits updates; the output is the final result.
        assertThat(run.outLines()).containsExactly("n,m", "4,4");

        // Only streaming rejects sorting on a non-time attribute: proof of the mode.
        CliRun streaming =
                fails(
                        "sql",
                        "--warehouse",
                        reference,
                        "--format",
                        "csv",
                        "-e",
                        "SET 'execution.runtime-mode'='streaming'; "
                                + gen
                                + "; SELECT id FROM gen ORDER BY id");
        assertThat(streaming.err).contains("Sort on a non-time-attribute field is not supported");
        CliRun batch =
                ok(
                        "sql",
                        "--warehouse",
                        reference,
                        "--format",
                        "csv",
                        "-e",
                        gen + "; SELECT id FROM gen ORDER BY id");
        assertThat(batch.outLines()).containsExactly("id", "1", "2", "3", "4");
    }

    @Test
    void sqlNonQueriesPrintNothingInCsv() {
        CliRun run =
                ok(
                        "sql",
                        "--warehouse",
                        reference,
                        "--format",
                        "csv",
                        "-e",
                        "SET 'parallelism.default'='1'; CREATE TEMPORARY VIEW v AS SELECT 1 AS a");
        assertThat(run.out).isEmpty();
    }

    // ---------------------------------------------------------------- failures

    @Test
    void unknownTableFails() {
        CliRun scan = fails("scan", "--path", reference, "--table", "nope");
        assertThat(scan.errLines().get(0)).contains("nope");
        CliRun sql = fails("sql", "--warehouse", reference, "-e", "SELECT * FROM nope");
        assertThat(sql.errLines().get(0)).contains("nope");
    }

    @Test
    void malformedAsOfIsAUsageError() {
        for (String command : new String[] {"scan", "plan"}) {
            CliRun run = CliRun.run(command, "--path", reference, "--table", "table0", "--as-of", "nonsense");
            assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
            assertThat(run.errLines()).singleElement().asString().startsWith("azof: error: ").contains("nonsense")
                    .contains("--as-of");
        }
    }

    @Test
    void badSqlFails() {
        CliRun run = fails("sql", "--warehouse", reference, "-e", "SELECT * FROM WHERE");
        assertThat(run.errLines().get(0)).contains("SQL parse failed");
    }

    @Test
    void failingStatementIsNamed() {
        CliRun run =
                fails(
                        "sql",
                        "--warehouse",
                        reference,
                        "--format",
                        "csv",
                        "-e",
                        "SELECT 1 AS a; SELECT * FROM nope");
        // Statements before the failure ran and printed their results.
        assertThat(run.outLines()).containsExactly("a", "1");
        assertThat(run.errLines().get(0)).startsWith("azof: error: statement 2 of 2: ");
    }

    @Test
    void writeAndScanInAFreshWarehouse(@TempDir Path warehouse) {
        String w = warehouse.toString();
        ok(
                "sql",
                "--warehouse",
                w,
                "-e",
                "CREATE TABLE t (k STRING NOT NULL, ts TIMESTAMP(6), v INT,"
                        + " PRIMARY KEY (k) NOT ENFORCED) WITH ('event-time.column' = 'ts');"
                        + " INSERT INTO t VALUES ('a', TIMESTAMP '2024-01-01 00:00:00', 1),"
                        + " ('9\uD83D\uDE00', TIMESTAMP '2024-01-01 00:00:00', 2),"
                        + " ('9\uFFFD', TIMESTAMP '2024-01-01 00:00:00', 3)");
        // Keys in the files' order: UTF-8 bytes, so U+FFFD before U+1F600.
        CliRun scan = ok("scan", "--path", w, "--table", "t", "--format", "csv");
        assertThat(scan.outLines())
                .containsExactly(
                        "k,ts,v",
                        "9\uFFFD,2024-01-01T00:00:00,3",
                        "9\uD83D\uDE00,2024-01-01T00:00:00,2",
                        "a,2024-01-01T00:00:00,1");

        // The error line says why, not only what Flink could not do.
        CliRun again =
                fails(
                        "sql",
                        "--warehouse",
                        w,
                        "-e",
                        "CREATE TABLE t (k STRING NOT NULL, ts TIMESTAMP(6),"
                                + " PRIMARY KEY (k) NOT ENFORCED)");
        assertThat(again.errLines().get(0)).contains("default.t").contains("already exists");

        // A rejected row leaves no file and no segment directory behind.
        CliRun old =
                fails(
                        "sql",
                        "--warehouse",
                        w,
                        "-e",
                        "INSERT INTO t VALUES ('old', TIMESTAMP '1969-12-31 23:59:59.999999', 4)");
        assertThat(old.errLines().get(0)).contains("before 1970").contains("'ts'");
        assertThat(warehouse.resolve("t/data/1969-12")).doesNotExist();
        assertThat(warehouse.resolve("t/data")).isDirectoryNotContaining("glob:**/1969*");
        ok("validate", "--path", w, "--table", "t");
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode).as(run.toString()).isZero();
        return run;
    }

    /** Runs a command that must fail at run time with exactly one error line. */
    private static CliRun fails(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).as(run.toString()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("azof: error: ");
        return run;
    }
}
