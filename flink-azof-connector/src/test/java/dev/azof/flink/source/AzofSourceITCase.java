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
package dev.azof.flink.source;

import dev.azof.core.plan.AsOf;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.testing.MiniClusters;
import dev.azof.testing.ReferenceTables;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads tables through {@link AzofSource} on a MiniCluster with parallelism 2. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AzofSourceITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(PARALLELISM);

    /** Subtasks that emitted rows in the last job (the MiniCluster runs in this JVM). */
    private static final Set<Integer> SUBTASKS = ConcurrentHashMap.newKeySet();

    @TempDir static File tmp;

    /** Override with -Dazof.test.seed=N to replay a failure. */
    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());

    private static HistoryTable history;

    @BeforeAll
    static void writeHistory() throws Exception {
        history = HistoryTable.write(new File(tmp, "history"), SEED, 2000, 4, 5, 1500);
    }

    /** Records the subtask that saw each row, to prove the splits were read in parallel. */
    private static final class SubtaskRecorder extends RichMapFunction<RowData, RowData> {
        @Override
        public RowData map(RowData row) {
            SUBTASKS.add(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
            return row;
        }
    }

    private static List<String> read(AzofSource source) throws Exception {
        SUBTASKS.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        DataStream<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "azof")
                        .map(new SubtaskRecorder())
                        .returns(source.getProducedType());
        List<RowData> out = new ArrayList<>();
        try (CloseableIterator<RowData> it = rows.executeAndCollect("azof read " + source)) {
            it.forEachRemaining(out::add);
        }
        return HistoryTable.render(out, source.producedRowType());
    }

    private static List<String> read(String table, AsOf asOf, String... columns) throws Exception {
        return read(AzofSource.builder().path(ReferenceTables.table(table)).asOf(asOf).select(columns).build());
    }

    // ---- (a) the original azof's reference tables (EXPECTED.md) ----

    @Test
    void table0() throws Exception {
        assertThat(read("table0", AsOf.current(), "key", "value"))
                .containsExactly("1|abc2", "2|xyz2", "3|www2");
        assertThat(read("table0", AsOf.parse("2024-02-17T00:00:00Z"), "key", "value"))
                .containsExactly("1|abc2", "2|xyz");
    }

    @Test
    void table1() throws Exception {
        assertThat(read("table1", AsOf.current(), "key", "value")).containsExactly("1|abc4", "2|xyz3");
        assertThat(read("table1", AsOf.parse("2024-06-01T00:00:00Z"), "key", "value"))
                .containsExactly("1|abc3", "2|xyz2");
        assertThat(read("table1", AsOf.parse("2024-02-01T00:00:00Z"), "key", "value"))
                .containsExactly("1|abc2");
    }

    @Test
    void table2() throws Exception {
        assertThat(read(AzofSource.builder().path(ReferenceTables.table("table2")).build()))
                .containsExactly(
                        "1|2024-02-01T00:00:00Z|abc2|100|true|2024-01-01T00:00:00Z",
                        "2|2024-02-20T00:00:00Z|xyz2|222|false|2024-01-01T00:00:00Z",
                        "3|2024-03-10T00:00:00Z|www2|300|false|2024-03-01T00:00:00Z");
        assertThat(read("table2", AsOf.parse("2024-02-17T00:00:00Z"), "key", "value1", "value2", "is_active", "created"))
                .containsExactly(
                        "1|abc2|100|true|2024-01-01T00:00:00Z", "2|xyz|200|false|2024-01-01T00:00:00Z");
    }

    @Test
    void table2Projections() throws Exception {
        assertThat(read("table2", AsOf.current(), "value1")).containsExactly("abc2", "www2", "xyz2");
        assertThat(read("table2", AsOf.current(), "key")).containsExactly("1", "2", "3");
        assertThat(read("table2", AsOf.current(), "event_time"))
                .containsExactly("2024-02-01T00:00:00Z", "2024-02-20T00:00:00Z", "2024-03-10T00:00:00Z");
    }

    // ---- (b) a bucketed table of this project against a brute-force oracle ----

    @Test
    void bucketedTableMatchesOracle() throws Exception {
        Random rnd = new Random(SEED);
        int[] all = {0, 1, 2, 3};
        List<AsOf> times = new ArrayList<>();
        times.add(AsOf.current());
        for (int i = 0; i < 5; i++) {
            times.add(HistoryTable.randomAsOf(rnd));
        }
        for (AsOf asOf : times) {
            AzofSource source = AzofSource.builder().path(history.dir).asOf(asOf).build();
            List<String> expected = history.expected(asOf, all);
            assertThat(read(source))
                    .as("as of %s, seed %s (rerun with -Dazof.test.seed=%s)", asOf, SEED, SEED)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void bucketedTableIsReadAsFourParallelSplits() throws Exception {
        AzofSource source = AzofSource.builder().path(history.dir).build();
        Set<Integer> buckets = new TreeSet<>();
        for (AzofSourceSplit s : source.splits()) {
            buckets.add(s.task().bucket());
        }
        assertThat(buckets).as("seed %s", SEED).containsExactly(0, 1, 2, 3);
        List<String> rows = read(source);
        assertThat(rows).as("seed %s", SEED).hasSizeGreaterThan(1000);
        assertThat(SUBTASKS).as("subtasks that emitted rows, seed %s", SEED).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void projectedAsOfReadMatchesOracle() throws Exception {
        AsOf asOf = HistoryTable.randomAsOf(new Random(SEED + 1));
        int[] projection = {3, 0};
        AzofSource source =
                AzofSource.builder().path(history.dir).asOf(asOf).projectedFields(projection).build();
        assertThat(source.producedRowType().getFieldNames()).containsExactly("ts", "id");
        assertThat(read(source))
                .as("as of %s, projection %s, seed %s", asOf, Arrays.toString(projection), SEED)
                .containsExactlyElementsOf(history.expected(asOf, projection));
    }

    // ---- (c) limit and bucket pruning ----

    @Test
    void limitStopsEverySplitAfterNRows() throws Exception {
        List<String> full = history.expected(AsOf.current(), new int[] {0, 1, 2, 3});
        List<String> limited = read(AzofSource.builder().path(history.dir).limit(5).build());
        assertThat(limited).as("seed %s", SEED).hasSize(4 * 5);
        assertThat(full).as("seed %s", SEED).containsAll(limited);
        assertThat(read(AzofSource.builder().path(history.dir).limit(0).build())).isEmpty();
        // azof 0.2 tables are one split.
        assertThat(read(AzofSource.builder().path(ReferenceTables.table("table2")).select("key").limit(2).build()))
                .hasSize(2);
    }

    @Test
    void bucketPruningReadsOnlyTheKeptBuckets() throws Exception {
        List<String> full = read(AzofSource.builder().path(history.dir).build());
        AzofSource evenSource = AzofSource.builder().path(history.dir).buckets(Set.of(0, 2)).build();
        assertThat(evenSource.splits()).hasSize(2);
        List<String> even = read(evenSource);
        List<String> odd = read(AzofSource.builder().path(history.dir).buckets(Set.of(1, 3)).build());
        assertThat(even).isNotEmpty();
        assertThat(odd).isNotEmpty();
        Set<String> overlap = new HashSet<>(even);
        overlap.retainAll(odd);
        assertThat(overlap).as("seed %s", SEED).isEmpty();
        List<String> union = new ArrayList<>(even);
        union.addAll(odd);
        assertThat(union).as("seed %s", SEED).containsExactlyInAnyOrderElementsOf(full);
        // Legacy tasks have no bucket and are never pruned.
        assertThat(read(AzofSource.builder().path(ReferenceTables.table("table0")).select("key").buckets(Set.of(5)).build()))
                .containsExactly("1", "2", "3");
    }

    // ---- recovery: a restored split skips the rows it emitted before the checkpoint ----

    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicInteger SEEN = new AtomicInteger();
    private static final AtomicInteger SEEN_AT_FAILURE = new AtomicInteger();
    /** Rows this subtask had passed on when each checkpoint was taken, by "checkpoint/subtask". */
    private static final Map<String, Integer> SEEN_AT_SNAPSHOT = new ConcurrentHashMap<>();

    /**
     * Slows the read down so checkpoints complete mid-split, then fails once, after a checkpoint
     * completed that recorded rows of this subtask as emitted.
     */
    private static final class FailOnceAfterCheckpoint extends RichMapFunction<RowData, RowData>
            implements CheckpointListener, CheckpointedFunction {
        private int seenHere;

        @Override
        public RowData map(RowData row) throws Exception {
            Thread.sleep(1);
            seenHere++;
            int seen = SEEN.incrementAndGet();
            if (CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
                SEEN_AT_FAILURE.set(seen);
                throw new RuntimeException("expected test failure after a checkpoint");
            }
            return row;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            SEEN_AT_SNAPSHOT.put(context.getCheckpointId() + "/" + subtask(), seenHere);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (SEEN_AT_SNAPSHOT.getOrDefault(checkpointId + "/" + subtask(), 0) >= 50) {
                CHECKPOINTED.set(true);
            }
        }

        private int subtask() {
            return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }
    }

    @Test
    void restoresFromCheckpointWithoutLossOrDuplicates() throws Exception {
        CHECKPOINTED.set(false);
        FAILED.set(false);
        SEEN.set(0);
        SEEN_AT_SNAPSHOT.clear();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(50);
        // A time with enough rows that every subtask passes 50 on before its split ends: an as-of
        // early in the history reads a few keys, and the job would end before it could fail.
        Random random = new Random(SEED + 2);
        AsOf asOf = HistoryTable.randomAsOf(random);
        while (history.expected(asOf, new int[] {0, 1, 2, 3}).size() < 200 * PARALLELISM) {
            asOf = HistoryTable.randomAsOf(random);
        }
        AzofSource source = AzofSource.builder().path(history.dir).asOf(asOf).build();
        DataStream<RowData> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "azof")
                        .map(new FailOnceAfterCheckpoint())
                        .returns(source.getProducedType());
        List<RowData> out = new ArrayList<>();
        try (CloseableIterator<RowData> it = rows.executeAndCollect("azof failover")) {
            it.forEachRemaining(out::add);
        }
        List<String> expected = history.expected(asOf, new int[] {0, 1, 2, 3});
        assertThat(FAILED).as("the job failed once, seed %s", SEED).isTrue();
        // Restarting from scratch would re-read every row; a restore from the checkpoint skips
        // the rows the splits had emitted.
        assertThat(SEEN.get())
                .as("rows seen in both attempts, seed %s", SEED)
                .isLessThan(SEEN_AT_FAILURE.get() + expected.size());
        assertThat(HistoryTable.render(out, source.producedRowType()))
                .as("as of %s after a failover, seed %s", asOf, SEED)
                .containsExactlyElementsOf(expected);
    }
}
