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

import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.plan.ScanTask;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An as-of read that DuckDB computes from the files with the spec's rules ({@link SpecAsOfSql}:
 * section 6.2 planning from the snapshot JSON, section 5 winners from the Parquet files) equals
 * azof's, file list and rows, at random times and current, for tables with bases and deltas, with
 * late data behind bases, and compacted ones (merged deltas, rebuilt bases, dropped tombstones).
 */
class DuckDbAsOfTest {

    @TempDir static java.nio.file.Path tmp;

    private static DuckDb duck;
    private static long seed;

    @BeforeAll
    static void open() throws Exception {
        seed = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("DuckDbAsOfTest seed " + seed + " (rerun with -Dazof.seed=" + seed + ")");
        duck = DuckDb.open(tmp.resolve("duckdb-home"));
        duck.execute("SET TimeZone = 'Asia/Kolkata'");
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
    }

    @Test
    void basesAndDeltas() throws Exception {
        Path dir = new Path(tmp.resolve("bases").toUri());
        RandomHistory h = RandomHistory.write(dir, seed, 60, 6, 50, 0.5);
        compareAtRandomTimes(dir, h, new Random(seed), "bases and deltas");
    }

    @Test
    void lateDataBehindEveryBase() throws Exception {
        // Bases after every commit: the late events of each later commit lie behind them.
        Path dir = new Path(tmp.resolve("late").toUri());
        RandomHistory h = RandomHistory.write(dir, seed + 1, 60, 6, 50, 1.0);
        compareAtRandomTimes(dir, h, new Random(seed + 1), "late data");
    }

    @Test
    void compacted() throws Exception {
        Path dir = new Path(tmp.resolve("compacted").toUri());
        Random ops = new Random(seed + 2);
        Duration[] retention = {null, Duration.ZERO, Duration.ofDays(30)};
        RandomHistory h =
                RandomHistory.write(
                        dir,
                        seed + 2,
                        60,
                        7,
                        50,
                        0.3,
                        (history, commit) -> {
                            if (commit % 2 == 1) {
                                CompactionPolicy policy =
                                        CompactionPolicy.defaults()
                                                .withMaxDeltasPerSegment(1 + ops.nextInt(3))
                                                .withTombstoneRetention(retention[ops.nextInt(retention.length)]);
                                new Compactor(dir, policy).run();
                            }
                        });
        compareAtRandomTimes(dir, h, new Random(seed + 2), "compacted");
    }

    private static void compareAtRandomTimes(Path dir, RandomHistory h, Random r, String what)
            throws Exception {
        String tableDir = new java.io.File(dir.toUri()).getPath();
        long current = h.snapshotIds.get(h.snapshotIds.size() - 1);
        for (int q = 0; q < 8; q++) {
            // mostly the current snapshot; now and then an older one (a bitemporal read)
            long id = q < 6 ? current : h.snapshotIds.get(1 + r.nextInt(h.snapshotIds.size() - 1));
            // q == 1 reads as of the last event time, so that at least one read must return rows
            // (a random time may fall before the first event).
            AsOf asOf =
                    q == 0
                            ? AsOf.current()
                            : AsOf.at(EventTimes.instant(q == 1 ? lastEventMicros(h) : h.randomAsOf(r)));
            long bound = asOf.isCurrent() ? SpecAsOfSql.CURRENT : asOf.micros();
            String context = what + ", seed " + seed + ", snapshot " + id + ", as of " + asOf;

            AzofTable table = AzofTable.open(dir, id);
            ScanPlan plan = table.plan(asOf);
            List<String> azofFiles = new ArrayList<>();
            for (ScanTask task : plan.tasks()) {
                for (DataFile f : task.files()) {
                    azofFiles.add(task.bucket() + " " + f.path());
                }
            }
            List<List<String>> duckPlan = duck.query(SpecAsOfSql.plan(tableDir, id, bound));
            List<String> duckFiles = new ArrayList<>();
            for (List<String> row : duckPlan) {
                duckFiles.add(row.get(0) + " " + row.get(1));
            }
            assertThat(duckFiles).as(context + ": files opened, in order").isEqualTo(azofFiles);

            List<List<String>> azofRows = new ArrayList<>();
            try (RowIterator it = AsOfReader.read(table, plan)) {
                while (it.hasNext()) {
                    azofRows.add(Rendering.row(it.next(), table.rowType()));
                }
            }
            String read = SpecAsOfSql.read(tableDir, duckPlan, bound, table.schema());
            List<List<String>> duckRows = read == null ? List.of() : duck.query(read);
            assertThat(sorted(duckRows)).as(context + ": rows").isEqualTo(sorted(azofRows));
            if (q == 1) {
                assertThat(azofRows).as(context + ": a read that returns rows").isNotEmpty();
            }
        }
    }

    private static long lastEventMicros(RandomHistory h) {
        return h.events.stream().mapToLong(e -> e.eventMicros).max().orElseThrow();
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(Object::toString));
        return out;
    }
}
