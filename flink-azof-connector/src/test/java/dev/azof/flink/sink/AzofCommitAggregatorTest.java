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

import dev.azof.core.metadata.DataFile;
import dev.azof.core.write.PendingFile;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the aggregator records as the watermark of a checkpoint, and at end of input. */
class AzofCommitAggregatorTest {

    @TempDir java.nio.file.Path tmp;

    private static final Instant MAY = Instant.parse("2024-05-01T00:00:00Z");

    private static PendingFile file(String name, Instant maxEventTime) {
        return new PendingFile(
                MAY,
                DataFile.builder(name, DataFile.Kind.DELTA)
                        .bucket(0)
                        .rows(1)
                        .bytes(1)
                        .eventTimes(maxEventTime, maxEventTime)
                        .build());
    }

    private static CommittableWithLineage<AzofCommittable> partial(long cp, Long watermark, PendingFile... files) {
        return new CommittableWithLineage<>(
                new AzofCommittable(AzofCommittable.NO_WRITER_ID, cp, watermark, List.of(files)), cp, 0);
    }

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<?, CommittableMessage<AzofCommittable>> h) {
        List<Long> out = new ArrayList<>();
        for (CommittableMessage<AzofCommittable> m : h.extractOutputValues()) {
            if (m instanceof CommittableWithLineage) {
                out.add(((CommittableWithLineage<AzofCommittable>) m).getCommittable().watermark());
            }
        }
        return out;
    }

    private OneInputStreamOperatorTestHarness<CommittableMessage<AzofCommittable>, CommittableMessage<AzofCommittable>>
            harness() throws Exception {
        TypeSerializer<CommittableMessage<AzofCommittable>> serializer =
                CommittableMessageTypeInfo.<AzofCommittable>of(AzofCommittableSerializer::new)
                        .createSerializer(new SerializerConfigImpl());
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new AzofCommitAggregator(tmp.resolve("t").toString()), serializer);
        h.setup(serializer);
        return h;
    }

    @Test
    void checkpointsRecordTheSlowestWritersWatermark() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(partial(1, 100L, file("a", MAY)), 1);
            h.processElement(partial(1, 50L), 1);
            h.prepareSnapshotPreBarrier(1);
            h.processElement(partial(2, 200L), 2);
            h.processElement(partial(2, null), 2);
            h.prepareSnapshotPreBarrier(2);
            // End of input of one writer only: the other's watermark still bounds the table.
            h.processElement(partial(3, Long.MAX_VALUE), 3);
            h.processElement(partial(3, 300L), 3);
            h.prepareSnapshotPreBarrier(3);
            assertThat(watermarks(h)).containsExactly(50L, null, 300L);
        }
    }

    @Test
    void endOfInputRecordsTheGreatestEventTimeWrittenAlsoAcrossARestore() throws Exception {
        Instant june = Instant.parse("2024-06-01T00:00:00.123Z");
        OperatorSubtaskState state;
        try (var h = harness()) {
            h.open();
            h.processElement(partial(1, 10L, file("a", MAY)), 1);
            h.processElement(partial(1, 10L, file("b", june)), 1);
            h.prepareSnapshotPreBarrier(1);
            state = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(state);
            h.open();
            // After the restore the writers write only older rows, then end.
            h.processElement(partial(2, Long.MAX_VALUE, file("c", MAY)), 2);
            h.processElement(partial(2, Long.MAX_VALUE), 2);
            h.endInput();
            h.getOperator().finish();
            assertThat(watermarks(h)).containsExactly(june.toEpochMilli());
        }
        // A job that wrote nothing records no watermark at its end (never the end of time).
        try (var h = harness()) {
            h.open();
            h.processElement(partial(1, Long.MAX_VALUE), 1);
            h.endInput();
            h.getOperator().finish();
            assertThat(watermarks(h)).containsExactly((Long) null);
        }
    }
}
