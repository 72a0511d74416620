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

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.plan.AsOf;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streaming {@code azof sql} ingest killed with SIGKILL mid-way leaves a table that validates
 * and holds exactly a committed prefix of the input; running the same ingest again completes it,
 * and every answer equals the oracle computed from the CSV file.
 */
class KillMidIngestITCase {

    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir File tmp;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void sigkillMidIngestThenRerun() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        List<String[]> input = writeCsv(new File(tmp, "events.csv"), new Random(seed), 300_000);
        File script = new File(tmp, "ingest.sql");
        Files.writeString(
                script.toPath(),
                String.join(
                        ";\n",
                        "SET 'execution.runtime-mode'='streaming'",
                        "SET 'execution.checkpointing.interval'='300ms'",
                        "CREATE TEMPORARY TABLE src (k STRING, ts TIMESTAMP(3), v BIGINT,"
                                + " WATERMARK FOR ts AS ts - INTERVAL '1' HOUR) WITH ('connector'='filesystem',"
                                + " 'path'='" + new File(tmp, "events.csv").getAbsolutePath() + "', 'format'='csv')",
                        "CREATE TABLE IF NOT EXISTS t (k STRING, ts TIMESTAMP(3), v BIGINT,"
                                + " PRIMARY KEY (k) NOT ENFORCED, WATERMARK FOR ts AS ts - INTERVAL '1' HOUR)"
                                + " WITH ('segment.granularity'='month')",
                        "INSERT INTO t SELECT * FROM src"));
        File warehouse = new File(tmp, "warehouse");
        File table = new File(warehouse, "t");

        // 1. Run the ingest in its own JVM and kill it with SIGKILL once a few commits landed.
        Process p = new ProcessBuilder(javaCommand("sql", "--warehouse", warehouse.getPath(), "-f", script.getPath()))
                .redirectErrorStream(true)
                .redirectOutput(new File(tmp, "killed.log"))
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!new File(table, "s4.json").exists() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(p.isAlive()).as("seed " + seed + ": the ingest should still be running; log:\n" + log()).isTrue();
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor();

        // 2. The table validates and holds exactly what its commits say: a prefix of the input.
        assertThat(TableValidator.validate(table.getPath())).as("seed " + seed).isEmpty();
        AzofTable killed = AzofTable.open(table.getPath());
        long committedRows = committedRows(killed);
        assertThat(committedRows).as("seed " + seed).isPositive().isLessThan(input.size());
        assertThat(read(killed, AsOf.current()))
                .as("seed %d: the killed table holds the first %d input rows", seed, committedRows)
                .isEqualTo(oracle(input.subList(0, (int) committedRows), null));

        // 3. The same ingest again completes the table: answers equal the oracle of the whole input.
        CliRun rerun = CliRun.run("sql", "--warehouse", warehouse.getPath(), "-f", script.getPath());
        assertThat(rerun.exitCode).as(rerun.toString()).isZero();
        assertThat(TableValidator.validate(table.getPath())).isEmpty();
        AzofTable done = AzofTable.open(table.getPath());
        Random r = new Random(seed);
        List<LocalDateTime> times = new ArrayList<>();
        times.add(null);
        for (int i = 0; i < 6; i++) {
            times.add(LocalDateTime.parse(input.get(r.nextInt(input.size()))[1], CSV_TIME).plusSeconds(r.nextInt(3) - 1));
        }
        for (LocalDateTime t : times) {
            AsOf asOf = t == null ? AsOf.current() : AsOf.at(t.toInstant(ZoneOffset.UTC));
            assertThat(read(done, asOf)).as("seed %d, as of %s", seed, asOf).isEqualTo(oracle(input, t));
        }
    }

    private String log() throws IOException {
        return Files.readString(new File(tmp, "killed.log").toPath());
    }

    private static List<String> javaCommand(String... args) {
        File jar = cliJar();
        List<String> cmd = new ArrayList<>();
        cmd.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        cmd.add("-Xmx1g");
        for (String pkg : new String[] {"java.lang", "java.net", "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect",
                "java.text", "java.time", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
                "java.util.concurrent.locks"}) {
            cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        cmd.add("-jar");
        cmd.add(jar.getPath());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static File cliJar() {
        File target = new File("target");
        File[] jars = target.listFiles((d, n) -> n.startsWith("flink-azof-examples-") && n.endsWith("-cli.jar"));
        assertThat(jars).as("the CLI jar is built in the package phase, before this test").isNotEmpty();
        return jars[0];
    }

    private static List<String[]> writeCsv(File f, Random rnd, int n) throws IOException {
        List<String[]> rows = new ArrayList<>();
        LocalDateTime base = LocalDateTime.of(2020, 1, 1, 0, 0);
        long watermark = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            watermark += rnd.nextInt(300);
            long ts = rnd.nextInt(20) == 0 ? (long) (rnd.nextDouble() * watermark) : Math.max(0, watermark - rnd.nextInt(7200));
            String[] row = {"k" + rnd.nextInt(5000), CSV_TIME.format(base.plusSeconds(ts)), Integer.toString(rnd.nextInt(1_000_000))};
            rows.add(row);
            sb.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append('\n');
        }
        Files.write(f.toPath(), sb.toString().getBytes(StandardCharsets.UTF_8));
        return rows;
    }

    /** Per key the row with the greatest event time <= t; ties go to the later line. */
    private static Map<String, String> oracle(List<String[]> rows, LocalDateTime t) {
        Map<String, String[]> best = new HashMap<>();
        for (String[] row : rows) {
            if (t != null && LocalDateTime.parse(row[1], CSV_TIME).isAfter(t)) {
                continue;
            }
            String[] b = best.get(row[0]);
            if (b == null || row[1].compareTo(b[1]) >= 0) {
                best.put(row[0], row);
            }
        }
        Map<String, String> out = new TreeMap<>();
        best.forEach((k, row) -> out.put(k, row[1] + " " + row[2]));
        return out;
    }

    private static Map<String, String> read(AzofTable table, AsOf asOf) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (RowIterator it = AsOfReader.read(table, table.plan(asOf))) {
            while (it.hasNext()) {
                RowData row = it.next();
                String key = row.getString(0).toString();
                String ts = CSV_TIME.format(row.getTimestamp(1, 3).toLocalDateTime());
                assertThat(out.put(key, ts + " " + row.getLong(2))).as("duplicate key " + key).isNull();
            }
        }
        return out;
    }

    /** Rows the table's commits added, from the snapshots' summaries. */
    private static long committedRows(AzofTable table) {
        SnapshotStore store = table.store();
        long rows = 0;
        for (long id = 1; id <= table.snapshot().id(); id++) {
            Snapshot s = store.read(id);
            rows += Long.parseLong(s.summary().getOrDefault("added-rows", "0"));
        }
        return rows;
    }
}
