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
import dev.azof.core.commit.TableCommits;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableWriter;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Exactly-once ingest through {@link AzofSink} on a MiniCluster with parallelism 2. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AzofSinkITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(PARALLELISM);

    /** Override with -Dazof.test.seed=N to replay a failure. */
    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());

    // Failure injection: the MiniCluster runs in this JVM, so statics reach the tasks.
    private static final AtomicInteger COMPLETED_CHECKPOINTS = new AtomicInteger();
    private static final AtomicBoolean FAILED_IN_MAP = new AtomicBoolean();
    private static final AtomicBoolean FAILED_IN_CHECKPOINT = new AtomicBoolean();
    private static final AtomicBoolean FAILED_IN_COMMITTER = new AtomicBoolean();
    private static final AtomicInteger POINTER_MOVES = new AtomicInteger();

    @TempDir java.nio.file.Path tmp;

    @AfterEach
    void removeHook() {
        TableCommitter.setTestHook(null);
    }

    private static StreamExecutionEnvironment env(int restarts) {
        Configuration conf = new Configuration();
        if (restarts > 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
            conf.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofMillis(100));
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        return env;
    }

    /** Throws once at a random record after the first completed checkpoint, and once in a checkpoint. */
    private static final class FailingMapper extends RichMapFunction<RowData, RowData>
            implements CheckpointListener, CheckpointedFunction {
        private final int failAt;
        private int seen;

        FailingMapper(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public RowData map(RowData row) {
            seen++;
            if (COMPLETED_CHECKPOINTS.get() > 0
                    && seen >= failAt
                    && FAILED_IN_MAP.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at record " + seen);
            }
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (COMPLETED_CHECKPOINTS.get() >= 6 && FAILED_IN_CHECKPOINT.compareAndSet(false, true)) {
                throw new IllegalStateException(
                        "injected failure during checkpoint " + context.getCheckpointId());
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }

    /**
     * (a) + (d): a seeded changelog with thousands of keys, out-of-order and late events, deletes
     * and duplicates, with failures in a task, during a checkpoint and between publishing a
     * snapshot and moving the pointer. Readers during the ingest see only committed states; the
     * final table equals the oracle at many times.
     */
    @ParameterizedTest
    @EnumSource(DistributionMode.class)
    void exactlyOnceUnderFailuresEqualsOracle(DistributionMode distribution) throws Exception {
        Random random = new Random(SEED);
        System.out.println("AzofSinkITCase seed " + SEED);
        long count = 8_000;
        int keys = 2_000;
        Path dir = new Path(tmp.resolve("events").toString());
        COMPLETED_CHECKPOINTS.set(0);
        FAILED_IN_MAP.set(false);
        FAILED_IN_CHECKPOINT.set(false);
        FAILED_IN_COMMITTER.set(false);
        POINTER_MOVES.set(0);
        TableCommitter.setTestHook(
                (table, id) -> {
                    if (POINTER_MOVES.incrementAndGet() == 4
                            && FAILED_IN_COMMITTER.compareAndSet(false, true)) {
                        throw new IllegalStateException(
                                "injected crash after publishing snapshot " + id);
                    }
                });

        warmUpReader(tmp.resolve("warm-up"));
        StreamExecutionEnvironment env = env(10);
        env.enableCheckpointing(200);
        env.fromSource(SinkTestSupport.generator(SEED, 0, count, keys, 5, 1_500), SinkTestSupport.watermarks(), "changelog")
                .map(new FailingMapper(1 + random.nextInt(1_500)))
                .returns(InternalTypeInfo.of(SinkTestSupport.rowType()))
                .sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW)
                                .path(dir.toString())
                                .segmentGranularity("day")
                                .buckets(2)
                                .bufferRows(1_500)
                                .distributionMode(distribution)
                                .build());
        JobClient job = env.executeAsync("azof sink exactly-once, distribution " + distribution);

        // (d) Read while commits happen: every read equals the oracle of the snapshot it resolved.
        SnapshotStore store = new SnapshotStore(dir);
        Map<String, Integer> generated = new HashMap<>();
        for (Event e : SinkTestSupport.events(SEED, 0, count, keys, 5, 1)) {
            generated.merge(SinkTestSupport.fingerprint(e), 1, Integer::sum);
        }
        CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();
        Set<Long> snapshotsRead = new HashSet<>();
        while (!done.isDone()) {
            if (!store.exists() || store.currentId() < 2) {
                Thread.sleep(20);
                continue;
            }
            AzofTable table = AzofTable.open(dir);
            Instant t = SinkTestSupport.EPOCH.plusSeconds(60L * random.nextInt((int) count));
            List<List<Object>> actual = SinkTestSupport.read(table, t);
            List<Event> raw = SinkTestSupport.rawEvents(dir, table.snapshot());
            assertThat(actual)
                    .as("snapshot %s as of %s", table.snapshot().id(), t)
                    .isEqualTo(AsOfOracle.expected(raw, SinkTestSupport.micros(t), Integer.MAX_VALUE, table.rowType()));
            // Every committed row is a generated event, unchanged, committed at most as often as
            // it was generated.
            Map<String, Integer> committed = SinkTestSupport.fingerprints(raw);
            for (Map.Entry<String, Integer> c : committed.entrySet()) {
                assertThat(c.getValue())
                        .as("committed copies of %s", c.getKey())
                        .isLessThanOrEqualTo(generated.getOrDefault(c.getKey(), 0));
            }
            snapshotsRead.add(table.snapshot().id());
        }
        done.get();
        System.out.println("job done at " + Instant.now() + ", snapshots: " + store.currentId());
        assertThat(FAILED_IN_MAP).isTrue();
        assertThat(FAILED_IN_CHECKPOINT).isTrue();
        assertThat(FAILED_IN_COMMITTER).isTrue();
        assertThat(snapshotsRead).as("reads during the ingest").hasSizeGreaterThan(1);

        List<Event> all = SinkTestSupport.events(SEED, 0, count, keys, 5, 1);
        // Exactly once: the committed rows are the generated ones, none lost, none repeated.
        assertThat(SinkTestSupport.fingerprints(SinkTestSupport.rawEvents(dir, store.current()))).isEqualTo(generated);
        assertMatchesOracle(dir, all, random, 8);
        assertThat(TableValidator.validate(dir)).isEmpty();

        // One writer id for the whole job, strictly increasing checkpoint ids, a final watermark.
        Set<String> writers = new HashSet<>();
        long lastCheckpoint = -1;
        for (long id = 2; id <= store.currentId(); id++) {
            Snapshot s = store.read(id);
            writers.add(s.summary().get(SnapshotSummary.Key.WRITER_ID.key()));
            long cp = Long.parseLong(s.summary().get(SnapshotSummary.Key.CHECKPOINT_ID.key()));
            assertThat(cp).isGreaterThan(lastCheckpoint);
            lastCheckpoint = cp;
        }
        assertThat(writers).hasSize(1);
        // End of input records the greatest event time written, not the end of time.
        long maxMicros = all.stream().mapToLong(e -> e.eventMicros).max().getAsLong();
        assertThat(TableCommitter.recordedWatermark(store, store.current()))
                .isEqualTo(Instant.ofEpochMilli(Math.floorDiv(maxMicros, 1000)));
        assertWritersPerBucket(store.current(), distribution);

        // Late data after bases: build bases of a middle day (as compaction would), then ingest
        // late events into earlier days; reads at every later time must see them.
        Snapshot current = store.current();
        Instant middle = SinkTestSupport.EPOCH.plus(Duration.ofDays(9));
        List<PendingFile> bases = new TableWriter(dir, current).buildBases(current, middle);
        TableCommits.commitFiles(store, current, bases, Map.of("operation", "compact"));
        long more = 1_500;
        List<Event> late = SinkTestSupport.events(SEED + 1, count, count + more, keys, 60, 2);
        StreamExecutionEnvironment env2 = env(0);
        env2.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env2.fromSource(SinkTestSupport.generator(SEED + 1, count, more, keys, 60, 1e9), SinkTestSupport.watermarks(), "late")
                .sinkTo(AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW).path(dir.toString()).build());
        env2.execute("azof sink late batch");
        List<Event> both = new ArrayList<>(all);
        both.addAll(late);
        assertMatchesOracle(dir, both, random, 6);
        assertThat(TableValidator.validate(dir)).isEmpty();
    }

    /** (c) A second job writing the same table is detected and fails with a clear error. */
    @Test
    void secondConcurrentWriterFails() throws Exception {
        Path dir = new Path(tmp.resolve("contended").toString());
        // One slot each: the MiniCluster has two, and both jobs run at once.
        StreamExecutionEnvironment envA = env(0);
        envA.setParallelism(1);
        envA.enableCheckpointing(200);
        envA.fromSource(SinkTestSupport.generator(SEED, 0, 1_000_000, 100, 0, 300), SinkTestSupport.watermarks(), "slow")
                .sinkTo(AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW).path(dir.toString()).build());
        JobClient a = envA.executeAsync("azof writer A");
        try {
            SnapshotStore store = new SnapshotStore(dir);
            while (!store.exists() || store.currentId() < 3) {
                assertThat(a.getJobExecutionResult()).isNotDone();
                Thread.sleep(50);
            }
            StreamExecutionEnvironment envB = env(0);
            envB.setParallelism(1);
            envB.setRuntimeMode(RuntimeExecutionMode.BATCH);
            envB.fromSource(SinkTestSupport.generator(SEED + 7, 0, 100, 100, 0, 1e9), SinkTestSupport.watermarks(), "other")
                    .sinkTo(AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW).path(dir.toString()).build());
            Throwable failure;
            try {
                envB.execute("azof writer B");
                // B took over the table; A's next commit must notice B's snapshot.
                failure = catchFailure(a.getJobExecutionResult());
            } catch (Exception e) {
                // A committed between B's look at the table and B's publish: B notices instead.
                failure = e;
            }
            assertThat(org.apache.flink.util.ExceptionUtils.findThrowableWithMessage(failure, "a table has a single writer"))
                    .as("failure %s", failure)
                    .isPresent();
            assertThat(TableValidator.validate(dir)).isEmpty();
        } finally {
            if (!a.getJobExecutionResult().isDone()) {
                a.cancel().get();
            }
        }
    }

    private static Throwable catchFailure(CompletableFuture<JobExecutionResult> result) throws Exception {
        try {
            result.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e;
        }
        throw new AssertionError("the first writer did not fail");
    }

    /**
     * BUCKET: each bucket has one writer subtask. NONE: rows stay on the subtask of their source
     * split, which holds keys of every bucket, so some bucket is written by both subtasks.
     */
    private static void assertWritersPerBucket(Snapshot snapshot, DistributionMode distribution) {
        Map<Integer, Set<String>> writers = new HashMap<>();
        for (DataFile f : snapshot.allFiles()) {
            Matcher m = WRITER_SUBTASK.matcher(f.path());
            assertThat(m.find()).as("sink file name %s", f.path()).isTrue();
            writers.computeIfAbsent(f.bucket(), b -> new HashSet<>()).add(m.group(1));
        }
        assertThat(writers).as("buckets written").hasSize(2);
        if (distribution == DistributionMode.BUCKET) {
            assertThat(writers.values()).as("writer subtasks per bucket").allSatisfy(w -> assertThat(w).hasSize(1));
        } else {
            assertThat(writers.values()).as("writer subtasks per bucket").anySatisfy(w -> assertThat(w).hasSize(2));
        }
    }

    /** The sink's file names end in {@code -<subtask>-<counter>.parquet}. */
    private static final Pattern WRITER_SUBTASK = Pattern.compile("-(\\d{3})-\\d{9}\\.parquet$");

    /** Loads the read path's classes (Parquet, Hadoop) so reads during the ingest are quick. */
    private static void warmUpReader(java.nio.file.Path where) throws Exception {
        Path dir = new Path(where.toString());
        Snapshot s = TableCommits.createTable(dir, SinkTestSupport.schema(), 1, Map.of());
        List<RowData> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RowData e = SinkTestSupport.event(1, i, 5, 0);
            rows.add(
                    org.apache.flink.table.data.GenericRowData.of(
                            e.getString(0), e.getString(1), e.getTimestamp(2, 3), false));
        }
        s = TableCommits.commitFiles(new SnapshotStore(dir), s, new TableWriter(dir, s).writeDeltas(rows), Map.of());
        SinkTestSupport.read(AzofTable.open(dir), null);
        SinkTestSupport.rawEvents(dir, s);
    }

    private static void assertMatchesOracle(Path dir, List<Event> events, Random random, int times)
            throws Exception {
        AzofTable table = AzofTable.open(dir);
        System.out.println(dir + ": " + table.snapshot().allFiles().size() + " files in snapshot " + table.snapshot().id());
        List<Instant> ts = new ArrayList<>();
        ts.add(null);
        long span = events.size() + 2L * 1440;
        for (int i = 0; i < times; i++) {
            ts.add(SinkTestSupport.EPOCH.minus(Duration.ofDays(5)).plusSeconds(60L * (long) (random.nextDouble() * (span + 5 * 1440))));
        }
        for (Instant t : ts) {
            List<List<Object>> actual = SinkTestSupport.read(table, t);
            SinkTestSupport.assertNoDuplicateKeys(actual);
            assertThat(actual)
                    .as("as of %s (seed %s)", t, SEED)
                    .isEqualTo(
                            AsOfOracle.expected(
                                    events, SinkTestSupport.micros(t), Integer.MAX_VALUE, table.rowType()));
        }
    }
}
