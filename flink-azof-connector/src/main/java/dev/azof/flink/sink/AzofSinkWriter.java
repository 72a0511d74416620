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
import dev.azof.core.commit.TableCommits;
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
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.types.RowKind;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Buffers the changes of one checkpoint and writes them as key-sorted delta files at {@link
 * #prepareCommit()}; spills to files (of the same checkpoint) when the buffer is full, so memory
 * stays bounded. Emits one partial {@link AzofCommittable} per checkpoint, also when empty, so
 * the aggregator always learns this writer's watermark.
 */
@Internal
final class AzofSinkWriter implements CommittingSinkWriter<RowData, AzofCommittable> {

    private static final Logger LOG = LoggerFactory.getLogger(AzofSinkWriter.class);

    private final Path dir;
    private final TableSchema schema;
    private final LateRecords lateRecords;
    private final int bufferRows;

    private final int eventTimeInput;
    private final int eventTimePrecision;
    private final int[] keyInputs;
    /** For each key column, its getter on the input row (for errors that name the key). */
    private final RowData.FieldGetter[] keyGetters;
    private final FileRowBuilder fileRows;
    private final DeltaBuffer buffer;
    private List<PendingFile> pending = new ArrayList<>();
    private long watermark = Long.MIN_VALUE;
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
            int bufferRows,
            int subtask,
            SinkWriterMetricGroup metrics) {
        this.dir = new Path(path);
        // Checks an existing table's schema before this writer writes any file.
        Snapshot snapshot = TableCommits.resolve(spec, dir);
        this.schema = snapshot.schema();
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
        this.bufferRows = bufferRows;
        // Fails first if the input lacks a column of the table.
        this.fileRows = new FileRowBuilder(dir, schema, inputType);
        this.eventTimeInput = inputType.getFieldNames().indexOf(schema.eventTimeColumn());
        this.eventTimePrecision =
                LogicalTypeChecks.getPrecision(inputType.getTypeAt(eventTimeInput));
        int[] keys = schema.primaryKeyIndexes();
        this.keyInputs = new int[keys.length];
        this.keyGetters = new RowData.FieldGetter[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keyInputs[i] = inputType.getFieldNames().indexOf(schema.primaryKey().get(i));
            keyGetters[i] = RowData.createFieldGetter(inputType.getTypeAt(keyInputs[i]), keyInputs[i]);
        }
        this.recordsWritten = metrics.getNumRecordsSendCounter();
        this.bytesWritten = metrics.getNumBytesSendCounter();
        this.filesWritten = metrics.counter("azofFilesWritten");
        this.lateCount = metrics.counter("azofLateRecords");
        metrics.gauge("azofMaxLatenessMs", () -> maxLatenessMs);
    }

    @Override
    public void write(RowData row, Context context) throws IOException {
        RowKind kind = row.getRowKind();
        if (kind == RowKind.UPDATE_BEFORE) {
            // The UPDATE_AFTER that follows carries the new state; an upsert needs nothing else.
            return;
        }
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
        long millis = Math.floorDiv(micros, 1000);
        if (watermark != Long.MIN_VALUE && millis <= watermark) {
            lateCount.inc();
            maxLatenessMs = Math.max(maxLatenessMs, watermark - millis);
            if (lateRecords == LateRecords.DROP) {
                return;
            }
            if (lateRecords == LateRecords.FAIL) {
                throw new AzofException(
                        "late record for table "
                                + dir
                                + ": key "
                                + describeKey(row)
                                + " has event time "
                                + EventTimes.instant(micros)
                                + ", at or behind the sink's watermark "
                                + Instant.ofEpochMilli(watermark)
                                + " ('sink.late-records'='fail')");
            }
        }
        // Copied into the buffer's bytes: the runtime may reuse the input row.
        buffer.add(fileRows.build(row, kind == RowKind.DELETE));
        recordsWritten.inc();
        if (buffer.size() >= bufferRows) {
            spill();
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
    }
}
