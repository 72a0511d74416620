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

import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveComparator;
import org.apache.parquet.schema.PrimitiveType;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Encodes one flat column PLAIN into data pages (format v1) itself, for the columns written
 * without a dictionary: each value goes into a byte array with one store, where Parquet's own
 * column writer makes several calls per value (value writer, level writers, statistics, page
 * bookkeeping). Pages are handed to Parquet's page writer, which compresses them and keeps the
 * column and offset indexes, so the file is standard Parquet; statistics are Parquet's own
 * objects. The page array is reused from page to page, so statistics get copies of what they keep.
 *
 * <p>A page ends at {@code pageSizeBytes} of values or {@code pageRowLimit} rows. Not
 * thread-safe.
 */
final class PlainColumnEncoder {

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ColumnDescriptor column;
    private final PrimitiveType type;
    private final ValueEncoder encoder;
    private final boolean optional;
    private final int pageSizeBytes;
    private final int pageRowLimit;

    /**
     * Whether binary values order as unsigned bytes (strings, plain binary): then the page keeps
     * where its smallest and largest values lie in its array and gives only those two to the
     * statistics, rather than Parquet comparing (and copying) at every value.
     */
    private final boolean unsignedBinaryOrder;

    private int minStart = -1;
    private int minLength;
    private int maxStart = -1;
    private int maxLength;

    private PageWriter pageWriter;

    // The page being filled: values, and for optional columns which rows hold a value.
    private byte[] values;
    private int size;
    private int rows;
    private boolean[] present;
    private Statistics<?> statistics;
    private int booleans; // BOOLEAN values in the page: PLAIN packs them 8 to a byte

    PlainColumnEncoder(ColumnDescriptor column, LogicalType flinkType, int pageSizeBytes, int pageRowLimit) {
        this.column = column;
        this.type = column.getPrimitiveType();
        this.optional = column.getMaxDefinitionLevel() > 0;
        this.encoder = encoder(flinkType, type);
        this.unsignedBinaryOrder =
                (Object) type.comparator() == PrimitiveComparator.UNSIGNED_LEXICOGRAPHICAL_BINARY_COMPARATOR;
        this.pageSizeBytes = pageSizeBytes;
        this.pageRowLimit = pageRowLimit;
        startPage();
    }

    /** Where this column's pages go from now on (a new one per row group). */
    void startColumnChunk(PageWriter pageWriter) {
        this.pageWriter = pageWriter;
    }

    /** Appends field {@code pos} of {@code row}, null or not. */
    void write(RowData row, int pos) throws IOException {
        if (optional) {
            if (rows == present.length) {
                present = Arrays.copyOf(present, rows * 2);
            }
            boolean isNull = row.isNullAt(pos);
            present[rows] = !isNull;
            if (isNull) {
                statistics.incrementNumNulls();
            } else {
                encoder.write(this, row, pos);
            }
        } else {
            encoder.write(this, row, pos);
        }
        rows++;
        if (size >= pageSizeBytes || rows >= pageRowLimit) {
            flushPage();
        }
    }

    /** Bytes buffered for the open column chunk: the open page and the pages written. */
    long bufferedSize() {
        return size + rows / 8 + pageWriter.getMemSize();
    }

    /** Writes the open page, if it holds rows. */
    void flushPage() throws IOException {
        if (rows == 0) {
            return;
        }
        if (minStart >= 0) {
            // Reused: the statistics copy what they keep, as the array holds the next page.
            statistics.updateStats(Binary.fromReusedByteArray(values, minStart, minLength));
            statistics.updateStats(Binary.fromReusedByteArray(values, maxStart, maxLength));
        }
        BytesInput valueBytes = BytesInput.from(values, 0, size);
        BytesInput page;
        if (optional) {
            page = BytesInput.concat(definitionLevels(), valueBytes);
        } else {
            page = valueBytes;
        }
        pageWriter.writePage(
                page,
                rows,
                rows,
                statistics,
                Encoding.BIT_PACKED,
                optional ? Encoding.RLE : Encoding.BIT_PACKED,
                Encoding.PLAIN);
        startPage();
    }

    private void startPage() {
        if (values == null) {
            values = new byte[Math.min(pageSizeBytes + 64, 16 * 1024)];
        }
        size = 0;
        rows = 0;
        booleans = 0;
        minStart = -1;
        maxStart = -1;
        if (optional && present == null) {
            present = new boolean[1024];
        }
        statistics = Statistics.createStats(type);
    }

    /** Definition levels of the page, RLE/bit-packed with their 4-byte length, as v1 pages want. */
    private BytesInput definitionLevels() throws IOException {
        try (RunLengthBitPackingHybridEncoder levels =
                new RunLengthBitPackingHybridEncoder(
                        1, 64, Math.max(64, rows / 4), HeapByteBufferAllocator.getInstance())) {
            for (int i = 0; i < rows; i++) {
                levels.writeInt(present[i] ? 1 : 0);
            }
            byte[] encoded = levels.toBytes().toByteArray();
            return BytesInput.concat(BytesInput.fromInt(encoded.length), BytesInput.from(encoded));
        }
    }

    private void ensure(int bytes) {
        if (size + bytes > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, size + bytes));
        }
    }

    private void putLong(long v) {
        ensure(8);
        LONG_LE.set(values, size, v);
        size += 8;
    }

    private void putInt(int v) {
        ensure(4);
        INT_LE.set(values, size, v);
        size += 4;
    }

    private void putBoolean(boolean v) {
        ensure(1);
        int bit = booleans & 7;
        int at = booleans >>> 3;
        if (bit == 0) {
            values[at] = 0;
        }
        if (v) {
            values[at] |= (byte) (1 << bit);
        }
        booleans++;
        size = at + 1;
    }

    /** Appends a BYTE_ARRAY value (length, then bytes) and returns where its bytes start. */
    private int putBinary(byte[] src, int offset, int length) {
        ensure(4 + length);
        INT_LE.set(values, size, length);
        System.arraycopy(src, offset, values, size + 4, length);
        int start = size + 4;
        size += 4 + length;
        return start;
    }

    private int putBinary(MemorySegment[] segments, int offset, int length) {
        ensure(4 + length);
        INT_LE.set(values, size, length);
        int start = size + 4;
        BinarySegmentUtils.copyToBytes(segments, offset, values, start, length);
        size += 4 + length;
        return start;
    }

    private int putFixed(byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, values, size, src.length);
        int start = size;
        size += src.length;
        return start;
    }

    /** Writes one non-null value of a field and updates the page statistics. */
    private interface ValueEncoder {
        void write(PlainColumnEncoder c, RowData row, int pos);
    }

    private static ValueEncoder encoder(LogicalType flinkType, PrimitiveType parquet) {
        switch (flinkType.getTypeRoot()) {
            case BOOLEAN:
                return (c, row, pos) -> {
                    boolean v = row.getBoolean(pos);
                    c.putBoolean(v);
                    c.statistics.updateStats(v);
                };
            case TINYINT:
                return (c, row, pos) -> c.int32(row.getByte(pos));
            case SMALLINT:
                return (c, row, pos) -> c.int32(row.getShort(pos));
            case INTEGER:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                return (c, row, pos) -> c.int32(row.getInt(pos));
            case BIGINT:
                return (c, row, pos) -> c.int64(row.getLong(pos));
            case FLOAT:
                return (c, row, pos) -> {
                    float v = row.getFloat(pos);
                    c.putInt(Float.floatToRawIntBits(v));
                    c.statistics.updateStats(v);
                };
            case DOUBLE:
                return (c, row, pos) -> {
                    double v = row.getDouble(pos);
                    c.putLong(Double.doubleToRawLongBits(v));
                    c.statistics.updateStats(v);
                };
            case CHAR:
            case VARCHAR:
                return (c, row, pos) -> c.string(row.getString(pos));
            case BINARY:
            case VARBINARY:
                return (c, row, pos) -> {
                    byte[] v = row.getBinary(pos);
                    int start = c.putBinary(v, 0, v.length);
                    c.binaryStats(start, v.length);
                };
            case DECIMAL:
                return decimalEncoder((DecimalType) flinkType, parquet);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return timestampEncoder(LogicalTypeChecks.getPrecision(flinkType), parquet);
            default:
                throw new IllegalArgumentException("unsupported column type " + flinkType);
        }
    }

    private void int32(int v) {
        putInt(v);
        statistics.updateStats(v);
    }

    private void int64(long v) {
        putLong(v);
        statistics.updateStats(v);
    }

    private void string(StringData s) {
        int start;
        int length;
        if (s instanceof BinaryStringData) {
            BinaryStringData b = (BinaryStringData) s;
            length = b.getSizeInBytes();
            start = putBinary(b.getSegments(), b.getOffset(), length);
        } else {
            byte[] bytes = s.toBytes();
            length = bytes.length;
            start = putBinary(bytes, 0, length);
        }
        binaryStats(start, length);
    }

    /** Statistics of a binary value that lies in this page's array. */
    private void binaryStats(int start, int length) {
        if (!unsignedBinaryOrder) {
            statistics.updateStats(Binary.fromReusedByteArray(values, start, length));
        } else if (minStart < 0) {
            minStart = maxStart = start;
            minLength = maxLength = length;
        } else if (compare(start, length, maxStart, maxLength) > 0) {
            // Checked first: in a key-sorted file every value is a new maximum.
            maxStart = start;
            maxLength = length;
        } else if (compare(start, length, minStart, minLength) < 0) {
            minStart = start;
            minLength = length;
        }
    }

    /** Unsigned byte order, eight bytes a step: keys are short, too short for a vectorized call. */
    private int compare(int aStart, int aLength, int bStart, int bLength) {
        int n = Math.min(aLength, bLength);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONG_BE.get(values, aStart + i);
            long y = (long) LONG_BE.get(values, bStart + i);
            if (x != y) {
                return Long.compareUnsigned(x, y);
            }
        }
        for (; i < n; i++) {
            int c = (values[aStart + i] & 0xff) - (values[bStart + i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return aLength - bLength;
    }

    private static ValueEncoder decimalEncoder(DecimalType type, PrimitiveType parquet) {
        int precision = type.getPrecision();
        int scale = type.getScale();
        switch (parquet.getPrimitiveTypeName()) {
            case INT32:
                return (c, row, pos) -> c.int32((int) row.getDecimal(pos, precision, scale).toUnscaledLong());
            case INT64:
                return (c, row, pos) -> c.int64(row.getDecimal(pos, precision, scale).toUnscaledLong());
            case FIXED_LEN_BYTE_ARRAY:
                {
                    int length = parquet.getTypeLength();
                    return (c, row, pos) -> {
                        byte[] v = RowDataColumnWriter.fixedLength(row.getDecimal(pos, precision, scale), length);
                        int start = c.putFixed(v);
                        c.binaryStats(start, length);
                    };
                }
            case BINARY:
                return (c, row, pos) -> {
                    byte[] v = row.getDecimal(pos, precision, scale).toUnscaledBytes();
                    int start = c.putBinary(v, 0, v.length);
                    c.binaryStats(start, v.length);
                };
            default:
                throw new IllegalArgumentException("unexpected Parquet type for " + type + ": " + parquet);
        }
    }

    private static ValueEncoder timestampEncoder(int precision, PrimitiveType parquet) {
        LogicalTypeAnnotation.TimeUnit unit = RowDataColumnWriter.int64TimestampUnit(parquet);
        return (c, row, pos) ->
                c.int64(RowDataColumnWriter.int64Timestamp(row.getTimestamp(pos, precision), unit));
    }

    ColumnDescriptor column() {
        return column;
    }
}
