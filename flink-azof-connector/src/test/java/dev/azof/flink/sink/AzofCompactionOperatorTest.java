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
import dev.azof.core.commit.TableCommits;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AzofCompactionOperator}: counts commits, compacts in the background, never fails. */
class AzofCompactionOperatorTest {

    @TempDir java.nio.file.Path tmp;

    private static CommittableMessage<AzofCommittable> committed(long checkpoint, List<PendingFile> files) {
        return new CommittableWithLineage<>(new AzofCommittable("w", checkpoint, null, files), checkpoint, 0);
    }

    private static List<PendingFile> files(Path dir, long i) throws Exception {
        Snapshot s = new SnapshotStore(dir).current();
        List<RowData> rows = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            RowData e = SinkTestSupport.event(7, i * 3 + k, 5, 0);
            rows.add(GenericRowData.of(e.getString(0), e.getString(1), e.getTimestamp(2, 3), false));
        }
        return new TableWriter(dir, s).writeDeltas(rows);
    }

    @Test
    void compactsAfterEveryNCommitsAndWaitsAtEndOfInput() throws Exception {
        Path dir = new Path(tmp.resolve("t").toString());
        TableSpec spec = new TableSpec(SinkTestSupport.schema(), 1, Map.of(TableWriter.SEGMENT_GRANULARITY, "day"));
        TableCommits.createIfMissing(spec, dir);
        TableCommitter committer = new TableCommitter(dir, spec);
        AzofCompactionOperator op =
                new AzofCompactionOperator(
                        dir.toString(),
                        AutoCompaction.everyCommits(3)
                                .withPolicy(CompactionPolicy.defaults().withMaxDeltasPerSegment(1)));
        try (OneInputStreamOperatorTestHarness<CommittableMessage<AzofCommittable>, Void> h =
                new OneInputStreamOperatorTestHarness<>(op)) {
            h.open();
            for (long cp = 1; cp <= 7; cp++) {
                List<PendingFile> f = files(dir, cp);
                committer.commit("w", TableCommitter.UNKNOWN_START, cp, null, f);
                h.processElement(new CommittableSummary<>(0, 1, cp, 1, 0), cp);
                h.processElement(committed(cp, f), cp);
                h.processElement(committed(cp, List.of()), cp); // watermark-only: not counted
            }
            h.endInput();
            h.getOperator().finish();
            // 7 commits, every 3: at least one run, and one more at end of input if due.
            assertThat(op.compactionsPublished()).isBetween(1L, 2L);
        }
        SnapshotStore store = new SnapshotStore(dir);
        boolean compacted = false;
        for (long id = 2; id <= store.currentId(); id++) {
            compacted |= "compact".equals(store.read(id).summary().get("operation"));
        }
        assertThat(compacted).isTrue();
        assertThat(dev.azof.core.validate.TableValidator.validate(dir)).isEmpty();
    }

    @Test
    void aFailingCompactionIsCountedNotThrown() throws Exception {
        Path missing = new Path(tmp.resolve("no-table").toString());
        AzofCompactionOperator op = new AzofCompactionOperator(missing.toString(), AutoCompaction.everyCommits(1));
        try (OneInputStreamOperatorTestHarness<CommittableMessage<AzofCommittable>, Void> h =
                new OneInputStreamOperatorTestHarness<>(op)) {
            h.open();
            List<PendingFile> fake = List.of(new PendingFile(SinkTestSupport.EPOCH, null));
            h.processElement(committed(1, fake), 1);
            h.processElement(committed(2, fake), 2);
            h.endInput();
            h.getOperator().finish();
            assertThat(op.compactionsPublished()).isZero();
            assertThat(op.compactionsFailed()).isPositive();
        }
    }
}
