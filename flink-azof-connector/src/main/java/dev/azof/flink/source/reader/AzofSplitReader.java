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

import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.DataFileOpener;
import dev.azof.core.read.RowIterator;
import dev.azof.flink.source.split.AzofSourceSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Reads assigned splits one after the other with {@link AsOfReader#readTask}, handing rows over in
 * batches. The merge itself is the format core's; this class only pages through its output,
 * skips rows emitted before a restore and stops a split at the limit.
 */
@Internal
public final class AzofSplitReader extends SequentialSplitReader<RowData> {

    private static final Logger LOG = LoggerFactory.getLogger(AzofSplitReader.class);

    public static final int DEFAULT_BATCH_SIZE = 2048;

    private final Path tableDir;
    private final TableSchema schema;
    private final AsOf asOf;
    private final int[] projection;
    private final long limit;
    private final int batchSize;
    private final DataFileOpener opener;

    private RowIterator rows;
    /** Rows of the current split read so far, counting those skipped on restore. */
    private long position;

    public AzofSplitReader(
            Path tableDir, TableSchema schema, AsOf asOf, int[] projection, long limit) {
        this(tableDir, schema, asOf, projection, limit, DEFAULT_BATCH_SIZE, AsOfReader.PARQUET);
    }

    public AzofSplitReader(
            Path tableDir,
            TableSchema schema,
            AsOf asOf,
            int[] projection,
            long limit,
            int batchSize,
            DataFileOpener opener) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        this.tableDir = tableDir;
        this.schema = schema;
        this.asOf = asOf;
        this.projection = projection.clone();
        this.limit = limit;
        this.batchSize = batchSize;
        this.opener = opener;
    }

    @Override
    public RecordsWithSplitIds<RowData> fetch() throws IOException {
        RecordsBySplits.Builder<RowData> batch = new RecordsBySplits.Builder<>();
        if (current == null && !openNext(batch)) {
            return batch.build();
        }
        String id = current.splitId();
        int n = 0;
        while (n < batchSize && !limitReached() && rows.hasNext()) {
            batch.add(id, rows.next());
            position++;
            n++;
        }
        if (limitReached() || !rows.hasNext()) {
            finishCurrent(batch);
        }
        return batch.build();
    }

    /**
     * Opens the next pending split and skips the rows emitted before a restore. Splits that have
     * nothing left to emit are finished right away; false when no split is left to read.
     */
    private boolean openNext(RecordsBySplits.Builder<RowData> batch) throws IOException {
        while (current == null) {
            AzofSourceSplit split = pending.poll();
            if (split == null) {
                return false;
            }
            current = split;
            position = 0;
            if (limitReached()) {
                // Only possible on restore (or limit 0): nothing to open.
                current = null;
                batch.addFinishedSplit(split.splitId());
                continue;
            }
            LOG.debug("Reading {}", split);
            rows = AsOfReader.readTask(tableDir, schema, split.task(), asOf, projection, opener);
            // The merge output is deterministic, so skipping re-reads exactly what was emitted.
            while (position < split.recordsEmitted() && rows.hasNext()) {
                rows.next();
                position++;
            }
            if (!rows.hasNext()) {
                finishCurrent(batch);
            }
        }
        return true;
    }

    private boolean limitReached() {
        long emitted = Math.max(position, current.recordsEmitted());
        return limit >= 0 && emitted >= limit;
    }

    private void finishCurrent(RecordsBySplits.Builder<RowData> batch) throws IOException {
        batch.addFinishedSplit(current.splitId());
        current = null;
        closeRows();
    }

    @Override
    protected void closeRows() throws IOException {
        if (rows != null) {
            RowIterator r = rows;
            rows = null;
            r.close();
        }
    }
}
