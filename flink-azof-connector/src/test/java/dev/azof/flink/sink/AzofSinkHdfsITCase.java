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

import dev.azof.core.commit.ConcurrentCommitException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.HdfsCluster;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink with its table on HDFS (Hadoop's in-process MiniDFSCluster, through Flink's {@code
 * hdfs://} file system): ingest with task failures and compactions (in the job and from outside,
 * as the CLI's) racing the commits
 * equals the oracle, and reads during the commits see whole commits only; of two jobs writing one
 * table one is fenced and nothing committed is lost; an ingest killed with SIGKILL leaves a table
 * that validates, and a rerun equals the oracle.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AzofSinkHdfsITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .setConfiguration(HdfsCluster.flinkConfiguration())
                            .build());

    /** Override with -Dazof.test.seed=N to replay a failure. */
    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());

    private static final AtomicInteger COMPLETED_CHECKPOINTS = new AtomicInteger();
    private static final AtomicBoolean FAILED_IN_MAP = new AtomicBoolean();
    private static final AtomicBoolean FAILED_IN_COMMITTER = new AtomicBoolean();
    private static final AtomicInteger POINTER_MOVES = new AtomicInteger();

    private static HdfsCluster hdfs;

    @TempDir java.nio.file.Path tmp;

    @BeforeAll
    static void startHdfs() throws Exception {
        System.out.println("AzofSinkHdfsITCase seed " + SEED);
        hdfs = HdfsCluster.start();
    }

    @AfterAll
    static void stopHdfs() throws Exception {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @AfterEach
    void removeHook() {
        TableCommitter.setTestHook(null);
    }

    private static StreamExecutionEnvironment env(int restarts, int parallelism) {
        Configuration conf = new Configuration();
        if (restarts > 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** Throws once at a random record after the first completed checkpoint. */
    private static final class FailingMapper extends RichMapFunction<RowData, RowData>
            implements CheckpointListener {
        private final int failAt;
        private int seen;

        FailingMapper(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public RowData map(RowData row) {
            seen++;
            if (COMPLETED_CHECKPOINTS.get() > 0 && seen >= failAt && FAILED_IN_MAP.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at record " + seen);
            }
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }
    }

    /**
     * Task failures (in a task, and between publishing a snapshot and moving the pointer) and
     * compactions (in the job and from outside) racing the sink's commits for the same snapshot
     * names; readers during the ingest see whole commits; the end equals the oracle, each
     * checkpoint published once.
     */
    @Test
    void ingestWithFailuresAndCompactionRacingCommitsEqualsTheOracle() throws Exception {
        Random random = new Random(SEED);
        long count = 2_000;
        int keys = 400;
        Path dir = hdfs.newDir("events");
        COMPLETED_CHECKPOINTS.set(0);
        FAILED_IN_MAP.set(false);
        FAILED_IN_COMMITTER.set(false);
        POINTER_MOVES.set(0);
        TableCommitter.setTestHook(
                (table, id) -> {
                    // The third commit: after an in-job compaction, early enough that even a
                    // fast run (a few slow HDFS commits for the whole input) reaches it.
                    if (POINTER_MOVES.incrementAndGet() == 3 && FAILED_IN_COMMITTER.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected crash after publishing snapshot " + id);
                    }
                });
        StreamExecutionEnvironment env = env(10, PARALLELISM);
        env.enableCheckpointing(200);
        env.fromSource(SinkTestSupport.generator(SEED, 0, count, keys, 5, 500), SinkTestSupport.watermarks(), "changelog")
                .map(new FailingMapper(1 + random.nextInt(500)))
                .returns(InternalTypeInfo.of(SinkTestSupport.rowType()))
                .sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW)
                                .path(dir.toString())
                                .segmentGranularity("month")
                                .buckets(2)
                                .compaction(
                                        AutoCompaction.everyCommits(2)
                                                .withPolicy(CompactionPolicy.defaults().withMaxDeltasPerSegment(2)))
                                .build())
                .uid("azof-sink");
        long started = System.nanoTime();
        JobClient job = env.executeAsync("azof sink on hdfs");

        SnapshotStore store = new SnapshotStore(dir);
        CompletableFuture<?> done = job.getJobExecutionResult();
        Set<Long> snapshotsRead = new HashSet<>();
        int outsideCompactions = 0;
        int lostRaces = 0;
        while (!done.isDone()) {
            if (!store.exists() || store.currentId() < 2) {
                Thread.sleep(50);
                continue;
            }
            AzofTable table = AzofTable.open(dir);
            Instant t = SinkTestSupport.EPOCH.plusSeconds(60L * random.nextInt((int) count));
            List<Event> raw = SinkTestSupport.rawEvents(dir, table.snapshot());
            assertThat(SinkTestSupport.read(table, t))
                    .as("snapshot %s as of %s (seed %s)", table.snapshot().id(), t, SEED)
                    .isEqualTo(AsOfOracle.expected(raw, SinkTestSupport.micros(t), Integer.MAX_VALUE, table.rowType()));
            // A compaction from outside the job (as the CLI's) races the sink's commits and the
            // in-job compaction; losing the race for a snapshot name is its only allowed failure.
            if (random.nextInt(3) == 0) {
                try {
                    new Compactor(dir, CompactionPolicy.defaults().withMaxDeltasPerSegment(2)).run();
                    outsideCompactions++;
                } catch (ConcurrentCommitException lost) {
                    lostRaces++;
                }
            }
            if (snapshotsRead.add(table.snapshot().id())) {
                System.out.printf("[hdfs %5.1f s] read snapshot %s%n", (System.nanoTime() - started) / 1e9, table.snapshot().id());
            }
            Thread.sleep(200);
        }
        done.get();
        System.out.printf("[hdfs %5.1f s] job done after %s pointer moves%n", (System.nanoTime() - started) / 1e9, POINTER_MOVES.get());
        assertThat(FAILED_IN_MAP).isTrue();
        assertThat(FAILED_IN_COMMITTER).isTrue();
        assertThat(snapshotsRead).as("reads during the ingest").hasSizeGreaterThan(1);

        int compactions = 0;
        Set<Long> checkpoints = new HashSet<>();
        for (long id = 2; id <= store.currentId(); id++) {
            Snapshot s = store.read(id);
            if ("compact".equals(s.summary().get(SnapshotSummary.Key.OPERATION.key()))) {
                compactions++;
            } else {
                long cp = Long.parseLong(s.summary().get(SnapshotSummary.Key.CHECKPOINT_ID.key()));
                assertThat(checkpoints.add(cp)).as("checkpoint %s published once", cp).isTrue();
            }
        }
        System.out.println(
                "hdfs ingest: " + store.currentId() + " snapshots, " + compactions + " compactions ("
                        + outsideCompactions + " from outside the job, " + lostRaces + " lost races)");
        assertThat(compactions).as("compactions racing the commits").isPositive();
        assertThat(TableValidator.validate(dir)).isEmpty();
        assertMatchesOracle(dir, SinkTestSupport.events(SEED, 0, count, keys, 5, 1), random, 8);
    }

    /** Of two jobs writing one table, one fails with the single-writer error; nothing is lost. */
    @Test
    void twoJobsOnOneTableOneIsFencedAndNothingIsLost() throws Exception {
        Path dir = hdfs.newDir("contended");
        long jobRange = 1_000_000;
        StreamExecutionEnvironment envA = env(0, 1);
        envA.enableCheckpointing(200);
        envA.fromSource(SinkTestSupport.generator(SEED, 100, jobRange, 200, 5, 300), SinkTestSupport.watermarks(), "A")
                .sinkTo(AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW).path(dir.toString()).build());
        JobClient a = envA.executeAsync("azof writer A");
        Throwable failure;
        try {
            SnapshotStore store = new SnapshotStore(dir);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!store.exists() || store.currentId() < 3) {
                assertThat(a.getJobExecutionResult()).isNotDone();
                assertThat(System.nanoTime()).as("A's first commits").isLessThan(deadline);
                Thread.sleep(50);
            }
            StreamExecutionEnvironment envB = env(0, 1);
            envB.setRuntimeMode(RuntimeExecutionMode.BATCH);
            envB.fromSource(SinkTestSupport.generator(SEED, jobRange + 100, 300, 200, 5, 1e9), SinkTestSupport.watermarks(), "B")
                    .sinkTo(AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW).path(dir.toString()).build());
            try {
                envB.execute("azof writer B");
                // B took the table over: A's next commit must notice.
                failure = failureOf(a.getJobExecutionResult());
            } catch (Exception e) {
                failure = e; // A committed between B's look at the table and B's publish
            }
        } finally {
            if (!a.getJobExecutionResult().isDone()) {
                a.cancel().get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(ExceptionUtils.findThrowableWithMessage(failure, "a table has a single writer"))
                .as("failure %s", failure)
                .isPresent();
        assertThat(TableValidator.validate(dir)).isEmpty();

        // Nothing lost, nothing repeated: per job, the committed rows are a prefix of its events.
        SnapshotStore store = new SnapshotStore(dir);
        List<Event> raw = SinkTestSupport.rawEvents(dir, store.current());
        Map<Boolean, List<Event>> byJob = new HashMap<>();
        Map<Boolean, Long> highest = new HashMap<>();
        for (Event e : raw) {
            long i = Long.parseLong(e.row.getString(1).toString().substring(1));
            boolean isB = i >= jobRange;
            byJob.computeIfAbsent(isB, j -> new ArrayList<>()).add(e);
            highest.merge(isB, i, Math::max);
        }
        for (Map.Entry<Boolean, List<Event>> j : byJob.entrySet()) {
            long from = j.getKey() ? jobRange + 100 : 100;
            long to = highest.get(j.getKey()) + 1;
            Map<String, Integer> committed = KilledIngest.multiset(j.getValue());
            boolean prefix = false;
            for (long end = to; end <= to + 50 && !prefix; end++) {
                prefix = KilledIngest.multiset(SinkTestSupport.events(SEED, from, end, 200, 5, 1)).equals(committed);
            }
            assertThat(prefix).as("job %s committed a prefix of its events, each once (seed %s)", j.getKey() ? "B" : "A", SEED).isTrue();
        }
        assertThat(byJob).containsKey(false);
    }

    /** See {@link KilledIngest}: a SIGKILLed ingest leaves a valid table; its rerun equals the oracle. */
    @Test
    void anIngestKilledWithSigkillLeavesAValidTableAndARerunEqualsTheOracle() throws Exception {
        KilledIngest.killMidStreamThenRerun(hdfs.newDir("killed"), SEED, tmp, new Configuration(), PARALLELISM);
    }

    private static Throwable failureOf(CompletableFuture<?> result) throws Exception {
        try {
            result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e;
        }
        throw new AssertionError("the first writer did not fail");
    }

    private static void assertMatchesOracle(Path dir, List<Event> events, Random random, int times) throws Exception {
        AzofTable table = AzofTable.open(dir);
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
                    .isEqualTo(AsOfOracle.expected(events, SinkTestSupport.micros(t), Integer.MAX_VALUE, table.rowType()));
        }
    }
}
