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

import dev.azof.flink.source.enumerator.AzofEnumeratorState;
import dev.azof.flink.source.enumerator.StaticAzofSplitEnumerator;
import dev.azof.flink.source.split.AzofSourceSplit;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

class StaticAzofSplitEnumeratorTest {

    /** Records what the enumerator does; flink-connector-test-utils is not on the classpath. */
    static final class RecordingContext implements SplitEnumeratorContext<AzofSourceSplit> {
        final Map<Integer, ReaderInfo> readers = new HashMap<>();
        final Map<Integer, List<AzofSourceSplit>> assigned = new HashMap<>();
        final Set<Integer> noMoreSplits = new HashSet<>();

        void register(int subtask) {
            readers.put(subtask, new ReaderInfo(subtask, "localhost"));
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return null;
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

        @Override
        public int currentParallelism() {
            return 2;
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return readers;
        }

        @Override
        public void assignSplits(SplitsAssignment<AzofSourceSplit> assignment) {
            assignment.assignment()
                    .forEach((k, v) -> assigned.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            noMoreSplits.add(subtask);
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> void callAsync(
                Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            runnable.run();
        }
    }

    @Test
    void handsOutOneSplitPerRequestThenSignalsTheEnd() {
        List<AzofSourceSplit> splits = AzofEnumeratorStateSerializerTest.splits(3);
        RecordingContext ctx = new RecordingContext();
        ctx.register(0);
        ctx.register(1);
        StaticAzofSplitEnumerator e = new StaticAzofSplitEnumerator(ctx, splits);
        e.start();

        e.handleSplitRequest(0, "localhost");
        e.handleSplitRequest(1, "localhost");
        assertThat(ctx.assigned.get(0)).containsExactly(splits.get(0));
        assertThat(ctx.assigned.get(1)).containsExactly(splits.get(1));
        assertThat(e.snapshotState(1).remainingSplits()).containsExactly(splits.get(2));

        e.handleSplitRequest(0, "localhost");
        assertThat(ctx.assigned.get(0)).containsExactly(splits.get(0), splits.get(2));
        assertThat(ctx.noMoreSplits).isEmpty();

        e.handleSplitRequest(1, "localhost");
        e.handleSplitRequest(0, "localhost");
        assertThat(ctx.noMoreSplits).containsExactlyInAnyOrder(0, 1);
        assertThat(e.snapshotState(2).remainingSplits()).isEmpty();
    }

    @Test
    void failedReadersSplitsComeBackAndAreReassigned() {
        List<AzofSourceSplit> splits = AzofEnumeratorStateSerializerTest.splits(2);
        RecordingContext ctx = new RecordingContext();
        ctx.register(0);
        ctx.register(1);
        StaticAzofSplitEnumerator e = new StaticAzofSplitEnumerator(ctx, splits);
        e.handleSplitRequest(0, null);
        e.handleSplitRequest(1, null);

        // Subtask 1 fails with its split, after having emitted some of it (kept in the split).
        AzofSourceSplit partlyRead = splits.get(1).withRecordsEmitted(7);
        ctx.readers.remove(1);
        e.addSplitsBack(List.of(partlyRead), 1);
        assertThat(e.snapshotState(3).remainingSplits()).containsExactly(partlyRead);

        // A request of the failed reader that arrives late is ignored.
        e.handleSplitRequest(1, null);
        assertThat(ctx.assigned.get(1)).containsExactly(splits.get(1));

        ctx.register(1);
        e.addReader(1);
        e.handleSplitRequest(1, null);
        assertThat(ctx.assigned.get(1)).containsExactly(splits.get(1), partlyRead);
        e.handleSplitRequest(1, null);
        assertThat(ctx.noMoreSplits).containsExactly(1);
    }

    @Test
    void restoredEnumeratorContinuesWithRemainingSplits() {
        List<AzofSourceSplit> splits = AzofEnumeratorStateSerializerTest.splits(4);
        RecordingContext ctx = new RecordingContext();
        ctx.register(0);
        StaticAzofSplitEnumerator restored =
                new StaticAzofSplitEnumerator(ctx, new AzofEnumeratorState(splits.subList(2, 4)).remainingSplits());
        restored.handleSplitRequest(0, null);
        restored.handleSplitRequest(0, null);
        restored.handleSplitRequest(0, null);
        assertThat(ctx.assigned.get(0)).containsExactly(splits.get(2), splits.get(3));
        assertThat(ctx.noMoreSplits).containsExactly(0);
    }
}
