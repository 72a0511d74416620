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

import dev.azof.core.fs.FileOperations;

import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes Flink {@link RowData} rows of one {@link RowType} to a new Parquet file.
 *
 * <p>The file is what Flink's own Parquet writer ({@code ParquetRowDataBuilder}) writes for the
 * same rows, with the same values and statistics and the same schema but for the UTC flag of
 * {@code TIMESTAMP_LTZ} columns (see below), written through {@link
 * RowDataColumnWriter}, which skips Flink's record-assembly layer and encodes columns without a
 * dictionary itself. It fixes the choices the Azof format makes: the file is written
 * once through the Flink {@link FileSystem} (creating fails if the file exists);
 * columns are ZSTD-compressed; NOT NULL fields become REQUIRED columns and nullable fields OPTIONAL
 * ones; and row groups have a bounded size so that a file sorted by key carries useful
 * per-row-group min/max statistics; every page carries a CRC and the footer a CRC-32C of itself
 * ({@link FooterChecksum}, in its key-value metadata). The row count, file size and file CRC-32C
 * are available after {@link #close()}.
 *
 * <p>{@code TIMESTAMP(p)} and {@code TIMESTAMP_LTZ(p)} columns are stored as INT64 holding the
 * epoch-based value (not the legacy INT96). The unit is per file: MILLIS when every timestamp
 * column has a precision of at most 3, else MICROS. {@code TIMESTAMP_LTZ} columns are annotated
 * {@code TIMESTAMP(unit, isAdjustedToUTC=true)} (instants), {@code TIMESTAMP} columns {@code
 * isAdjustedToUTC=false} (wall-clock times). Flink 2.1.1's reader cannot read a MICROS value
 * before 1970 that has sub-millisecond digits (it builds a negative nano-of-millisecond), so {@link
 * #write} rejects such values rather than writing a file that cannot be read back; precisions above
 * 6 are rejected for the same reason of fidelity.
 *
 * <p>On a failure, call {@link #abort()} to close and delete the partial file. Not thread-safe.
 */
public final class ParquetRowWriter implements Closeable {

    /** Default row-group size: 8 MiB of (uncompressed, buffered) data. */
    public static final long DEFAULT_ROW_GROUP_SIZE_BYTES = 8L * 1024 * 1024;

    /** Compression codec of the written files. */
    public static final CompressionCodecName COMPRESSION = CompressionCodecName.ZSTD;

    /** ZSTD level unless told otherwise: Parquet's default. */
    public static final int DEFAULT_ZSTD_LEVEL = 3;

    private final Path file;
    private final RowType rowType;
    private final FileSystem fs;
    private final FSDataOutputStream out;
    private final RowDataColumnWriter writer;
    private final FlinkOutputFile outputFile;
    private final int[] notNullFields;
    private final int arity;

    /** The pre-1970 check of timestamps stored as MICROS. */
    private final ReadableTimestamps readableTimestamps;

    private long rowCount;
    private long fileSize = -1;
    private boolean closed;

    private ParquetRowWriter(
            Path file,
            RowType rowType,
            FileSystem fs,
            FSDataOutputStream out,
            RowDataColumnWriter writer,
            FlinkOutputFile outputFile) {
        this.file = file;
        this.outputFile = outputFile;
        this.rowType = rowType;
        this.fs = fs;
        this.out = out;
        this.writer = writer;
        this.arity = rowType.getFieldCount();
        List<Integer> notNull = new ArrayList<>();
        for (int i = 0; i < rowType.getFieldCount(); i++) {
            if (!rowType.getTypeAt(i).isNullable()) {
                notNull.add(i);
            }
        }
        this.notNullFields = notNull.stream().mapToInt(Integer::intValue).toArray();
        this.readableTimestamps = ReadableTimestamps.of(rowType);
    }

    /** Creates {@code file} to write rows of {@code rowType} with the default row-group size. */
    public static ParquetRowWriter create(Path file, RowType rowType) throws IOException {
        return create(file, rowType, DEFAULT_ROW_GROUP_SIZE_BYTES);
    }

    /**
     * Creates {@code file} to write rows of {@code rowType}.
     *
     * @param rowGroupSizeBytes target size of a row group; Parquet checks it every 100 to 10,000
     *     rows, so a tiny value gives row groups of about 100 rows
     * @throws FileAlreadyExistsException if the file exists
     * @throws IllegalArgumentException if a column type is not supported
     */
    public static ParquetRowWriter create(Path file, RowType rowType, long rowGroupSizeBytes)
            throws IOException {
        return create(file, rowType, rowGroupSizeBytes, Set.of());
    }

    /**
     * Like {@link #create(Path, RowType, long)}, writing the named columns without dictionary
     * encoding: for columns whose values hardly repeat in a file (sorted keys, event times),
     * Parquet would build a dictionary for every page and then throw it away.
     */
    public static ParquetRowWriter create(
            Path file, RowType rowType, long rowGroupSizeBytes, Set<String> plainColumns)
            throws IOException {
        return create(file, rowType, rowGroupSizeBytes, plainColumns, DEFAULT_ZSTD_LEVEL);
    }

    /**
     * Like {@link #create(Path, RowType, long, Set)}, compressing with the given ZSTD level (1 is
     * about twice as fast to write as 3, for files a few percent larger).
     */
    public static ParquetRowWriter create(
            Path file, RowType rowType, long rowGroupSizeBytes, Set<String> plainColumns, int zstdLevel)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(rowType, "rowType");
        if (rowGroupSizeBytes <= 0) {
            throw new IllegalArgumentException(
                    "rowGroupSizeBytes must be positive: " + rowGroupSizeBytes);
        }
        ParquetTypes.checkSupported(rowType);
        for (RowType.RowField field : rowType.getFields()) {
            if (timestampPrecision(field.getType()) > 6) {
                throw new IllegalArgumentException(
                        "Column '"
                                + field.getName()
                                + "' of type "
                                + field.getType()
                                + " is not supported: timestamps are stored with at most"
                                + " microsecond precision");
            }
        }
        org.apache.hadoop.conf.Configuration conf =
                hadoopConf(rowGroupSizeBytes, timestampUnit(rowType));
        FileSystem fs = file.getFileSystem();
        FileSystem.WriteMode mode;
        if (FileOperations.isLocal(file)) {
            if (fs.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null, "Parquet file exists");
            }
            if (file.getParent() != null) {
                // Flink's local file system says only "Mkdirs failed": this names the reason.
                FileOperations.mkdirs(file.getParent());
            }
            mode = FileSystem.WriteMode.NO_OVERWRITE;
        } else {
            // Data file names are unique (a UUID each). HDFS refuses an existing name in the
            // create itself; on an object store "no overwrite" is only a check before the write
            // that costs requests (on S3 a HEAD and a LIST per file) and guarantees nothing.
            String scheme = file.toUri().getScheme();
            boolean objectStore = scheme != null && scheme.startsWith("s3");
            mode = objectStore ? FileSystem.WriteMode.OVERWRITE : FileSystem.WriteMode.NO_OVERWRITE;
        }
        FSDataOutputStream out = fs.create(file, mode);
        try {
            FlinkOutputFile outputFile = new FlinkOutputFile(out);
            RowDataColumnWriter writer =
                    new RowDataColumnWriter(
                            outputFile,
                            rowType,
                            conf,
                            properties(conf, plainColumns),
                            zstdLevel,
                            rowGroupSizeBytes);
            return new ParquetRowWriter(file, rowType, fs, out, writer, outputFile);
        } catch (IOException | RuntimeException e) {
            closeQuietly(out);
            deleteQuietly(fs, file);
            throw e;
        }
    }

    /** Page and encoding settings: Parquet's defaults, with dictionaries off for {@code plainColumns}. */
    private static ParquetProperties properties(
            org.apache.hadoop.conf.Configuration conf, Set<String> plainColumns) {
        ParquetProperties.Builder builder =
                ParquetProperties.builder()
                        .withPageSize(ParquetOutputFormat.getPageSize(conf))
                        .withDictionaryPageSize(ParquetOutputFormat.getDictionaryPageSize(conf))
                        .withDictionaryEncoding(true)
                        .withWriterVersion(ParquetOutputFormat.getWriterVersion(conf));
        for (String column : plainColumns) {
            builder = builder.withDictionaryEncoding(column, false);
        }
        return builder.build();
    }

    /** The INT64 timestamp unit used for a file of this row type: "millis" or "micros". */
    public static String timestampUnit(RowType rowType) {
        for (LogicalType type : rowType.getChildren()) {
            if (timestampPrecision(type) > 3) {
                return "micros";
            }
        }
        return "millis";
    }

    /** The precision of a TIMESTAMP or TIMESTAMP_LTZ type, else -1. */
    private static int timestampPrecision(LogicalType type) {
        if (type instanceof TimestampType) {
            return ((TimestampType) type).getPrecision();
        }
        if (type instanceof LocalZonedTimestampType) {
            return ((LocalZonedTimestampType) type).getPrecision();
        }
        return -1;
    }

    static org.apache.hadoop.conf.Configuration hadoopConf(
            long rowGroupSizeBytes, String timestampUnit) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        conf.set(ParquetOutputFormat.COMPRESSION, COMPRESSION.name());
        conf.setLong(ParquetOutputFormat.BLOCK_SIZE, rowGroupSizeBytes);
        // Pages stay small relative to row groups, so page indexes are useful too.
        conf.setInt(
                ParquetOutputFormat.PAGE_SIZE,
                (int) Math.max(1024, Math.min(1024 * 1024, rowGroupSizeBytes / 8)));
        // "parquet." + the keys of ParquetFileFormatFactory.WRITE_INT64_TIMESTAMP and
        // TIMESTAMP_TIME_UNIT: what Flink's Parquet writer reads from the Hadoop configuration.
        conf.setBoolean("parquet.write.int64.timestamp", true);
        conf.set("parquet.timestamp.time.unit", timestampUnit);
        return conf;
    }

    /**
     * Appends one row.
     *
     * @throws IllegalArgumentException if the row has the wrong arity, a null in a NOT NULL field,
     *     or a timestamp that Flink's reader could not read back (see the class comment)
     */
    public void write(RowData row) throws IOException {
        if (closed) {
            throw new IllegalStateException("ParquetRowWriter of " + file + " is closed");
        }
        if (row.getArity() != arity) {
            throw new IllegalArgumentException(
                    "Row of arity " + row.getArity() + " does not match " + rowType);
        }
        for (int pos : notNullFields) {
            if (row.isNullAt(pos)) {
                throw new IllegalArgumentException(
                        "Null in NOT NULL column '"
                                + rowType.getFieldNames().get(pos)
                                + "' of "
                                + file);
            }
        }
        String unreadable = readableTimestamps.problem(row);
        if (unreadable != null) {
            throw new IllegalArgumentException(unreadable + " (file " + file + ")");
        }
        writer.write(row);
        rowCount++;
    }

    /** Finishes the file (writes the footer) and closes it. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.finish();
            out.flush();
            fileSize = out.getPos();
            out.close();
        } catch (IOException | RuntimeException e) {
            closeQuietly(out);
            deleteQuietly(fs, file);
            throw e;
        }
    }

    /** Closes without finishing and deletes the partial file. Safe to call after a failure. */
    public void abort() {
        if (closed && fileSize >= 0) {
            return;
        }
        closed = true;
        try {
            writer.release();
        } catch (RuntimeException ignored) {
            // already failing
        }
        closeQuietly(out);
        deleteQuietly(fs, file);
    }

    /** The file this writer writes. */
    public Path path() {
        return file;
    }

    /** The type of the written rows. */
    public RowType rowType() {
        return rowType;
    }

    /** The number of rows written so far. */
    public long rowCount() {
        return rowCount;
    }

    /**
     * The size of the finished file in bytes.
     *
     * @throws IllegalStateException if the writer has not been closed successfully
     */
    public long fileSize() {
        if (fileSize < 0) {
            throw new IllegalStateException("The file size of " + file + " is known after close()");
        }
        return fileSize;
    }

    /**
     * The CRC-32C of the finished file's bytes, as an unsigned 32-bit value.
     *
     * @throws IllegalStateException if the writer has not been closed successfully
     */
    public long checksum() {
        if (fileSize < 0) {
            throw new IllegalStateException("The checksum of " + file + " is known after close()");
        }
        return outputFile.checksum();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing or aborting
        }
    }

    private static void deleteQuietly(FileSystem fs, Path file) {
        try {
            fs.delete(file, false);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }
}
