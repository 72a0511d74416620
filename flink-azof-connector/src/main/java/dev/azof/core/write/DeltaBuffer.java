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

package dev.azof.core.write;

import dev.azof.core.AzofException;
import dev.azof.core.plan.EventTimes;

import org.apache.flink.table.data.RowData;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows waiting to be written as delta files, already grouped by (leaf segment, bucket): each row
 * is copied into the {@link SortedRun} of its group as it is added, so a buffered row costs its
 * bytes and no object, and writing only sorts and encodes. Rows are in {@code
 * TableSchema#fileRowType()} layout; within a group, rows of equal key keep the order they were
 * added in. Not thread-safe.
 */
public final class DeltaBuffer {

    private final TableWriter writer;
    private final SegmentGranularity leaf;
    /** Per leaf segment start, the run of each bucket (null until a row of it comes). */
    private Map<Instant, SortedRun[]> groups = new TreeMap<>();
    private int rows;

    /** Runs written and emptied, for the next groups to fill. */
    private final List<SortedRun> spareRuns = new ArrayList<>();

    // Rows mostly arrive in event-time order: the last segment's range saves calendar arithmetic.
    private Instant segmentStart;
    private long segmentStartMicros = Long.MAX_VALUE;
    private long segmentEndMicros = Long.MIN_VALUE;
    private SortedRun[] segmentGroups;

    DeltaBuffer(TableWriter writer, SegmentGranularity leaf) {
        this.writer = writer;
        this.leaf = leaf;
    }

    /**
     * Copies a row into the buffer (the caller may reuse it).
     *
     * @throws AzofException if a key column or the event time is null, or a timestamp could not
     *     be read back once written (checked here, so that no file is created for the row)
     */
    public void add(RowData row) {
        writer.checkKeyNotNull(row);
        writer.checkReadable(row);
        long micros = writer.eventTimeMicrosOf(row);
        if (micros < segmentStartMicros || micros >= segmentEndMicros) {
            segmentStart = leaf.floor(EventTimes.instant(micros));
            segmentStartMicros = EventTimes.micros(segmentStart);
            segmentEndMicros = EventTimes.micros(leaf.next(segmentStart));
            segmentGroups = groups.computeIfAbsent(segmentStart, s -> new SortedRun[writer.buckets()]);
        }
        int bucket = writer.bucketOf(row);
        SortedRun run = segmentGroups[bucket];
        if (run == null) {
            run = spareRuns.isEmpty() ? writer.newRun() : spareRuns.remove(spareRuns.size() - 1);
            segmentGroups[bucket] = run;
        }
        run.add(row);
        rows++;
    }

    /** The number of buffered rows. */
    public int size() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /**
     * Writes the buffered rows as delta files, one per (leaf segment, bucket), and empties the
     * buffer. If writing fails, the rows stay buffered (files already written stay unreferenced).
     */
    public List<PendingFile> write() throws IOException {
        List<PendingFile> files = writer.writeRuns(groups);
        Map<Instant, SortedRun[]> written = groups;
        clear();
        for (SortedRun[] runs : written.values()) {
            for (SortedRun run : runs) {
                if (run != null) {
                    run.reset();
                    spareRuns.add(run);
                }
            }
        }
        return files;
    }

    /** Drops the buffered rows. */
    public void clear() {
        groups = new TreeMap<>();
        rows = 0;
        segmentStart = null;
        segmentStartMicros = Long.MAX_VALUE;
        segmentEndMicros = Long.MIN_VALUE;
        segmentGroups = null;
    }
}
