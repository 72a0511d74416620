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

import dev.azof.core.plan.ScanTask;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Objects;

/**
 * A split of an {@code AzofSource}: one {@link ScanTask} of the plan (one bucket's files) and how
 * many of its rows were already emitted. Tasks share no key, so splits are read independently.
 *
 * <p>A restored reader re-reads the task from the start and skips {@link #recordsEmitted()} rows:
 * the merge output of a task is deterministic, so the rows skipped are exactly those emitted
 * before the checkpoint. Instances are immutable.
 */
@Internal
public final class AzofSourceSplit implements SourceSplit {

    private final String splitId;
    private final ScanTask task;
    private final long recordsEmitted;
    private final SplitOrigin origin;

    public AzofSourceSplit(String splitId, ScanTask task, long recordsEmitted) {
        this(splitId, task, recordsEmitted, null);
    }

    /** A split of a streaming read ({@code origin} set) or of an as-of read (null). */
    public AzofSourceSplit(String splitId, ScanTask task, long recordsEmitted, SplitOrigin origin) {
        this.origin = origin;
        this.splitId = Objects.requireNonNull(splitId, "splitId");
        this.task = Objects.requireNonNull(task, "task");
        if (recordsEmitted < 0) {
            throw new IllegalArgumentException("recordsEmitted must be >= 0: " + recordsEmitted);
        }
        this.recordsEmitted = recordsEmitted;
    }

    /** A split that has emitted nothing yet. */
    public static AzofSourceSplit of(String splitId, ScanTask task) {
        return new AzofSourceSplit(splitId, task, 0);
    }

    @Override
    public String splitId() {
        return splitId;
    }

    public ScanTask task() {
        return task;
    }

    /** Rows of the task already emitted downstream; a restored reader skips as many. */
    public long recordsEmitted() {
        return recordsEmitted;
    }

    public AzofSourceSplit withRecordsEmitted(long emitted) {
        return new AzofSourceSplit(splitId, task, emitted, origin);
    }

    /** The commit a streaming read's split comes from and how it is read; null for as-of reads. */
    public SplitOrigin origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AzofSourceSplit)) {
            return false;
        }
        AzofSourceSplit s = (AzofSourceSplit) o;
        return recordsEmitted == s.recordsEmitted
                && splitId.equals(s.splitId)
                && task.equals(s.task)
                && Objects.equals(origin, s.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(splitId, task, recordsEmitted, origin);
    }

    @Override
    public String toString() {
        return "AzofSourceSplit{id="
                + splitId
                + ", bucket="
                + task.bucket()
                + ", files="
                + task.files().size()
                + ", emitted="
                + recordsEmitted
                + (origin == null ? "" : ", origin=" + origin)
                + "}";
    }
}
