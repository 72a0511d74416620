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
package dev.azof.flink.sink;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;

import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code INSERT INTO} an azof table with {@code 'compaction.enabled' = 'true'}: the planner gives
 * the sink no uid, so the sink's post-commit compaction must not need one. In streaming mode (a
 * commit per checkpoint, compacted while the job runs) and in batch mode (one commit at end of
 * input, compacted as the job finishes), compaction snapshots are published and as-of reads equal
 * the oracle over the inserted rows (out of order, late, duplicated).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AzofSinkSqlCompactionITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    /** Override with -Dazof.test.seed=N to replay a failure. */
    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());

    private static final int KEYS = 300;
    private static final int LATE_PERCENT = 8;

    @TempDir java.nio.file.Path tmp;

    /**
     * A rate-limited INSERT running for about 6 s with a checkpoint every 200 ms. Flink's datagen
     * emits each second's rows in a burst, so about 6 commits add files; with compaction after
     * every commit, at most one in flight and a catch-up at end of input, 2 such commits make at
     * least 2 compactions (the default interval, 10, would make none), some while commits land.
     */
    @Test
    void streamingInsertWithCompactionEnabled() throws Exception {
        System.out.println("AzofSinkSqlCompactionITCase seed " + SEED + " (rerun with -Dazof.test.seed=" + SEED + ")");
        String path = tmp.resolve("streaming").toString();
        long count = 2_400;

        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        configure(t);
        t.getConfig().set("execution.checkpointing.interval", "200 ms");
        t.executeSql(sequence("seq", 0, count, 400));
        t.executeSql(target("target", path, "1"));
        t.executeSql(insert("target", "seq")).await();

        assertThat(commitsThatAddedFiles(path)).as("commits with files: the input made compactions due").isGreaterThanOrEqualTo(2);
        assertCompactedAndEqualToOracle(path, inserted(0, count), 2);
    }

    /** Two bounded INSERTs, each compacting its single commit as the job ends. */
    @Test
    void batchInsertsWithCompactionEnabled() throws Exception {
        String path = tmp.resolve("batch").toString();

        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        configure(t);
        t.executeSql(sequence("early", 0, 1_500, 0));
        t.executeSql(sequence("later", 1_500, 2_500, 0));
        t.executeSql(target("target", path, "1"));
        t.executeSql(insert("target", "early")).await();
        t.executeSql(insert("target", "later")).await();

        assertCompactedAndEqualToOracle(path, inserted(0, 2_500), 2);
    }

    // ------------------------------------------------------------------------------------------

    private static void configure(TableEnvironment t) {
        t.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        t.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 2);
        t.createTemporarySystemFunction("azof_event", new GeneratedEvent(SEED, KEYS, LATE_PERCENT));
    }

    /** Event indexes {@code [from, to)}, at most {@code perSecond} (0: unlimited). */
    private static String sequence(String name, long from, long to, int perSecond) {
        return "CREATE TEMPORARY TABLE " + name + " (i BIGINT) WITH ('connector' = 'datagen',"
                + " 'fields.i.kind' = 'sequence', 'fields.i.start' = '" + from + "',"
                + " 'fields.i.end' = '" + (to - 1) + "', 'number-of-rows' = '" + (to - from) + "'"
                + (perSecond > 0 ? ", 'rows-per-second' = '" + perSecond + "'" : "")
                + ")";
    }

    private static String target(String name, String path, String intervalCommits) {
        return "CREATE TABLE " + name + " (k STRING, v STRING, ts TIMESTAMP(3),"
                + " PRIMARY KEY (k) NOT ENFORCED)"
                + " WITH ('connector' = 'azof', 'path' = '" + path + "',"
                + " 'event-time.column' = 'ts', 'segment.granularity' = 'day', 'bucket' = '2',"
                + " 'compaction.enabled' = 'true',"
                + " 'compaction.interval-commits' = '" + intervalCommits + "',"
                + " 'compaction.max-deltas-per-segment' = '1')";
    }

    private static String insert(String target, String source) {
        return "INSERT INTO " + target + " SELECT e.k, e.v, e.ts FROM " + source
                + ", LATERAL TABLE(azof_event(i)) AS e(k, v, ts)";
    }

    /** The events {@code [from, to)} the table function emits: the changelog without deletes. */
    private static List<Event> inserted(long from, long to) {
        List<Event> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            RowData r = SinkTestSupport.event(SEED, i, KEYS, LATE_PERCENT);
            if (r.getRowKind() != RowKind.DELETE) {
                out.add(SinkTestSupport.toEvent(r, 1, i));
            }
        }
        return out;
    }

    private static int commitsThatAddedFiles(String path) throws IOException {
        SnapshotStore store = new SnapshotStore(new Path(path));
        int commits = 0;
        for (long id = 1; id <= store.currentId(); id++) {
            SnapshotSummary summary = SnapshotSummary.of(store.read(id));
            if (SnapshotSummary.APPEND.equals(summary.operation())
                    && !"0".equals(summary.get(SnapshotSummary.Key.ADDED_FILES))) {
                commits++;
            }
        }
        return commits;
    }

    private static void assertCompactedAndEqualToOracle(String path, List<Event> oracle, int minCompactions)
            throws IOException {
        Path dir = new Path(path);
        SnapshotStore store = new SnapshotStore(dir);
        long current = store.currentId();
        int compactions = 0;
        for (long id = 1; id <= current; id++) {
            if (SnapshotSummary.COMPACT.equals(SnapshotSummary.of(store.read(id)).operation())) {
                compactions++;
            }
        }
        System.out.println(path + ": " + current + " snapshots, " + compactions + " compactions");
        assertThat(compactions).as("compaction snapshots (seed %s)", SEED).isGreaterThanOrEqualTo(minCompactions);

        AzofTable table = AzofTable.open(dir);
        Random random = new Random(SEED);
        List<Instant> times = new ArrayList<>();
        times.add(null);
        for (int i = 0; i < 8; i++) {
            // From 5 days before the first event (late rows reach 5 days back) to after the last.
            times.add(SinkTestSupport.EPOCH.minus(Duration.ofDays(5)).plusSeconds(60L * random.nextInt(6 * 1440 + 2_500)));
        }
        for (Instant at : times) {
            List<List<Object>> actual = SinkTestSupport.read(table, at);
            SinkTestSupport.assertNoDuplicateKeys(actual);
            assertThat(actual)
                    .as("as of %s (seed %s)", at, SEED)
                    .isEqualTo(AsOfOracle.expected(oracle, SinkTestSupport.micros(at), Integer.MAX_VALUE, table.rowType()));
        }
        assertThat(TableValidator.validate(dir)).isEmpty();
    }

    /** Event {@code i} of {@link SinkTestSupport#event}, or nothing for a delete. */
    @FunctionHint(output = @DataTypeHint("ROW<k STRING, v STRING, ts TIMESTAMP(3)>"))
    public static final class GeneratedEvent extends TableFunction<Row> {
        private static final long serialVersionUID = 1L;
        private final long seed;
        private final int keys;
        private final int latePercent;

        GeneratedEvent(long seed, int keys, int latePercent) {
            this.seed = seed;
            this.keys = keys;
            this.latePercent = latePercent;
        }

        public void eval(Long i) {
            RowData r = SinkTestSupport.event(seed, i, keys, latePercent);
            if (r.getRowKind() != RowKind.DELETE) {
                collect(Row.of(r.getString(0).toString(), r.getString(1).toString(), r.getTimestamp(2, 3).toLocalDateTime()));
            }
        }
    }
}
