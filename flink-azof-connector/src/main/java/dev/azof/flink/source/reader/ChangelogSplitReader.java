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
package dev.azof.flink.source.reader;

import dev.azof.core.AzofException;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.ChangeReader;
import dev.azof.core.read.DataFileOpener;
import dev.azof.core.read.SchemaMapper;
import dev.azof.core.read.RowIterator;
import dev.azof.flink.source.AzofMetadata;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.SplitOrigin;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * Reads the splits of a streaming read one after the other, in the order they were assigned (so
 * the commits of a bucket leave in commit order): the rows a commit added, file by file and in
 * file order, as changes ({@link RowKind#INSERT} for an upsert, {@link RowKind#DELETE} for a
 * tombstone), or an as-of state as inserts. Each row carries its event time as its timestamp and
 * the requested metadata columns. Memory is one Parquet batch per open file (one file at a time).
 *
 * <p>A restored split is read again from its start, skipping the rows emitted before the
 * checkpoint: both kinds of read are deterministic.
 */
@Internal
public final class ChangelogSplitReader extends SequentialSplitReader<AzofRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ChangelogSplitReader.class);

    private final Path tableDir;
    private final TableSchema schema;
    private final int[] projection;
    private final AzofMetadata[] metadata;
    private final int batchSize;
    private final DataFileOpener opener;

    /** Rows of the current split handed over so far, counting those skipped on restore. */
    private long position;
    private Rows rows;

    public ChangelogSplitReader(
            Path tableDir,
            TableSchema schema,
            int[] projection,
            List<AzofMetadata> metadata,
            int batchSize,
            DataFileOpener opener) {
        this.tableDir = tableDir;
        this.schema = schema;
        this.projection = projection.clone();
        this.metadata = metadata.toArray(new AzofMetadata[0]);
        this.batchSize = batchSize;
        this.opener = opener;
    }

    @Override
    public RecordsWithSplitIds<AzofRecord> fetch() throws IOException {
        RecordsBySplits.Builder<AzofRecord> batch = new RecordsBySplits.Builder<>();
        while (current == null) {
            AzofSourceSplit split = pending.poll();
            if (split == null) {
                return batch.build();
            }
            open(split);
            while (position < split.recordsEmitted() && rows.advance()) {
                position++;
            }
            if (position < split.recordsEmitted()) {
                throw new AzofException(
                        split
                                + " emitted "
                                + split.recordsEmitted()
                                + " rows before the restore but holds only "
                                + position
                                + ": its files changed");
            }
        }
        String id = current.splitId();
        int n = 0;
        while (n < batchSize && rows.advance()) {
            batch.add(id, rows.record());
            position++;
            n++;
        }
        if (n < batchSize) {
            batch.addFinishedSplit(id);
            current = null;
            closeRows();
        }
        return batch.build();
    }

    private void open(AzofSourceSplit split) {
        SplitOrigin origin = split.origin();
        if (origin == null) {
            throw new AzofException(split + " is not a split of a streaming read");
        }
        LOG.debug("Reading {}", split);
        current = split;
        position = 0;
        rows = origin.kind() == SplitOrigin.Kind.CHANGES ? new ChangeRows(split) : new StateRows(split);
    }

    @Override
    protected void closeRows() throws IOException {
        if (rows != null) {
            Rows r = rows;
            rows = null;
            r.close();
        }
    }

    /** The rows of one split, pulled one at a time. */
    private abstract class Rows {
        final SplitOrigin origin;
        RowData row;
        long eventMicros;

        Rows(AzofSourceSplit split) {
            this.origin = split.origin();
        }

        abstract boolean advance() throws IOException;

        abstract void close() throws IOException;

        AzofRecord record() {
            GenericRowData out = new GenericRowData(row.getRowKind(), projection.length + metadata.length);
            for (int i = 0; i < projection.length; i++) {
                out.setField(i, ((GenericRowData) row).getField(i));
            }
            for (int i = 0; i < metadata.length; i++) {
                out.setField(projection.length + i, metadata[i].value(origin, eventMicros));
            }
            return new AzofRecord(out, Math.floorDiv(eventMicros, 1000L));
        }
    }

    /** A commit's deltas, file after file, rows in file order. */
    private final class ChangeRows extends Rows {
        private final List<DataFile> files;
        private final SchemaMapper mapper;
        private int nextFile;
        private ChangeReader reader;

        ChangeRows(AzofSourceSplit split) {
            super(split);
            this.files = split.task().files();
            this.mapper = SchemaMapper.of(schema, split.task().schemas());
        }

        @Override
        boolean advance() throws IOException {
            while (true) {
                if (reader == null) {
                    if (nextFile >= files.size()) {
                        return false;
                    }
                    reader = ChangeReader.open(tableDir, mapper, files.get(nextFile++), projection, opener);
                }
                if (!reader.next()) {
                    reader.close();
                    reader = null;
                    continue;
                }
                eventMicros = reader.eventMicros();
                if (origin.afterMicros() != SplitOrigin.NONE && eventMicros <= origin.afterMicros()) {
                    continue;
                }
                row = reader.row();
                row.setRowKind(reader.isTombstone() ? RowKind.DELETE : RowKind.INSERT);
                return true;
            }
        }

        @Override
        void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }

    /** An as-of state of one bucket: one insert per key (the event time is read along). */
    private final class StateRows extends Rows {
        private final RowIterator merged;
        private final int eventTimeAt;
        private final int precision;

        StateRows(AzofSourceSplit split) {
            super(split);
            int[] withTime = java.util.Arrays.copyOf(projection, projection.length + 1);
            withTime[projection.length] = schema.eventTimeIndex();
            this.eventTimeAt = projection.length;
            this.precision =
                    org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(
                            schema.rowType().getTypeAt(schema.eventTimeIndex()));
            this.merged =
                    AsOfReader.readTask(
                            tableDir,
                            schema,
                            split.task(),
                            AsOf.at(EventTimes.instant(origin.afterMicros())),
                            withTime,
                            opener);
        }

        @Override
        boolean advance() throws IOException {
            if (!merged.hasNext()) {
                return false;
            }
            row = merged.next();
            eventMicros = EventTimes.micros(row.getTimestamp(eventTimeAt, precision));
            row.setRowKind(RowKind.INSERT);
            return true;
        }

        @Override
        void close() throws IOException {
            merged.close();
        }
    }
}
