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

package dev.azof.core.io;

import org.apache.flink.formats.parquet.vector.ParquetDecimalVector;
import org.apache.flink.formats.parquet.vector.ParquetSplitReaderUtil;
import org.apache.flink.formats.parquet.vector.reader.ColumnReader;
import org.apache.flink.formats.parquet.vector.type.ParquetField;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.columnar.ColumnarRowData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.VectorizedColumnBatch;
import org.apache.flink.table.data.columnar.vector.writable.WritableColumnVector;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Decodes the row groups of one open Parquet file into batches of columns with Flink's vectorized
 * column readers: what Flink's {@code ParquetVectorizedInputFormat} does, on a reader that azof
 * opened itself (once, with page-checksum verification on), so that the file is neither opened
 * nor its footer read a second time. Rows come out as views of the current batch: the caller
 * copies what it keeps before the next {@link #next()}.
 */
final class RowGroupDecoder implements Closeable {

    private final ParquetFileReader reader;
    private final List<Type> types;
    private final List<ColumnDescriptor> columns;
    private final LogicalType[] logicalTypes;
    private final List<ParquetField> fields;
    private final int batchSize;
    private final Deque<Integer> groups;
    private final Deque<PageReadStore> preRead;

    private final WritableColumnVector[] writable;
    private final VectorizedColumnBatch batch;
    private final ColumnarRowData row;
    private final ColumnReader<WritableColumnVector>[] readers;

    private long rowsLeftInGroup;
    private int rowsInBatch;
    private int nextRow;
    private PageReadStore current;

    /**
     * @param groups the indexes of the row groups to decode, in order
     * @param preRead the row groups already read (and verified), in the order of {@code groups},
     *     or an empty list to read them through {@code reader}
     */
    @SuppressWarnings("unchecked")
    RowGroupDecoder(
            ParquetFileReader reader,
            MessageType requested,
            RowType projectedType,
            int batchSize,
            List<Integer> groups,
            List<PageReadStore> preRead)
            throws IOException {
        this.reader = reader;
        this.types = requested.getFields();
        this.columns = requested.getColumns();
        this.logicalTypes = projectedType.getChildren().toArray(new LogicalType[0]);
        this.fields =
                ParquetSplitReaderUtil.buildFieldsList(
                        projectedType.getFields(),
                        projectedType.getFieldNames(),
                        new ColumnIOFactory().getColumnIO(requested));
        this.batchSize = batchSize;
        this.groups = new ArrayDeque<>(groups);
        this.preRead = new ArrayDeque<>(preRead);
        int n = logicalTypes.length;
        this.writable = new WritableColumnVector[n];
        ColumnVector[] readable = new ColumnVector[n];
        for (int i = 0; i < n; i++) {
            writable[i] =
                    ParquetSplitReaderUtil.createWritableColumnVector(
                            batchSize, logicalTypes[i], types.get(i), columns, 0);
            // As Flink's reader: decimals are read into int, long or binary vectors.
            readable[i] =
                    logicalTypes[i].getTypeRoot() == LogicalTypeRoot.DECIMAL
                            ? new ParquetDecimalVector(writable[i])
                            : writable[i];
        }
        this.batch = new VectorizedColumnBatch(readable);
        this.row = new ColumnarRowData(batch);
        this.readers = new ColumnReader[n];
    }

    /** The next row, a view valid until the next call; null after the last. */
    RowData next() throws IOException {
        if (nextRow == rowsInBatch && !nextBatch()) {
            return null;
        }
        row.setRowId(nextRow++);
        return row;
    }

    private boolean nextBatch() throws IOException {
        while (rowsLeftInGroup == 0) {
            if (!nextGroup()) {
                return false;
            }
        }
        int n = (int) Math.min(batchSize, rowsLeftInGroup);
        for (WritableColumnVector v : writable) {
            v.reset();
        }
        for (int i = 0; i < readers.length; i++) {
            readers[i].readToVector(n, writable[i]);
        }
        batch.setNumRows(n);
        rowsLeftInGroup -= n;
        rowsInBatch = n;
        nextRow = 0;
        return true;
    }

    private boolean nextGroup() throws IOException {
        closeCurrent();
        Integer index = groups.poll();
        if (index == null) {
            return false;
        }
        current = preRead.isEmpty() ? reader.readRowGroup(index) : preRead.poll();
        for (int i = 0; i < readers.length; i++) {
            readers[i] =
                    ParquetSplitReaderUtil.createColumnReader(
                            true, logicalTypes[i], types.get(i), columns, current, fields.get(i), 0);
        }
        rowsLeftInGroup = current.getRowCount();
        return true;
    }

    private void closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
        for (PageReadStore group; (group = preRead.poll()) != null; ) {
            group.close();
        }
        reader.close();
    }
}
