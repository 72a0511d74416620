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
import dev.azof.core.commit.TableCommits;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.commit.WriterFencedException;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.plan.AsOf;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;
import dev.azof.flink.source.AzofSource;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkCommitterMetricGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AzofCommitter}: idempotent commits across restores, and completeness checks on reads. */
class AzofCommitterTest {

    @TempDir java.nio.file.Path tmp;

    private String path() {
        return tmp.resolve("t").toString();
    }

    private static TableSpec spec() {
        return new TableSpec(SinkTestSupport.schema(), 2, Map.of(TableWriter.SEGMENT_GRANULARITY, "day"));
    }

    private AzofCommitter committer() {
        return new AzofCommitter(
                path(),
                spec(),
                InternalSinkCommitterMetricGroup.wrap(UnregisteredMetricsGroup.createOperatorMetricGroup()));
    }

    private AzofCommittable committable(String writerId, long checkpoint, Long watermark, String key)
            throws Exception {
        Snapshot s = TableCommits.resolve(spec(), new Path(path()));
        RowData row =
                GenericRowData.of(
                        StringData.fromString(key),
                        StringData.fromString("v"),
                        TimestampData.fromInstant(Instant.parse("2024-01-01T00:00:00Z")),
                        false);
        List<PendingFile> files = new TableWriter(new Path(path()), s).writeDeltas(List.of(row));
        return new AzofCommittable(writerId, checkpoint, watermark, files);
    }

    /** A request as the CommitterOperator hands it over; records what the committer signalled. */
    private static final class Request implements Committer.CommitRequest<AzofCommittable> {
        final AzofCommittable committable;
        boolean alreadyCommitted;

        Request(AzofCommittable committable) {
            this.committable = committable;
        }

        @Override
        public AzofCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            throw new AssertionError("unexpected", t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            throw new AssertionError("unexpected", t);
        }

        @Override
        public void retryLater() {
            throw new AssertionError("unexpected");
        }

        @Override
        public void updateAndRetryLater(AzofCommittable c) {
            throw new AssertionError("unexpected");
        }

        @Override
        public void signalAlreadyCommitted() {
            alreadyCommitted = true;
        }
    }

    @Test
    void sameCommittableTwicePublishesOnce() throws Exception {
        AzofCommittable c = committable("w1", 5, null, "a");
        AzofCommitter committer = committer();
        Request first = new Request(c);
        committer.commit(List.of(first));
        assertThat(first.alreadyCommitted).isFalse();
        // A restore replays the committable from the committer's state.
        Request again = new Request(c);
        committer.commit(List.of(again));
        assertThat(again.alreadyCommitted).isTrue();
        assertThat(new SnapshotStore(new Path(path())).currentId()).isEqualTo(2);
    }

    @Test
    void committableRestoredIntoANewJobIsNotCommittedTwice() throws Exception {
        // Job 1 commits checkpoints 3 and 4, then a savepoint holding checkpoint 4's committable
        // (taken before its commit was acknowledged) is restored into job 2: same writer id (from
        // the aggregator's state), new job id, new committer.
        AzofCommittable c3 = committable("w1", 3, null, "a");
        AzofCommittable c4 = committable("w1", 4, null, "b");
        committer().commit(List.of(new Request(c4), new Request(c3)));
        SnapshotStore store = new SnapshotStore(new Path(path()));
        assertThat(store.read(2).summary()).containsEntry("checkpoint-id", "3");
        assertThat(store.read(3).summary()).containsEntry("checkpoint-id", "4");

        AzofCommitter job2 = committer();
        Request restored = new Request(c4);
        job2.commit(List.of(restored));
        assertThat(restored.alreadyCommitted).isTrue();
        assertThat(store.currentId()).isEqualTo(3);
        // The new job goes on with later checkpoints of the same writer id.
        job2.commit(List.of(new Request(committable("w1", 5, null, "c"))));
        assertThat(store.currentId()).isEqualTo(4);
    }

    @Test
    void secondWriterMakesTheCommitFail() throws Exception {
        AzofCommitter a = committer();
        a.commit(List.of(new Request(committable("job-a", 1, null, "a"))));
        committer().commit(List.of(new Request(committable("job-b", 1, null, "b"))));
        AzofCommittable next = committable("job-a", 2, null, "c");
        // A fenced writer fails its job for good: the restart strategy must not bring it back.
        assertThatThrownBy(() -> a.commit(List.of(new Request(next))))
                .isInstanceOf(SuppressRestartsException.class)
                .cause()
                .isInstanceOf(WriterFencedException.class)
                .hasMessageContaining("is written by another job: writer job-b committed snapshot 3")
                .hasMessageContaining("a table has a single writer");
    }

    @Test
    void readAfterTheRecordedWatermarkWarnsOrFails() throws Exception {
        long jan2 = Instant.parse("2024-01-02T00:00:00Z").toEpochMilli();
        committer().commit(List.of(new Request(committable("w", 1, jan2, "a"))));
        AsOf before = AsOf.parse("2024-01-01T12:00:00Z");
        AsOf after = AsOf.parse("2024-01-03T00:00:00Z");
        AzofSource.builder().path(path()).asOf(before).requireComplete(true).build();
        // Without the option: a warning only.
        AzofSource.builder().path(path()).asOf(after).build();
        assertThatThrownBy(
                        () ->
                                AzofSource.builder()
                                        .path(path())
                                        .asOf(after)
                                        .requireComplete(true)
                                        .build())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("after its recorded watermark 2024-01-02T00:00:00Z")
                .hasMessageContaining("scan.require-complete");
        assertThat(TableCommitter.recordedWatermark(
                        new SnapshotStore(new Path(path())), new SnapshotStore(new Path(path())).current()))
                .isEqualTo(Instant.ofEpochMilli(jan2));
    }
}
