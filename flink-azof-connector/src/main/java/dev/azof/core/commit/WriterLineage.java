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
package dev.azof.core.commit;

import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;

/**
 * The table's latest streaming writer as a snapshot records it: the writer id, the last checkpoint
 * it committed and the snapshot that commit published (docs/spec.md, section 7.1).
 *
 * <p>A writer's own commits record it in {@code writer-id} and {@code checkpoint-id}; every other
 * commit (compaction, a batch write without a writer id) carries the current lineage forward in
 * {@code last-writer-id}, {@code last-checkpoint-id} and {@code last-writer-snapshot-id}. So the
 * current snapshot alone answers both questions a commit asks, "did this writer commit this
 * checkpoint already?" and "did another writer take the table over?", however many compactions
 * ran since and however many snapshots expiration removed.
 */
public record WriterLineage(String writerId, long checkpointId, long snapshotId) {

    /**
     * How many snapshots {@link #of} reads back from the current one when that records no
     * lineage (tables last written by a version of this project that did not carry it forward).
     * Every commit of this version records the lineage when there is one, so this scan runs only
     * on such tables and on tables no streaming writer ever wrote; the bound keeps a restore's
     * dedupe to at most this many snapshot reads on any history (docs/spec.md, section 7.1).
     */
    public static final int MAX_SCAN_BACK = 100;

    /**
     * The lineage at {@code snapshot}, or null if no streaming writer committed. A snapshot that
     * records none (written before lineage was carried forward) takes its parent's, scanned back
     * over at most {@link #MAX_SCAN_BACK} snapshots; an expired parent or the bound ends the scan
     * (null: no lineage).
     */
    public static WriterLineage of(SnapshotStore store, Snapshot snapshot) {
        Snapshot s = snapshot;
        for (int read = 0; s != null; read++) {
            WriterLineage recorded = recordedIn(s);
            if (recorded != null) {
                return recorded;
            }
            Long parent = s.parentId();
            s = parent == null || parent < 1 || read >= MAX_SCAN_BACK ? null : store.readIfExists(parent);
        }
        return null;
    }

    /** The lineage {@code s} records itself, without looking at its parents, or null. */
    static WriterLineage recordedIn(Snapshot s) {
        SnapshotSummary summary = SnapshotSummary.of(s);
        String writer = summary.writerId();
        if (writer != null) {
            return new WriterLineage(writer, orUnknown(summary.checkpointId()), s.id());
        }
        String carried = summary.lastWriterId();
        if (carried != null) {
            return new WriterLineage(
                    carried,
                    orUnknown(summary.lastCheckpointId()),
                    orUnknown(summary.lastWriterSnapshotId()));
        }
        return null;
    }

    private static long orUnknown(Long number) {
        return number == null ? -1 : number;
    }

    /**
     * Adds the lineage of {@code current} to the summary of a commit that is not a streaming
     * writer's own (compaction, batch writes), so that it survives the expiration of the writer's
     * snapshots. Does nothing if no writer ever committed.
     */
    public static void carryForward(SnapshotStore store, Snapshot current, SnapshotSummary summary) {
        if (summary.has(SnapshotSummary.Key.WRITER_ID)) {
            return;
        }
        WriterLineage lineage = of(store, current);
        if (lineage != null) {
            summary.lastWriter(lineage.writerId, lineage.checkpointId, lineage.snapshotId);
        }
    }
}
