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
import org.apache.flink.formats.parquet.utils.ParquetSchemaConverter;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes flat {@link RowData} rows to a Parquet file, each field straight to its column.
 *
 * <p>The file holds what Flink's own RowData writer makes of the same rows (same values and
 * statistics, same schema from Flink's {@link ParquetSchemaConverter} except that {@link
 * ParquetSchemas} marks {@code TIMESTAMP_LTZ} columns as instants), without its
 * record-assembly layer: Flink's writer goes through Parquet's {@code RecordConsumer}, which
 * validates and tracks every field of every record for nested schemas, and copies each string into
 * a new array. Our rows are flat. Columns with a dictionary go to Parquet's column writers (their
 * bytes are those Flink's writer writes); columns without one are encoded by {@link
 * PlainColumnEncoder}. Row groups are cut the way {@code InternalParquetRecordWriter} cuts them:
 * the buffered size is checked every 100 to 10,000 rows.
 */
final class RowDataColumnWriter {

    /** The Parquet schema name Flink's writer uses, kept so schemas stay the same. */
    static final String SCHEMA_NAME = "flink_schema";

    private final MessageType schema;
    private final OutputFile file;
    private final ParquetProperties props;
    private final ParquetFileWriter fileWriter;
    private final ZstdPageCompressor compressor;
    private final long rowGroupSize;
    /** For each dictionary field, how its values go to its column writer. */
    private final FieldWriter[] fields;
    private final ColumnDescriptor[] descriptors;

    /** Fields written without a dictionary, each by its own encoder. */
    private final int[] plainFields;
    private final PlainColumnEncoder[] plainEncoders;

    /** Fields with a dictionary, written through Parquet's column writers (of this sub-schema). */
    private final int[] dictionaryFields;
    private final MessageType dictionarySchema;

    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private final ColumnWriter[] columns;
    private long rowsInGroup;
    private long nextSizeCheck;
    private boolean released;

    RowDataColumnWriter(
            OutputFile file,
            RowType rowType,
            org.apache.hadoop.conf.Configuration conf,
            ParquetProperties props,
            int zstdLevel,
            long rowGroupSize)
            throws IOException {
        this.schema = ParquetSchemas.fileSchema(SCHEMA_NAME, rowType, conf);
        this.file = file;
        this.props = props;
        this.rowGroupSize = rowGroupSize;
        int n = rowType.getFieldCount();
        this.fields = new FieldWriter[n];
        this.descriptors = new ColumnDescriptor[n];
        this.columns = new ColumnWriter[n];
        for (int i = 0; i < n; i++) {
            Type type = schema.getType(i);
            if (!type.isPrimitive()) {
                throw new IllegalArgumentException("only flat rows are written, not " + type);
            }
            descriptors[i] = schema.getColumnDescription(new String[] {type.getName()});
        }
        List<Integer> plain = new ArrayList<>();
        List<Integer> dictionary = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (props.isDictionaryEnabled(descriptors[i]) ? dictionary : plain).add(i);
        }
        this.plainFields = plain.stream().mapToInt(Integer::intValue).toArray();
        this.plainEncoders = new PlainColumnEncoder[plainFields.length];
        for (int j = 0; j < plainFields.length; j++) {
            int i = plainFields[j];
            plainEncoders[j] =
                    new PlainColumnEncoder(
                            descriptors[i],
                            rowType.getTypeAt(i),
                            props.getPageSizeThreshold(),
                            props.getPageRowCountLimit());
        }
        this.dictionaryFields = dictionary.stream().mapToInt(Integer::intValue).toArray();
        List<Type> dictionaryTypes = new ArrayList<>();
        for (int i : dictionaryFields) {
            fields[i] = fieldWriter(rowType.getTypeAt(i), schema.getType(i).asPrimitiveType());
            dictionaryTypes.add(schema.getType(i));
        }
        this.dictionarySchema =
                dictionaryTypes.isEmpty() ? null : new MessageType(SCHEMA_NAME, dictionaryTypes);
        this.compressor = new ZstdPageCompressor(zstdLevel);
        try {
            this.fileWriter =
                    new ParquetFileWriter(
                            file, schema, ParquetFileWriter.Mode.CREATE, rowGroupSize, 0, null, props);
            fileWriter.start();
            startRowGroup();
        } catch (IOException | RuntimeException e) {
            // The native compression context is freed only by release().
            compressor.release();
            throw e;
        }
    }

    MessageType schema() {
        return schema;
    }

    void write(RowData row) throws IOException {
        for (int j = 0; j < plainFields.length; j++) {
            plainEncoders[j].write(row, plainFields[j]);
        }
        if (columnStore != null) {
            for (int i : dictionaryFields) {
                ColumnWriter column = columns[i];
                if (row.isNullAt(i)) {
                    column.writeNull(0, 0);
                } else {
                    fields[i].write(row, i, column, descriptors[i].getMaxDefinitionLevel());
                }
            }
            columnStore.endRecord();
        }
        rowsInGroup++;
        if (rowsInGroup >= nextSizeCheck) {
            checkRowGroupSize();
        }
    }

    /** Flushes the last row group and writes the footer; the caller closes the stream. */
    void finish() throws IOException {
        try {
            flushRowGroup();
            if (file instanceof FlinkOutputFile) {
                // The footer carries its own checksum (FooterChecksum), filled in once written.
                FlinkOutputFile out = (FlinkOutputFile) file;
                out.holdTail();
                fileWriter.end(Map.of(FooterChecksum.KEY, FooterChecksum.PLACEHOLDER));
                out.writeTail();
            } else {
                fileWriter.end(Map.of());
            }
        } finally {
            release();
        }
    }

    /** Frees buffers and codecs (without finishing the file). Idempotent. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            closeStores();
        } finally {
            compressor.release();
        }
    }

    private void startRowGroup() {
        pageStore =
                new ColumnChunkPageWriteStore(
                        compressor,
                        schema,
                        props.getAllocator(),
                        props.getColumnIndexTruncateLength(),
                        props.getPageWriteChecksumEnabled(),
                        null,
                        0);
        for (PlainColumnEncoder encoder : plainEncoders) {
            encoder.startColumnChunk(pageStore.getPageWriter(encoder.column()));
        }
        if (dictionarySchema != null) {
            columnStore = props.newColumnWriteStore(dictionarySchema, pageStore, pageStore);
            for (int i : dictionaryFields) {
                columns[i] = columnStore.getColumnWriter(descriptors[i]);
            }
        }
        rowsInGroup = 0;
        nextSizeCheck = props.getMinRowCountForPageSizeCheck();
    }

    private void checkRowGroupSize() throws IOException {
        long size = columnStore == null ? 0 : columnStore.getBufferedSize();
        for (PlainColumnEncoder encoder : plainEncoders) {
            size += encoder.bufferedSize();
        }
        long rowSize = Math.max(1, size / rowsInGroup);
        if (size > rowGroupSize - 2 * rowSize) {
            flushRowGroup();
            closeStores();
            startRowGroup();
        } else {
            // Next check about half-way to the expected end of the row group.
            nextSizeCheck =
                    Math.min(
                            Math.max(
                                    props.getMinRowCountForPageSizeCheck(),
                                    (rowsInGroup + rowGroupSize / rowSize) / 2),
                            rowsInGroup + props.getMaxRowCountForPageSizeCheck());
        }
    }

    private void flushRowGroup() throws IOException {
        if (rowsInGroup == 0) {
            return;
        }
        fileWriter.startBlock(rowsInGroup);
        for (PlainColumnEncoder encoder : plainEncoders) {
            encoder.flushPage();
        }
        if (columnStore != null) {
            columnStore.flush();
        }
        pageStore.flushToFileWriter(fileWriter);
        fileWriter.endBlock();
        rowsInGroup = 0;
    }

    private void closeStores() {
        if (columnStore != null) {
            columnStore.close();
        }
        pageStore.close();
    }

    /** Writes a non-null field value to its column. */
    private interface FieldWriter {
        void write(RowData row, int pos, ColumnWriter column, int definitionLevel);
    }

    private static FieldWriter fieldWriter(LogicalType type, PrimitiveType parquet) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return (row, pos, c, d) -> c.write(row.getBoolean(pos), 0, d);
            case TINYINT:
                return (row, pos, c, d) -> c.write((int) row.getByte(pos), 0, d);
            case SMALLINT:
                return (row, pos, c, d) -> c.write((int) row.getShort(pos), 0, d);
            case INTEGER:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                return (row, pos, c, d) -> c.write(row.getInt(pos), 0, d);
            case BIGINT:
                return (row, pos, c, d) -> c.write(row.getLong(pos), 0, d);
            case FLOAT:
                return (row, pos, c, d) -> c.write(row.getFloat(pos), 0, d);
            case DOUBLE:
                return (row, pos, c, d) -> c.write(row.getDouble(pos), 0, d);
            case CHAR:
            case VARCHAR:
                return (row, pos, c, d) -> c.write(utf8(row.getString(pos)), 0, d);
            case BINARY:
            case VARBINARY:
                return (row, pos, c, d) -> c.write(Binary.fromReusedByteArray(row.getBinary(pos)), 0, d);
            case DECIMAL:
                return decimalWriter((DecimalType) type, parquet);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return timestampWriter(LogicalTypeChecks.getPrecision(type), parquet);
            default:
                throw new IllegalArgumentException("unsupported column type " + type);
        }
    }

    /** The UTF-8 bytes of a string, from the row's own memory when they lie in one heap array. */
    private static Binary utf8(StringData s) {
        if (s instanceof BinaryStringData) {
            BinaryStringData b = (BinaryStringData) s;
            MemorySegment[] segments = b.getSegments();
            if (segments.length == 1 && !segments[0].isOffHeap()) {
                return Binary.fromReusedByteArray(segments[0].getArray(), b.getOffset(), b.getSizeInBytes());
            }
        }
        return Binary.fromReusedByteArray(s.toBytes());
    }

    private static FieldWriter decimalWriter(DecimalType type, PrimitiveType parquet) {
        int precision = type.getPrecision();
        int scale = type.getScale();
        switch (parquet.getPrimitiveTypeName()) {
            case INT32:
                return (row, pos, c, d) -> c.write((int) row.getDecimal(pos, precision, scale).toUnscaledLong(), 0, d);
            case INT64:
                return (row, pos, c, d) -> c.write(row.getDecimal(pos, precision, scale).toUnscaledLong(), 0, d);
            case FIXED_LEN_BYTE_ARRAY:
                {
                    int length = parquet.getTypeLength();
                    return (row, pos, c, d) ->
                            c.write(Binary.fromConstantByteArray(fixedLength(row.getDecimal(pos, precision, scale), length)), 0, d);
                }
            case BINARY:
                return (row, pos, c, d) ->
                        c.write(Binary.fromConstantByteArray(row.getDecimal(pos, precision, scale).toUnscaledBytes()), 0, d);
            default:
                throw new IllegalArgumentException("unexpected Parquet type for " + type + ": " + parquet);
        }
    }

    /** The unscaled value, big-endian two's complement, sign-extended to {@code length} bytes. */
    static byte[] fixedLength(DecimalData value, int length) {
        byte[] unscaled = value.toUnscaledBytes();
        if (unscaled.length == length) {
            return unscaled;
        }
        if (unscaled.length > length) {
            // toUnscaledBytes is minimal; a longer array means the value exceeds the precision.
            throw new IllegalArgumentException("decimal " + value + " does not fit in " + length + " bytes");
        }
        byte[] out = new byte[length];
        byte sign = unscaled[0] < 0 ? (byte) -1 : 0;
        int pad = length - unscaled.length;
        for (int i = 0; i < pad; i++) {
            out[i] = sign;
        }
        System.arraycopy(unscaled, 0, out, pad, unscaled.length);
        return out;
    }

    private static FieldWriter timestampWriter(int precision, PrimitiveType parquet) {
        LogicalTypeAnnotation.TimeUnit unit = int64TimestampUnit(parquet);
        return (row, pos, c, d) -> c.write(int64Timestamp(row.getTimestamp(pos, precision), unit), 0, d);
    }

    /** The unit of an INT64 timestamp column (the only kind of timestamp column written). */
    static LogicalTypeAnnotation.TimeUnit int64TimestampUnit(PrimitiveType parquet) {
        if (parquet.getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.INT64
                || !(parquet.getLogicalTypeAnnotation()
                        instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation)) {
            throw new IllegalArgumentException("timestamps are written as INT64, not " + parquet);
        }
        return ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) parquet.getLogicalTypeAnnotation())
                .getUnit();
    }

    /** The INT64 value of a timestamp in the given unit, as Flink's writer stores it. */
    static long int64Timestamp(TimestampData t, LogicalTypeAnnotation.TimeUnit unit) {
        switch (unit) {
            case MILLIS:
                return t.getMillisecond();
            case MICROS:
                return t.getMillisecond() * 1000L + t.getNanoOfMillisecond() / 1000;
            default:
                return t.getMillisecond() * 1_000_000L + t.getNanoOfMillisecond();
        }
    }
}
