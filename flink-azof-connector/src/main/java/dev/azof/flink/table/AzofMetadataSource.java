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

import dev.azof.core.table.MetadataTable;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.io.GenericInputFormat;
import org.apache.flink.api.common.io.NonParallelInput;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.GenericInputSplit;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.InputFormatProvider;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.data.RowData;

import java.io.IOException;
import java.util.Iterator;
import java.util.Objects;

/**
 * The SQL scan of a metadata table: one task lists the rows from the table's metadata when the
 * job runs ({@link MetadataTable#rows}), as of the current snapshot or of {@code
 * scan.snapshot-id}. Bounded, insert-only.
 */
@Internal
public final class AzofMetadataSource implements ScanTableSource {

    private final MetadataTable kind;
    private final String path;
    private final Long snapshotId;

    AzofMetadataSource(MetadataTable kind, String path, Long snapshotId) {
        this.kind = Objects.requireNonNull(kind);
        this.path = Objects.requireNonNull(path);
        this.snapshotId = snapshotId;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        return InputFormatProvider.of(new MetadataRows(kind, path, snapshotId));
    }

    @Override
    public DynamicTableSource copy() {
        return new AzofMetadataSource(kind, path, snapshotId);
    }

    @Override
    public String asSummaryString() {
        return "azof metadata table " + kind.suffix();
    }

    /** Lists the rows in one split: metadata tables are small, and one listing reads each file once. */
    static final class MetadataRows extends GenericInputFormat<RowData> implements NonParallelInput {
        private static final long serialVersionUID = 1L;

        private final MetadataTable kind;
        private final String path;
        private final Long snapshotId;
        private transient Iterator<RowData> rows;

        MetadataRows(MetadataTable kind, String path, Long snapshotId) {
            this.kind = kind;
            this.path = path;
            this.snapshotId = snapshotId;
        }

        @Override
        public GenericInputSplit[] createInputSplits(int numSplits) {
            return new GenericInputSplit[] {new GenericInputSplit(0, 1)};
        }

        @Override
        public void open(GenericInputSplit split) throws IOException {
            super.open(split);
            rows = kind.rows(new Path(path), snapshotId).iterator();
        }

        @Override
        public boolean reachedEnd() {
            return !rows.hasNext();
        }

        @Override
        public RowData nextRecord(RowData reuse) {
            return rows.next();
        }
    }
}
