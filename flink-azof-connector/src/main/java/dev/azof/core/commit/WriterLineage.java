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

import dev.azof.core.AzofException;
import dev.azof.core.metadata.Snapshot;

import java.util.Map;

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

    public static final String WRITER_ID = "writer-id";
    public static final String CHECKPOINT_ID = "checkpoint-id";
    public static final String LAST_WRITER_ID = "last-writer-id";
    public static final String LAST_CHECKPOINT_ID = "last-checkpoint-id";
    public static final String LAST_WRITER_SNAPSHOT_ID = "last-writer-snapshot-id";

    /**
     * The lineage at {@code snapshot}, or null if no streaming writer ever committed. Tables
     * written before lineage was carried forward are scanned back to the newest snapshot with a
     * writer id; an expired parent ends that scan (null: unknown).
     */
    public static WriterLineage of(SnapshotStore store, Snapshot snapshot) {
        Snapshot s = snapshot;
        while (s != null) {
            WriterLineage recorded = recordedIn(s);
            if (recorded != null) {
                return recorded;
            }
            Long parent = s.parentId();
            s = parent == null || parent < 1 ? null : store.readIfExists(parent);
        }
        return null;
    }

    /** The lineage {@code s} records itself, without looking at its parents, or null. */
    static WriterLineage recordedIn(Snapshot s) {
        Map<String, String> summary = s.summary();
        String writer = summary.get(WRITER_ID);
        if (writer != null) {
            return new WriterLineage(writer, number(s, CHECKPOINT_ID, -1), s.id());
        }
        String carried = summary.get(LAST_WRITER_ID);
        if (carried != null) {
            return new WriterLineage(
                    carried,
                    number(s, LAST_CHECKPOINT_ID, -1),
                    number(s, LAST_WRITER_SNAPSHOT_ID, -1));
        }
        return null;
    }

    /**
     * Adds the lineage of {@code current} to the summary of a commit that is not a streaming
     * writer's own (compaction, batch writes), so that it survives the expiration of the writer's
     * snapshots. Does nothing if no writer ever committed.
     */
    public static void carryForward(SnapshotStore store, Snapshot current, Map<String, String> summary) {
        if (summary.containsKey(WRITER_ID)) {
            return;
        }
        WriterLineage lineage = of(store, current);
        if (lineage != null) {
            summary.put(LAST_WRITER_ID, lineage.writerId);
            summary.put(LAST_CHECKPOINT_ID, Long.toString(lineage.checkpointId));
            summary.put(LAST_WRITER_SNAPSHOT_ID, Long.toString(lineage.snapshotId));
        }
    }

    private static long number(Snapshot s, String key, long absent) {
        String text = s.summary().get(key);
        if (text == null) {
            return absent;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new AzofException(
                    "snapshot " + s.id() + " has a malformed " + key + " '" + text + "'");
        }
    }
}
