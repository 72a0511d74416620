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

import dev.azof.core.commit.TableCommitter;
import dev.azof.core.write.PendingFile;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The files one checkpoint wrote, to be published as one snapshot. Writers emit partial
 * committables (no writer id, their own watermark); the aggregator merges them into the single
 * committable of the checkpoint, which carries the job's writer id, the checkpoint id and the
 * sink's watermark (the smallest writer watermark).
 */
@Internal
public final class AzofCommittable {

    /** Writer id of partial committables, before the aggregator assigns the job's id. */
    public static final String NO_WRITER_ID = "";

    private final String writerId;
    private final long writerStartedAt;
    private final long checkpointId;
    private final Long watermark;
    private final List<PendingFile> files;

    /** A writer task's partial committable: the aggregator adds the job's writer. */
    public AzofCommittable(String writerId, long checkpointId, Long watermark, List<PendingFile> files) {
        this(writerId, TableCommitter.UNKNOWN_START, checkpointId, watermark, files);
    }

    public AzofCommittable(
            String writerId,
            long writerStartedAt,
            long checkpointId,
            Long watermark,
            List<PendingFile> files) {
        this.writerId = Objects.requireNonNull(writerId);
        this.writerStartedAt = writerStartedAt;
        this.checkpointId = checkpointId;
        this.watermark = watermark;
        this.files = Collections.unmodifiableList(new ArrayList<>(files));
    }

    public String writerId() {
        return writerId;
    }

    /**
     * The table snapshot that was current when the job's writer started without state, or {@link
     * TableCommitter#UNKNOWN_START} (committables of an older version's state).
     */
    public long writerStartedAt() {
        return writerStartedAt;
    }

    public long checkpointId() {
        return checkpointId;
    }

    /** The sink's watermark (epoch milliseconds) at the checkpoint, or null if it had none. */
    public Long watermark() {
        return watermark;
    }

    public List<PendingFile> files() {
        return files;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AzofCommittable)) {
            return false;
        }
        AzofCommittable c = (AzofCommittable) o;
        return writerId.equals(c.writerId)
                && writerStartedAt == c.writerStartedAt
                && checkpointId == c.checkpointId
                && Objects.equals(watermark, c.watermark)
                && files.size() == c.files.size()
                && filesEqual(files, c.files);
    }

    private static boolean filesEqual(List<PendingFile> a, List<PendingFile> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).file().equals(b.get(i).file())
                    || !a.get(i).segmentAnchor().equals(b.get(i).segmentAnchor())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(writerId, checkpointId, watermark, files.size());
    }

    @Override
    public String toString() {
        return "AzofCommittable{writer="
                + writerId
                + ", started-at="
                + writerStartedAt
                + ", checkpoint="
                + checkpointId
                + ", watermark="
                + watermark
                + ", files="
                + files.size()
                + "}";
    }
}
