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

import dev.azof.core.AzofException;
import dev.azof.core.commit.ConcurrentCommitException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.commit.WriterLineage;
import dev.azof.core.fs.CommitOutcomeUnknownException;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary.Key;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.metadata.TablePaths;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.plan.ScanPlanner;
import dev.azof.core.plan.ScanTask;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.DataFileOpener;
import dev.azof.core.read.SchemaMapper;
import dev.azof.core.read.RowIterator;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.SegmentGranularity;
import dev.azof.core.write.SegmentTree;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Compacts a table: one run reads snapshot N and publishes ONE snapshot that <em>replaces</em>
 * files, so that as-of reads stay cheap however long the history grows.
 *
 * <ol>
 *   <li><b>Merge deltas</b>: every (leaf segment, bucket) with more than {@link
 *       CompactionPolicy#maxDeltasPerSegment()} deltas gets all of them merged into one
 *       key-sorted delta. Of several rows with equal (key, event time) only the winner of the
 *       spec's tie rule is kept; tombstones are kept. The merged delta carries the <b>highest
 *       sequence of its inputs</b> (the latest write it holds).
 *   <li><b>Build bases</b> (policy): a base at the start S of each leaf segment after the first,
 *       and a rebuilt base wherever a delta committed after an existing base holds rows before
 *       its start (late data). A base is the table's state as of S - 1 microsecond, tombstones
 *       included except those older than the tombstone retention (recorded as {@code
 *       tombstones_from}). It carries <b>sequence N</b>, the snapshot it reflects: it holds every
 *       delta of sequence &lt;= N, and the planner reads every later delta with it as late data.
 * </ol>
 *
 * <p><b>Why every as-of answer is unchanged</b> (for every t, reads of the published snapshot equal
 * reads of N, plus whatever commits landed in between). The answer as of t is, per key, the
 * highest-precedence delta row with event time &lt;= t (precedence: event time, sequence, file
 * order, row position); bases are copies of such winners and any base the planner may choose gives
 * that answer (spec 6.2). (a) Rows with equal key and event time have the same bucket and lie in
 * the same leaf segment, so all of them are inputs of the same merge (a group is skipped if a delta
 * outside it overlaps its range); a dropped row lost its tie to the kept one, and both are visible
 * for exactly the same t, so dropping it changes no answer. (b) The merged file's sequence m is
 * the maximum of its inputs: against deltas outside the group it has no ties; against a base of
 * sequence q, if m &gt; q some input was late for that base, the planner reads the merged file
 * with it as it read that input, and at a tie the merged row (the true winner) beats the base's
 * copy as before; if m &lt;= q every input is reflected in the base, and the planner reads the
 * merged file with the base exactly when it read some input (reaching past the base's start is
 * monotone in the maximum, and m &gt; q is false for all of them). A higher stamp (the compaction's
 * own id) would stay correct at ties but would make every older base treat the merged file as late
 * data, so reads would grow until every later base was rebuilt. (c) A new base is the answer as of
 * S - 1 microsecond of the table being replaced, so it is a correct base; with sequence N it
 * excludes exactly the deltas it reflects. Dropped tombstones are handled by the planner's {@code
 * tombstones_from} rule. (d) Removed files are: inputs of merges (replaced by an equivalent file),
 * bases at a start where a newer correct base now exists, and bases shadowed by a base of equal
 * start and higher sequence. (e) Commits that landed after the run read N have sequences &gt; N,
 * higher than every file the run writes: they remain later writes than the merged rows and late
 * data for the new bases, so the run publishes on top of them unchanged; it fails only if a file
 * it replaces is gone (another compaction).
 *
 * <p>The commit is isolated in {@link #publishReplace}, so that a streaming sink can route it
 * through its own committer; it is published by {@link TableCommits}, like every commit.
 */
public final class Compactor {

    /** How often a publish is retried when another commit lands first. */
    private static final int MAX_PUBLISH_ATTEMPTS = 5;

    private final Path dir;
    private final CompactionPolicy policy;
    private DataFileOpener opener = AsOfReader.PARQUET;
    private Supplier<String> uniqueNames;
    private LongSupplier clock = System::currentTimeMillis;

    public Compactor(Path dir, CompactionPolicy policy) {
        this.dir = dir;
        this.policy = policy;
    }

    /** Replaces the random part of new file names (deterministic tests and generators). */
    public Compactor withUniqueNames(Supplier<String> names) {
        this.uniqueNames = names;
        return this;
    }

    /** The commit time to record (milliseconds since the epoch). */
    public Compactor withClock(LongSupplier millis) {
        this.clock = millis;
        return this;
    }

    /** Compacts the current snapshot of the table. */
    public CompactionResult run() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        return compact(store, store.current());
    }

    /** Compacts {@code from} and publishes the result on top of the table's current snapshot. */
    public CompactionResult compact(SnapshotStore store, Snapshot from) throws IOException {
        if (from.isLegacy()) {
            throw new AzofException(
                    "table " + dir + " is an azof 0.2 table; this project reads it but does not compact it");
        }
        TableWriter writer = new TableWriter(dir, from);
        if (uniqueNames != null) {
            writer.withUniqueNames(uniqueNames);
        }
        List<SegmentGranularity> layout = writer.layout();
        List<String> written = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            List<DataFile> removed = new ArrayList<>();
            List<PendingFile> added = new ArrayList<>();
            mergeDeltas(from, writer, removed, added, written, counts);
            List<Segment> merged = replace(from.segments(), paths(removed), added, layout);
            buildBases(from, merged, writer, layout, removed, added, written, counts);
            if (removed.isEmpty() && added.isEmpty()) {
                return new CompactionResult(from.id(), null, from.allFiles().size(), counts);
            }
            counts.put(Key.REMOVED_FILES.key(), (long) removed.size());
            counts.put(Key.ADDED_FILES.key(), (long) added.size());
            SnapshotSummary summary =
                    new SnapshotSummary()
                            .operation(SnapshotSummary.COMPACT)
                            .count(Key.COMPACTED_SNAPSHOT, from.id());
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                summary.put(e.getKey(), Long.toString(e.getValue()));
            }
            summary.putAll(policy.toOptions());
            Snapshot next =
                    publishReplace(store, from, removed, added, summary.toMap(), clock.getAsLong());
            return new CompactionResult(from.id(), next, from.allFiles().size(), counts);
        } catch (IOException | RuntimeException e) {
            // Nothing references the files of a run that did not publish: remove them now rather
            // than leave them to expiration. If the publish may have happened, they stay.
            for (String p : unpublished(store, from, written, e)) {
                try {
                    Path f = TablePaths.resolve(dir, p);
                    f.getFileSystem().delete(f, false);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * The files of a failed run that no snapshot can reference: all of them, unless the failure
     * came after a publish (the pointer's write failed) or the publish's outcome is unknown.
     */
    private static List<String> unpublished(
            SnapshotStore store, Snapshot from, List<String> written, Exception failure) {
        if (CommitOutcomeUnknownException.isCause(failure)) {
            return List.of();
        }
        try {
            Set<String> mine = new java.util.HashSet<>(written);
            for (long id = from.id() + 1, last = store.currentId(); id <= last; id++) {
                Snapshot s = store.readIfExists(id);
                if (s == null || s.allFiles().stream().anyMatch(f -> mine.contains(f.path()))) {
                    return List.of();
                }
            }
            return written;
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return List.of();
        }
    }

    // ------------------------------------------------------------------ deltas

    private void mergeDeltas(
            Snapshot from,
            TableWriter writer,
            List<DataFile> removed,
            List<PendingFile> added,
            List<String> written,
            Map<String, Long> counts)
            throws IOException {
        List<DataFile> allDeltas = new ArrayList<>();
        for (DataFile f : from.allFiles()) {
            if (!f.isBase()) {
                allDeltas.add(f);
            }
        }
        long mergedIn = 0;
        long mergedOut = 0;
        long rowsIn = 0;
        long rowsOut = 0;
        long skipped = 0;
        for (Segment leaf : leaves(from.segments())) {
            Map<Integer, List<DataFile>> byBucket = new TreeMap<>();
            for (DataFile d : leaf.deltas()) {
                byBucket.computeIfAbsent(d.bucket(), b -> new ArrayList<>()).add(d);
            }
            for (Map.Entry<Integer, List<DataFile>> group : byBucket.entrySet()) {
                List<DataFile> inputs = group.getValue();
                if (inputs.size() <= policy.maxDeltasPerSegment()) {
                    continue;
                }
                if (overlapsOthers(inputs, allDeltas)) {
                    skipped++; // rows tying with the group's rows could lie outside it
                    continue;
                }
                // Read order (sequence, then path) defines "the later file" of the tie rule.
                inputs.sort(Comparator.comparingLong(DataFile::sequence).thenComparing(DataFile::path));
                Instant start = inputs.get(0).start();
                Instant end = inputs.get(0).end();
                long sequence = 0;
                for (DataFile d : inputs) {
                    start = d.start().isBefore(start) ? d.start() : start;
                    end = d.end().isAfter(end) ? d.end() : end;
                    sequence = Math.max(sequence, d.sequence());
                }
                String path = "data/" + leaf.id() + "/compact-b" + group.getKey() + "-" + writer.uniqueName() + ".parquet";
                DataFile out;
                written.add(path);
                try (DeltaMerger merger = new DeltaMerger(dir, SchemaMapper.of(from), inputs, opener)) {
                    out = writer.writeFile(path, DataFile.Kind.DELTA, start, end, group.getKey(), merger);
                    rowsIn += merger.rowsIn();
                }
                rowsOut += out.rows();
                removed.addAll(inputs);
                added.add(new PendingFile(leaf.start(), out.withSequence(sequence)));
                mergedIn += inputs.size();
                mergedOut++;
            }
        }
        counts.put(Key.MERGED_DELTAS.key(), mergedIn);
        counts.put(Key.WRITTEN_DELTAS.key(), mergedOut);
        counts.put(Key.MERGED_ROWS_IN.key(), rowsIn);
        counts.put(Key.MERGED_ROWS_OUT.key(), rowsOut);
        if (skipped > 0) {
            counts.put(Key.SKIPPED_GROUPS.key(), skipped);
        }
    }

    private static boolean overlapsOthers(List<DataFile> group, List<DataFile> allDeltas) {
        Set<String> in = paths(group);
        int bucket = group.get(0).bucket();
        for (DataFile g : group) {
            for (DataFile d : allDeltas) {
                if (d.bucket() == bucket
                        && !in.contains(d.path())
                        && !d.start().isAfter(g.end())
                        && !d.end().isBefore(g.start())) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ bases

    private void buildBases(
            Snapshot from,
            List<Segment> mergedTree,
            TableWriter writer,
            List<SegmentGranularity> layout,
            List<DataFile> removed,
            List<PendingFile> added,
            List<String> written,
            Map<String, Long> counts)
            throws IOException {
        // Starts that should have a base: every leaf start but the first (nothing lies before it).
        TreeSet<Instant> targets = new TreeSet<>();
        if (policy.buildBases() == CompactionPolicy.BaseMode.CLOSED_SEGMENTS) {
            for (Segment leaf : leaves(mergedTree)) {
                targets.add(leaf.start());
            }
            if (!targets.isEmpty()) {
                targets.pollFirst();
            }
        }
        // Existing bases per bucket and start; deltas per bucket after the merge.
        List<Map<Instant, List<DataFile>>> bases = new ArrayList<>();
        List<List<DataFile>> deltas = new ArrayList<>();
        for (int b = 0; b < from.bucketCount(); b++) {
            bases.add(new TreeMap<>());
            deltas.add(new ArrayList<>());
        }
        TreeSet<Instant> starts = new TreeSet<>(targets);
        for (Segment s : SegmentTree.flatten(mergedTree)) {
            for (DataFile f : s.bases()) {
                bases.get(f.bucket()).computeIfAbsent(f.start(), x -> new ArrayList<>()).add(f);
                starts.add(f.start());
            }
            for (DataFile d : s.deltas()) {
                deltas.get(d.bucket()).add(d);
            }
        }
        // Bases are built in start order, each from the table as it will be (merged deltas and the
        // bases built so far): the previous new base then answers most of the next one.
        Snapshot view = from.next(from.id(), from.timestampMillis(), mergedTree, Map.of());
        TableSchema schema = from.schema();
        long built = 0;
        long rebuilt = 0;
        long dropped = 0;
        long superseded = 0;
        for (Instant start : starts) {
            List<PendingFile> now = new ArrayList<>();
            AsOf justBefore = AsOf.at(start.minus(1, ChronoUnit.MICROS));
            List<ScanTask> tasks = null;
            for (int b = 0; b < from.bucketCount(); b++) {
                List<DataFile> existing = bases.get(b).getOrDefault(start, List.of());
                DataFile best = null;
                for (DataFile f : existing) {
                    best = best == null || f.sequence() > best.sequence() ? f : best;
                }
                boolean build =
                        best == null
                                ? targets.contains(start)
                                : policy.foldLateFiles() && hasLateDelta(best, deltas.get(b));
                if (!build) {
                    for (DataFile f : existing) {
                        if (f != best) {
                            removed.add(f); // never chosen over best: same start, lower sequence
                            superseded++;
                        }
                    }
                    continue;
                }
                if (tasks == null) {
                    tasks = ScanPlanner.plan(view, justBefore);
                }
                ScanTask task = null;
                for (ScanTask t : tasks) {
                    task = t.bucket() == b ? t : task;
                }
                if (task == null) {
                    continue; // no row of this bucket lies before the start: no base needed
                }
                String path =
                        "data/base-" + SegmentTree.leafId(start, layout) + "-b" + b + "-" + writer.uniqueName() + ".parquet";
                written.add(path);
                Instant inputFrom = task.files().get(0).isBase() ? task.files().get(0).tombstonesFrom() : null;
                Instant from0 =
                        policy.tombstoneRetention() == null ? null : start.minus(policy.tombstoneRetention());
                Instant keepFrom = max(from0, inputFrom);
                DataFile base;
                try (TombstoneFilter rows =
                        new TombstoneFilter(
                                AsOfReader.readTaskWithTombstones(dir, schema, task, justBefore, opener),
                                schema,
                                keepFrom)) {
                    base = writer.writeFile(path, DataFile.Kind.BASE, start, null, b, rows);
                    dropped += rows.dropped;
                    // Record the bound only when tombstones are missing: other bases stay usable
                    // with late data of any age.
                    Instant recorded = rows.dropped > 0 || inputFrom != null ? keepFrom : null;
                    base = base.withSequence(from.id()).withTombstonesFrom(recorded);
                }
                removed.addAll(existing);
                if (best == null) {
                    built++;
                } else {
                    rebuilt++;
                }
                now.add(new PendingFile(start, base));
            }
            if (!now.isEmpty()) {
                added.addAll(now);
                view = view.next(view.id(), view.timestampMillis(), replace(view.segments(), paths(removed), now, layout), Map.of());
            }
        }
        counts.put(Key.WRITTEN_BASES.key(), built + rebuilt);
        counts.put(Key.REBUILT_BASES.key(), rebuilt);
        counts.put(Key.REMOVED_SHADOWED_BASES.key(), superseded);
        counts.put(Key.DROPPED_TOMBSTONES.key(), dropped);
    }

    /** Whether a delta committed after the base holds rows before its start (late data). */
    private static boolean hasLateDelta(DataFile base, List<DataFile> deltas) {
        for (DataFile d : deltas) {
            Instant first = d.minEventTime() != null ? d.minEventTime() : d.start();
            if (d.sequence() > base.sequence() && first.isBefore(base.start())) {
                return true;
            }
        }
        return false;
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Passes rows on, leaving out tombstones with event time before {@code keepFrom}. */
    private static final class TombstoneFilter implements RowIterator {
        private final RowIterator in;
        private final int deletedIndex;
        private final int eventTimeIndex;
        private final int precision;
        private final long keepFromMicros;
        private RowData pending;
        long dropped;

        TombstoneFilter(RowIterator in, TableSchema schema, Instant keepFrom) {
            this.in = in;
            this.deletedIndex = schema.columns().size();
            this.eventTimeIndex = schema.eventTimeIndex();
            this.precision = LogicalTypeChecks.getPrecision(schema.rowType().getTypeAt(eventTimeIndex));
            this.keepFromMicros = keepFrom == null ? Long.MIN_VALUE : EventTimes.micros(keepFrom);
        }

        @Override
        public boolean hasNext() throws IOException {
            while (pending == null && in.hasNext()) {
                RowData r = in.next();
                boolean tombstone = !r.isNullAt(deletedIndex) && r.getBoolean(deletedIndex);
                if (tombstone && EventTimes.micros(r.getTimestamp(eventTimeIndex, precision)) < keepFromMicros) {
                    dropped++;
                    continue;
                }
                pending = r;
            }
            return pending != null;
        }

        @Override
        public RowData next() throws IOException {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RowData r = pending;
            pending = null;
            return r;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    // ------------------------------------------------------------------ commit

    /**
     * Publishes a "replace" snapshot: the current snapshot's tree without {@code removed}, plus
     * {@code added} (files whose sequences are already stamped), as the next snapshot. Commits
     * that landed after {@code readFrom} are kept (see the class comment for why that is safe);
     * the publish fails if one of the removed files is no longer in the table.
     *
     * @throws ConcurrentCommitException if another compaction replaced a file first, or other
     *     commits kept winning the race
     */
    public static Snapshot publishReplace(
            SnapshotStore store,
            Snapshot readFrom,
            Collection<DataFile> removed,
            List<PendingFile> added,
            Map<String, String> summary,
            long timestampMillis) {
        List<SegmentGranularity> layout =
                SegmentGranularity.parseLayout(
                        readFrom.properties().getOrDefault(TableWriter.SEGMENT_GRANULARITY, TableWriter.DEFAULT_GRANULARITY));
        Set<String> gone = paths(removed);
        Snapshot current = store.currentId() == readFrom.id() ? readFrom : store.current();
        return TableCommits.on(store)
                .from(current)
                .retryLostRaces(MAX_PUBLISH_ATTEMPTS, "the compaction of snapshot " + readFrom.id())
                .publish(
                        base -> {
                            if (base.id() != readFrom.id()) {
                                Set<String> present = paths(base.allFiles());
                                for (String p : gone) {
                                    if (!present.contains(p)) {
                                        throw new ConcurrentCommitException(
                                                "compaction of snapshot " + readFrom.id() + " of " + store.tableDir()
                                                        + " replaces '" + p + "', which snapshot " + base.id()
                                                        + " no longer holds (another compaction ran); run it again");
                                    }
                                }
                            }
                            // Carry the table's completeness and its writer's lineage forward, so
                            // that both survive expiring the sink's snapshots.
                            SnapshotSummary carried = SnapshotSummary.of(summary);
                            TableCommits.carryForward(store, base, carried);
                            return base.next(
                                    base.id() + 1,
                                    timestampMillis,
                                    replace(base.segments(), gone, added, layout),
                                    carried.toMap());
                        });
    }

    // ------------------------------------------------------------------ trees

    /** The tree without the files named in {@code removed}, plus {@code added} in their leaves. */
    static List<Segment> replace(
            List<Segment> top, Set<String> removed, List<PendingFile> added, List<SegmentGranularity> layout) {
        List<Segment> out = without(top, removed);
        for (PendingFile f : added) {
            DataFile file = f.file();
            out = SegmentTree.addFiles(
                    out,
                    f.segmentAnchor(),
                    layout,
                    file.isBase() ? List.of(file) : List.of(),
                    file.isBase() ? List.of() : List.of(file));
        }
        return out;
    }

    private static List<Segment> without(List<Segment> segments, Set<String> removed) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            List<DataFile> bases = new ArrayList<>();
            for (DataFile f : s.bases()) {
                if (!removed.contains(f.path())) {
                    bases.add(f);
                }
            }
            List<DataFile> deltas = new ArrayList<>();
            for (DataFile f : s.deltas()) {
                if (!removed.contains(f.path())) {
                    deltas.add(f);
                }
            }
            out.add(new Segment(s.id(), s.start(), s.end(), bases, deltas, without(s.children(), removed)));
        }
        return out;
    }

    private static List<Segment> leaves(List<Segment> top) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : SegmentTree.flatten(top)) {
            if (s.children().isEmpty()) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(Segment::start));
        return out;
    }

    private static Set<String> paths(Collection<DataFile> files) {
        Set<String> out = new HashSet<>();
        for (DataFile f : files) {
            out.add(f.path());
        }
        return out;
    }
}
