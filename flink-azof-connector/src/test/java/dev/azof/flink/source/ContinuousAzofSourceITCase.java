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

import static org.assertj.core.api.Assertions.assertThat;

import dev.azof.core.plan.EventTimes;
import dev.azof.flink.sink.AzofSink;
import dev.azof.flink.sink.DeleteTime;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;
import dev.azof.testing.StreamingWriter;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.Path;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A streaming read follows a table while the test thread commits randomized, out-of-order and
 * late batches (with tombstones) and compactions through the format core: the emitted changelog
 * holds every committed fact exactly once, with its commit, event time (also as the record's
 * timestamp) and late flag, across a failure of the reading job and a stop-with-savepoint and
 * restore into a new job; maintenance commits emit nothing; applied per key, it answers every
 * as-of read as the oracle does.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContinuousAzofSourceITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(PARALLELISM);

    /** Rows made exactly once: published when their checkpoint completed, by "subtask/checkpoint". */
    static final Map<String, List<String>> COMMITTED = new ConcurrentHashMap<>();

    static final AtomicBoolean FAIL_ARMED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger BAD_TIMESTAMPS = new AtomicInteger();
    /** On-time rows that arrived behind the watermark the source had emitted. */
    static final AtomicInteger BEHIND_WATERMARK = new AtomicInteger();
    static final AtomicLong MAX_WATERMARK = new AtomicLong(Long.MIN_VALUE);

    @TempDir java.nio.file.Path tmp;

    @Test
    void followsCommitsExactlyOnceAcrossFailoverAndSavepointRestore() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        String context = "seed " + seed + " (-Dazof.seed=" + seed + ")";
        System.out.println("ContinuousAzofSourceITCase: " + context);
        Random rnd = new Random(seed);
        COMMITTED.clear();
        FAILED.set(false);
        FAIL_ARMED.set(false);
        BAD_TIMESTAMPS.set(0);
        BEHIND_WATERMARK.set(0);
        MAX_WATERMARK.set(Long.MIN_VALUE);

        Path dir = new Path(tmp.resolve("t").toUri());
        StreamingWriter writer = new StreamingWriter(dir, rnd, 1 + rnd.nextInt(4), 30, null, false);
        // History before the job starts: the full startup mode emits it first.
        for (int i = 0; i < 3; i++) {
            writer.commit();
        }

        // 1. A job follows the table; it fails once after a checkpoint that recorded rows.
        FAIL_ARMED.set(true);
        JobClient first = start(dir, null, true);
        // Commits go on until the job failed (it needs rows after a completed checkpoint).
        for (int i = 0; i < 6 || (!FAILED.get() && i < 60); i++) {
            writer.commit();
            if (i % 3 == 2) {
                writer.compact();
            }
            Thread.sleep(60 + rnd.nextInt(100));
        }
        waitFor(() -> committedRows() >= writer.facts.size(), "first job caught up, " + context);
        assertThat(FAILED.get()).as("the first job failed once, " + context).isTrue();

        // 2. Stop with a savepoint; commits land while no job runs.
        String savepoint =
                first.stopWithSavepoint(false, tmp.resolve("sp").toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            writer.commit();
        }
        writer.compact();

        // 3. A new job restored from the savepoint goes on where the first stopped.
        JobClient second = start(dir, savepoint, false);
        for (int i = 0; i < 3; i++) {
            writer.commit();
            Thread.sleep(50);
        }
        waitFor(() -> committedRows() >= writer.facts.size(), "second job caught up, " + context);
        Thread.sleep(500); // duplicates would show up now
        second.cancel().get(30, TimeUnit.SECONDS);

        List<String> emitted = new ArrayList<>();
        COMMITTED.values().forEach(emitted::addAll);
        List<String> expected = new ArrayList<>(writer.facts);
        emitted.sort(null);
        expected.sort(null);
        assertThat(writer.maintenance).as(context).isNotEmpty();
        assertThat(emitted).as("every committed fact exactly once, " + context).isEqualTo(expected);
        assertThat(BAD_TIMESTAMPS.get()).as("record timestamps are event times, " + context).isZero();
        // The table's watermark reaches the job, behind every on-time row of the commits it covers.
        assertThat(BEHIND_WATERMARK.get()).as("on-time rows behind the watermark, " + context).isZero();
        assertThat(MAX_WATERMARK.get())
                .as("the table's watermark advanced, " + context)
                .isGreaterThan(StreamingWriter.T0.toEpochMilli())
                .isLessThanOrEqualTo(writer.watermark().toEpochMilli());

        // Applied per key in emission order, the changelog answers as the oracle does.
        List<Event> applied = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(COMMITTED).entrySet()) {
            for (String fact : e.getValue()) {
                applied.add(StreamingWriter.toEvent(fact, applied.size()));
            }
        }
        List<Event> truth = new ArrayList<>();
        for (String fact : writer.facts) {
            truth.add(StreamingWriter.toEvent(fact, truth.size()));
        }
        RowType rowType = StreamingWriter.SCHEMA.rowType();
        for (int i = 0; i < 30; i++) {
            long t = EventTimes.micros(StreamingWriter.T0) + (long) (rnd.nextDouble() * 20 * StreamingWriter.STEP.toMillis() * 1000);
            assertThat(AsOfOracle.expected(applied, t, Integer.MAX_VALUE, rowType))
                    .as(context + ", as of " + EventTimes.instant(t))
                    .isEqualTo(AsOfOracle.expected(truth, t, Integer.MAX_VALUE, rowType));
        }
    }

    /**
     * Azof to Azof: a streaming job reads table A continuously and writes every change into table
     * B through the sink, while commits with late data and compactions land in A. B then answers
     * every as-of read as the oracle of A's facts does: the changelog carries the event times,
     * tombstones and the table's watermark faithfully.
     */
    @Test
    void azofToAzofAnswersAsTheOracleAfterLateData() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        String context = "seed " + seed + " (-Dazof.seed=" + seed + ")";
        System.out.println("ContinuousAzofSourceITCase (Azof to Azof): " + context);
        Random rnd = new Random(seed);
        Path a = new Path(tmp.resolve("a").toUri());
        Path b = new Path(tmp.resolve("b").toUri());
        StreamingWriter writer = new StreamingWriter(a, rnd, 1 + rnd.nextInt(4), 25, null, false);
        for (int i = 0; i < 3; i++) {
            writer.commit();
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(200);
        PIPE_FAILED.set(false);
        PIPE_CHECKPOINTED.set(false);
        org.apache.flink.streaming.api.datastream.DataStream<RowData> changes = env.fromSource(
                        AzofSource.builder().path(a.toString()).continuous().discoveryInterval(Duration.ofMillis(100)).build(),
                        AzofSource.tableWatermarks(),
                        "azof a");
        changes
                // Fails the job once, on a row after a completed checkpoint: B's commits of that
                // checkpoint stay, the rows after it are read again from A.
                .map(new FailOnceAfterCheckpoint())
                .returns(changes.getType())
                .sinkTo(AzofSink.forRowData(StreamingWriter.SCHEMA).path(b.toString()).buckets(1 + rnd.nextInt(3))
                        // the source emits tombstones at their own event time: delete events
                        .deleteTime(DeleteTime.ROW).build());
        JobClient job = env.executeAsync("a to b");
        try {
            // Commits go on until the job failed (it needs rows after a completed checkpoint).
            for (int i = 0; i < 6 || (!PIPE_FAILED.get() && i < 60); i++) {
                writer.commit();
                if (i == 2) {
                    writer.compact();
                }
                Thread.sleep(50 + rnd.nextInt(100));
            }
            assertThat(PIPE_FAILED.get()).as("the job failed once, " + context).isTrue();
            List<Event> truth = new ArrayList<>();
            for (String fact : writer.facts) {
                truth.add(StreamingWriter.toEvent(fact, truth.size()));
            }
            RowType rowType = StreamingWriter.SCHEMA.rowType();
            long[] times = new long[25];
            for (int i = 0; i < times.length; i++) {
                times[i] = i == 0 ? Long.MAX_VALUE : EventTimes.micros(StreamingWriter.T0) + (long) (rnd.nextDouble() * 12 * StreamingWriter.STEP.toMillis() * 1000);
            }
            long deadline = System.currentTimeMillis() + 60_000;
            List<String> mismatches;
            do {
                Thread.sleep(200);
                mismatches = new ArrayList<>();
                // The current state first (one read): the other times only once it matches.
                long now = times[0];
                if (!AsOfOracle.expected(truth, now, Integer.MAX_VALUE, rowType).equals(readAsOf(b, now, rowType))) {
                    mismatches.add("current state differs");
                    continue;
                }
                for (long t : times) {
                    List<List<Object>> expected = AsOfOracle.expected(truth, t, Integer.MAX_VALUE, rowType);
                    List<List<Object>> actual = readAsOf(b, t, rowType);
                    if (!expected.equals(actual)) {
                        mismatches.add("as of " + EventTimes.instant(Math.min(t, Long.MAX_VALUE / 2)) + ": expected " + expected + " but B holds " + actual);
                    }
                }
            } while (!mismatches.isEmpty() && System.currentTimeMillis() < deadline);
            assertThat(mismatches).as(context).isEmpty();
            // Nothing duplicated: an as-of read cannot see a second copy of a fact, so B's files
            // (deltas only: B is never compacted) hold exactly as many rows as A's facts.
            long bRows = 0;
            for (dev.azof.core.metadata.DataFile f : new dev.azof.core.commit.SnapshotStore(b).current().allFiles()) {
                assertThat(f.isBase()).as("B is not compacted, " + context).isFalse();
                bRows += f.rows();
            }
            assertThat(bRows).as("facts in B = facts in A, " + context).isEqualTo(writer.facts.size());
            assertThat(dev.azof.core.commit.TableCommitter.recordedWatermark(new dev.azof.core.commit.SnapshotStore(b), new dev.azof.core.commit.SnapshotStore(b).current()))
                    .as("B records A's watermark, " + context)
                    .isNotNull()
                    .isBeforeOrEqualTo(writer.watermark());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    static final AtomicBoolean PIPE_FAILED = new AtomicBoolean();
    static final AtomicBoolean PIPE_CHECKPOINTED = new AtomicBoolean();

    /** Passes rows on; throws once, on a row after a checkpoint that followed rows completed. */
    static final class FailOnceAfterCheckpoint
            implements org.apache.flink.api.common.functions.MapFunction<RowData, RowData>, CheckpointListener {
        private boolean sawRows;

        @Override
        public RowData map(RowData row) {
            if (PIPE_CHECKPOINTED.get() && PIPE_FAILED.compareAndSet(false, true)) {
                throw new RuntimeException("expected test failure in the Azof-to-Azof job");
            }
            sawRows = true;
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (sawRows) {
                PIPE_CHECKPOINTED.set(true);
            }
        }
    }

    /** Table B as of {@code t} (Long.MAX_VALUE: current), or nothing while B does not exist. */
    private static List<List<Object>> readAsOf(Path dir, long t, RowType rowType) throws Exception {
        if (!new dev.azof.core.commit.SnapshotStore(dir).exists()) {
            return List.of();
        }
        dev.azof.core.table.AzofTable table = dev.azof.core.table.AzofTable.open(dir);
        dev.azof.core.plan.AsOf asOf =
                t == Long.MAX_VALUE ? dev.azof.core.plan.AsOf.current() : dev.azof.core.plan.AsOf.at(EventTimes.instant(t));
        List<RowData> rows = new ArrayList<>();
        try (dev.azof.core.read.RowIterator it = dev.azof.core.read.AsOfReader.read(table, table.plan(asOf))) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return AsOfOracle.actual(rows, rowType);
    }

    private JobClient start(Path dir, String savepoint, boolean failOnce) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, tmp.resolve("cp").toUri().toString());
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(100);
        AzofSource source =
                AzofSource.builder()
                        .path(dir.toString())
                        .continuous()
                        .discoveryInterval(Duration.ofMillis(100))
                        .metadata(List.of(AzofMetadata.SNAPSHOT_ID, AzofMetadata.LATE))
                        .build();
        env.fromSource(source, AzofSource.tableWatermarks(), "azof changes")
                .uid("azof-source")
                .process(new ExactlyOnceCollector(failOnce))
                .uid("collector")
                .returns(Types.STRING)
                .sinkTo(new DiscardingSink<>());
        return env.executeAsync(savepoint == null ? "follow" : "follow, restored");
    }

    private static int committedRows() {
        return COMMITTED.values().stream().mapToInt(List::size).sum();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting: " + what + " (rows so far " + committedRows() + ")");
            }
            Thread.sleep(20);
        }
    }


    /**
     * Publishes rows once their checkpoint completed (and again, idempotently, when restored), so
     * the published rows are exactly what the job emitted exactly once. Fails once when armed.
     */
    static final class ExactlyOnceCollector extends ProcessFunction<RowData, String>
            implements CheckpointedFunction, CheckpointListener {
        private final boolean failOnce;
        private transient List<String> buffer;
        private transient TreeMap<Long, List<String>> pending;
        private transient ListState<String> state;
        private transient int sinceStart;

        ExactlyOnceCollector(boolean failOnce) {
            this.failOnce = failOnce;
        }

        @Override
        public void processElement(RowData row, Context ctx, Collector<String> out) throws Exception {
            long millis = row.getTimestamp(1, 3).getMillisecond();
            if (ctx.timestamp() == null || ctx.timestamp() != millis) {
                BAD_TIMESTAMPS.incrementAndGet();
            }
            long watermark = ctx.timerService().currentWatermark();
            MAX_WATERMARK.accumulateAndGet(watermark, Math::max);
            boolean late = !row.isNullAt(4) && row.getBoolean(4);
            if (!late && millis <= watermark) {
                BEHIND_WATERMARK.incrementAndGet();
            }
            boolean deleted = row.getRowKind() == RowKind.DELETE;
            if (!deleted && row.getRowKind() != RowKind.INSERT) {
                BAD_TIMESTAMPS.incrementAndGet();
            }
            buffer.add(
                    StreamingWriter.fact(
                            row.getLong(3),
                            row.getLong(0),
                            millis,
                            deleted,
                            row.isNullAt(4) ? null : row.getBoolean(4),
                            row.isNullAt(2) ? null : row.getString(2).toString()));
            sinceStart++;
            if (failOnce && FAIL_ARMED.get() && sinceStart > 3 && committedRows() > 0 && FAILED.compareAndSet(false, true)) {
                throw new RuntimeException("expected test failure in the reading job");
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            pending.put(context.getCheckpointId(), buffer);
            buffer = new ArrayList<>();
            List<String> encoded = new ArrayList<>();
            for (Map.Entry<Long, List<String>> e : pending.entrySet()) {
                String k = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "/" + e.getKey();
                for (String r : e.getValue()) {
                    encoded.add(k + "#" + r);
                }
                if (e.getValue().isEmpty()) {
                    encoded.add(k + "#");
                }
            }
            state.update(encoded);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            while (!pending.isEmpty() && pending.firstKey() <= checkpointId) {
                Map.Entry<Long, List<String>> e = pending.pollFirstEntry();
                COMMITTED.putIfAbsent(String.format("%03d/%06d", subtask, e.getKey()), e.getValue());
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            buffer = new ArrayList<>();
            pending = new TreeMap<>();
            state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("pending", String.class));
            // Restored entries belong to checkpoints at or before the one restored: all complete.
            Map<String, List<String>> restored = new TreeMap<>();
            for (String encoded : state.get()) {
                int hash = encoded.indexOf('#');
                String[] k = encoded.substring(0, hash).split("/");
                String key = String.format("%03d/%06d", Integer.parseInt(k[0]), Long.parseLong(k[1]));
                List<String> rows = restored.computeIfAbsent(key, x -> new ArrayList<>());
                if (hash + 1 < encoded.length()) {
                    rows.add(encoded.substring(hash + 1));
                }
            }
            restored.forEach(COMMITTED::putIfAbsent);
            state.clear();
        }
    }
}
