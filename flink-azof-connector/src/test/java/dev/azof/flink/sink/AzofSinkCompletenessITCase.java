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
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.table.AzofTable;
import dev.azof.flink.source.AzofSource;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
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
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a commit records as the table's watermark, and one meaning of "late" for the sink's
 * policy and {@code scan.require-complete} (docs/spec.md, section 7.5): a batch load followed by
 * a streaming job, and the reverse. Seed: -Dazof.seed.
 */
@Timeout(180)
class AzofSinkCompletenessITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final long SEED = Long.getLong("azof.seed", System.nanoTime());
    private static final Instant JAN = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant MAY = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant JUL = Instant.parse("2024-07-01T00:00:00Z");

    @TempDir java.nio.file.Path tmp;

    private int rowsMade;

    /** {@code count} rows with distinct random event times in [from, to), random keys. */
    private List<RowData> rows(Random random, Instant from, Instant to, int count) {
        List<RowData> out = new ArrayList<>();
        long span = Duration.between(from, to).toMillis();
        for (int i = 0; i < count; i++) {
            int n = rowsMade++;
            // Distinct times: whole seconds plus the row's number in milliseconds.
            long millis = from.toEpochMilli() + random.nextLong(span / 1000 - 1) * 1000 + n % 1000;
            out.add(row("k" + random.nextInt(40), "v" + n, millis));
        }
        return out;
    }

    private static RowData row(String k, String v, long millis) {
        return GenericRowData.of(
                StringData.fromString(k), StringData.fromString(v), TimestampData.fromEpochMillis(millis));
    }

    private static long maxMillis(List<RowData> rows) {
        return rows.stream().mapToLong(r -> r.getTimestamp(2, 3).getMillisecond()).max().getAsLong();
    }

    /** Writes the rows in one job: batch, or streaming with watermarks and checkpoints. */
    private static void write(String path, List<RowData> rows, boolean batch, LateRecords late)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        if (batch) {
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        } else {
            env.enableCheckpointing(100);
        }
        env.fromData(InternalTypeInfo.of(SinkTestSupport.rowType()), rows.toArray(new RowData[0]))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<RowData>forBoundedOutOfOrderness(Duration.ofHours(1))
                                .withTimestampAssigner((r, ts) -> r.getTimestamp(2, 3).getMillisecond()))
                .sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema())
                                .path(path)
                                .buckets(2)
                                .segmentGranularity("month")
                                .lateRecords(late)
                                .build());
        env.execute(batch ? "azof batch load" : "azof streaming job");
    }

    private static Instant recorded(String path) {
        SnapshotStore store = new SnapshotStore(new Path(path));
        return TableCommitter.recordedWatermark(store, store.current());
    }

    private static void assertLateRecordFailure(Throwable e, Instant tableWatermark) {
        String text = ExceptionUtils.stringifyException(e);
        assertThat(text)
                .contains("late record for table")
                .contains("at or behind the table's recorded watermark " + tableWatermark);
    }

    private static void assertRequireComplete(String path, Instant complete) {
        // Complete up to and including the recorded watermark; not a millisecond after it.
        AzofSource.builder().path(path).asOf(AsOf.at(complete)).requireComplete(true).build();
        assertThatThrownBy(
                        () ->
                                AzofSource.builder()
                                        .path(path)
                                        .asOf(AsOf.at(complete.plusMillis(1)))
                                        .requireComplete(true)
                                        .build())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("after its recorded watermark " + complete);
    }

    private static void assertMatchesOracle(String path, List<List<RowData>> jobs, Random random)
            throws Exception {
        List<Event> events = new ArrayList<>();
        long arrival = 0;
        for (int job = 0; job < jobs.size(); job++) {
            for (RowData r : jobs.get(job)) {
                events.add(SinkTestSupport.toEvent(r, job + 1, arrival++));
            }
        }
        AzofTable table = AzofTable.open(path);
        long span = Duration.between(JAN, JUL).toMillis();
        for (int i = 0; i < 8; i++) {
            Instant t = JAN.plusMillis(random.nextLong(span));
            assertThat(SinkTestSupport.read(table, t))
                    .as("as of %s (seed %s)", t, SEED)
                    .isEqualTo(AsOfOracle.expected(events, EventTimes.micros(t), Integer.MAX_VALUE, SinkTestSupport.rowType()));
        }
    }

    /**
     * A batch load of history, then a streaming job: the load records the greatest event time it
     * wrote (not the end of time), so the streaming job's rows after it are on time and a row four
     * months behind fails 'fail' although the streaming job has no watermark of its own yet.
     */
    @Test
    void batchLoadThenStreamingJob() throws Exception {
        Random random = new Random(SEED);
        System.out.println("AzofSinkCompletenessITCase.batchLoadThenStreamingJob seed " + SEED);
        String path = tmp.resolve("batch-first").toString();
        List<RowData> history = rows(random, JAN, MAY, 150);
        write(path, history, true, LateRecords.KEEP);
        Instant loaded = Instant.ofEpochMilli(maxMillis(history));
        assertThat(recorded(path)).isEqualTo(loaded);
        assertRequireComplete(path, loaded);

        // A row four months behind the data comes first: the streaming job's own watermark is
        // not there yet, the table's is.
        List<RowData> stream = new ArrayList<>();
        stream.add(row("k1", "four months late", loaded.minus(Duration.ofDays(120)).toEpochMilli()));
        stream.addAll(rows(random, loaded.plusMillis(1), JUL, 100));
        long snapshot = new SnapshotStore(new Path(path)).currentId();
        assertThatThrownBy(() -> write(path, stream, false, LateRecords.FAIL))
                .satisfies(e -> assertLateRecordFailure(e, loaded));
        assertThat(new SnapshotStore(new Path(path)).currentId()).isEqualTo(snapshot);

        // The same job without it: a row a millisecond after the load's watermark is on time.
        List<RowData> onTime = new ArrayList<>(stream.subList(1, stream.size()));
        onTime.add(row("k2", "just after", loaded.toEpochMilli() + 1));
        write(path, onTime, false, LateRecords.FAIL);
        Instant streamed = Instant.ofEpochMilli(maxMillis(onTime));
        assertThat(recorded(path)).isEqualTo(streamed);
        assertRequireComplete(path, streamed);
        assertMatchesOracle(path, List.of(history, onTime), random);
    }

    /**
     * A streaming job, then batch loads: a backfill of older history is late (kept by default,
     * refused by 'fail') and never moves the table's watermark back; a load of newer data moves
     * it to the greatest event time it wrote.
     */
    @Test
    void streamingJobThenBatchLoads() throws Exception {
        Random random = new Random(SEED + 1);
        System.out.println("AzofSinkCompletenessITCase.streamingJobThenBatchLoads seed " + (SEED + 1));
        String path = tmp.resolve("stream-first").toString();
        List<RowData> stream = rows(random, MAY, Instant.parse("2024-06-01T00:00:00Z"), 150);
        write(path, stream, false, LateRecords.FAIL);
        Instant streamed = Instant.ofEpochMilli(maxMillis(stream));
        assertThat(recorded(path)).isEqualTo(streamed);

        List<RowData> backfill = rows(random, JAN, MAY, 100);
        long snapshot = new SnapshotStore(new Path(path)).currentId();
        assertThatThrownBy(() -> write(path, backfill, true, LateRecords.FAIL))
                .satisfies(e -> assertLateRecordFailure(e, streamed));
        assertThat(new SnapshotStore(new Path(path)).currentId()).isEqualTo(snapshot);
        write(path, backfill, true, LateRecords.KEEP);
        assertThat(recorded(path)).as("a backfill never moves the watermark back").isEqualTo(streamed);
        assertRequireComplete(path, streamed);

        List<RowData> newer = rows(random, streamed.plusMillis(1), JUL, 100);
        write(path, newer, true, LateRecords.FAIL);
        Instant loaded = Instant.ofEpochMilli(maxMillis(newer));
        assertThat(recorded(path)).isEqualTo(loaded);
        assertRequireComplete(path, loaded);
        assertMatchesOracle(path, List.of(stream, backfill, newer), random);
    }

    /**
     * A bounded job with checkpoints fails once after a completed checkpoint and restarts from it:
     * the watermark it records at the end is still the greatest event time it wrote, and every row
     * is in the table once (the files hold as many rows as the input).
     */
    @Test
    @Timeout(60)
    void boundedJobRecordsItsWatermarkAcrossAFailure() throws Exception {
        Random random = new Random(SEED + 2);
        System.out.println("AzofSinkCompletenessITCase.boundedJobRecordsItsWatermarkAcrossAFailure seed " + (SEED + 2));
        String path = tmp.resolve("failing-job").toString();
        // Out of order within the job's watermark delay.
        List<RowData> input = rows(random, JAN, JUL, 200);
        java.util.Collections.shuffle(input, random);
        // The greatest time first: written before the failure, the restarted job must remember it.
        RowData greatest = input.stream().max(java.util.Comparator.comparingLong(r -> r.getTimestamp(2, 3).getMillisecond())).get();
        input.remove(greatest);
        input.add(0, greatest);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        BOUNDED_FAILED.set(false);
        BOUNDED_CHECKPOINTED.set(false);
        env.fromData(InternalTypeInfo.of(SinkTestSupport.rowType()), input.toArray(new RowData[0]))
                // Chained to the (single) source, so that checkpoint barriers pass between slow
                // rows instead of queueing behind all of them.
                .map(new SlowThenFailOnceAfterCheckpoint())
                .returns(InternalTypeInfo.of(SinkTestSupport.rowType()))
                .setParallelism(1)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<RowData>forBoundedOutOfOrderness(Duration.ofDays(200))
                                .withTimestampAssigner((r, ts) -> r.getTimestamp(2, 3).getMillisecond()))
                .sinkTo(AzofSink.forRowData(SinkTestSupport.schema()).path(path).buckets(2).segmentGranularity("month").build());
        env.execute("azof bounded job failing once");

        assertThat(BOUNDED_FAILED.get()).as("the job failed once (seed %s)", SEED + 2).isTrue();
        assertThat(recorded(path)).as("seed %s", SEED + 2).isEqualTo(Instant.ofEpochMilli(maxMillis(input)));
        assertRequireComplete(path, Instant.ofEpochMilli(maxMillis(input)));
        long rowsInFiles = 0;
        for (dev.azof.core.metadata.DataFile f : new SnapshotStore(new Path(path)).current().allFiles()) {
            rowsInFiles += f.rows();
        }
        assertThat(rowsInFiles).as("every row once (seed %s)", SEED + 2).isEqualTo(input.size());
        assertMatchesOracle(path, List.of(input), random);
    }

    static final java.util.concurrent.atomic.AtomicBoolean BOUNDED_FAILED = new java.util.concurrent.atomic.AtomicBoolean();
    static final java.util.concurrent.atomic.AtomicBoolean BOUNDED_CHECKPOINTED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Slows the first attempt down so that checkpoints complete while rows flow, and throws once
     * on a row after a checkpoint that followed rows completed.
     */
    static final class SlowThenFailOnceAfterCheckpoint
            implements org.apache.flink.api.common.functions.MapFunction<RowData, RowData>,
                    org.apache.flink.api.common.state.CheckpointListener {
        private boolean sawRows;

        @Override
        public RowData map(RowData row) throws Exception {
            if (BOUNDED_FAILED.get()) {
                return row;
            }
            if (BOUNDED_CHECKPOINTED.get() && BOUNDED_FAILED.compareAndSet(false, true)) {
                throw new RuntimeException("expected test failure in the bounded job");
            }
            sawRows = true;
            Thread.sleep(10);
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (sawRows) {
                BOUNDED_CHECKPOINTED.set(true);
            }
        }
    }
}
