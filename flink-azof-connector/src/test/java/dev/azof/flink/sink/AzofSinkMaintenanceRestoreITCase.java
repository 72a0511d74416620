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

import dev.azof.core.AzofException;
import dev.azof.core.commit.ConcurrentCommitException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.CompactionResult;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.compaction.SnapshotExpiration;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once across maintenance (docs/spec.md, section 7.1): one streaming job, restored twice
 * into new jobs (from a retained checkpoint, then from a savepoint), while compactions and
 * expirations run between its commits in every way a user runs them: in the job (automatic
 * compaction every 2 commits, expiration keeping the last 2 snapshots), from another thread
 * through the core API (what the {@code azof compact}/{@code expire} commands run), and through
 * {@code CALL azof.sys.compact}/{@code expire}. The input is randomized, out of order, with late
 * rows, deletes and duplicate deliveries, and the job fails over once.
 *
 * <p>Every checkpoint's commit is observed when it is published (the committer's test hook, which
 * runs before the pointer moves). The check: no (writer, checkpoint) is published twice, and the
 * rows of the delta files those commits added are exactly the generated events, each once; the
 * final table answers as-of reads like the oracle, and validates.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AzofSinkMaintenanceRestoreITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());
    private static final int KEYS = 150;
    private static final long FIRST = 100;
    private static final long COUNT = 2_400;
    private static final double PER_SECOND = 400;

    /** Never delete unreferenced data files during the test: commits are in flight. */
    private static final Duration MIN_FILE_AGE = Duration.ofMinutes(10);

    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    private static final ConcurrentLinkedQueue<Snapshot> PUBLISHED = new ConcurrentLinkedQueue<>();
    private static final long STARTED = System.nanoTime();

    @TempDir java.nio.file.Path tmp;

    private static void log(String step) {
        System.out.printf("[maintenance-restore %5.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, step);
    }

    @Test
    void restoredJobCommitsEveryCheckpointOnceWhateverMaintenanceRanBetween() throws Exception {
        System.out.println(
                "AzofSinkMaintenanceRestoreITCase seed " + SEED + " (rerun with -Dazof.test.seed=" + SEED + ")");
        java.nio.file.Path warehouse = tmp.resolve("warehouse");
        Files.createDirectories(warehouse);
        Path dir = new Path(warehouse.resolve("t").toString());
        SnapshotStore store = new SnapshotStore(dir);
        PUBLISHED.clear();
        FAILED_ONCE.set(false);
        TableCommitter.setTestHook((table, id) -> PUBLISHED.add(new SnapshotStore(table).read(id)));
        Maintenance cli = new Maintenance(dir, SEED);
        TableEnvironment sql = null;
        try {
            // 1. The job, failing over once, with in-job and CLI-like maintenance running.
            cli.start();
            StreamExecutionEnvironment envA = streaming(null);
            pipeline(envA, dir, true);
            JobClient a = envA.executeAsync("ingest");
            awaitWriterCommits(6, a);
            while (!FAILED_ONCE.get()) {
                Thread.sleep(10);
            }
            awaitWriterCommits(PUBLISHED.size() + 2, a);
            a.cancel().get(30, TimeUnit.SECONDS);
            String checkpoint = latestRetainedCheckpoint(a);
            log("cancelled after " + PUBLISHED.size() + " commits; restoring " + checkpoint);

            // 2. Between the commits: SQL procedures and more CLI-like maintenance.
            sql = catalog(warehouse);
            maintainThroughSql(sql, store);

            // 3. Restored from the retained checkpoint into a new job, stopped with a savepoint.
            StreamExecutionEnvironment envB = streaming(checkpoint);
            pipeline(envB, dir, false);
            JobClient b = envB.executeAsync("ingest, restored from a retained checkpoint");
            awaitWriterCommits(PUBLISHED.size() + 4, b);
            String savepoint =
                    b.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);
            log("stopped with savepoint " + savepoint);
            maintainThroughSql(sql, store);

            // 4. Restored from the savepoint, runs to the end of its input.
            StreamExecutionEnvironment envC = streaming(savepoint);
            pipeline(envC, dir, false);
            envC.execute("ingest, restored from a savepoint");
            log("finished");
        } finally {
            TableCommitter.setTestHook(null);
            cli.stop();
        }
        log("maintenance from another thread: " + cli.report());
        assertThat(cli.failure).as("maintenance failed: %s", cli.failure).isNull();

        assertEveryCheckpointCommittedOnce(dir);
        SinkTestSupport.assertReadsEqualTheOracle(
                dir, SinkTestSupport.events(SEED, FIRST, FIRST + COUNT, KEYS, 5, 1), SEED, 6, 2600);
        assertThat(TableValidator.validate(dir)).isEmpty();
        // Maintenance did run between the commits: expiration removed the early snapshots, and
        // compactions landed between commits of the writer.
        assertThat(store.readIfExists(2)).isNull();
        assertThat(cli.compactions.get() + compactionsBetweenWriterCommits()).isPositive();
    }

    // ------------------------------------------------------------------------------------------

    private StreamExecutionEnvironment streaming(String restoreFrom) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, tmp.resolve("checkpoints").toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(200);
        return env;
    }

    private static void pipeline(StreamExecutionEnvironment env, Path dir, boolean failOnce) {
        DataStream<RowData> rows =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        new SinkTestSupport.Changelog(SEED, KEYS, 5, FIRST),
                                        COUNT,
                                        RateLimiterStrategy.perSecond(PER_SECOND),
                                        InternalTypeInfo.of(SinkTestSupport.rowType())),
                                WatermarkStrategy.<RowData>forBoundedOutOfOrderness(Duration.ofMinutes(30))
                                        .withTimestampAssigner((row, ts) -> row.getTimestamp(2, 3).getMillisecond()),
                                "changelog")
                        .uid("source");
        // Always in the graph, so that restored jobs have the same operators.
        rows = rows.map(new FailAfterThirdCheckpoint(failOnce))
                .returns(InternalTypeInfo.of(SinkTestSupport.rowType()))
                .uid("fail-once");
        rows.sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW)
                                .path(dir.toString())
                                .buckets(2)
                                .segmentGranularity("day")
                                .compaction(
                                        AutoCompaction.everyCommits(2)
                                                .withExpiration(2, MIN_FILE_AGE))
                                .build())
                .uid("azof-sink");
    }

    private static void awaitWriterCommits(int commits, JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (PUBLISHED.size() < commits) {
            assertThat(job.getJobExecutionResult()).as("job still running").isNotDone();
            assertThat(System.nanoTime()).as("%s commits in time", commits).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The newest complete checkpoint the cancelled job retained. */
    private String latestRetainedCheckpoint(JobClient job) throws IOException {
        java.nio.file.Path jobDir = tmp.resolve("checkpoints").resolve(job.getJobID().toString());
        try (Stream<java.nio.file.Path> dirs = Files.list(jobDir)) {
            java.nio.file.Path latest =
                    dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
                            .filter(d -> Files.exists(d.resolve("_metadata")))
                            .max(Comparator.comparingLong(
                                    d -> Long.parseLong(d.getFileName().toString().substring(4))))
                            .orElseThrow(() -> new AssertionError("no retained checkpoint in " + jobDir));
            return latest.toUri().toString();
        }
    }

    private static TableEnvironment catalog(java.nio.file.Path warehouse) {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 1);
        tEnv.executeSql("CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = '" + warehouse + "')");
        return tEnv;
    }

    /**
     * {@code CALL azof.sys.compact} and {@code expire(2)}: afterwards the writer's own last
     * snapshot has usually expired, so the restore's dedupe must rely on the lineage compactions
     * carried forward.
     */
    private static void maintainThroughSql(TableEnvironment sql, SnapshotStore store) throws Exception {
        List<String> out = new ArrayList<>();
        out.addAll(call(sql, "CALL azof.sys.compact('t')"));
        out.addAll(call(sql, "CALL azof.sys.expire('t', 2)"));
        Snapshot current = store.current();
        String lastWriterSnapshot = SnapshotSummary.of(current).get(SnapshotSummary.Key.LAST_WRITER_SNAPSHOT_ID);
        log("CALL: " + out + "; current " + current.id() + " " + SnapshotSummary.of(current).operation()
                + ", writer's last snapshot " + lastWriterSnapshot
                + (lastWriterSnapshot != null && store.readIfExists(Long.parseLong(lastWriterSnapshot)) == null
                        ? " (expired)" : ""));
    }

    /**
     * Runs a procedure; a compaction that lost the race to the other thread's compaction fails
     * with "run it again", and is run again, as a user would.
     */
    private static List<String> call(TableEnvironment sql, String statement) throws Exception {
        for (int attempt = 1; ; attempt++) {
            List<String> rows = new ArrayList<>();
            try (CloseableIterator<Row> it = sql.executeSql(statement).collect()) {
                it.forEachRemaining(r -> rows.add(String.valueOf(r.getField(0))));
                return rows;
            } catch (TableException e) {
                if (attempt >= 5
                        || !ExceptionUtils.findThrowable(e, ConcurrentCommitException.class).isPresent()) {
                    throw e;
                }
                log(statement + " lost a race, runs again: " + e.getMessage());
            }
        }
    }

    /**
     * Each (writer, checkpoint) was published once, and the rows of the delta files the writer's
     * commits added are the generated events, each exactly once.
     */
    private static void assertEveryCheckpointCommittedOnce(Path dir) throws IOException {
        Set<String> writers = new HashSet<>();
        Map<Long, Long> checkpoints = new LinkedHashMap<>();
        List<Event> committed = new ArrayList<>();
        for (Snapshot s : PUBLISHED) {
            SnapshotSummary summary = SnapshotSummary.of(s);
            assertThat(summary.operation()).isEqualTo(SnapshotSummary.APPEND);
            writers.add(summary.writerId());
            Long previous = checkpoints.put(summary.checkpointId(), s.id());
            assertThat(previous)
                    .as("checkpoint %s published by snapshots %s and %s (seed %s)",
                            summary.checkpointId(), previous, s.id(), SEED)
                    .isNull();
            committed.addAll(SinkTestSupport.eventsAddedBy(dir, s));
        }
        assertThat(writers).as("one writer across the restores").hasSize(1);
        Map<String, Integer> expected =
                SinkTestSupport.fingerprints(SinkTestSupport.events(SEED, FIRST, FIRST + COUNT, KEYS, 5, 1));
        Map<String, Integer> actual = SinkTestSupport.fingerprints(committed);
        assertThat(actual.values().stream().mapToInt(Integer::intValue).sum())
                .as("rows committed (seed %s)", SEED)
                .isEqualTo((int) COUNT);
        assertThat(actual).as("every event exactly once (seed %s)", SEED).isEqualTo(expected);
        log(PUBLISHED.size() + " commits of checkpoints " + checkpoints.keySet());
    }

    /** Writer commits whose predecessor among the writer's commits is not the snapshot before. */
    private static int compactionsBetweenWriterCommits() {
        int gaps = 0;
        long previous = -1;
        for (Snapshot s : PUBLISHED) {
            if (previous > 0 && s.id() > previous + 1) {
                gaps++;
            }
            previous = s.id();
        }
        log("writer commits with other commits before them: " + gaps);
        return gaps;
    }

    /** Compaction and expiration from another thread, as the CLI runs them, until stopped. */
    private static final class Maintenance {
        private final Path dir;
        private final Random random;
        private final AtomicBoolean running = new AtomicBoolean();
        final AtomicInteger compactions = new AtomicInteger();
        final AtomicInteger lostRaces = new AtomicInteger();
        final AtomicInteger expirations = new AtomicInteger();
        volatile Throwable failure;
        private Thread thread;

        Maintenance(Path dir, long seed) {
            this.dir = dir;
            this.random = new Random(seed);
        }

        void start() {
            running.set(true);
            thread = new Thread(this::loop, "cli-maintenance");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            SnapshotStore store = new SnapshotStore(dir);
            while (running.get()) {
                try {
                    Thread.sleep(100 + random.nextInt(200));
                    if (!store.exists() || store.currentId() < 2) {
                        continue;
                    }
                    CompactionPolicy policy =
                            CompactionPolicy.defaults().withMaxDeltasPerSegment(1 + random.nextInt(3));
                    try {
                        CompactionResult r = new Compactor(dir, policy).run();
                        if (r.published() != null) {
                            compactions.incrementAndGet();
                        }
                    } catch (ConcurrentCommitException e) {
                        lostRaces.incrementAndGet(); // another compaction replaced a file first
                    }
                    try {
                        new SnapshotExpiration(dir).retainLast(2).minFileAge(MIN_FILE_AGE).run();
                        expirations.incrementAndGet();
                    } catch (AzofException e) {
                        // Another expiration (the job's) removed a snapshot this one listed.
                        lostRaces.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable t) {
                    failure = t;
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(30_000);
            }
        }

        String report() {
            return compactions + " compactions, " + expirations + " expirations, " + lostRaces + " lost races";
        }
    }

    /** Fails the task once, after the third completed checkpoint: a failover of the writer. */
    private static final class FailAfterThirdCheckpoint extends RichMapFunction<RowData, RowData>
            implements CheckpointListener {
        private final boolean enabled;
        private int completed;

        FailAfterThirdCheckpoint(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public RowData map(RowData row) {
            if (enabled && completed >= 3 && FAILED_ONCE.compareAndSet(false, true)) {
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
