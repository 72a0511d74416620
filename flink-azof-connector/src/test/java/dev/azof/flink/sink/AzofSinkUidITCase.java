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
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Savepoints into changed jobs: a DataStream job is upgraded twice by stop-with-savepoint and
 * restore, each time with an operator added upstream of the sink, the way jobs evolve. The sink's
 * uid must carry all its state, also the commit aggregator's (the writer id), whose id Flink
 * would otherwise generate from its place in the graph.
 *
 * <ol>
 *   <li>A job whose sink has no uid is stopped with a savepoint.
 *   <li>Changed, with a uid on the sink (and {@code pipeline.auto-generate-uids = false}, which
 *       needs a uid on every operator): the old state has no uid to map to, so only {@code
 *       allowNonRestoredState} starts it, as a new writer that takes the table over. It is
 *       stopped with a savepoint.
 *   <li>Changed again: restores from that savepoint without {@code allowNonRestoredState}, keeps
 *       the writer id, and runs to the end of input.
 * </ol>
 *
 * <p>Checks: the input's rows are committed exactly once across the three jobs, each writer's
 * checkpoint once, the last job commits as the second job's writer, reads at random times equal
 * the oracle, and the table validates. With generated ids the third restore fails (as the second
 * step shows).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AzofSinkUidITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());
    private static final int KEYS = 120;
    private static final long FIRST = 100;
    private static final long COUNT = 1_600;
    private static final double PER_SECOND = 400;

    private static final ConcurrentLinkedQueue<Snapshot> PUBLISHED = new ConcurrentLinkedQueue<>();

    @TempDir java.nio.file.Path tmp;

    @Test
    void savepointsRestoreIntoChangedJobsWhenTheSinkHasAUid() throws Exception {
        System.out.println("AzofSinkUidITCase seed " + SEED + " (rerun with -Dazof.test.seed=" + SEED + ")");
        Path dir = new Path(tmp.resolve("t").toString());
        PUBLISHED.clear();
        TableCommitter.setTestHook((table, id) -> PUBLISHED.add(new SnapshotStore(table).read(id)));
        try {
            // 1. No uid on the sink.
            JobClient a = submit(dir, 0, null, null, false);
            String first = stopWithSavepointAfter(a, 3);

            // 2. Changed (an operator added upstream), the sink with a uid: the old state has no
            //    uid to map to, so only allowNonRestoredState starts it, as a new writer.
            StreamExecutionEnvironment refused = environment(first, false);
            pipeline(refused, dir, 1, "azof-sink");
            assertThatThrownBy(() -> refused.execute("changed, restored without allowNonRestoredState"))
                    .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("allowNonRestoredState"));
            JobClient b = submit(dir, 1, "azof-sink", first, true);
            String second = stopWithSavepointAfter(b, PUBLISHED.size() + 3);

            // 3. Changed again: restores without allowNonRestoredState.
            StreamExecutionEnvironment c = environment(second, false);
            pipeline(c, dir, 2, "azof-sink");
            c.execute("changed again, restored");
        } finally {
            TableCommitter.setTestHook(null);
        }

        List<String> writers = writersInCommitOrder();
        assertThat(writers).as("the first job's writer, then the one the second and third job share").hasSize(2);
        assertEveryRowCommittedOnce(dir);
        SinkTestSupport.assertReadsEqualTheOracle(
                dir, SinkTestSupport.events(SEED, FIRST, FIRST + COUNT, KEYS, 5, 1), SEED, 5, 600);
        assertThat(TableValidator.validate(dir)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    private JobClient submit(Path dir, int addedOperators, String sinkUid, String restoreFrom, boolean allowNonRestored)
            throws Exception {
        StreamExecutionEnvironment env = environment(restoreFrom, allowNonRestored);
        pipeline(env, dir, addedOperators, sinkUid);
        return env.executeAsync("ingest with " + addedOperators + " added operators");
    }

    private StreamExecutionEnvironment environment(String restoreFrom, boolean allowNonRestored) {
        Configuration conf = new Configuration();
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestored);
            // Every operator of the changed jobs needs a uid or Flink refuses the job.
            conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        return env;
    }

    /** The source, {@code addedOperators} pass-through operators, the sink (compacting). */
    private static void pipeline(StreamExecutionEnvironment env, Path dir, int addedOperators, String sinkUid) {
        DataStream<RowData> rows =
                env.fromSource(
                                SinkTestSupport.generator(SEED, FIRST, COUNT, KEYS, 5, PER_SECOND),
                                SinkTestSupport.watermarks(),
                                "changelog")
                        .uid("source");
        if (addedOperators >= 1) {
            rows = rows.map((MapFunction<RowData, RowData>) r -> r)
                    .returns(InternalTypeInfo.of(SinkTestSupport.rowType()))
                    .uid("added-map");
        }
        if (addedOperators >= 2) {
            rows = rows.filter((FilterFunction<RowData>) r -> true).uid("added-filter");
        }
        DataStreamSink<RowData> sink =
                rows.sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema())
                                .deleteTime(DeleteTime.ROW)
                                .path(dir.toString())
                                .buckets(2)
                                .segmentGranularity("day")
                                .compaction(AutoCompaction.everyCommits(2))
                                .build());
        if (sinkUid != null) {
            sink.uid(sinkUid);
        }
    }

    private String stopWithSavepointAfter(JobClient job, int commits) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (PUBLISHED.size() < commits) {
            assertThat(job.getJobExecutionResult()).as("job still running").isNotDone();
            assertThat(System.nanoTime()).as("%s commits in time", commits).isLessThan(deadline);
            Thread.sleep(20);
        }
        return job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
    }

    private static List<String> writersInCommitOrder() {
        Set<String> writers = new LinkedHashSet<>();
        for (Snapshot s : PUBLISHED) {
            writers.add(SnapshotSummary.of(s).writerId());
        }
        return new ArrayList<>(writers);
    }

    /** Each writer's checkpoints published once, and the committed rows are the input's, each once. */
    private static void assertEveryRowCommittedOnce(Path dir) throws Exception {
        Set<String> commits = new LinkedHashSet<>();
        List<Event> committed = new ArrayList<>();
        for (Snapshot s : PUBLISHED) {
            SnapshotSummary summary = SnapshotSummary.of(s);
            assertThat(commits.add(summary.writerId() + "/" + summary.checkpointId()))
                    .as("checkpoint %s of writer %s published twice (seed %s)", summary.checkpointId(), summary.writerId(), SEED)
                    .isTrue();
            committed.addAll(SinkTestSupport.eventsAddedBy(dir, s));
        }
        List<Event> expected = SinkTestSupport.events(SEED, FIRST, FIRST + COUNT, KEYS, 5, 1);
        assertThat(SinkTestSupport.fingerprints(committed))
                .as("every input row exactly once (seed %s)", SEED)
                .isEqualTo(SinkTestSupport.fingerprints(expected));
    }
}
