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
package dev.azof.flink.table;

import dev.azof.core.AzofException;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.PointInTimeLookup;
import dev.azof.core.table.AzofTable;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;

/**
 * The lookup function of a point-in-time join: per fact (key, and optionally the fact's event
 * time in the table's event-time column), the table's row of that key as of that time, from the
 * snapshot pinned when the job was planned (see {@link PointInTimeLookup}, which reads each
 * bucket's versions once per event-time window). Without an event-time lookup key, facts are
 * answered as of the table's 'scan.as-of' (current by default).
 */
@Internal
public final class AzofLookupFunction extends LookupFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AzofLookupFunction.class);
    private static final long WAIT_POLL_MILLIS = 1000;

    private final String path;
    private final long snapshotId;
    private final int[] projection;
    private final int[] keyPositions;
    private final int eventTimePosition;
    private final int eventTimePrecision;
    private final AsOf staticAsOf;
    private final long maxVersions;
    private final boolean waitForWatermark;

    private transient PointInTimeLookup lookup;
    private transient long completeUpToMicros;
    private transient long lookups;
    private transient long lookupNanos;

    AzofLookupFunction(
            String path,
            long snapshotId,
            int[] projection,
            int[] keyPositions,
            int eventTimePosition,
            int eventTimePrecision,
            AsOf staticAsOf,
            long maxVersions,
            boolean waitForWatermark) {
        this.path = path;
        this.snapshotId = snapshotId;
        this.projection = projection.clone();
        this.keyPositions = keyPositions.clone();
        this.eventTimePosition = eventTimePosition;
        this.eventTimePrecision = eventTimePrecision;
        this.staticAsOf = staticAsOf;
        this.maxVersions = maxVersions;
        this.waitForWatermark = waitForWatermark;
    }

    private transient String task;

    @Override
    public void open(FunctionContext context) {
        open(context.getTaskInfo().getTaskNameWithSubtasks());
    }

    /** The snapshot this join answers from (until a wait for the watermark moves it on). */
    long pinnedSnapshotId() {
        return snapshotId;
    }

    /** Opens the pinned snapshot; {@code taskName} names the task in the log. */
    void open(String taskName) {
        task = taskName;
        pin(AzofTable.open(new Path(path), snapshotId));
    }

    private void pin(AzofTable table) {
        Snapshot snapshot = table.snapshot();
        // The schema planned with stays the read schema when a newer snapshot is pinned: the
        // projection indexes its columns, and files of later schema versions map to it.
        TableSchema readSchema = lookup == null ? snapshot.schema() : lookup.schema();
        lookup =
                new PointInTimeLookup(
                        table.dir(),
                        snapshot,
                        readSchema,
                        projection,
                        keyPositions,
                        maxVersions,
                        AsOfReader.PARQUET);
        Instant watermark = SnapshotSummary.of(snapshot).watermark();
        completeUpToMicros = watermark == null ? Long.MIN_VALUE : EventTimes.micros(watermark);
    }

    @Override
    public Collection<RowData> lookup(RowData keyRow) throws IOException {
        long micros;
        if (eventTimePosition < 0) {
            micros = staticAsOf.micros();
        } else if (keyRow.isNullAt(eventTimePosition)) {
            return Collections.emptyList(); // a fact without time matches no version
        } else {
            micros = EventTimes.micros(keyRow.getTimestamp(eventTimePosition, eventTimePrecision));
            if (waitForWatermark && micros > completeUpToMicros) {
                waitUntilComplete(micros);
            }
        }
        long started = System.nanoTime();
        RowData row = lookup.lookup(keyRow, micros);
        lookupNanos += System.nanoTime() - started;
        lookups++;
        return row == null ? Collections.emptyList() : Collections.singletonList(row);
    }

    @Override
    public void close() {
        if (lookup != null) {
            LOG.info(
                    "{}: point-in-time join on {} (snapshot {}): {} lookups in {} ms, of which {}"
                            + " ms reading {} ranges ({} files, {} rows of columns {})",
                    task,
                    path,
                    lookup.snapshot().id(),
                    lookups,
                    lookupNanos / 1_000_000,
                    lookup.readNanos() / 1_000_000,
                    lookup.windowsRead(),
                    lookup.filesRead(),
                    lookup.rowsRead(),
                    lookup.columnsRead());
        }
    }

    /** Polls the table until a commit records a watermark at or after the fact's time. */
    private void waitUntilComplete(long micros) throws IOException {
        long lastId = lookup.snapshot().id();
        while (true) {
            AzofTable table = AzofTable.open(new Path(path));
            if (table.snapshot().id() != lastId) {
                lastId = table.snapshot().id();
                Instant watermark = SnapshotSummary.of(table.snapshot()).watermark();
                if (watermark != null && EventTimes.micros(watermark) >= micros) {
                    LOG.info(
                            "Point-in-time join on {} now answers from snapshot {} (watermark {})",
                            path,
                            lastId,
                            watermark);
                    pin(table);
                    return;
                }
            }
            try {
                Thread.sleep(WAIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(
                        "interrupted while waiting for the watermark of " + path + " to reach "
                                + EventTimes.instant(micros),
                        e);
            }
        }
    }

    /** Rejects tables this join cannot answer, at planning time. */
    static void checkJoinable(AzofTable table) {
        if (table.snapshot().isLegacy()) {
            throw new AzofException(
                    "point-in-time joins need a table of format version 1 (azof 0.2 tables resolve"
                            + " keys by file order, not by event time)");
        }
    }
}
