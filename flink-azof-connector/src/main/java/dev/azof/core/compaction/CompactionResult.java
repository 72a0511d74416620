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
package dev.azof.core.compaction;

import dev.azof.core.metadata.Snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a compaction run did: counts, and the snapshot it published (null when nothing to do). */
public final class CompactionResult {
    private final long readSnapshotId;
    private final Snapshot published;
    private final int filesBefore;
    private final Map<String, Long> counts;

    CompactionResult(long readSnapshotId, Snapshot published, int filesBefore, Map<String, Long> counts) {
        this.readSnapshotId = readSnapshotId;
        this.published = published;
        this.filesBefore = filesBefore;
        this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** The snapshot the run read (and compacted). */
    public long readSnapshotId() {
        return readSnapshotId;
    }

    /** The snapshot the run published, or null when the table needed no compaction. */
    public Snapshot published() {
        return published;
    }

    public boolean changed() {
        return published != null;
    }

    /** Data files of the snapshot read. */
    public int filesBefore() {
        return filesBefore;
    }

    /** Data files of the snapshot published (of the one read when nothing changed). */
    public int filesAfter() {
        return published == null ? filesBefore : published.allFiles().size();
    }

    /** Counts recorded in the snapshot's summary: merged-deltas, written-bases, ... */
    public Map<String, Long> counts() {
        return counts;
    }

    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** One line: {@code compacted snapshot 7 into 8: files 40 -> 12 (merged-deltas=...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (published == null) {
            sb.append("snapshot ").append(readSnapshotId).append(" needs no compaction: files ").append(filesBefore);
            return sb.toString();
        }
        sb.append("compacted snapshot ")
                .append(readSnapshotId)
                .append(" into snapshot ")
                .append(published.id())
                .append(": files ")
                .append(filesBefore)
                .append(" -> ")
                .append(filesAfter());
        StringBuilder details = new StringBuilder();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            details.append(details.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.append(" (").append(details).append(')').toString();
    }
}
