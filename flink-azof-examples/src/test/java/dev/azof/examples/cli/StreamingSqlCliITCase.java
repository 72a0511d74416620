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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code azof sql} runs streaming queries with {@code 'sql-client.execution.result-mode'} set to
 * {@code changelog}: every change printed as it arrives with its kind, until the query ends or
 * the process is stopped; the default keeps printing the final result.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StreamingSqlCliITCase {

    private static final String STREAMING_CHANGES =
            "SET 'execution.runtime-mode' = 'streaming'; SET 'parallelism.default' = '1';"
                    + " SET 'sql-client.execution.result-mode' = 'changelog'; ";

    private static final String BOUNDED_GEN =
            "CREATE TEMPORARY TABLE gen (id BIGINT) WITH ('connector' = 'datagen',"
                    + " 'number-of-rows' = '5', 'fields.id.kind' = 'sequence',"
                    + " 'fields.id.start' = '1', 'fields.id.end' = '5'); ";

    @TempDir Path tmp;

    @Test
    void boundedAndChangelogQueriesPrintEachChangeWithItsKind() {
        String grouped = "SELECT id % 2 AS k, COUNT(*) AS n FROM gen GROUP BY id % 2";
        // One session: inserts only, an aggregate's changes, then the same aggregate in the
        // default mode (its final result).
        CliRun run =
                ok(
                        "sql", "-w", tmp.toString(), "--format", "csv", "-e",
                        STREAMING_CHANGES + BOUNDED_GEN + "SELECT id FROM gen; " + grouped + "; "
                                + "RESET 'sql-client.execution.result-mode'; " + grouped);
        List<String> lines = run.outLines();
        assertThat(lines.subList(0, 6)).containsExactly("op,id", "+I,1", "+I,2", "+I,3", "+I,4", "+I,5");
        int aggregate = lines.indexOf("op,k,n");
        int last = lines.indexOf("k,n");
        assertThat(aggregate).isEqualTo(6);
        assertThat(last).isGreaterThan(aggregate);
        List<String> changes = lines.subList(aggregate + 1, last);
        // An aggregate updates its rows: -U/+U pairs under one header.
        assertThat(changes).contains("-U,1,1", "+U,1,2", "-U,0,1", "+U,0,2", "+U,1,3");
        // Applied in order, the changes give the final result the default mode prints.
        Map<String, String> applied = new HashMap<>();
        for (String line : changes) {
            String[] f = line.split(",");
            if (f[0].equals("+I") || f[0].equals("+U")) {
                applied.put(f[1], f[2]);
            } else {
                assertThat(applied.remove(f[1])).as(line).isEqualTo(f[2]);
            }
        }
        List<String> finalRows = new ArrayList<>();
        applied.forEach((k, n) -> finalRows.add(k + "," + n));
        assertThat(lines.subList(last + 1, lines.size())).containsExactlyInAnyOrderElementsOf(finalRows);

        CliRun bad = CliRun.run("sql", "-w", tmp.toString(), "-e", "SET 'sql-client.execution.result-mode' = 'nope'");
        assertThat(bad.exitCode).isEqualTo(1);
        assertThat(bad.err).contains("use table, changelog or tableau");
    }

    @Test
    void anUnboundedQueryPrintsUntilStoppedThenCancelsItsJob() throws Exception {
        File out = tmp.resolve("out.csv").toFile();
        File err = tmp.resolve("err.txt").toFile();
        // Unbounded for the test's purpose: 100000 rows at 20 per second (a sequence generator
        // holds its whole range in memory, so the range stays small).
        String sql =
                STREAMING_CHANGES
                        + "CREATE TEMPORARY TABLE gen (id BIGINT) WITH ('connector' = 'datagen',"
                        + " 'rows-per-second' = '20', 'fields.id.kind' = 'sequence',"
                        + " 'fields.id.start' = '1', 'fields.id.end' = '100000');"
                        + " SELECT id FROM gen";
        Process p =
                new ProcessBuilder(CliProcess.javaCommand("sql", "-w", tmp.toString(), "--format", "csv", "-e", sql))
                        .directory(tmp.toFile())
                        .redirectOutput(out)
                        .redirectError(err)
                        .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (lines(out).size() < 4 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(p.isAlive()).as("still running: %s", Files.readString(err.toPath())).isTrue();
            assertThat(lines(out)).as("rows printed as they came").hasSizeGreaterThanOrEqualTo(4);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String errText = Files.readString(err.toPath(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(errText).isEqualTo(143);
        assertThat(errText).contains("azof: stopped; job ").contains(" cancelled").doesNotContain("azof: error");
        List<String> rows = lines(out);
        assertThat(rows.get(0)).isEqualTo("op,id");
        // Every line complete, in order, none lost between printed ones.
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i)).isEqualTo("+I," + i);
        }
    }

    private static List<String> lines(File f) throws Exception {
        String text = Files.readString(f.toPath(), StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode).as(run.toString()).isZero();
        return run;
    }
}
