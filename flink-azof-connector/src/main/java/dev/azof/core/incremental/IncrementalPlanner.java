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
package dev.azof.core.incremental;

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.plan.EventTimes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans incremental reads: which facts each commit after a position added (docs/spec.md,
 * "Incremental reads").
 *
 * <p>A commit's facts are the <b>deltas it added</b>: the files of its snapshot whose {@code
 * sequence} is the snapshot's own id (spec 2.2: the sequence is the id of the commit that added
 * the file). Files written by compaction carry older sequences (a merged delta the highest of its
 * inputs, a base the snapshot it reflects), so they are never taken for new facts; commits whose
 * {@code operation} is {@code compact} or {@code build-bases} are skipped outright. Bases are
 * never facts: they are state derived from earlier deltas.
 *
 * <p>A position is the id of the last snapshot whose commits a reader has taken. Each step reads
 * the snapshots after it one by one (no listing); a snapshot that expiration already removed
 * ends the read with an error naming it, because its facts can no longer be told apart.
 */
public final class IncrementalPlanner {

    private IncrementalPlanner() {}

    /** Whether {@code s} is a maintenance commit: it rewrites what the table holds, adds no fact. */
    public static boolean isMaintenance(Snapshot s) {
        String op = SnapshotSummary.of(s).operation();
        return SnapshotSummary.COMPACT.equals(op) || SnapshotSummary.BUILD_BASES.equals(op);
    }

    /** The deltas commit {@code s} added, by bucket, each in path order; empty for maintenance. */
    public static Map<Integer, List<DataFile>> addedDeltas(Snapshot s) {
        checkIncremental(s);
        Map<Integer, List<DataFile>> out = new TreeMap<>();
        if (isMaintenance(s)) {
            return out;
        }
        for (DataFile f : s.allFiles()) {
            if (!f.isBase() && f.sequence() == s.id()) {
                out.computeIfAbsent(f.bucket(), b -> new ArrayList<>()).add(f);
            }
        }
        out.values().forEach(files -> files.sort(Comparator.comparing(DataFile::path)));
        return out;
    }

    /** The changes of commit {@code s}, given the watermark before it. */
    public static CommitChanges changes(Snapshot s, Instant watermarkBefore) {
        Instant after = TableCommitter.watermarkOf(s);
        Map<Integer, List<DataFile>> added = addedDeltas(s);
        return new CommitChanges(
                s.id(),
                s.timestampMillis(),
                SnapshotSummary.of(s).operation(),
                watermarkBefore,
                after != null ? after : watermarkBefore,
                added,
                s.schemasOf(allOf(added)));
    }

    /**
     * The commits after snapshot {@code position}, oldest first, at most {@code maxCommits} of
     * them (empty when none is new). Fails naming the snapshot when one after the position has
     * expired, or when the position is ahead of the table (a table dropped and created again).
     */
    public static List<CommitChanges> commitsAfter(
            SnapshotStore store, long position, int maxCommits) {
        long current = store.currentId();
        if (position > current) {
            throw new AzofException(
                    "the read's position, snapshot "
                            + position
                            + ", is ahead of table "
                            + store.tableDir()
                            + " (current snapshot "
                            + current
                            + "): the table was replaced since the position was taken; start the"
                            + " read again without state");
        }
        List<CommitChanges> out = new ArrayList<>();
        if (position == current) {
            return out;
        }
        long last = Math.min(current, position + Math.max(1, maxCommits));
        Instant before = null;
        if (position > 0) {
            Snapshot previous = store.readIfExists(position);
            before = previous == null ? null : TableCommitter.watermarkOf(previous);
        }
        for (long id = position + 1; id <= last; id++) {
            Snapshot s = store.readIfExists(id);
            if (s == null) {
                throw expired(store, id, position, current);
            }
            CommitChanges c = changes(s, before);
            out.add(c);
            before = c.watermarkAfter();
        }
        return out;
    }

    /**
     * Every fact snapshot {@code s} holds, grouped by the commit that added it (the files'
     * sequence), oldest first: what a read of the table's history so far emits before it follows
     * new commits. Merged deltas of compactions count as the commit of their highest input (their
     * rows lost only ties that no as-of read sees). With {@code afterMicros} set, only files that
     * hold rows after that event time are kept (the reader filters their rows). Commit times and
     * watermarks come from the commits' snapshots while they are retained (unknown otherwise).
     */
    public static List<CommitChanges> factsOf(SnapshotStore store, Snapshot s, Long afterMicros) {
        checkIncremental(s);
        Map<Long, Map<Integer, List<DataFile>>> bySequence = new TreeMap<>();
        for (DataFile f : s.allFiles()) {
            if (f.isBase()) {
                continue;
            }
            if (afterMicros != null) {
                Instant last = f.maxEventTime() != null ? f.maxEventTime() : f.end();
                if (last != null && EventTimes.micros(last) <= afterMicros) {
                    continue;
                }
            }
            bySequence
                    .computeIfAbsent(f.sequence(), q -> new TreeMap<>())
                    .computeIfAbsent(f.bucket(), b -> new ArrayList<>())
                    .add(f);
        }
        List<CommitChanges> out = new ArrayList<>();
        // Consecutive commits share a snapshot (one's commit, the next one's parent): read it once.
        long lastReadId = -1;
        Snapshot lastRead = null;
        for (Map.Entry<Long, Map<Integer, List<DataFile>>> e : bySequence.entrySet()) {
            long q = e.getKey();
            e.getValue().values().forEach(files -> files.sort(Comparator.comparing(DataFile::path)));
            Snapshot parent = q <= 1 ? null : q - 1 == lastReadId ? lastRead : store.readIfExists(q - 1);
            Snapshot commit = q == s.id() ? s : store.readIfExists(q);
            lastReadId = q;
            lastRead = commit;
            Instant before = parent == null ? null : TableCommitter.watermarkOf(parent);
            Instant after = commit == null ? null : TableCommitter.watermarkOf(commit);
            out.add(
                    new CommitChanges(
                            q,
                            commit == null ? -1 : commit.timestampMillis(),
                            commit == null ? null : SnapshotSummary.of(commit).operation(),
                            before,
                            after,
                            e.getValue(),
                            s.schemasOf(allOf(e.getValue()))));
        }
        return out;
    }

    private static List<DataFile> allOf(Map<Integer, List<DataFile>> byBucket) {
        List<DataFile> all = new ArrayList<>();
        byBucket.values().forEach(all::addAll);
        return all;
    }

    private static void checkIncremental(Snapshot s) {
        if (s.isLegacy()) {
            throw new AzofException(
                    "azof 0.2 tables cannot be read incrementally: their files record no commit"
                            + " (sequence); read them as of a time instead");
        }
    }

    private static AzofException expired(SnapshotStore store, long id, long position, long current) {
        return new AzofException(
                "snapshot "
                        + id
                        + " of "
                        + store.tableDir()
                        + " has expired (snapshot expiration removed "
                        + store.snapshotPath(id).getName()
                        + ") before the incremental read at snapshot "
                        + position
                        + " took its commit: its facts can no longer be read exactly once."
                        + " Retain snapshots longer than a reader may lag, and start the read"
                        + " again without state (the current snapshot is "
                        + current
                        + ")");
    }
}
