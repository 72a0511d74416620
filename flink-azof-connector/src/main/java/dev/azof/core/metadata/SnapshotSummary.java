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
package dev.azof.core.metadata;

import dev.azof.core.AzofException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code summary} of a snapshot (docs/spec.md, sections 2.2, 7.1 and 9.1): every key this
 * project writes or reads is defined here once, with typed getters and setters.
 *
 * <p>On disk the summary stays a plain string map, written in insertion order; readers ignore
 * keys they do not know, so {@link #put} still accepts free-form keys (other writers, tests).
 * Getters of a summary read from a snapshot name the snapshot when a value is malformed.
 */
public final class SnapshotSummary {

    /** The keys with a meaning for this project. */
    public enum Key {
        /** The kind of commit: {@link #CREATE}, {@link #APPEND}, {@link #COMPACT}, ... */
        OPERATION("operation"),
        /** A streaming writer's own commit: its id (spec 7.1). */
        WRITER_ID("writer-id"),
        /** A streaming writer's own commit: the checkpoint whose files it adds. */
        CHECKPOINT_ID("checkpoint-id"),
        /** Up to which event time the table is complete (RFC 3339 instant). */
        WATERMARK("watermark"),
        ADDED_FILES("added-files"),
        ADDED_ROWS("added-rows"),
        ADDED_BYTES("added-bytes"),
        /** Lineage carried forward by commits that are not a streaming writer's own. */
        LAST_WRITER_ID("last-writer-id"),
        LAST_CHECKPOINT_ID("last-checkpoint-id"),
        LAST_WRITER_SNAPSHOT_ID("last-writer-snapshot-id"),
        /** Compaction: the snapshot the run read. */
        COMPACTED_SNAPSHOT("compacted-snapshot"),
        /** Compaction counts (also reported by the compaction result). */
        REMOVED_FILES("removed-files"),
        MERGED_DELTAS("merged-deltas"),
        WRITTEN_DELTAS("written-deltas"),
        MERGED_ROWS_IN("merged-rows-in"),
        MERGED_ROWS_OUT("merged-rows-out"),
        SKIPPED_GROUPS("skipped-groups"),
        WRITTEN_BASES("written-bases"),
        REBUILT_BASES("rebuilt-bases"),
        REMOVED_SHADOWED_BASES("removed-shadowed-bases"),
        DROPPED_TOMBSTONES("dropped-tombstones"),
        /** The sample-data generator's base commits: the segments whose bases they add. */
        SEGMENTS("segments"),
        /** A table change's commit: the changes it made, as text (informative). */
        CHANGES("changes");

        private final String key;

        Key(String key) {
            this.key = key;
        }

        /** The key as it appears in the JSON. */
        public String key() {
            return key;
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /** {@link Key#OPERATION} of snapshot 1, written by table creation. */
    public static final String CREATE = "create";

    /** {@link Key#OPERATION} of a streaming writer's commit. */
    public static final String APPEND = "append";

    /** {@link Key#OPERATION} of compaction's replace commits. */
    public static final String COMPACT = "compact";

    /** {@link Key#OPERATION} of a schema or table-option change (ALTER TABLE): no files change. */
    public static final String ALTER = "alter";

    /** {@link Key#OPERATION} of the sample-data generator's base commits. */
    public static final String BUILD_BASES = "build-bases";

    private final Map<String, String> entries;

    /** The snapshot the summary was read from, for error messages; -1 for a new summary. */
    private final long snapshotId;

    /** An empty summary to fill in. */
    public SnapshotSummary() {
        this(new LinkedHashMap<>(), -1);
    }

    private SnapshotSummary(Map<String, String> entries, long snapshotId) {
        this.entries = entries;
        this.snapshotId = snapshotId;
    }

    /** A copy of the given entries, in their order. */
    public static SnapshotSummary of(Map<String, String> entries) {
        return new SnapshotSummary(new LinkedHashMap<>(entries), -1);
    }

    /** The summary of {@code snapshot}, read only. */
    public static SnapshotSummary of(Snapshot snapshot) {
        return new SnapshotSummary(snapshot.summary(), snapshot.id());
    }

    // ------------------------------------------------------------------ setters

    public SnapshotSummary operation(String operation) {
        return put(Key.OPERATION, operation);
    }

    public SnapshotSummary writerId(String writerId) {
        return put(Key.WRITER_ID, writerId);
    }

    public SnapshotSummary checkpointId(long checkpointId) {
        return put(Key.CHECKPOINT_ID, Long.toString(checkpointId));
    }

    public SnapshotSummary watermark(Instant watermark) {
        return put(Key.WATERMARK, watermark.toString());
    }

    /** Records the watermark unless the summary has one already. */
    public SnapshotSummary watermarkIfAbsent(Instant watermark) {
        entries.putIfAbsent(Key.WATERMARK.key, watermark.toString());
        return this;
    }

    /** The lineage a commit that is not a writer's own carries forward (spec 7.1). */
    public SnapshotSummary lastWriter(String writerId, long checkpointId, long snapshotId) {
        put(Key.LAST_WRITER_ID, writerId);
        put(Key.LAST_CHECKPOINT_ID, Long.toString(checkpointId));
        return put(Key.LAST_WRITER_SNAPSHOT_ID, Long.toString(snapshotId));
    }

    /** A count, e.g. {@link Key#ADDED_FILES} or a compaction count. */
    public SnapshotSummary count(Key key, long count) {
        return put(key, Long.toString(count));
    }

    public SnapshotSummary put(Key key, String value) {
        return put(key.key, value);
    }

    /** A free-form entry (keys this project does not interpret, e.g. compaction's policy). */
    public SnapshotSummary put(String key, String value) {
        entries.put(key, value);
        return this;
    }

    public SnapshotSummary putAll(Map<String, String> more) {
        entries.putAll(more);
        return this;
    }

    // ------------------------------------------------------------------ getters

    public boolean has(Key key) {
        return entries.containsKey(key.key);
    }

    /** The raw value of {@code key}, or null. */
    public String get(Key key) {
        return entries.get(key.key);
    }

    public String operation() {
        return get(Key.OPERATION);
    }

    public String writerId() {
        return get(Key.WRITER_ID);
    }

    /** {@link Key#CHECKPOINT_ID}, or null. */
    public Long checkpointId() {
        return number(Key.CHECKPOINT_ID);
    }

    /** {@link Key#WATERMARK}, or null. */
    public Instant watermark() {
        String text = get(Key.WATERMARK);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed(Key.WATERMARK, text);
        }
    }

    public String lastWriterId() {
        return get(Key.LAST_WRITER_ID);
    }

    /** {@link Key#LAST_CHECKPOINT_ID}, or null. */
    public Long lastCheckpointId() {
        return number(Key.LAST_CHECKPOINT_ID);
    }

    /** {@link Key#LAST_WRITER_SNAPSHOT_ID}, or null. */
    public Long lastWriterSnapshotId() {
        return number(Key.LAST_WRITER_SNAPSHOT_ID);
    }

    /** A numeric entry (a count, an id), or null. */
    public Long number(Key key) {
        String text = get(key);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw malformed(key, text);
        }
    }

    /** The entries in order, read only: what the snapshot's JSON holds. */
    public Map<String, String> toMap() {
        return Collections.unmodifiableMap(entries);
    }

    private AzofException malformed(Key key, String text) {
        return new AzofException(
                (snapshotId >= 0 ? "snapshot " + snapshotId : "a snapshot summary")
                        + " has a malformed "
                        + key.key
                        + " '"
                        + text
                        + "'");
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
