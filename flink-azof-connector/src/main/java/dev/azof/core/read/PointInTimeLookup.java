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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers as-of lookups (key, event time) against one snapshot of a table, for point-in-time
 * joins: the row a read as of that time would return for the key, or null.
 *
 * <p>Lookups do not read storage one by one. Event time is cut into <em>windows</em> per bucket,
 * at the starts of the bucket's bases (where the base a read opens changes); the first lookup
 * into a (bucket, window) reads that window's files once ({@link
 * ScanPlanner#planBucketRange}: one base and the deltas up to the window's end) into a {@link
 * VersionIndex}, and later lookups into it are binary searches. Only windows that facts fall
 * into are read: facts of the last year of a long table read the last year's files. Memory is
 * bounded by {@code maxVersions}: least recently used windows are dropped (and read again if
 * needed) once the indexes hold more versions; callers that partition facts by bucket keep the
 * windows of a task few.
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
    private final VersionIndex.KeyNormalizer keyOf;
    private final Map<Integer, List<Instant>> windowStarts = new HashMap<>();
    private final LinkedHashMap<Long, VersionIndex> indexes = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedVersions;
    private long windowsRead;
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
        this.tableDir = tableDir;
        this.snapshot = snapshot;
        this.schema = snapshot.schema();
        this.projection = projection.clone();
        this.keyPositions = keyPositions.clone();
        this.maxVersions = maxVersions;
        this.opener = opener;
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int k : schema.primaryKeyIndexes()) {
            keyTypes.add(schema.rowType().getTypeAt(k));
        }
        this.buckets = new BucketAssigner(keyTypes, snapshot.bucketCount());
        this.keyOf = new VersionIndex.KeyNormalizer(keyTypes, keyPositions);
    }

    /**
     * The row of the key held in {@code keyRow} as of {@code micros} (inclusive, epoch
     * microseconds), projected; null when the key had no row then or was deleted.
     */
    public RowData lookup(RowData keyRow, long micros) {
        List<Object> key = keyOf.key(keyRow);
        if (key == null) {
            return null; // a null key equals no key
        }
        int bucket = buckets.bucket(keyRow, keyPositions);
        return index(bucket, micros).lookup(key, micros);
    }

    /** The bucket of the key held in {@code keyRow} (for partitioning facts by bucket). */
    public int bucket(RowData keyRow) {
        return buckets.bucket(keyRow, keyPositions);
    }

    private VersionIndex index(int bucket, long micros) {
        List<Instant> starts = windowStarts.computeIfAbsent(bucket, b -> ScanPlanner.baseStarts(snapshot, b));
        // window w covers [starts[w], starts[w + 1]); window -1 is before every base
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
        long id = ((long) bucket << 32) | (w + 1);
        VersionIndex index = indexes.get(id);
        if (index != null) {
            return index;
        }
        Instant from = w < 0 ? null : starts.get(w);
        AsOf to =
                w + 1 < starts.size()
                        ? AsOf.at(starts.get(w + 1).minusNanos(1000))
                        : AsOf.current();
        ScanTask task = ScanPlanner.planBucketRange(snapshot, bucket, from, to);
        index = VersionIndex.build(tableDir, schema, task, to.micros(), projection, opener);
        windowsRead++;
        rowsRead += index.rowsRead();
        indexes.put(id, index);
        cachedVersions += index.versions();
        Iterator<Map.Entry<Long, VersionIndex>> eldest = indexes.entrySet().iterator();
        while (cachedVersions > maxVersions && indexes.size() > 1) {
            VersionIndex dropped = eldest.next().getValue();
            if (dropped == index) {
                break;
            }
            cachedVersions -= dropped.versions();
            eldest.remove();
        }
        return index;
    }

    /** Windows read from storage so far (a window read again after eviction counts again). */
    public long windowsRead() {
        return windowsRead;
    }

    /** Rows read from data files so far. */
    public long rowsRead() {
        return rowsRead;
    }

    public Snapshot snapshot() {
        return snapshot;
    }
}
