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
import dev.azof.core.metadata.SnapshotSummary.Key;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The exactly-once commit protocol of a streaming writer (docs/spec.md, section 7): publishes
 * the files of one checkpoint as the next snapshot, at most once, and only while this writer is
 * the table's single writer.
 *
 * <p>A commit is identified by a stable writer id (a UUID a job keeps in its state across
 * restores) and the checkpoint id; the writer also knows the table snapshot that was current when
 * it started. The current snapshot's {@link WriterLineage} (the table's latest writer, its last
 * checkpoint and the snapshot of that commit, carried forward by maintenance commits) answers
 * both checks with one read: a checkpoint not newer than the writer's last one is skipped, and a
 * writer whose table another writer committed to after it started is fenced for good. This holds
 * across restores into a new job id, compactions and expirations.
 *
 * <p>Not thread-safe: one instance serves one committer task.
 */
public final class TableCommitter {

    /** How often a commit rebases on maintenance commits that won the race for its name. */
    private static final int MAX_REBASES = 100;

    /**
     * The start snapshot of a writer whose committable predates it (state of an older version):
     * such a writer may take a table over on the first commit of each run, as before.
     */
    public static final long UNKNOWN_START = -1;

    /**
     * What older versions recorded for Flink's end-of-input watermark (Long.MAX). It states
     * nothing about the data, so it is never recorded any more and reads ignore it (docs/spec.md,
     * section 7.5): a bounded job records the greatest event time it wrote instead.
     */
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
     * @param writerStartedAt the id of the table's current snapshot when the writer started
     *     without state (0 if the table did not exist), kept in its state like the id; or {@link
     *     #UNKNOWN_START}
     * @param checkpointId the checkpoint that produced the files
     * @param watermarkMillis the writer's watermark at that checkpoint, or null if none yet; from
     *     {@link #MAX_WATERMARK} on it counts as none
     * @param files the files to publish
     * @throws WriterFencedException if another writer committed after this one started
     * @throws ConcurrentCommitException if the snapshot name could not be won
     */
    public Result commit(
            String writerId,
            long writerStartedAt,
            long checkpointId,
            Long watermarkMillis,
            List<PendingFile> files) {
        Objects.requireNonNull(writerId, "writerId");
        Snapshot current = spec == null ? store.current() : TableCommits.createIfMissing(spec, dir);
        WriterLineage lineage = WriterLineage.of(store, current);
        if (isOwn(lineage, writerId) && lineage.checkpointId() >= checkpointId) {
            return new Result(Outcome.ALREADY_COMMITTED, null);
        }
        // A writer of unknown start may take a table over on its first commit in this run.
        long startedAt =
                writerStartedAt != UNKNOWN_START
                        ? writerStartedAt
                        : lastPublished == null ? current.id() : lastPublished;
        checkNotFenced(lineage, writerId, writerStartedAt, startedAt, checkpointId);

        Instant previousWatermark = tableWatermark(current);
        Instant watermark = previousWatermark;
        // The end of time is no watermark: it would make every later row late.
        if (watermarkMillis != null && watermarkMillis < MAX_WATERMARK.toEpochMilli()) {
            Instant wm = Instant.ofEpochMilli(watermarkMillis);
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
        SnapshotSummary summary =
                new SnapshotSummary()
                        .operation(SnapshotSummary.APPEND)
                        .writerId(writerId)
                        .checkpointId(checkpointId);
        if (watermark != null) {
            summary.watermark(watermark);
        }
        summary.count(Key.ADDED_FILES, files.size())
                .count(Key.ADDED_ROWS, rows)
                .count(Key.ADDED_BYTES, bytes);
        Snapshot first = current;
        Map<String, String> entries = summary.toMap();
        Instant newWatermark = watermark;
        Snapshot next =
                TableCommits.on(store)
                        .from(current)
                        .retryLostRaces(
                                MAX_REBASES,
                                "writer " + writerId + " for checkpoint " + checkpointId)
                        .beforePointerMove(
                                published -> {
                                    // The commit is durable: remember it before anything else
                                    // can fail.
                                    lastPublished = published.id();
                                    this.watermark = newWatermark;
                                    this.watermarkAt = published.id();
                                    PointerHook hook = testHook;
                                    if (hook != null) {
                                        hook.beforePointerMove(dir, published.id());
                                    }
                                })
                        .publish(
                                base -> {
                                    if (base != first) {
                                        // A maintenance commit (compaction) may win the race for
                                        // the name: it carries the lineage forward and only
                                        // replaces files, so rebase on top of it. A commit of
                                        // another writer fences this one.
                                        WriterLineage now = WriterLineage.of(store, base);
                                        if (isOwn(now, writerId) && now.checkpointId() >= checkpointId) {
                                            return null;
                                        }
                                        checkNotFenced(
                                                now, writerId, writerStartedAt, startedAt, checkpointId);
                                    }
                                    return TableWriter.nextSnapshot(
                                            base, files, entries, System.currentTimeMillis());
                                });
        if (next == null) {
            return new Result(Outcome.ALREADY_COMMITTED, null);
        }
        return new Result(Outcome.COMMITTED, next);
    }

    private static boolean isOwn(WriterLineage lineage, String writerId) {
        return lineage != null && lineage.writerId().equals(writerId);
    }

    /** Fails for good if another writer committed after snapshot {@code startedAt}. */
    private void checkNotFenced(
            WriterLineage lineage,
            String writerId,
            long writerStartedAt,
            long startedAt,
            long checkpointId) {
        if (lineage == null || isOwn(lineage, writerId)) {
            return;
        }
        if (lineage.snapshotId() <= startedAt) {
            return; // the other writer stopped before this one started: take the table over
        }
        throw new WriterFencedException(
                "table "
                        + dir
                        + " is written by another job: writer "
                        + lineage.writerId()
                        + " committed snapshot "
                        + lineage.snapshotId()
                        + " after this job's writer "
                        + writerId
                        + " started"
                        + (writerStartedAt == UNKNOWN_START ? "" : " (at snapshot " + writerStartedAt + ")")
                        + ", so this writer may not commit checkpoint "
                        + checkpointId
                        + ": a table has a single writer. To make this job the writer again, stop"
                        + " the other one and start this job without state (not from a checkpoint"
                        + " or savepoint): a job started without state takes over a table whose"
                        + " writer has stopped");
    }

    /** {@link #recordedWatermark}, scanning only snapshots this committer has not seen. */
    private Instant tableWatermark(Snapshot current) {
        Snapshot s = current;
        for (int read = 0; s != null && s.id() > watermarkAt; read++) {
            Instant wm = watermarkOf(s);
            if (wm != null) {
                watermark = wm;
                break;
            }
            Long parent = s.parentId();
            s =
                    parent == null || parent <= watermarkAt || read >= WriterLineage.MAX_SCAN_BACK
                            ? null
                            : store.readIfExists(parent);
        }
        watermarkAt = current.id();
        return watermark;
    }

    /**
     * Up to which event time the table is complete: the {@code watermark} of its newest snapshot
     * that records one, or null if no writer recorded one. Every commit of this project carries
     * the watermark forward, so it is the current snapshot's; snapshots of older writers without
     * one are scanned back over at most {@link WriterLineage#MAX_SCAN_BACK} snapshots.
     */
    public static Instant recordedWatermark(SnapshotStore store, Snapshot current) {
        Snapshot s = current;
        for (int read = 0; s != null; read++) {
            Instant wm = watermarkOf(s);
            if (wm != null) {
                return wm;
            }
            Long parent = s.parentId();
            // An expired parent ends the scan: maintenance commits carry the watermark forward.
            s =
                    parent == null || parent < 1 || read >= WriterLineage.MAX_SCAN_BACK
                            ? null
                            : store.readIfExists(parent);
        }
        return null;
    }

    /**
     * The {@code watermark} a snapshot's summary records, or null; also null for {@link
     * #MAX_WATERMARK}, which older versions recorded at a bounded job's end of input.
     */
    public static Instant watermarkOf(Snapshot s) {
        Instant wm = SnapshotSummary.of(s).watermark();
        return MAX_WATERMARK.equals(wm) ? null : wm;
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
