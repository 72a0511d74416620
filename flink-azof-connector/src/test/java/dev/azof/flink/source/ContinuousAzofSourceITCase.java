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

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableWriter;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .build());

    static final TableSchema SCHEMA =
            TableSchema.of(
                    List.of(
                            Column.of("id", new BigIntType(false)),
                            Column.of("ts", new LocalZonedTimestampType(3)),
                            Column.of("v", new VarCharType(VarCharType.MAX_LENGTH))),
                    List.of("id"),
                    "ts");

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofDays(1);

    /** Rows made exactly once: published when their checkpoint completed, by "subtask/checkpoint". */
    static final Map<String, List<String>> COMMITTED = new ConcurrentHashMap<>();

    static final AtomicBoolean FAIL_ARMED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger BAD_TIMESTAMPS = new AtomicInteger();

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

        Path dir = new Path(tmp.resolve("t").toUri());
        Writer writer = new Writer(dir, rnd, 1 + rnd.nextInt(4));
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

        // Applied per key in emission order, the changelog answers as the oracle does.
        List<Event> applied = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(COMMITTED).entrySet()) {
            for (String fact : e.getValue()) {
                applied.add(toEvent(fact, applied.size()));
            }
        }
        List<Event> truth = new ArrayList<>();
        for (String fact : writer.facts) {
            truth.add(toEvent(fact, truth.size()));
        }
        RowType rowType = SCHEMA.rowType();
        for (int i = 0; i < 30; i++) {
            long t = EventTimes.micros(T0) + (long) (rnd.nextDouble() * 20 * STEP.toMillis() * 1000);
            assertThat(AsOfOracle.expected(applied, t, Integer.MAX_VALUE, rowType))
                    .as(context + ", as of " + EventTimes.instant(t))
                    .isEqualTo(AsOfOracle.expected(truth, t, Integer.MAX_VALUE, rowType));
        }
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
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "azof changes")
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

    /** "snapshot|id|eventMillis|kind|late|v" back into an oracle event. */
    private static Event toEvent(String fact, long arrival) {
        String[] f = fact.split("\\|", -1);
        long id = Long.parseLong(f[1]);
        long millis = Long.parseLong(f[2]);
        boolean deleted = f[3].equals("-D");
        GenericRowData row =
                GenericRowData.of(id, TimestampData.fromEpochMillis(millis), deleted ? null : StringData.fromString(f[5]));
        return new Event(Arrays.asList(id), millis * 1000, row, deleted, Integer.parseInt(f[0]), arrival);
    }

    static String fact(long snapshot, long id, long millis, boolean deleted, Boolean late, String v) {
        return snapshot + "|" + id + "|" + millis + "|" + (deleted ? "-D" : "+I") + "|" + late + "|"
                + (deleted ? "" : v);
    }

    /** Commits random batches through the format core, remembering every fact. */
    private static final class Writer {
        final Path dir;
        final Random rnd;
        final SnapshotStore store;
        final List<String> facts = new ArrayList<>();
        final List<Long> maintenance = new ArrayList<>();
        Snapshot snap;
        int commits;
        Instant watermark = T0;

        Writer(Path dir, Random rnd, int buckets) {
            this.dir = dir;
            this.rnd = rnd;
            this.store = new SnapshotStore(dir);
            Map<String, String> props = Map.of(TableWriter.SEGMENT_GRANULARITY, rnd.nextBoolean() ? "month" : "day");
            this.snap = TableCommits.createTable(dir, SCHEMA, buckets, props);
        }

        void commit() throws Exception {
            Instant before = watermark;
            Instant next = watermark.plus(STEP);
            List<RowData> rows = new ArrayList<>();
            List<Object[]> pending = new ArrayList<>();
            int n = 5 + rnd.nextInt(25);
            for (int i = 0; i < n; i++) {
                long id = rnd.nextInt(30);
                long millis;
                if (rnd.nextDouble() < 0.2) {
                    // late: anywhere at or before the watermark before this commit
                    millis = T0.toEpochMilli() + (long) (rnd.nextDouble() * (before.toEpochMilli() - T0.toEpochMilli() + 1));
                } else {
                    millis = next.toEpochMilli() - (long) (rnd.nextDouble() * 2 * STEP.toMillis());
                }
                millis = Math.max(T0.toEpochMilli(), millis);
                boolean deleted = rnd.nextDouble() < 0.1;
                String v = "v" + rnd.nextInt(1000);
                rows.add(GenericRowData.of(id, TimestampData.fromEpochMillis(millis), StringData.fromString(v), deleted));
                pending.add(new Object[] {id, millis, deleted, v});
            }
            List<PendingFile> files = new TableWriter(dir, snap).writeDeltas(rows);
            snap = TableCommits.commitFiles(store, snap, files, Map.of("operation", "test-write", "watermark", next.toString()));
            watermark = next;
            commits++;
            for (Object[] p : pending) {
                long millis = (long) p[1];
                boolean late = before.isAfter(T0) && millis <= before.toEpochMilli();
                facts.add(fact(snap.id(), (long) p[0], millis, (boolean) p[2], late, (String) p[3]));
            }
        }

        void compact() throws Exception {
            new Compactor(dir, CompactionPolicy.defaults().withMaxDeltasPerSegment(1)).run();
            Snapshot now = store.current();
            if (now.id() != snap.id()) {
                maintenance.add(now.id());
            }
            snap = now;
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
            boolean deleted = row.getRowKind() == RowKind.DELETE;
            if (!deleted && row.getRowKind() != RowKind.INSERT) {
                BAD_TIMESTAMPS.incrementAndGet();
            }
            buffer.add(
                    fact(
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
            String key = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "/" + context.getCheckpointId();
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
            assertThat(key).isNotNull();
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
