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

import static org.assertj.core.api.Assertions.assertThat;

import dev.azof.core.commit.ConcurrentCommitException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.WriterFencedException;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.CompactionResult;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.FlinkPlugins;
import dev.azof.testing.MiniClusters;
import dev.azof.testing.S3ProxyServer;
import dev.azof.core.metadata.SnapshotSummary;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * The sink on {@code s3://} (Flink's S3 file system as a plugin, azof's conditional-PUT commit
 * point) against a real S3 server, S3Proxy: streaming ingest with an injected task failure equals
 * the oracle while reads during the commits see whole commits only; commits racing the sink's own
 * compaction and a compaction run from outside the job lose nothing; of two jobs writing one table
 * exactly one keeps writing; an ingest killed with SIGKILL leaves a valid table whose rerun equals
 * the oracle. The local-disk versions of these tests are {@link AzofSinkITCase},
 * {@link AzofSinkCompactionITCase} and {@link AzofSinkFencingITCase}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AzofSinkS3ITCase {

    private static final String BUCKET = "tables";
    private static final int PARALLELISM = 2;

    @RegisterExtension
    @Order(1)
    static final S3ProxyServer S3 = new S3ProxyServer();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(PARALLELISM);

    /** Override with -Dazof.test.seed=N to replay a failure. */
    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());

    // The MiniCluster runs in this JVM, so statics reach the tasks.
    private static final AtomicInteger COMPLETED_CHECKPOINTS = new AtomicInteger();
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @BeforeAll
    static void s3() {
        System.out.println("AzofSinkS3ITCase seed " + SEED);
        S3.createBucket(BUCKET);
        // As the CLI does; the MiniCluster's tasks use these file systems and this configuration.
        FlinkPlugins.initializeFileSystems(S3.flinkConfiguration());
    }

    /** See {@link KilledIngest}: a SIGKILLed ingest leaves a valid table; its rerun equals the oracle. */
    @Test
    void anIngestKilledWithSigkillLeavesAValidTableAndARerunEqualsTheOracle(@TempDir java.nio.file.Path tmp)
            throws Exception {
        KilledIngest.killMidStreamThenRerun(table("killed"), SEED, tmp, S3.flinkConfiguration(), PARALLELISM);
    }

    private static Path table(String name) {
        return new Path("s3://" + BUCKET + "/" + name);
    }

    @Test
    void streamingIngestWithAFailureEqualsTheOracleAndReadsSeeWholeCommits() throws Exception {
        Random random = new Random(SEED);
        long count = 2_000;
        int keys = 400;
        Path dir = table("ingest");
        COMPLETED_CHECKPOINTS.set(0);
        FAILED.set(false);

        StreamExecutionEnvironment env = streaming(PARALLELISM, 5);
        env.enableCheckpointing(300);
        env.fromSource(SinkTestSupport.generator(SEED, 0, count, keys, 5, 1_000), SinkTestSupport.watermarks(), "changelog")
                .map(new FailOnceAfterACheckpoint(1 + random.nextInt(1_000)))
                .returns(InternalTypeInfo.of(SinkTestSupport.rowType()))
                .sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW)
                                .path(dir.toString())
                                .segmentGranularity("day")
                                .buckets(2)
                                .bufferRows(1_000)
                                .build());
        JobClient job = env.executeAsync("azof sink on S3");

        Map<String, Integer> generated = SinkTestSupport.fingerprints(SinkTestSupport.events(SEED, 0, count, keys, 5, 1));
        SnapshotStore store = new SnapshotStore(dir);
        CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();
        Set<Long> snapshotsRead = new HashSet<>();
        while (!done.isDone()) {
            if (!store.exists() || store.currentId() < 2) {
                Thread.sleep(50);
                continue;
            }
            // Each read resolves one snapshot and sees all of it: it equals the oracle over the
            // rows that snapshot's files hold, and holds only generated rows, none repeated.
            AzofTable t = AzofTable.open(dir);
            Instant asOf = SinkTestSupport.EPOCH.plusSeconds(60L * random.nextInt((int) count));
            List<Event> raw = SinkTestSupport.rawEvents(dir, t.snapshot());
            assertThat(SinkTestSupport.read(t, asOf))
                    .as("snapshot %s as of %s (seed %s)", t.snapshot().id(), asOf, SEED)
                    .isEqualTo(
                            AsOfOracle.expected(
                                    raw, SinkTestSupport.micros(asOf), Integer.MAX_VALUE, t.rowType()));
            SinkTestSupport.fingerprints(raw)
                    .forEach(
                            (row, copies) ->
                                    assertThat(copies)
                                            .as("committed copies of %s", row)
                                            .isLessThanOrEqualTo(generated.getOrDefault(row, 0)));
            snapshotsRead.add(t.snapshot().id());
        }
        done.get();
        System.out.println("S3 ingest: " + store.currentId() + " snapshots, read " + snapshotsRead);
        assertThat(FAILED).as("the injected failure happened").isTrue();
        // Each read over S3 takes a while: how many land during the job depends on the machine.
        assertThat(snapshotsRead).as("reads during the ingest").isNotEmpty();

        // Exactly once: the committed rows are the generated ones, none lost, none repeated.
        assertThat(SinkTestSupport.fingerprints(SinkTestSupport.rawEvents(dir, store.current()))).isEqualTo(generated);
        assertMatchesOracle(dir, SinkTestSupport.events(SEED, 0, count, keys, 5, 1), random, 6);
        assertThat(TableValidator.validate(dir)).isEmpty();
    }

    @Test
    void commitsRacingTheSinksCompactionAndAnOutsideCompactorLoseNothing() throws Exception {
        Random random = new Random(SEED + 1);
        long count = 1_500;
        int keys = 300;
        int latePercent = 5;
        Path dir = table("compacted");
        CompactionPolicy policy = CompactionPolicy.defaults().withMaxDeltasPerSegment(2);

        StreamExecutionEnvironment env = streaming(PARALLELISM, 0);
        env.enableCheckpointing(200);
        env.fromSource(SinkTestSupport.generator(SEED + 1, 0, count, keys, latePercent, 750), SinkTestSupport.watermarks(), "changelog")
                .sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW)
                                .path(dir.toString())
                                .segmentGranularity("day")
                                .buckets(2)
                                .compaction(AutoCompaction.everyCommits(2).withPolicy(policy))
                                .build())
                .uid("azof-sink");
        long started = System.nanoTime();
        JobClient job = env.executeAsync("azof sink on S3 with compaction");
        CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();

        // A compaction from outside the job (as `azof compact` runs), again and again while the
        // sink commits and compacts.
        SnapshotStore store = new SnapshotStore(dir);
        int outsidePublished = 0;
        int outsideLostRaces = 0;
        while (!done.isDone()) {
            if (!store.exists() || store.currentId() < 2) {
                Thread.sleep(50);
                continue;
            }
            try {
                CompactionResult result = new Compactor(dir, policy).run();
                if (result.changed()) {
                    outsidePublished++;
                }
            } catch (ConcurrentCommitException lost) {
                // Another compaction replaced a file this one merged: it publishes nothing.
                outsideLostRaces++;
            }
            Thread.sleep(200);
        }
        done.get();
        System.out.printf("S3 compaction race: job done after %.1f s%n", (System.nanoTime() - started) / 1e9);

        int compactions = 0;
        for (long id = 2; id <= store.currentId(); id++) {
            Snapshot s = store.readIfExists(id);
            if (s != null && "compact".equals(s.summary().get(SnapshotSummary.Key.OPERATION.key()))) {
                compactions++;
            }
        }
        System.out.printf(
                "S3 compaction race: %d snapshots, %d compactions (%d from outside the job, %d"
                        + " outside runs lost a race)%n",
                store.currentId(), compactions, outsidePublished, outsideLostRaces);
        assertThat(compactions).as("compaction snapshots").isPositive();
        assertThat(outsidePublished + outsideLostRaces)
                .as("compactions run from outside while the job committed")
                .isPositive();
        assertThat(TableValidator.validate(dir)).isEmpty();
        assertMatchesOracle(
                dir, SinkTestSupport.events(SEED + 1, 0, count, keys, latePercent, 1), random, 8);
        System.out.printf("S3 compaction race: checked after %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void ofTwoJobsWritingOneTableExactlyOneKeepsWritingAndNothingCommittedIsLost()
            throws Exception {
        Path dir = table("contended");
        SnapshotStore store = new SnapshotStore(dir);
        long jobRange = 1_000_000;
        StreamExecutionEnvironment envA = streaming(1, 50);
        envA.enableCheckpointing(200);
        envA.fromSource(SinkTestSupport.generator(SEED + 2, 100, jobRange, 100, 5, 300), SinkTestSupport.watermarks(), "writer A")
                .sinkTo(AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW).path(dir.toString()).build());
        JobClient a = envA.executeAsync("writer A");
        JobClient b = null;
        try {
            awaitSnapshots(store, 3, a);
            // B checkpoints less often than A commits: A commits after B started and before B's
            // first commit, so B is the one fenced, however often it would restart.
            StreamExecutionEnvironment envB = streaming(1, 50);
            envB.enableCheckpointing(2_000);
            envB.fromSource(
                            SinkTestSupport.generator(SEED + 2, jobRange + 100, jobRange, 100, 5, 300),
                            SinkTestSupport.watermarks(),
                            "writer B")
                    .sinkTo(AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW).path(dir.toString()).build());
            b = envB.executeAsync("writer B");
            Throwable failure = failureOf(b.getJobExecutionResult());
            assertThat(ExceptionUtils.findThrowable(failure, WriterFencedException.class))
                    .as("fenced: %s", failure)
                    .isPresent();
            assertThat(ExceptionUtils.findThrowableWithMessage(failure, "a table has a single writer"))
                    .isPresent();

            long afterB = store.currentId();
            awaitSnapshots(store, afterB + 2, a);
            assertThat(a.getJobExecutionResult()).as("writer A keeps writing").isNotDone();
        } finally {
            cancel(a);
            cancel(b);
        }

        // Nothing committed is lost: every file any snapshot added is in the last one (no
        // compaction ran), every row is one writer A generated, none twice.
        Snapshot last = store.current();
        Set<String> lastFiles = new HashSet<>();
        last.allFiles().forEach(f -> lastFiles.add(f.path()));
        Set<String> writers = new HashSet<>();
        for (long id = 2; id <= last.id(); id++) {
            Snapshot s = store.read(id);
            for (DataFile f : s.allFiles()) {
                assertThat(lastFiles).as("file of snapshot %s", id).contains(f.path());
            }
            writers.add(s.summary().get(SnapshotSummary.Key.WRITER_ID.key()));
        }
        assertThat(writers).as("writers that committed").hasSize(1);
        Map<String, Integer> committed = SinkTestSupport.fingerprints(SinkTestSupport.rawEvents(dir, last));
        long aRows = committed.values().stream().mapToLong(Integer::longValue).sum();
        Map<String, Integer> generated =
                SinkTestSupport.fingerprints(SinkTestSupport.events(SEED + 2, 100, 100 + aRows + 100, 100, 5, 1));
        committed.forEach(
                (row, copies) ->
                        assertThat(copies)
                                .as("copies of %s", row)
                                .isLessThanOrEqualTo(generated.getOrDefault(row, 0)));
        assertThat(TableValidator.validate(dir)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    private static StreamExecutionEnvironment streaming(int parallelism, int restarts) {
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
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        return env;
    }

    /** Throws once, at a record after the first completed checkpoint. */
    private static final class FailOnceAfterACheckpoint extends RichMapFunction<RowData, RowData>
            implements CheckpointListener {
        private final int failAt;
        private int seen;

        FailOnceAfterACheckpoint(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public RowData map(RowData row) {
            if (++seen >= failAt
                    && COMPLETED_CHECKPOINTS.get() > 0
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at record " + seen);
            }
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }
    }

    private static void assertMatchesOracle(Path dir, List<Event> events, Random random, int times)
            throws Exception {
        AzofTable table = AzofTable.open(dir);
        List<Instant> ts = new ArrayList<>();
        ts.add(null);
        long span = events.size() + 2L * 1440;
        for (int i = 0; i < times; i++) {
            ts.add(
                    SinkTestSupport.EPOCH
                            .minus(Duration.ofDays(5))
                            .plusSeconds(60L * (long) (random.nextDouble() * (span + 5 * 1440))));
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

    private static void awaitSnapshots(SnapshotStore store, long id, JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!store.exists() || store.currentId() < id) {
            assertThat(job.getJobExecutionResult()).as("writer still running").isNotDone();
            assertThat(System.nanoTime()).as("snapshot %s in time", id).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> result) throws Exception {
        try {
            result.get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e;
        }
        throw new AssertionError("the job did not fail");
    }

    private static void cancel(JobClient job) throws Exception {
        if (job != null && !job.getJobExecutionResult().isDone()) {
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException ignored) {
                // it ended meanwhile
            }
        }
    }
}
