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
import dev.azof.core.write.PendingFile;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Merges the partial committables of all writers of one checkpoint into the single committable
 * the committer publishes. Runs with parallelism 1 and holds the job's writer id in its state.
 *
 * <p>Why the id lives here: a writer id must be one value for the whole job, fresh for a new job
 * (so that a second batch job, whose end-of-input checkpoint id repeats the first one's, is not
 * taken for a retry) and restored with the job's state (also from a savepoint into a new job id).
 * Parallel writers would have to agree on a fresh id and their list state is split on rescaling;
 * this operator has one instance (max parallelism 1), so its state holds exactly one id.
 */
@Internal
final class AzofCommitAggregator extends AbstractStreamOperator<CommittableMessage<AzofCommittable>>
        implements OneInputStreamOperator<
                CommittableMessage<AzofCommittable>, CommittableMessage<AzofCommittable>> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AzofCommitAggregator.class);

    private static final ListStateDescriptor<String> WRITER_ID =
            new ListStateDescriptor<>("azof-writer-id", StringSerializer.INSTANCE);

    /** The table snapshot that was current when the writer id was chosen (see the spec, 7.1). */
    private static final ListStateDescriptor<Long> WRITER_STARTED_AT =
            new ListStateDescriptor<>("azof-writer-started-at", LongSerializer.INSTANCE);

    /**
     * The greatest event time (epoch millis) of the files this job wrote: what a bounded job
     * records as its watermark at end of input.
     */
    private static final ListStateDescriptor<Long> MAX_EVENT_TIME =
            new ListStateDescriptor<>("azof-max-event-time", LongSerializer.INSTANCE);

    private final String path;

    private transient List<AzofCommittable> results;
    private transient ListState<String> writerIdState;
    private transient ListState<Long> startedAtState;
    private transient ListState<Long> maxEventTimeState;
    /** See {@link #MAX_EVENT_TIME}; null before the job wrote a row. */
    private transient Long maxEventTime;
    private transient String writerId;
    private transient long writerStartedAt;
    private transient long lastCheckpointId;
    private transient boolean finished;

    AzofCommitAggregator(String path) {
        this.path = path;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        results = new ArrayList<>();
        writerIdState = context.getOperatorStateStore().getListState(WRITER_ID);
        startedAtState = context.getOperatorStateStore().getListState(WRITER_STARTED_AT);
        maxEventTimeState = context.getOperatorStateStore().getListState(MAX_EVENT_TIME);
        for (Long max : maxEventTimeState.get()) {
            maxEventTime = max;
        }
        for (String id : writerIdState.get()) {
            writerId = id;
        }
        if (writerId == null) {
            // Random, never derived from the job id: see the class comment. The snapshot current
            // now is where this writer takes the table over from: a writer that commits after it
            // fences this one, and this one fences a writer that committed only before it.
            writerId = UUID.randomUUID().toString();
            SnapshotStore table = new SnapshotStore(new Path(path));
            writerStartedAt = table.exists() ? table.currentId() : 0;
            LOG.info("new azof writer id {} of {}, starting at snapshot {}", writerId, path, writerStartedAt);
        } else {
            // State of an older version has no start: the committer then falls back to the rule
            // it had (docs/spec.md, 7.1).
            writerStartedAt = TableCommitter.UNKNOWN_START;
            for (Long startedAt : startedAtState.get()) {
                writerStartedAt = startedAt;
            }
            LOG.info("restored azof writer id {} of {}, started at snapshot {}", writerId, path, writerStartedAt);
        }
        lastCheckpointId = context.getRestoredCheckpointId().orElse(0L);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        writerIdState.update(List.of(writerId));
        startedAtState.update(List.of(writerStartedAt));
        maxEventTimeState.update(maxEventTime == null ? List.of() : List.of(maxEventTime));
    }

    @Override
    public void processElement(StreamRecord<CommittableMessage<AzofCommittable>> element) {
        if (element.getValue() instanceof CommittableWithLineage) {
            results.add(
                    ((CommittableWithLineage<AzofCommittable>) element.getValue()).getCommittable());
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) {
        // With aligned barriers, every writer's result of this checkpoint has arrived.
        if (finished && results.isEmpty()) {
            return;
        }
        emit(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        // End of input: the writers' last results belong to the next checkpoint (or, in batch
        // mode, to the commit at the end of the job).
        emit(lastCheckpointId + 1);
        finished = true;
        super.finish();
    }

    private void emit(long checkpointId) {
        lastCheckpointId = checkpointId;
        List<PendingFile> files = new ArrayList<>();
        Long watermark = null;
        boolean allHaveWatermark = !results.isEmpty();
        for (AzofCommittable r : results) {
            files.addAll(r.files());
            for (PendingFile f : r.files()) {
                Instant max = f.file().maxEventTime();
                if (max != null) {
                    long millis = max.toEpochMilli();
                    maxEventTime = maxEventTime == null ? millis : Math.max(maxEventTime, millis);
                }
            }
            if (r.watermark() == null) {
                allHaveWatermark = false;
            } else {
                watermark = watermark == null ? r.watermark() : Math.min(watermark, r.watermark());
            }
        }
        // The table is complete up to the slowest writer's watermark, and only if all have one.
        if (allHaveWatermark && watermark == Long.MAX_VALUE) {
            // End of input: a bounded job declares complete what it wrote, not the end of time
            // (docs/spec.md, section 7.5). The committer never moves the table's watermark back.
            watermark = maxEventTime;
        }
        AzofCommittable committable =
                new AzofCommittable(
                        writerId, writerStartedAt, checkpointId, allHaveWatermark ? watermark : null, files);
        results.clear();
        output.collect(new StreamRecord<>(new CommittableSummary<>(0, 1, checkpointId, 1, 0)));
        output.collect(new StreamRecord<>(new CommittableWithLineage<>(committable, checkpointId, 0)));
    }
}
