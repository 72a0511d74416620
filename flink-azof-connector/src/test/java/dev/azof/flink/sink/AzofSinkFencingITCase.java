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
import dev.azof.core.commit.WriterFencedException;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two jobs writing one table (docs/spec.md, section 7.1): exactly one keeps writing, the other
 * fails for good with the single-writer error, whatever its restart strategy; a job restored
 * after another took over fails the same way; a new job without state takes over a stopped
 * writer; and nothing committed is lost.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AzofSinkFencingITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());
    private static final int KEYS = 200;
    /**
     * Event indexes of each job: job x emits events from {@code x * JOB_RANGE + 100}, so that the
     * copies the generator repeats (of one of the 50 events before) stay in the job's range.
     */
    private static final long JOB_RANGE = 1_000_000;

    private static long firstEvent(int job) {
        return job * JOB_RANGE + 100;
    }

    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    private static final long STARTED = System.nanoTime();

    /** Progress on stdout, to tell a slow machine from a hang when a test times out. */
    private static void log(String step) {
        System.out.printf("[fencing %6.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, step);
    }

    @TempDir java.nio.file.Path tmp;

    /** Streaming, parallelism 1, a restart strategy that would restart it 50 times. */
    private static StreamExecutionEnvironment streaming(long checkpointMillis, String savepoint) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 50);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(checkpointMillis);
        return env;
    }

    private static void pipeline(
            StreamExecutionEnvironment env, Path dir, int job, long count, double perSecond, boolean failOnce) {
        var rows =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        new SinkTestSupport.Changelog(SEED, KEYS, 5, firstEvent(job)),
                                        count,
                                        RateLimiterStrategy.perSecond(perSecond),
                                        InternalTypeInfo.of(SinkTestSupport.rowType())),
                                WatermarkStrategy.<RowData>forBoundedOutOfOrderness(Duration.ofMinutes(10))
                                        .withTimestampAssigner((row, ts) -> row.getTimestamp(2, 3).getMillisecond()),
                                "job " + job)
                        .uid("source");
        if (failOnce) {
            rows = rows.map(new FailAfterThirdCheckpoint())
                    .returns(InternalTypeInfo.of(SinkTestSupport.rowType()))
                    .uid("fail-once");
        }
        rows.sinkTo(AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW).path(dir.toString()).buckets(2).build())
                .uid("azof-sink");
    }

    /** The repro of issue 13: a second streaming job started while the first one commits. */
    @Test
    void aSecondJobFailsForGoodWhileTheFirstKeepsWriting() throws Exception {
        Path dir = new Path(tmp.resolve("t").toString());
        SnapshotStore store = new SnapshotStore(dir);
        StreamExecutionEnvironment envA = streaming(200, null);
        pipeline(envA, dir, 0, JOB_RANGE, 300, false);
        JobClient a = envA.executeAsync("writer A");
        JobClient b = null;
        try {
            awaitSnapshots(store, 3, a);
            // B checkpoints less often than A commits: A commits after B started and before B's
            // first commit, so B is the one fenced.
            StreamExecutionEnvironment envB = streaming(2_000, null);
            pipeline(envB, dir, 1, JOB_RANGE, 300, false);
            b = envB.executeAsync("writer B");
            Throwable failure = failureOf(b.getJobExecutionResult());
            log("B failed");
            assertFenced(failure);

            long afterB = store.currentId();
            awaitSnapshots(store, afterB + 2, a);
            assertThat(a.getJobExecutionResult()).as("writer A keeps running").isNotDone();
            stopWithSavepoint(a);
        } finally {
            cancelIfRunning(a);
            cancelIfRunning(b);
        }
        Map<Integer, Long> prefixes = assertExactlyOncePrefixes(dir);
        assertThat(prefixes).as("jobs with committed rows").containsOnlyKeys(0);
        assertThat(writerIds(store)).hasSize(1);
    }

    @Test
    void aJobRestoredAfterATakeoverFailsAndANewJobTakesOverAStoppedOne() throws Exception {
        Path dir = new Path(tmp.resolve("t").toString());
        SnapshotStore store = new SnapshotStore(dir);
        StreamExecutionEnvironment envA = streaming(200, null);
        pipeline(envA, dir, 0, JOB_RANGE, 300, false);
        JobClient a = envA.executeAsync("writer A");
        String savepoint;
        try {
            awaitSnapshots(store, 3, a);
            savepoint = stopWithSavepoint(a);
            log("A stopped with savepoint " + savepoint);
        } finally {
            cancelIfRunning(a);
        }

        // A new job without state takes over the stopped writer.
        batch(dir, 1, 300);
        long afterB = store.currentId();
        log("B took over at snapshot " + afterB);

        // A restored from its savepoint: fenced, and its restarts cannot bring it back.
        StreamExecutionEnvironment restored = streaming(200, savepoint);
        pipeline(restored, dir, 0, JOB_RANGE, 300, false);
        JobClient a2 = restored.executeAsync("writer A restored");
        try {
            Throwable failure = failureOf(a2.getJobExecutionResult());
            log("restored A failed");
            assertFenced(failure);
            assertThat(ExceptionUtils.findThrowableWithMessage(failure, "start this job without state"))
                    .isPresent();
        } finally {
            cancelIfRunning(a2);
        }
        assertThat(store.currentId()).as("the restored job committed nothing").isEqualTo(afterB);

        // And once more: another new job takes over from the (stopped) batch writer.
        batch(dir, 2, 200);
        Map<Integer, Long> prefixes = assertExactlyOncePrefixes(dir);
        assertThat(prefixes).containsEntry(1, 300L).containsEntry(2, 200L).containsKey(0);
        assertThat(writerIds(store)).hasSize(3);
    }

    /**
     * The legitimate writer fails over (restarts from its last checkpoint) while a second job
     * starts: whichever commits first after the other started keeps the table, the other fails for
     * good, and every committed checkpoint of both stays, exactly once.
     */
    @Test
    void aFailoverOfTheWriterWhileASecondJobTries() throws Exception {
        Path dir = new Path(tmp.resolve("t").toString());
        SnapshotStore store = new SnapshotStore(dir);
        FAILED_ONCE.set(false);
        StreamExecutionEnvironment envA = streaming(200, null);
        pipeline(envA, dir, 0, JOB_RANGE, 300, true);
        JobClient a = envA.executeAsync("writer A, fails over once");
        JobClient b = null;
        try {
            while (!FAILED_ONCE.get()) {
                assertThat(a.getJobExecutionResult()).isNotDone();
                Thread.sleep(10);
            }
            StreamExecutionEnvironment envB = streaming(200, null);
            pipeline(envB, dir, 1, JOB_RANGE, 300, false);
            b = envB.executeAsync("writer B");

            CompletableFuture<Object> first =
                    CompletableFuture.anyOf(a.getJobExecutionResult(), b.getJobExecutionResult());
            Throwable failure = failureOf(first);
            log("one writer failed");
            assertFenced(failure);
            JobClient survivor = a.getJobExecutionResult().isDone() ? b : a;
            long now = store.currentId();
            awaitSnapshots(store, now + 2, survivor);
            stopWithSavepoint(survivor);
            System.out.println("fencing race won by " + (survivor == a ? "the restarted writer" : "the new job"));
        } finally {
            cancelIfRunning(a);
            cancelIfRunning(b);
        }
        assertExactlyOncePrefixes(dir);
        assertThat(TableValidator.validate(dir)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    private static void batch(Path dir, int job, long count) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        pipeline(env, dir, job, count, 1e9, false);
        env.execute("batch writer " + job);
    }

    private static void assertFenced(Throwable failure) {
        assertThat(ExceptionUtils.findThrowable(failure, SuppressRestartsException.class))
                .as("the failure suppresses restarts: %s", failure)
                .isPresent();
        assertThat(ExceptionUtils.findThrowable(failure, WriterFencedException.class))
                .as("fenced: %s", failure)
                .isPresent();
        assertThat(ExceptionUtils.findThrowableWithMessage(failure, "a table has a single writer"))
                .isPresent();
    }

    private static void awaitSnapshots(SnapshotStore store, long id, JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!store.exists() || store.currentId() < id) {
            assertThat(job.getJobExecutionResult()).as("writer still running").isNotDone();
            assertThat(System.nanoTime()).as("snapshot %s in time", id).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private String stopWithSavepoint(JobClient job) throws Exception {
        return job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> result) throws Exception {
        try {
            result.get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e;
        }
        throw new AssertionError("the job did not fail");
    }

    private static void cancelIfRunning(JobClient job) throws Exception {
        if (job != null && !job.getJobExecutionResult().isDone()) {
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException ignored) {
                // it ended meanwhile
            }
        }
    }

    private static Set<String> writerIds(SnapshotStore store) {
        Set<String> ids = new HashSet<>();
        for (long id = 1; id <= store.currentId(); id++) {
            Snapshot s = store.readIfExists(id);
            if (s != null && s.summary().get(SnapshotSummary.Key.WRITER_ID.key()) != null) {
                ids.add(s.summary().get(SnapshotSummary.Key.WRITER_ID.key()));
            }
        }
        return ids;
    }

    private static final Pattern INDEX = Pattern.compile("^v(\\d+)$");

    /**
     * Per job, the committed rows are exactly its first M events, each once (nothing lost,
     * nothing repeated), and reads as of random times equal the oracle of all of them. Returns M
     * per job that committed.
     */
    private static Map<Integer, Long> assertExactlyOncePrefixes(Path dir) throws Exception {
        SnapshotStore store = new SnapshotStore(dir);
        List<Event> raw = SinkTestSupport.rawEvents(dir, store.current());
        Map<Integer, List<Event>> byJob = new HashMap<>();
        Map<Integer, Long> highest = new HashMap<>();
        for (Event e : raw) {
            Matcher m = INDEX.matcher(e.row.getString(1).toString());
            assertThat(m.matches()).as("value %s", e.row.getString(1)).isTrue();
            long i = Long.parseLong(m.group(1));
            int job = (int) (i / JOB_RANGE);
            byJob.computeIfAbsent(job, j -> new ArrayList<>()).add(e);
            highest.merge(job, i - firstEvent(job), Math::max);
        }
        Map<Integer, Long> prefixes = new HashMap<>();
        for (Map.Entry<Integer, List<Event>> job : byJob.entrySet()) {
            // The last events emitted may be copies of earlier ones (the generator repeats an
            // event of the last 50 now and then): the prefix ends at most 50 events later.
            Map<String, Integer> committed = SinkTestSupport.fingerprints(job.getValue());
            long from = firstEvent(job.getKey());
            long first = highest.get(job.getKey()) + 1;
            for (long m = first; m <= first + 50 && !prefixes.containsKey(job.getKey()); m++) {
                List<Event> prefix = SinkTestSupport.events(SEED, from, from + m, KEYS, 5, 1);
                if (SinkTestSupport.fingerprints(prefix).equals(committed)) {
                    prefixes.put(job.getKey(), m);
                }
            }
            assertThat(prefixes)
                    .as("job %s committed exactly its first events, each once (seed %s)", job.getKey(), SEED)
                    .containsKey(job.getKey());
        }

        AzofTable table = AzofTable.open(dir);
        Random random = new Random(SEED);
        List<Instant> times = new ArrayList<>();
        times.add(null);
        for (int i = 0; i < 5; i++) {
            times.add(SinkTestSupport.EPOCH.plusSeconds(60L * random.nextInt(20_000)));
        }
        for (Instant t : times) {
            assertThat(SinkTestSupport.read(table, t))
                    .as("as of %s (seed %s)", t, SEED)
                    .isEqualTo(AsOfOracle.expected(raw, SinkTestSupport.micros(t), Integer.MAX_VALUE, table.rowType()));
        }
        assertThat(TableValidator.validate(dir)).isEmpty();
        return prefixes;
    }

    /** Fails the task once, after the third completed checkpoint: a failover of the writer. */
    private static final class FailAfterThirdCheckpoint extends RichMapFunction<RowData, RowData>
            implements CheckpointListener {
        private int completed;

        @Override
        public RowData map(RowData row) {
            if (completed >= 3 && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failover of the writer");
            }
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completed++;
        }
    }
}
