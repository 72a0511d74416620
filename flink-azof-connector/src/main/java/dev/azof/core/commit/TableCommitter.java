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
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The exactly-once commit protocol of a streaming writer (docs/spec.md, section 7): publishes
 * the files of one checkpoint as the next snapshot, at most once, and only while this writer is
 * the table's single writer.
 *
 * <p>A commit is identified by a stable writer id (a UUID a job keeps in its state across
 * restores) and the checkpoint id. Every snapshot a writer publishes records both in its summary,
 * so a restarted writer finds what it already committed by scanning back from the current
 * snapshot to its own latest snapshot: commits whose checkpoint id is not newer are skipped. This
 * holds across restores into a new job id, since neither key derives from the job id.
 *
 * <p>Not thread-safe: one instance serves one committer task.
 */
public final class TableCommitter {

    public static final String OPERATION = "operation";
    public static final String WRITER_ID = "writer-id";
    public static final String CHECKPOINT_ID = "checkpoint-id";
    public static final String WATERMARK = "watermark";
    public static final String ADDED_FILES = "added-files";
    public static final String ADDED_ROWS = "added-rows";
    public static final String ADDED_BYTES = "added-bytes";
    public static final String APPEND = "append";

    /** How often a commit rebases on maintenance commits that won the race for its name. */
    private static final int MAX_REBASES = 100;

    /** Watermarks are recorded at most this late: Flink's end-of-input watermark is Long.MAX. */
    public static final Instant MAX_WATERMARK = Instant.parse("9999-12-31T23:59:59.999Z");

    /** What a call to {@link #commit} did. */
    public enum Outcome {
        /** Published a new snapshot. */
        COMMITTED,
        /** An earlier attempt published this checkpoint already; nothing was written. */
        ALREADY_COMMITTED,
        /** No files and no watermark progress: nothing worth a snapshot. */
        NOTHING_TO_COMMIT
    }

    /** Test hook: runs after the snapshot is published and before the pointer moves. */
    @FunctionalInterface
    public interface PointerHook {
        void beforePointerMove(Path table, long snapshotId);
    }

    /** JVM-wide hook for failure-injection tests; null in production. */
    private static volatile PointerHook testHook;

    private final Path dir;
    private final SnapshotStore store;
    private final TableSpec spec;

    /** The snapshot this committer published last; null before its first commit. */
    private Long lastPublished;

    /** Per writer id, the last committed checkpoint found so far and the snapshot scanned to. */
    private final Map<String, long[]> known = new LinkedHashMap<>();

    /** The table's recorded watermark as of snapshot {@link #watermarkAt} (scan cache). */
    private Instant watermark;

    private long watermarkAt;

    /**
     * @param spec the table to create on the first commit if the directory holds none; null
     *     requires an existing table
     */
    public TableCommitter(Path dir, TableSpec spec) {
        this.dir = Objects.requireNonNull(dir);
        this.store = new SnapshotStore(dir);
        this.spec = spec;
    }

    /** Installs (or with null removes) the failure-injection hook for all committers. */
    public static void setTestHook(PointerHook hook) {
        testHook = hook;
    }

    public Path tableDir() {
        return dir;
    }

    /** The snapshot published by this committer's latest commit, or null. */
    public Long lastPublished() {
        return lastPublished;
    }

    /**
     * Commits the files of one checkpoint.
     *
     * @param writerId the writer's stable id
     * @param checkpointId the checkpoint that produced the files
     * @param watermarkMillis the writer's watermark at that checkpoint, or null if none yet
     * @param files the files to publish
     * @throws ConcurrentCommitException if another writer committed to the table
     */
    public Result commit(
            String writerId, long checkpointId, Long watermarkMillis, List<PendingFile> files) {
        Objects.requireNonNull(writerId, "writerId");
        Snapshot current = spec == null ? store.current() : spec.createIfMissing(dir);
        long lastCommitted = lastCommittedCheckpoint(writerId, current.id());
        if (lastCommitted >= checkpointId) {
            return new Result(Outcome.ALREADY_COMMITTED, null);
        }
        checkSingleWriter(writerId, current.id());

        Instant previousWatermark = tableWatermark(current);
        Instant watermark = previousWatermark;
        if (watermarkMillis != null) {
            Instant wm =
                    watermarkMillis >= MAX_WATERMARK.toEpochMilli()
                            ? MAX_WATERMARK
                            : Instant.ofEpochMilli(watermarkMillis);
            if (watermark == null || wm.isAfter(watermark)) {
                watermark = wm;
            }
        }
        if (files.isEmpty() && Objects.equals(watermark, previousWatermark)) {
            return new Result(Outcome.NOTHING_TO_COMMIT, null);
        }

        long rows = 0;
        long bytes = 0;
        for (PendingFile f : files) {
            rows += Math.max(0, f.file().rows());
            bytes += Math.max(0, f.file().bytes());
        }
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put(OPERATION, APPEND);
        summary.put(WRITER_ID, writerId);
        summary.put(CHECKPOINT_ID, Long.toString(checkpointId));
        if (watermark != null) {
            summary.put(WATERMARK, watermark.toString());
        }
        summary.put(ADDED_FILES, Integer.toString(files.size()));
        summary.put(ADDED_ROWS, Long.toString(rows));
        summary.put(ADDED_BYTES, Long.toString(bytes));
        Snapshot next = null;
        for (int attempt = 0; ; attempt++) {
            next = TableWriter.nextSnapshot(current, files, summary, System.currentTimeMillis());
            try {
                SnapshotPublisher.publishSnapshot(store, next);
                break;
            } catch (ConcurrentCommitException e) {
                // A maintenance commit (compaction) may win the race for the name: it carries no
                // writer id and only replaces files, so rebase on top of it. Another writer fails.
                Snapshot winner = store.current();
                String other = firstOtherWriter(writerId, winner.id(), current.id());
                if (other != null || attempt + 1 >= MAX_REBASES || winner.id() <= current.id()) {
                    throw new ConcurrentCommitException(
                            "table "
                                    + dir
                                    + " is written by another job: snapshot "
                                    + next.id()
                                    + " was published by another writer"
                                    + (other == null ? "" : " (writer id " + other + ")")
                                    + " while writer "
                                    + writerId
                                    + " committed checkpoint "
                                    + checkpointId
                                    + "; a table has a single writer");
                }
                current = winner;
            }
        }
        // From here the commit is durable: remember it before anything else can fail.
        lastPublished = next.id();
        known.put(writerId, new long[] {checkpointId, next.id()});
        this.watermark = watermark;
        this.watermarkAt = next.id();
        PointerHook hook = testHook;
        if (hook != null) {
            hook.beforePointerMove(dir, next.id());
        }
        SnapshotPublisher.movePointer(store, next.id());
        return new Result(Outcome.COMMITTED, next);
    }

    /**
     * The newest checkpoint id committed by {@code writerId}, or -1: scans back from the current
     * snapshot to the writer's latest snapshot (incrementally, after the first call).
     */
    long lastCommittedCheckpoint(String writerId, long currentId) {
        long[] cached = known.get(writerId);
        long stopAt = cached == null ? 0 : cached[1];
        long found = cached == null ? -1 : cached[0];
        for (long id = currentId; id > stopAt; id--) {
            Snapshot s = store.readIfExists(id);
            if (s == null) {
                break; // expired: older snapshots are gone too
            }
            if (writerId.equals(s.summary().get(WRITER_ID))) {
                found = Math.max(found, checkpointOf(s));
                break;
            }
        }
        known.put(writerId, new long[] {found, currentId});
        return found;
    }

    /**
     * Fails if a snapshot after this committer's own last commit was published by another sink
     * writer. Before the first commit any earlier writer is fine: a job restored from a savepoint,
     * or a new job taking over a table, is the next single writer.
     */
    private void checkSingleWriter(String writerId, long currentId) {
        if (lastPublished == null) {
            return;
        }
        long[] at = new long[1];
        String other = firstOtherWriter(writerId, currentId, lastPublished, at);
        if (other != null) {
            throw new ConcurrentCommitException(
                    "table "
                            + dir
                            + " is written by another job (writer id "
                            + other
                            + ", snapshot "
                            + at[0]
                            + ") while this job (writer id "
                            + writerId
                            + ") writes it: a table has a single writer");
        }
    }

    private String firstOtherWriter(String writerId, long fromId, long afterId) {
        return firstOtherWriter(writerId, fromId, afterId, new long[1]);
    }

    /**
     * The writer id of a snapshot in {@code (afterId, fromId]} published by another sink writer,
     * or null. Snapshots without a writer id (compaction, other maintenance commits) are allowed.
     */
    private String firstOtherWriter(String writerId, long fromId, long afterId, long[] at) {
        for (long id = fromId; id > afterId; id--) {
            Snapshot s = store.readIfExists(id);
            if (s == null) {
                break;
            }
            String other = s.summary().get(WRITER_ID);
            if (other != null && !other.equals(writerId)) {
                at[0] = id;
                return other;
            }
        }
        return null;
    }

    /**
     * The snapshot, or null if expiration removed it (expiration deletes oldest first, so every
     * older snapshot is gone too). A writer whose latest snapshot expired is treated as having
     * committed nothing retained: keep more snapshots than a writer's commit is ever behind.
     */
    private static long checkpointOf(Snapshot s) {
        String text = s.summary().get(CHECKPOINT_ID);
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new AzofException(
                    "snapshot " + s.id() + " has a malformed " + CHECKPOINT_ID + " '" + text + "'");
        }
    }

    /** {@link #recordedWatermark}, scanning only snapshots this committer has not seen. */
    private Instant tableWatermark(Snapshot current) {
        Snapshot s = current;
        while (s != null && s.id() > watermarkAt) {
            Instant wm = watermarkOf(s);
            if (wm != null) {
                watermark = wm;
                break;
            }
            Long parent = s.parentId();
            s = parent == null || parent <= watermarkAt ? null : store.readIfExists(parent);
        }
        watermarkAt = current.id();
        return watermark;
    }

    /**
     * Up to which event time the table is complete: the {@code watermark} of its newest snapshot
     * that records one (scanning back from {@code current}), or null if no writer recorded one.
     */
    public static Instant recordedWatermark(SnapshotStore store, Snapshot current) {
        Snapshot s = current;
        while (s != null) {
            Instant wm = watermarkOf(s);
            if (wm != null) {
                return wm;
            }
            Long parent = s.parentId();
            // An expired parent ends the scan: maintenance commits carry the watermark forward.
            s = parent == null || parent < 1 ? null : store.readIfExists(parent);
        }
        return null;
    }

    /** The {@code watermark} a snapshot's summary records, or null. */
    public static Instant watermarkOf(Snapshot s) {
        String text = s.summary().get(WATERMARK);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new AzofException(
                    "snapshot " + s.id() + " has a malformed " + WATERMARK + " '" + text + "'");
        }
    }

    /** The outcome of a commit and the snapshot it published, if any. */
    public static final class Result {
        private final Outcome outcome;
        private final Snapshot snapshot;

        Result(Outcome outcome, Snapshot snapshot) {
            this.outcome = outcome;
            this.snapshot = snapshot;
        }

        public Outcome outcome() {
            return outcome;
        }

        /** The published snapshot when {@link Outcome#COMMITTED}, else null. */
        public Snapshot snapshot() {
            return snapshot;
        }

        @Override
        public String toString() {
            return outcome + (snapshot == null ? "" : " s" + snapshot.id());
        }
    }
}
