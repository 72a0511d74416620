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
package dev.azof.flink.source.split;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where the rows of a streaming read's split come from: the commit (snapshot) they belong to,
 * for the metadata columns and the "late" flag, and how to read the split's files.
 *
 * <ul>
 *   <li>{@link Kind#CHANGES}: the files are deltas a commit added; every row is emitted in file
 *       order as a change (an upsert, or a delete for a tombstone), optionally only rows after
 *       an event time.
 *   <li>{@link Kind#STATE}: the files are an as-of task; the merged state (one row per key) is
 *       emitted as inserts. A read that starts from the state as of an event time begins so.
 * </ul>
 */
@Internal
public final class SplitOrigin implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No value for an optional time. */
    public static final long NONE = Long.MIN_VALUE;

    /** How a split's files are read. */
    public enum Kind {
        CHANGES,
        STATE
    }

    private final Kind kind;
    private final long snapshotId;
    private final long commitMillis;
    private final long watermarkBeforeMicros;
    private final long afterMicros;

    /**
     * @param snapshotId the commit the rows belong to
     * @param commitMillis its commit time, or -1 when unknown
     * @param watermarkBeforeMicros the table's recorded watermark before that commit, or {@link
     *     #NONE} when the table had none or it is unknown
     * @param afterMicros for changes: emit only rows after this event time, or {@link #NONE}; for
     *     state: the as-of time
     */
    public SplitOrigin(
            Kind kind, long snapshotId, long commitMillis, long watermarkBeforeMicros, long afterMicros) {
        this.kind = Objects.requireNonNull(kind);
        this.snapshotId = snapshotId;
        this.commitMillis = commitMillis;
        this.watermarkBeforeMicros = watermarkBeforeMicros;
        this.afterMicros = afterMicros;
    }

    public Kind kind() {
        return kind;
    }

    public long snapshotId() {
        return snapshotId;
    }

    public long commitMillis() {
        return commitMillis;
    }

    public long watermarkBeforeMicros() {
        return watermarkBeforeMicros;
    }

    public long afterMicros() {
        return afterMicros;
    }

    /**
     * Whether a row of this event time was late when committed (at or before the table's
     * recorded watermark before the commit); null when unknown.
     */
    public Boolean isLate(long eventMicros) {
        if (kind == Kind.STATE) {
            return null;
        }
        return watermarkBeforeMicros == NONE ? Boolean.FALSE : eventMicros <= watermarkBeforeMicros;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SplitOrigin)) {
            return false;
        }
        SplitOrigin s = (SplitOrigin) o;
        return kind == s.kind
                && snapshotId == s.snapshotId
                && commitMillis == s.commitMillis
                && watermarkBeforeMicros == s.watermarkBeforeMicros
                && afterMicros == s.afterMicros;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, snapshotId, commitMillis, watermarkBeforeMicros, afterMicros);
    }

    @Override
    public String toString() {
        return kind + "@" + snapshotId;
    }
}
