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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.azof.core.compaction.SnapshotExpiration;
import dev.azof.core.incremental.CommitChanges;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.plan.ScanTask;
import dev.azof.flink.source.enumerator.AzofEnumeratorState;
import dev.azof.flink.source.enumerator.ContinuousAzofSplitEnumerator;
import dev.azof.flink.source.enumerator.TableWatermarkEvent;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.SplitOrigin;
import dev.azof.testing.StreamingWriter;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * The streaming enumerator: splits go to their bucket's reader in commit order, failed readers'
 * splits come back first, position and pending splits are checkpointed together, every reader is
 * told the table's watermark after its splits, and an expired snapshot fails the read.
 */
class ContinuousAzofSplitEnumeratorTest {

    @TempDir java.nio.file.Path tmp;

    /** Records assignments and events; runs discoveries only when the test says so. */
    static final class DrivenContext implements SplitEnumeratorContext<AzofSourceSplit> {
        final Map<Integer, ReaderInfo> readers = new HashMap<>();
        final Map<Integer, List<AzofSourceSplit>> assigned = new HashMap<>();
        final Map<Integer, List<Object>> received = new HashMap<>();
        Callable<Object> discovery;
        BiConsumer<Object, Throwable> handler;
        final int parallelism;

        DrivenContext(int parallelism) {
            this.parallelism = parallelism;
        }

        void register(int subtask) {
            readers.put(subtask, new ReaderInfo(subtask, "localhost"));
        }

        /** Runs one discovery and hands its result to the enumerator. */
        void discover() {
            Object result = null;
            Throwable error = null;
            try {
                result = discovery.call();
            } catch (Throwable t) {
                error = t;
            }
            handler.accept(result, error);
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return null;
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
            received.computeIfAbsent(subtaskId, x -> new ArrayList<>()).add(event);
        }

        @Override
        public int currentParallelism() {
            return parallelism;
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return readers;
        }

        @Override
        public void assignSplits(SplitsAssignment<AzofSourceSplit> assignment) {
            assignment.assignment().forEach((k, v) -> {
                assigned.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v);
                received.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v);
            });
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            throw new AssertionError("a streaming read never ends");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            this.discovery = (Callable<Object>) callable;
            this.handler = (BiConsumer<Object, Throwable>) handler;
        }

        @Override
        public <T> void callAsync(
                Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
            callAsync(callable, handler);
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            runnable.run();
        }
    }

    private static ContinuousAzofSplitEnumerator enumerator(
            DrivenContext ctx, Path dir, List<AzofSourceSplit> pending, long position) {
        return new ContinuousAzofSplitEnumerator(
                ctx,
                dir,
                100,
                ContinuousAzofSplitEnumeratorTest::splitsOf,
                pending,
                position,
                AzofEnumeratorState.NO_WATERMARK);
    }

    static List<AzofSourceSplit> splitsOf(CommitChanges c) {
        List<AzofSourceSplit> out = new ArrayList<>();
        for (Map.Entry<Integer, List<DataFile>> e : c.deltasByBucket().entrySet()) {
            out.add(
                    new AzofSourceSplit(
                            "c" + c.snapshotId() + "-b" + e.getKey(),
                            new ScanTask(e.getKey(), ScanTask.MergeMode.LATEST_EVENT_TIME, e.getValue()),
                            0,
                            new SplitOrigin(SplitOrigin.Kind.CHANGES, c.snapshotId(), c.commitMillis(), SplitOrigin.NONE, SplitOrigin.NONE)));
        }
        return out;
    }

    @Test
    void assignsByBucketInCommitOrderAndCheckpointsPositionWithPendingSplits() throws Exception {
        Path dir = new Path(tmp.resolve("t").toUri());
        StreamingWriter writer = new StreamingWriter(dir, new Random(3), 4, 40, null, false);
        long first = writer.commit();
        DrivenContext ctx = new DrivenContext(3);
        ContinuousAzofSplitEnumerator e = enumerator(ctx, dir, List.of(), first);
        e.start();
        ctx.register(0);
        e.addReader(0);
        for (int i = 0; i < 3; i++) {
            writer.commit();
        }
        ctx.discover();

        // Reader 0 got its buckets (0 and 3); the others' splits wait, in state with the position.
        long current = first + 3;
        for (AzofSourceSplit s : ctx.assigned.get(0)) {
            assertThat(s.task().bucket() % 3).isZero();
        }
        AzofEnumeratorState state = e.snapshotState(1);
        assertThat(state.position()).isEqualTo(current);
        assertThat(state.watermarkMillis()).isEqualTo(writer.watermark().toEpochMilli());
        for (AzofSourceSplit s : state.remainingSplits()) {
            assertThat(s.task().bucket() % 3).isNotZero();
        }
        assertThat(ctx.assigned.get(0).size() + state.remainingSplits().size()).isGreaterThan(3);

        // The watermark event follows the splits it covers.
        List<Object> toReader0 = ctx.received.get(0);
        assertThat(toReader0.get(toReader0.size() - 1)).isInstanceOf(TableWatermarkEvent.class);

        // Reader 1 comes up and gets its waiting splits, in commit order, then the watermark.
        ctx.register(1);
        e.addReader(1);
        assertCommitOrder(ctx.assigned.get(1));
        assertThat(ctx.received.get(1).get(ctx.received.get(1).size() - 1))
                .isEqualTo(toReader0.get(toReader0.size() - 1));

        // Reader 1 fails: its splits come back before newer ones of its buckets.
        List<AzofSourceSplit> back = new ArrayList<>(ctx.assigned.get(1));
        ctx.readers.remove(1);
        writer.commit();
        ctx.discover();
        e.addSplitsBack(back, 1);
        ctx.assigned.remove(1);
        ctx.register(1);
        e.addReader(1);
        assertThat(ctx.assigned.get(1).subList(0, back.size())).isEqualTo(back);
        assertCommitOrder(ctx.assigned.get(1));

        // A discovery that finds nothing new changes nothing.
        int before = ctx.assigned.values().stream().mapToInt(List::size).sum();
        ctx.discover();
        assertThat(ctx.assigned.values().stream().mapToInt(List::size).sum()).isEqualTo(before);
        assertThat(e.snapshotState(2).position()).isEqualTo(current + 1);
    }

    @Test
    void expiredSnapshotAfterThePositionFailsTheRead() throws Exception {
        Path dir = new Path(tmp.resolve("e").toUri());
        StreamingWriter writer = new StreamingWriter(dir, new Random(5), 2, 20, null, false);
        long first = writer.commit();
        for (int i = 0; i < 4; i++) {
            writer.commit();
        }
        new SnapshotExpiration(dir).minFileAge(Duration.ZERO).retainLast(2).run();
        DrivenContext ctx = new DrivenContext(2);
        ContinuousAzofSplitEnumerator e = enumerator(ctx, dir, List.of(), first);
        e.start();
        assertThatThrownBy(ctx::discover)
                .hasMessageContaining("snapshot " + (first + 1) + " ")
                .hasMessageContaining("has expired");
    }

    private static void assertCommitOrder(List<AzofSourceSplit> splits) {
        Map<Integer, Long> last = new HashMap<>();
        for (AzofSourceSplit s : splits) {
            long previous = last.getOrDefault(s.task().bucket(), Long.MIN_VALUE);
            assertThat(s.origin().snapshotId()).as(s.toString()).isGreaterThan(previous);
            last.put(s.task().bucket(), s.origin().snapshotId());
        }
    }
}
