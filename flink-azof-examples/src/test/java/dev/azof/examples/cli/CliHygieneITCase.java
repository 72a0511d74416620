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

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.azof.core.table.AzofTable;
import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Issue 13, items 6 and 7 of "Why": a streaming job that fails for good ends with one error line
 * naming the root cause and leaves no temporary files; option bounds and error lines.
 */
class CliHygieneITCase {

    @TempDir File tmp;

    private static final String TABLE =
            "CREATE TABLE t (k STRING NOT NULL, event_time TIMESTAMP_LTZ(3), v BIGINT,"
                    + " PRIMARY KEY (k) NOT ENFORCED)";

    @Test
    void aStreamingInsertThatKeepsFailingEnds() throws Exception {
        File csv = new File(tmp, "bad.csv");
        Files.writeString(csv.toPath(), "k1,2024-01-01 00:00:00Z,1\nk2,not-a-time,2\nk3,2024-01-03 00:00:00Z,3\n");
        File warehouse = new File(tmp, "w");
        String script =
                "SET 'execution.runtime-mode' = 'streaming';"
                        + "SET 'execution.checkpointing.interval' = '1 s';"
                        + TABLE + ";"
                        + "CREATE TEMPORARY TABLE src (k STRING, event_time TIMESTAMP_LTZ(3), v BIGINT) WITH ("
                        + "'connector'='filesystem', 'path'='" + csv.toURI() + "', 'format'='csv');"
                        + "INSERT INTO t SELECT * FROM src";
        // Flink's default restarts a checkpointing job forever: this used to never end.
        CliRun run =
                assertTimeoutPreemptively(
                        Duration.ofMinutes(3),
                        () -> CliRun.run("sql", "--warehouse", warehouse.getPath(), "-e", script));
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines().stream().filter(l -> l.startsWith("azof: error: ")))
                .as(run.toString())
                .singleElement()
                .asString()
                .contains("statement 5 of 5")
                .contains("not-a-time");
        try (Stream<java.nio.file.Path> files = Files.walk(warehouse.toPath())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void bucketIsBoundedAtCreationAndErrorsNameTheOption() {
        File warehouse = new File(tmp, "w");
        for (String bucket : new String[] {"100000", "0", "-1"}) {
            CliRun run = CliRun.run("sql", "--warehouse", warehouse.getPath(), "-e",
                    TABLE.replace("t (", "t" + bucket.replace("-", "m") + " (") + " WITH ('bucket' = '" + bucket + "')");
            assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
            assertThat(run.errLines()).as(run.toString()).singleElement().asString()
                    .contains("'bucket'").contains(bucket);
        }
        CliRun ok = CliRun.run("sql", "--warehouse", warehouse.getPath(), "-e",
                TABLE.replace("t (", "tmax (") + " WITH ('bucket' = '65536')");
        assertThat(ok.exitCode).as(ok.toString()).isZero();
    }

    @Test
    void theCauseBehindCouldNotExecuteIsShown() throws Exception {
        File file = new File(tmp, "not-a-directory");
        Files.writeString(file.toPath(), "x");
        CliRun run = CliRun.run("sql", "--warehouse", file.getPath(), "-e", "SHOW TABLES");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.errLines()).as(run.toString()).singleElement().asString()
                .contains("is not a directory")
                .doesNotContain("Could not execute");
    }

    @Test
    void aFailingCsvReadPrintsNoHeader() throws Exception {
        File warehouse = new File(tmp, "w");
        RandomHistory.write(new Path(new File(warehouse, "t").toURI()), 5L, 30, 2, 30, 0.0);
        AzofTable table = AzofTable.open(new File(warehouse, "t").getPath());
        Files.delete(new File(warehouse, "t/" + table.snapshot().allFiles().get(0).path()).toPath());
        CliRun run = CliRun.run("sql", "--warehouse", warehouse.getPath(), "--format", "csv", "-e", "SELECT * FROM t");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).as(run.toString()).isEmpty();
        assertThat(run.errLines()).as(run.toString()).singleElement().asString().contains("does not exist");
    }
}
