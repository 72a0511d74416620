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
package dev.azof.core.read;

import dev.azof.core.keys.BucketAssigner;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.plan.ScanPlanner;
import dev.azof.core.plan.ScanTask;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Answers as-of lookups (key, event time) against one snapshot of a table, for point-in-time
 * joins: the row a read as of that time would return for the key, or null.
 *
 * <p>Lookups do not read storage one by one. Event time is cut into <em>windows</em> per bucket,
 * at the starts of the bucket's bases (where the base a read opens changes). A lookup no index
 * answers reads, once, the files of its window's base and every delta after it, up to the end of
 * the table or to the start of the next range already held ({@link
 * ScanPlanner#planBucketRange}), into a {@link VersionIndex} that answers every time of that
 * range; if those files hold more than half of {@code maxVersions} rows, it reads the window
 * alone (base and deltas up to the window's end). When files of up to a quarter of {@code
 * maxVersions} rows allow, the read starts earlier, at the window of the earliest time looked up
 * so far in any bucket: facts in random time order would otherwise read a range (and its base)
 * each time one comes before every earlier fact of its bucket. Later lookups are binary searches.
 * Only what facts' times need is read: facts of the last year of a long table read the last
 * year's files. Memory is bounded by {@code maxVersions}: least recently used indexes are
 * dropped (and read again if needed) once they hold more versions; callers that partition facts
 * by bucket keep the indexes of a task few.
 *
 * <p>Deterministic: the answer depends only on the snapshot and the lookup's time. Not thread
 * safe.
 */
public final class PointInTimeLookup {

    private final Path tableDir;
    private final Snapshot snapshot;
    private final TableSchema schema;
    private final int[] projection;
    private final long maxVersions;
    private final DataFileOpener opener;
    private final BucketAssigner buckets;
    private final int[] keyPositions;
    private final LookupKeyEncoder keyOf;
    private final Map<Integer, List<Instant>> windowStarts = new HashMap<>();
    /** Indexes held. */
    private final List<Range> ranges = new ArrayList<>();
    /** Per bucket, the range its last lookup used: consecutive facts mostly hit it again. */
    private final Map<Integer, Range> lastUsed = new HashMap<>();
    /** The earliest time looked up so far, in any bucket: where later facts likely reach too. */
    private long earliestLookup = Long.MAX_VALUE;
    /** Counts lookups, to order ranges by their last use. */
    private long clock;
    private long cachedVersions;
    private long windowsRead;
    private long readNanos;
    private long filesRead;
    private long rowsRead;

    /**
     * @param projection the table columns lookups return (indexes into the table's row type)
     * @param keyPositions where the primary-key columns (in primary-key order) are in the rows
     *     given to {@link #lookup}
     * @param maxVersions versions kept in memory before least recently used windows are dropped
     */
    public PointInTimeLookup(
            Path tableDir,
            Snapshot snapshot,
            int[] projection,
            int[] keyPositions,
            long maxVersions,
            DataFileOpener opener) {
        this(tableDir, snapshot, snapshot.schema(), projection, keyPositions, maxVersions, opener);
    }

    /**
     * Like {@link #PointInTimeLookup(Path, Snapshot, int[], int[], long, DataFileOpener)}, reading
     * {@code snapshot}'s files as {@code readSchema} (one of its schema versions: the one a job
     * planned with, when it moves on to newer snapshots); {@code projection} indexes its columns.
     */
    public PointInTimeLookup(
            Path tableDir,
            Snapshot snapshot,
            TableSchema readSchema,
            int[] projection,
            int[] keyPositions,
            long maxVersions,
            DataFileOpener opener) {
        this.tableDir = tableDir;
        this.snapshot = snapshot;
        this.schema = readSchema;
        this.projection = projection.clone();
        this.keyPositions = keyPositions.clone();
        this.maxVersions = maxVersions;
        this.opener = opener;
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int k : schema.primaryKeyIndexes()) {
            keyTypes.add(schema.rowType().getTypeAt(k));
        }
        this.buckets = new BucketAssigner(keyTypes, snapshot.bucketCount());
        this.keyOf = new LookupKeyEncoder(keyTypes, keyPositions);
    }

    /**
     * The row of the key held in {@code keyRow} as of {@code micros} (inclusive, epoch
     * microseconds), projected; null when the key had no row then or was deleted. The row is
     * immutable: it points into an index held by this lookup, which stays valid (also after the
     * index is dropped) as long as the row is referenced.
     */
    public RowData lookup(RowData keyRow, long micros) {
        if (!keyOf.encode(keyRow)) {
            return null; // a null key equals no key
        }
        if (micros < earliestLookup) {
            earliestLookup = micros;
        }
        int bucket = buckets.bucket(keyRow, keyPositions);
        return index(bucket, micros).lookup(keyOf, keyOf.hash(), micros);
    }

    /** The bucket of the key held in {@code keyRow} (for partitioning facts by bucket). */
    public int bucket(RowData keyRow) {
        return buckets.bucket(keyRow, keyPositions);
    }

    /** An index and the event times it answers: [from, to], epoch microseconds. */
    private static final class Range {
        final int bucket;
        final long from;
        final long to;
        final VersionIndex index;
        long lastUse;

        Range(int bucket, long from, long to, VersionIndex index) {
            this.bucket = bucket;
            this.from = from;
            this.to = to;
            this.index = index;
        }

        boolean answers(int b, long micros) {
            return bucket == b && from <= micros && micros <= to;
        }
    }

    private VersionIndex index(int bucket, long micros) {
        clock++;
        Range last = lastUsed.get(bucket);
        if (last != null && last.answers(bucket, micros)) {
            last.lastUse = clock;
            return last.index;
        }
        for (Range r : ranges) {
            if (r.answers(bucket, micros)) {
                r.lastUse = clock;
                lastUsed.put(bucket, r);
                return r.index;
            }
        }
        List<Instant> starts =
                windowStarts.computeIfAbsent(bucket, b -> ScanPlanner.baseStarts(snapshot, b));
        int w = window(starts, micros);
        // Up to the end of the table, or to the next range this bucket holds (facts in random
        // time order then read each stretch of deltas once, not again with every earlier fact).
        AsOf to = AsOf.current();
        long heldBefore = Long.MIN_VALUE; // the end of the latest range held before micros
        for (Range r : ranges) {
            if (r.bucket != bucket) {
                continue;
            }
            if (r.from > micros && (to.isCurrent() || r.from - 1 < to.micros())) {
                to = AsOf.at(EventTimes.instant(r.from - 1));
            } else if (r.to < micros) {
                heldBefore = Math.max(heldBefore, r.to);
            }
        }
        // Facts in random time order would read a new range, each with its own base, whenever a
        // fact came before the earliest one of its bucket so far. Facts of all buckets mostly
        // share one stretch of time, so reach back to the earliest time looked up in any bucket
        // (not into a range this bucket holds) when those files fit a quarter of the budget:
        // later facts of this bucket then find their versions read.
        int first = w;
        ScanTask task = null;
        if (earliestLookup < micros) {
            int reach = Math.max(window(starts, earliestLookup), firstWindowAfter(starts, heldBefore));
            if (reach < w) {
                ScanTask wider = plan(bucket, starts, reach, to);
                if (rows(wider) <= maxVersions / 4) {
                    first = reach;
                    task = wider;
                }
            }
        }
        if (task == null) {
            task = plan(bucket, starts, w, to);
        }
        // Reading from the window's base to the end of the table (or the next range held) answers
        // every later time of the bucket too, which is what facts spread over a recent stretch
        // need. Past half the budget (by the row counts the snapshot records), read the window
        // alone.
        if (first == w
                && w + 1 < starts.size()
                && EventTimes.micros(starts.get(w + 1)) - 1 < to.micros()
                && rows(task) > maxVersions / 2) {
            to = AsOf.at(starts.get(w + 1).minusNanos(1000));
            task = plan(bucket, starts, w, to);
        }
        long fromMicros = first < 0 ? Long.MIN_VALUE : EventTimes.micros(starts.get(first));
        long started = System.nanoTime();
        VersionIndex index =
                VersionIndex.build(tableDir, schema, task, to.micros(), projection, opener);
        readNanos += System.nanoTime() - started;
        windowsRead++;
        filesRead += task.files().size();
        rowsRead += index.rowsRead();
        Range added = new Range(bucket, fromMicros, to.micros(), index);
        added.lastUse = clock;
        // Ranges the new one covers are of no more use.
        Iterator<Range> old = ranges.iterator();
        while (old.hasNext()) {
            Range r = old.next();
            if (r.bucket == bucket && r.from >= added.from && r.to <= added.to) {
                cachedVersions -= r.index.versions();
                old.remove();
            }
        }
        ranges.add(added);
        lastUsed.put(bucket, added);
        cachedVersions += index.versions();
        // Past the budget, drop the least recently used ranges (never the one just read).
        while (cachedVersions > maxVersions && ranges.size() > 1) {
            Range eldest = null;
            for (Range r : ranges) {
                if (r != added && (eldest == null || r.lastUse < eldest.lastUse)) {
                    eldest = r;
                }
            }
            ranges.remove(eldest);
            lastUsed.remove(eldest.bucket, eldest);
            cachedVersions -= eldest.index.versions();
        }
        return index;
    }

    /** The window of {@code micros}: w covers [starts[w], starts[w + 1]); -1 is before every base. */
    private static int window(List<Instant> starts, long micros) {
        int w = -1;
        int lo = 0;
        int hi = starts.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (EventTimes.micros(starts.get(mid)) <= micros) {
                w = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return w;
    }

    /** The first window starting after {@code micros}; -1 (any window) for Long.MIN_VALUE. */
    private static int firstWindowAfter(List<Instant> starts, long micros) {
        return micros == Long.MIN_VALUE ? -1 : window(starts, micros) + 1;
    }

    /** The files of {@code bucket} from window {@code w}'s base (w = -1: from the first file) to {@code to}. */
    private ScanTask plan(int bucket, List<Instant> starts, int w, AsOf to) {
        return ScanPlanner.planBucketRange(snapshot, bucket, w < 0 ? null : starts.get(w), to);
    }

    private static long rows(ScanTask task) {
        long rows = 0;
        for (DataFile f : task.files()) {
            rows += Math.max(0, f.rows());
        }
        return rows;
    }

    /** The columns read from data files: the projection, the key, the event time, the flag. */
    public List<String> columnsRead() {
        return new ReadLayout(schema, projection).readType.getFieldNames();
    }

    /** Windows read from storage so far (a window read again after eviction counts again). */
    public long windowsRead() {
        return windowsRead;
    }

    /** Data files opened so far. */
    public long filesRead() {
        return filesRead;
    }

    /** Time spent reading files into indexes so far. */
    public long readNanos() {
        return readNanos;
    }

    /** Rows read from data files so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /** The schema lookups read the files as (the projection indexes its columns). */
    public TableSchema schema() {
        return schema;
    }

    public Snapshot snapshot() {
        return snapshot;
    }
}
