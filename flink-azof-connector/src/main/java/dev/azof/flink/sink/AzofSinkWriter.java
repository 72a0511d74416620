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
package dev.azof.flink.sink;

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.write.DeltaBuffer;
import dev.azof.core.write.FileRowBuilder;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.types.RowKind;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Buffers the changes of one checkpoint and writes them as key-sorted delta files at {@link
 * #prepareCommit()}; spills to files (of the same checkpoint) when the buffer is full, so memory
 * stays bounded. Emits one partial {@link AzofCommittable} per checkpoint, also when empty, so
 * the aggregator always learns this writer's watermark.
 *
 * <p>Late records and deletions follow docs/spec.md, section 7.5: a row is late when its event
 * time is at or behind the larger of this job's watermark and the table's recorded watermark
 * (read when the writer starts; the table has one writer, so it moves only through this job's
 * commits, which never record more than the job's watermark). Retractions wait in {@link
 * #retractions} until the checkpoint ends, so that an upsert of the same key in the same
 * checkpoint turns them into an update.
 */
@Internal
final class AzofSinkWriter implements CommittingSinkWriter<RowData, AzofCommittable> {

    private static final Logger LOG = LoggerFactory.getLogger(AzofSinkWriter.class);

    private final Path dir;
    private final TableSchema schema;
    private final LateRecords lateRecords;
    private final DeleteTime deleteTime;
    private final int bufferRows;

    private final int eventTimeInput;
    private final int eventTimePrecision;
    private final int[] keyInputs;
    /** For each key column, its getter on the input row (for errors that name the key). */
    private final RowData.FieldGetter[] keyGetters;
    private final RowDataSerializer keySerializer;
    /** Position and precision of the event time in the file row, to move a tombstone's time. */
    private final int eventTimeInFile;
    private final int eventTimeFilePrecision;
    /** The smallest step of the table's event time, in microseconds. */
    private final long eventTimeUnitMicros;
    private final FileRowBuilder fileRows;
    private final DeltaBuffer buffer;
    private List<PendingFile> pending = new ArrayList<>();
    /** Retractions of this checkpoint that no upsert of their key followed (yet), by key. */
    private final Map<BinaryRowData, PendingRetraction> retractions = new LinkedHashMap<>();
    private long watermark = Long.MIN_VALUE;
    /**
     * The table's recorded watermark when this writer started (epoch millis), or MIN_VALUE.
     */
    private final long tableWatermark;
    private long fileCounter;

    private final Counter recordsWritten;
    private final Counter bytesWritten;
    private final Counter filesWritten;
    private final Counter lateCount;
    private volatile long maxLatenessMs;

    AzofSinkWriter(
            String path,
            TableSpec spec,
            RowType inputType,
            LateRecords lateRecords,
            DeleteTime deleteTime,
            int bufferRows,
            int subtask,
            SinkWriterMetricGroup metrics) {
        this.dir = new Path(path);
        // Checks an existing table's schema before this writer writes any file, and writes the
        // schema version the sink was bound to (the table may have been altered since).
        Snapshot snapshot = spec.forWriting(dir, TableCommits.resolve(spec, dir));
        this.schema = snapshot.schema();
        Instant recorded =
                snapshot.isLegacy()
                        ? null
                        : TableCommitter.recordedWatermark(new SnapshotStore(dir), snapshot);
        this.tableWatermark = recorded == null ? Long.MIN_VALUE : recorded.toEpochMilli();
        // Names sort in write order within this writer (same run id, zero-padded counter): among
        // spills of one checkpoint with equal sequence, a later spill is a later write.
        String run = UUID.randomUUID().toString();
        TableWriter tableWriter =
                new TableWriter(dir, snapshot)
                        .withUniqueNames(
                                () ->
                                        String.format(
                                                Locale.ROOT,
                                                "%s-%03d-%09d",
                                                run,
                                                subtask,
                                                fileCounter++));
        this.buffer = tableWriter.newDeltaBuffer();
        this.lateRecords = lateRecords;
        this.deleteTime = deleteTime;
        this.bufferRows = bufferRows;
        // Fails first if the input lacks a column of the table.
        this.fileRows = new FileRowBuilder(dir, schema, inputType);
        this.eventTimeInput = inputType.getFieldNames().indexOf(schema.eventTimeColumn());
        this.eventTimePrecision =
                LogicalTypeChecks.getPrecision(inputType.getTypeAt(eventTimeInput));
        this.eventTimeInFile = schema.eventTimeIndex();
        this.eventTimeFilePrecision =
                LogicalTypeChecks.getPrecision(schema.fileRowType().getTypeAt(eventTimeInFile));
        this.eventTimeUnitMicros =
                eventTimeFilePrecision >= 6 ? 1 : (long) Math.pow(10, 6 - eventTimeFilePrecision);
        int[] keys = schema.primaryKeyIndexes();
        this.keyInputs = new int[keys.length];
        this.keyGetters = new RowData.FieldGetter[keys.length];
        LogicalType[] keyTypes = new LogicalType[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keyInputs[i] = inputType.getFieldNames().indexOf(schema.primaryKey().get(i));
            keyTypes[i] = inputType.getTypeAt(keyInputs[i]);
            keyGetters[i] = RowData.createFieldGetter(keyTypes[i], keyInputs[i]);
        }
        this.keySerializer = new RowDataSerializer(keyTypes);
        this.recordsWritten = metrics.getNumRecordsSendCounter();
        this.bytesWritten = metrics.getNumBytesSendCounter();
        this.filesWritten = metrics.counter("azofFilesWritten");
        this.lateCount = metrics.counter("azofLateRecords");
        metrics.gauge("azofMaxLatenessMs", () -> maxLatenessMs);
    }

    @Override
    public void write(RowData row, Context context) throws IOException {
        RowKind kind = row.getRowKind();
        for (int i = 0; i < keyInputs.length; i++) {
            if (row.isNullAt(keyInputs[i])) {
                throw new AzofException(
                        "cannot write a row with a null primary key column '"
                                + schema.primaryKey().get(i)
                                + "' to table "
                                + dir);
            }
        }
        if (row.isNullAt(eventTimeInput)) {
            throw new AzofException(
                    "cannot write a row without event time (column '"
                            + schema.eventTimeColumn()
                            + "' is null, key "
                            + describeKey(row)
                            + ") to table "
                            + dir);
        }
        long micros = EventTimes.micros(row.getTimestamp(eventTimeInput, eventTimePrecision));
        if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
            if (!retractions.isEmpty()) {
                // The retraction before it was the first half of an update.
                retractions.remove(key(row));
            }
            if (!isLateAndKept(row, micros)) {
                return;
            }
            add(fileRows.build(row, false));
        } else if (kind == RowKind.DELETE && deleteTime == DeleteTime.ROW) {
            // A delete event at its own time: a fact of its own, never part of an update.
            if (!isLateAndKept(row, micros)) {
                return;
            }
            add(fileRows.build(row, true));
        } else {
            retract(row, micros);
        }
    }

    /**
     * Holds a retraction until the checkpoint ends; an upsert of its key before then makes it
     * part of an update. The tombstone's time is fixed now, on arrival.
     */
    private void retract(RowData row, long micros) throws IOException {
        BinaryRowData key = key(row);
        if (retractions.containsKey(key)) {
            return; // the key is retracted already: the earlier retraction ends it
        }
        long at = micros;
        boolean late = false;
        if (deleteTime == DeleteTime.WATERMARK) {
            at = micros + eventTimeUnitMicros;
            long bound = lateBound();
            if (bound != Long.MIN_VALUE && bound < Long.MAX_VALUE / 1000 - 1) {
                // Just after the watermark's millisecond: a tombstone there is never late.
                at = Math.max(at, Math.multiplyExact(bound + 1, 1000L));
            }
            at = Math.floorDiv(at + eventTimeUnitMicros - 1, eventTimeUnitMicros) * eventTimeUnitMicros;
        } else {
            late = isLate(micros);
        }
        BinaryRowData tombstone = fileRows.build(row, true).copy();
        tombstone.setTimestamp(eventTimeInFile, timestamp(at), eventTimeFilePrecision);
        retractions.put(key, new PendingRetraction(tombstone, late, micros, describeKey(row)));
        if (retractions.size() >= bufferRows) {
            flushRetractions();
        }
    }

    /** Writes the retractions that no upsert followed as tombstones. */
    private void flushRetractions() throws IOException {
        for (PendingRetraction r : retractions.values()) {
            if (r.late && !onLate(r.micros, r.key)) {
                continue;
            }
            add(r.tombstone);
        }
        retractions.clear();
    }

    private void add(BinaryRowData fileRow) throws IOException {
        // Copied into the buffer's bytes: the runtime may reuse the input row.
        buffer.add(fileRow);
        recordsWritten.inc();
        if (buffer.size() >= bufferRows) {
            spill();
        }
    }

    /** The late-record bound: the larger of the job's and the table's watermark, or MIN_VALUE. */
    private long lateBound() {
        return Math.max(watermark, tableWatermark);
    }

    private boolean isLate(long micros) {
        long bound = lateBound();
        return bound != Long.MIN_VALUE && Math.floorDiv(micros, 1000) <= bound;
    }

    /** Applies the late-records policy; true if the row is to be written. */
    private boolean isLateAndKept(RowData row, long micros) {
        return !isLate(micros) || onLate(micros, describeKey(row));
    }

    /** Counts a late row and applies the policy; true if it is to be written. */
    private boolean onLate(long micros, String key) {
        long millis = Math.floorDiv(micros, 1000);
        long bound = lateBound();
        lateCount.inc();
        maxLatenessMs = Math.max(maxLatenessMs, bound - millis);
        if (lateRecords == LateRecords.DROP) {
            return false;
        }
        if (lateRecords == LateRecords.FAIL) {
            throw new AzofException(
                    "late record for table "
                            + dir
                            + ": key "
                            + key
                            + " has event time "
                            + EventTimes.instant(micros)
                            + ", at or behind "
                            + (watermark >= tableWatermark
                                    ? "the sink's watermark "
                                    : "the table's recorded watermark ")
                            + Instant.ofEpochMilli(bound)
                            + " ('sink.late-records'='fail')");
        }
        return true;
    }

    private BinaryRowData key(RowData row) {
        GenericRowData key = new GenericRowData(keyGetters.length);
        for (int i = 0; i < keyGetters.length; i++) {
            key.setField(i, keyGetters[i].getFieldOrNull(row));
        }
        return keySerializer.toBinaryRow(key).copy();
    }

    private static TimestampData timestamp(long micros) {
        return TimestampData.fromEpochMillis(
                Math.floorDiv(micros, 1000), (int) Math.floorMod(micros, 1000) * 1000);
    }

    /** A retraction waiting for the end of the checkpoint. */
    private static final class PendingRetraction {
        final BinaryRowData tombstone;
        final boolean late;
        final long micros;
        final String key;

        PendingRetraction(BinaryRowData tombstone, boolean late, long micros, String key) {
            this.tombstone = tombstone;
            this.late = late;
            this.micros = micros;
            this.key = key;
        }
    }

    private String describeKey(RowData row) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < keyInputs.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object v = keyGetters[i].getFieldOrNull(row);
            sb.append(schema.primaryKey().get(i)).append('=').append(v);
        }
        return sb.append(')').toString();
    }

    /** Writes the buffer as delta files of the current checkpoint. */
    private void spill() throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        int rows = buffer.size();
        List<PendingFile> files = buffer.write();
        for (PendingFile f : files) {
            bytesWritten.inc(Math.max(0, f.file().bytes()));
        }
        filesWritten.inc(files.size());
        LOG.debug("wrote {} rows of {} as {} files", rows, dir, files.size());
        pending.addAll(files);
    }

    @Override
    public void writeWatermark(Watermark wm) {
        watermark = Math.max(watermark, wm.getTimestamp());
    }

    @Override
    public void flush(boolean endOfInput) {
        // Files are written at prepareCommit, which follows every flush.
    }

    @Override
    public Collection<AzofCommittable> prepareCommit() throws IOException {
        flushRetractions();
        spill();
        AzofCommittable result =
                new AzofCommittable(
                        AzofCommittable.NO_WRITER_ID,
                        -1,
                        watermark == Long.MIN_VALUE ? null : watermark,
                        pending);
        pending = new ArrayList<>();
        return List.of(result);
    }

    @VisibleForTesting
    long lateRecords() {
        return lateCount.getCount();
    }

    @VisibleForTesting
    long maxLatenessMs() {
        return maxLatenessMs;
    }

    @Override
    public void close() {
        // Uncommitted files stay unreferenced, hence invisible.
        buffer.clear();
        pending.clear();
        retractions.clear();
    }
}
