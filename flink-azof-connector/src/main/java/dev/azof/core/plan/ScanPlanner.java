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
package dev.azof.core.plan;

import dev.azof.core.AzofException;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Picks the files an as-of read opens (docs/spec.md, "Planning a read").
 *
 * <p>azof 0.2 tables follow the original's rule exactly, including its file order, because the
 * original's answers depend on it. Tables of this project are planned per bucket: the newest base
 * as of t, plus the deltas that may hold a newer row: those with rows at or before t that either
 * reach past the base's start or were committed after the base was built (late data).
 */
public final class ScanPlanner {

    private ScanPlanner() {}

    public static List<ScanTask> plan(Snapshot snapshot, AsOf asOf) {
        if (snapshot.isLegacy()) {
            List<DataFile> files = new ArrayList<>();
            for (Segment s : snapshot.segments()) {
                visitLegacy(s, asOf, files);
            }
            List<ScanTask> tasks = new ArrayList<>();
            if (!files.isEmpty()) {
                tasks.add(new ScanTask(DataFile.NO_BUCKET, ScanTask.MergeMode.FIRST_MATCH, files));
            }
            return tasks;
        }
        List<DataFile> bases = new ArrayList<>();
        List<DataFile> deltas = new ArrayList<>();
        for (Segment s : snapshot.segments()) {
            collect(s, bases, deltas);
        }
        List<ScanTask> tasks = new ArrayList<>();
        for (int b = 0; b < snapshot.bucketCount(); b++) {
            List<DataFile> files = planBucket(b, bases, deltas, asOf, asOf);
            if (!files.isEmpty()) {
                tasks.add(
                        new ScanTask(
                                b,
                                ScanTask.MergeMode.LATEST_EVENT_TIME,
                                files,
                                snapshot.schemasOf(files)));
            }
        }
        return tasks;
    }

    // The original's visit: in-range children first, then deltas starting at or before t
    // (newest first), then the segment's own base if the segment is in range.
    private static void visitLegacy(Segment s, AsOf asOf, List<DataFile> out) {
        for (Segment child : s.children()) {
            if (inRangeLegacy(child, asOf)) {
                visitLegacy(child, asOf, out);
            }
        }
        List<DataFile> deltas = new ArrayList<>();
        for (DataFile d : s.deltas()) {
            if (asOf.isCurrent() || !d.start().isAfter(asOf.instant())) {
                deltas.add(d);
            }
        }
        // Stable sort: deltas with equal starts keep their listed order, as in the original.
        deltas.sort(Comparator.comparing(DataFile::start).reversed());
        out.addAll(deltas);
        if (inRangeLegacy(s, asOf)) {
            out.addAll(s.bases());
        }
    }

    private static boolean inRangeLegacy(Segment s, AsOf asOf) {
        if (asOf.isCurrent()) {
            return s.end() == null;
        }
        return s.contains(asOf.instant());
    }

    private static void collect(Segment s, List<DataFile> bases, List<DataFile> deltas) {
        bases.addAll(s.bases());
        deltas.addAll(s.deltas());
        for (Segment c : s.children()) {
            collect(c, bases, deltas);
        }
    }

    /**
     * The files of one bucket that answer an as-of read at <em>every</em> time in {@code [from,
     * to]} (for point-in-time joins, which answer many times from one read): the base planned as
     * of {@code from} and every delta that a read as of any time up to {@code to} would open with
     * it. Since compaction keeps deltas, the versions between the base's start and {@code to} are
     * all in those deltas. Only format version 1 tables.
     *
     * @param from the earliest time answered, or null for "before every base" (no base)
     * @param to the latest time answered (current for no bound)
     */
    public static ScanTask planBucketRange(Snapshot snapshot, int bucket, Instant from, AsOf to) {
        if (snapshot.isLegacy()) {
            throw new AzofException(
                    "point-in-time joins need a table of format version 1; azof 0.2 tables resolve"
                            + " keys by file order, not by event time");
        }
        List<DataFile> bases = new ArrayList<>();
        List<DataFile> deltas = new ArrayList<>();
        for (Segment s : snapshot.segments()) {
            collect(s, bases, deltas);
        }
        if (from == null) {
            bases.clear();
        }
        AsOf baseAsOf = from == null ? to : AsOf.at(from);
        List<DataFile> files = planBucket(bucket, bases, deltas, baseAsOf, to);
        return new ScanTask(
                bucket, ScanTask.MergeMode.LATEST_EVENT_TIME, files, snapshot.schemasOf(files));
    }

    /**
     * The task without the files whose rows all lie before {@code floor}: a read whose answer is
     * then filtered to event times at or after {@code floor} gets the same answer (spec section
     * 6.4). Tasks of azof 0.2 tables come back unchanged: file order, not event time, decides
     * their answers.
     */
    static ScanTask withoutRowsBefore(ScanTask task, Instant floor) {
        if (task.mode() != ScanTask.MergeMode.LATEST_EVENT_TIME) {
            return task;
        }
        List<DataFile> kept = new ArrayList<>();
        for (DataFile f : task.files()) {
            if (!allRowsBefore(f, floor)) {
                kept.add(f);
            }
        }
        return kept.size() == task.files().size()
                ? task
                : new ScanTask(task.bucket(), task.mode(), kept, task.schemas());
    }

    private static boolean allRowsBefore(DataFile f, Instant floor) {
        if (f.rows() == 0) {
            return true;
        }
        if (f.maxEventTime() != null) {
            return f.maxEventTime().isBefore(floor);
        }
        // A base's rows lie before its segment's start.
        return f.isBase() && f.start() != null && !f.start().isAfter(floor);
    }

    /** The distinct starts of the bucket's bases, ascending: where the base a read opens changes. */
    public static List<Instant> baseStarts(Snapshot snapshot, int bucket) {
        List<DataFile> bases = new ArrayList<>();
        for (Segment s : snapshot.segments()) {
            collect(s, bases, new ArrayList<>());
        }
        TreeSet<Instant> starts = new TreeSet<>();
        for (DataFile f : bases) {
            if (f.bucket() == bucket) {
                starts.add(f.start());
            }
        }
        return new ArrayList<>(starts);
    }

    private static List<DataFile> planBucket(
            int bucket,
            List<DataFile> bases,
            List<DataFile> deltas,
            AsOf baseAsOf,
            AsOf asOf) {
        // Candidate bases, best first: the greatest start <= t, then the greatest sequence.
        List<DataFile> candidates = new ArrayList<>();
        for (DataFile f : bases) {
            if (f.bucket() == bucket
                    && (baseAsOf.isCurrent() || !f.start().isAfter(baseAsOf.instant()))) {
                candidates.add(f);
            }
        }
        candidates.sort(
                Comparator.comparing(DataFile::start)
                        .thenComparingLong(DataFile::sequence)
                        .reversed());
        for (DataFile base : candidates) {
            List<DataFile> chosen = chooseDeltas(bucket, base, deltas, asOf);
            // A base that dropped tombstones older than tombstonesFrom is only right when no delta
            // read with it holds an older row (which a dropped tombstone would have hidden); else
            // an older base, or none, answers instead (docs/spec.md, "Tombstones in bases").
            if (base.tombstonesFrom() == null || firstEventsFrom(chosen, base.tombstonesFrom())) {
                return withBase(base, chosen);
            }
        }
        return withBase(null, chooseDeltas(bucket, null, deltas, asOf));
    }

    private static boolean firstEventsFrom(List<DataFile> deltas, Instant from) {
        for (DataFile d : deltas) {
            if (firstEvent(d).isBefore(from)) {
                return false;
            }
        }
        return true;
    }

    private static Instant firstEvent(DataFile d) {
        return d.minEventTime() != null ? d.minEventTime() : d.start();
    }

    private static List<DataFile> chooseDeltas(
            int bucket, DataFile base, List<DataFile> deltas, AsOf asOf) {
        List<DataFile> chosen = new ArrayList<>();
        for (DataFile d : deltas) {
            if (d.bucket() != bucket) {
                continue;
            }
            Instant first = firstEvent(d);
            if (!asOf.isCurrent() && first.isAfter(asOf.instant())) {
                continue; // every row is after t
            }
            if (base != null) {
                Instant last = d.maxEventTime() != null ? d.maxEventTime() : d.end();
                boolean reachesPastBase = !last.isBefore(base.start());
                boolean committedAfterBase = d.sequence() > base.sequence();
                if (!reachesPastBase && !committedAfterBase) {
                    continue; // the base already holds what this delta says
                }
            }
            chosen.add(d);
        }
        chosen.sort(Comparator.comparingLong(DataFile::sequence).thenComparing(DataFile::path));
        return chosen;
    }

    private static List<DataFile> withBase(DataFile base, List<DataFile> chosen) {
        List<DataFile> files = new ArrayList<>();
        if (base != null) {
            files.add(base);
        }
        files.addAll(chosen);
        return files;
    }
}
