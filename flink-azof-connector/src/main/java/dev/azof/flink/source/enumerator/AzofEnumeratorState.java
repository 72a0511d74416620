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
package dev.azof.flink.source.enumerator;

import dev.azof.flink.source.split.AzofSourceSplit;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Checkpointed state of the enumerator: the splits not yet assigned and, for a streaming read,
 * its position: the last snapshot whose commits were turned into splits. Assigned splits are
 * checkpointed by the readers that own them, so position, unassigned splits and the readers'
 * splits together say exactly which facts are still to be emitted.
 */
@Internal
public final class AzofEnumeratorState {

    /** {@link #position()} of an as-of (bounded) read, which follows no commits. */
    public static final long NO_POSITION = -1;

    /** {@link #watermarkMillis()} when the table has recorded none. */
    public static final long NO_WATERMARK = Long.MIN_VALUE;

    private final List<AzofSourceSplit> remainingSplits;
    private final long position;
    private final long watermarkMillis;

    public AzofEnumeratorState(List<AzofSourceSplit> remainingSplits) {
        this(remainingSplits, NO_POSITION);
    }

    public AzofEnumeratorState(List<AzofSourceSplit> remainingSplits, long position) {
        this(remainingSplits, position, NO_WATERMARK);
    }

    public AzofEnumeratorState(
            List<AzofSourceSplit> remainingSplits, long position, long watermarkMillis) {
        this.remainingSplits = Collections.unmodifiableList(new ArrayList<>(remainingSplits));
        this.position = position;
        this.watermarkMillis = watermarkMillis;
    }

    /** The table's recorded watermark at the position, or {@link #NO_WATERMARK}. */
    public long watermarkMillis() {
        return watermarkMillis;
    }

    /**
     * A streaming read's last snapshot whose commits are in splits already, or {@link
     * #NO_POSITION} for an as-of read.
     */
    public long position() {
        return position;
    }

    public List<AzofSourceSplit> remainingSplits() {
        return remainingSplits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AzofEnumeratorState
                && remainingSplits.equals(((AzofEnumeratorState) o).remainingSplits)
                && position == ((AzofEnumeratorState) o).position
                && watermarkMillis == ((AzofEnumeratorState) o).watermarkMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(remainingSplits, position, watermarkMillis);
    }

    @Override
    public String toString() {
        return "AzofEnumeratorState{remaining="
                + remainingSplits
                + (position == NO_POSITION ? "" : ", position=" + position)
                + (watermarkMillis == NO_WATERMARK ? "" : ", watermark=" + watermarkMillis)
                + "}";
    }
}
