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

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the rows of one Parquet file, or a subset of its columns, as Flink {@link RowData}.
 *
 * <p>It decodes with Flink's own vectorized column readers (those of Flink's {@code
 * ParquetColumnarRowInputFormat}, see {@link RowGroupDecoder}) and adds what the format core
 * needs: the file is opened once and its footer read once (a file of at most {@link
 * #WHOLE_FILE_READ_LIMIT} bytes is read whole in one request), the footer's CRC-32C and every
 * page CRC of the projected columns are verified before the first row is returned; columns are
 * picked by name (case-sensitive) in the order of the requested {@link RowType}; the file's column
 * types are checked against the requested types before reading, so that a missing or mismatched column fails with an {@link IOException} naming
 * the file, the column and both types (Flink's reader would fill a missing column with nulls and
 * fail obscurely, or return wrong values, on a type mismatch); and each row is deep copied, because
 * the vectorized reader reuses its column batches.
 *
 * <p>A column that is REQUIRED in the file may be requested as nullable. Timestamps stored as INT64
 * with a TIMESTAMP annotation (any unit) or as INT96 are read as epoch-based values (UTC):
 * requested as {@code TIMESTAMP_LTZ(p)} they are the same instants, requested as {@code
 * TIMESTAMP(p)} they are the UTC wall-clock times. Digits below the requested precision are
 * dropped.
 *
 * <p>Not thread-safe. Closing is idempotent.
 */
public final class ParquetRowReader implements CloseableRowIterator {

    /** Rows per vectorized batch. */
    public static final int DEFAULT_BATCH_SIZE = 2048;

    /**
     * Files up to this size are read whole in one request and decoded from memory: on an object
     * store a request's latency costs more than a few MiB of transfer.
     */
    public static final long WHOLE_FILE_READ_LIMIT = 8L << 20;

    private final Path file;
    private final RowType projectedType;
    private final long fileRowCount;
    private final RowGroupDecoder decoder;
    private final RowDataSerializer serializer;

    /** Positions of projected fields that are NOT NULL in Flink but nullable in the file. */
    private final int[] nullChecked;

    /** Added to read errors: projected timestamp columns that Flink may fail to decode. */
    private final String readErrorHint;

    private RowData pending;
    private boolean exhausted;
    private boolean closed;

    private ParquetRowReader(
            Path file,
            RowType projectedType,
            long fileRowCount,
            RowGroupDecoder decoder,
            int[] nullChecked,
            String readErrorHint) {
        this.file = file;
        this.projectedType = projectedType;
        this.fileRowCount = fileRowCount;
        this.decoder = decoder;
        this.serializer = new RowDataSerializer(projectedType);
        this.nullChecked = nullChecked;
        this.readErrorHint = readErrorHint;
    }

    /** Opens {@code file} to read the columns named in {@code projectedType}, in that order. */
    public static ParquetRowReader open(Path file, RowType projectedType) throws IOException {
        return open(file, projectedType, DEFAULT_BATCH_SIZE);
    }

    /**
     * Opens {@code file} to read the columns named in {@code projectedType}, in that order, with
     * the given number of rows per vectorized batch.
     *
     * @throws IOException if the file cannot be read, or a requested column is missing from the
     *     file or has a type that cannot be read as the requested type
     */
    public static ParquetRowReader open(Path file, RowType projectedType, int batchSize)
            throws IOException {
        return open(file, projectedType, batchSize, -1);
    }

    /**
     * Like {@link #open(Path, RowType, int)} for a file of known size ({@code knownLength > 0},
     * e.g. recorded in a snapshot): no status call to the file system for it.
     */
    public static ParquetRowReader open(
            Path file, RowType projectedType, int batchSize, long knownLength) throws IOException {
        return open(file, projectedType, batchSize, knownLength, WHOLE_FILE_READ_LIMIT);
    }

    /** Like {@link #open(Path, RowType, int, long)}, reading a file whole up to the given size. */
    static ParquetRowReader open(
            Path file, RowType projectedType, int batchSize, long knownLength, long wholeFileLimit)
            throws IOException {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        FileSystem fs = file.getFileSystem();
        long length = knownLength > 0 ? knownLength : fs.getFileStatus(file).getLen();
        // One open and one footer read per file. A small file is read whole in one request
        // (on an object store a round trip costs more than its bytes); a large one is read
        // through the stream, its projected column chunks once to verify and once to decode.
        ParquetFileReader r = null;
        try {
            FSDataInputStream in = fs.open(file);
            boolean inMemory = length <= wholeFileLimit;
            if (inMemory) {
                in = InMemoryFileStream.readFully(in, length);
            }
            try {
                // The footer's own checksum first: it steers the decoding (schema, row counts).
                r =
                        ParquetFileReader.open(
                                new ParquetInputFile(
                                        FooterChecksum.verify(in, file, length), length),
                                verifyOptions());
            } finally {
                if (r == null) {
                    in.close();
                }
            }
            ParquetMetadata footer = r.getFooter();
            MessageType schema = footer.getFileMetaData().getSchema();
            int[] nullChecked = checkProjection(file, schema, projectedType);
            long rows = footer.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
            PageChecksums.checkValueCounts(file, footer, projectedType.getFieldNames());
            MessageType requested = requestedSchema(schema, projectedType);
            r.setRequestedSchema(requested);
            // Every page CRC of the projected chunks is verified before any row is returned
            // (Parquet verifies a row group's pages as it reads them): a corrupt file fails
            // at open. In memory, the verified row groups are kept and decoded.
            List<Integer> groups = new ArrayList<>();
            List<PageReadStore> verified = new ArrayList<>();
            List<BlockMetaData> blocks = r.getRowGroups();
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i).getRowCount() == 0) {
                    continue;
                }
                groups.add(i);
                PageReadStore group = r.readRowGroup(i);
                if (inMemory) {
                    verified.add(group);
                } else {
                    group.close();
                }
            }
            if (in instanceof InMemoryFileStream) {
                ((InMemoryFileStream) in).release();
            }
            return new ParquetRowReader(
                    file,
                    projectedType,
                    rows,
                    new RowGroupDecoder(r, requested, projectedType, batchSize, groups, verified),
                    nullChecked,
                    readErrorHint(schema, projectedType));
        } catch (IOException | RuntimeException e) {
            if (r != null) {
                try {
                    r.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw readError(file, e);
        }
    }

    /** The projected columns of the file's schema, in the order of {@code projectedType}. */
    private static MessageType requestedSchema(MessageType schema, RowType projectedType) {
        List<Type> fields = new ArrayList<>();
        for (String name : projectedType.getFieldNames()) {
            fields.add(schema.getType(name));
        }
        return new MessageType(schema.getName(), fields);
    }

    /** Returns the number of rows in {@code file}, from its footer. */
    public static long rowCount(Path file) throws IOException {
        FileSystem fs = file.getFileSystem();
        ParquetMetadata footer = readFooter(fs, file, fs.getFileStatus(file).getLen());
        return footer.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
    }

    /**
     * Checks, from the footer alone, that {@code file} holds the columns of {@code projectedType}
     * with readable types (what {@link #open} checks before reading); returns its row count.
     */
    public static long checkColumns(Path file, RowType projectedType) throws IOException {
        FileSystem fs = file.getFileSystem();
        ParquetMetadata footer = readFooter(fs, file, fs.getFileStatus(file).getLen());
        checkProjection(file, footer.getFileMetaData().getSchema(), projectedType);
        return footer.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
    }

    /** Returns the size of {@code file} in bytes. */
    public static long fileSize(Path file) throws IOException {
        return file.getFileSystem().getFileStatus(file).getLen();
    }

    /** Returns the Parquet schema of {@code file}, from its footer. */
    public static MessageType fileSchema(Path file) throws IOException {
        FileSystem fs = file.getFileSystem();
        return readFooter(fs, file, fs.getFileStatus(file).getLen()).getFileMetaData().getSchema();
    }

    /** Returns the file's footer (schema, row groups with their statistics). */
    public static ParquetMetadata footer(Path file) throws IOException {
        FileSystem fs = file.getFileSystem();
        return readFooter(fs, file, fs.getFileStatus(file).getLen());
    }

    // New options for every reader: they hold a codec factory that the reader releases when it
    // closes, which is not safe while another thread's reader uses it. A plain configuration,
    // not the default Hadoop one, which loads Hadoop's XML files (~10 ms per file).
    private static org.apache.parquet.ParquetReadOptions footerOptions() {
        return org.apache.parquet.ParquetReadOptions.builder(
                        new org.apache.parquet.conf.PlainParquetConfiguration())
                .build();
    }

    // Page CRCs are optional in Parquet: pages without one (azof 0.2 files) are not checked.
    private static org.apache.parquet.ParquetReadOptions verifyOptions() {
        return org.apache.parquet.ParquetReadOptions.builder(
                        new org.apache.parquet.conf.PlainParquetConfiguration())
                .usePageChecksumVerification(true)
                .build();
    }

    private static ParquetMetadata readFooter(FileSystem fs, Path file, long length)
            throws IOException {
        try (FSDataInputStream in = fs.open(file);
                ParquetFileReader r =
                        ParquetFileReader.open(
                                new ParquetInputFile(FooterChecksum.verify(in, file, length), length),
                                footerOptions())) {
            return r.getFooter();
        } catch (IOException | RuntimeException e) {
            throw readError(file, e);
        }
    }

    /**
     * An error that names the file: Parquet's and the codecs' own messages often do not ("Data
     * corruption detected", "ParquetInputFile@34cf294c is not a Parquet file"). A damaged file
     * fails in many ways (a flipped bit in a length, a page, the footer); each is reported as
     * "cannot read Parquet file F: reason".
     */
    static IOException readError(Path file, Throwable e) {
        String message = e.getMessage();
        if (e instanceof IOException && message != null && message.contains(file.toString())) {
            return (IOException) e;
        }
        String reason = PageChecksums.isChecksumFailure(e)
                ? "page checksum mismatch, the file is corrupt"
                : (message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
        return new IOException("Cannot read Parquet file " + file + ": " + reason, e);
    }

    /**
     * Checks that every projected column exists in the file with a readable type; returns the
     * positions of NOT NULL projected fields whose file column is nullable.
     */
    private static int[] checkProjection(Path file, MessageType schema, RowType projectedType)
            throws IOException {
        List<Integer> nullChecked = new ArrayList<>();
        List<RowType.RowField> fields = projectedType.getFields();
        for (int i = 0; i < fields.size(); i++) {
            RowType.RowField field = fields.get(i);
            if (!schema.containsField(field.getName())) {
                throw new IOException(
                        "Parquet file "
                                + file
                                + " has no column '"
                                + field.getName()
                                + "' (requested as "
                                + field.getType()
                                + "); its columns are: "
                                + schema.getFields().stream()
                                        .map(t -> t.getName() + " " + ParquetTypes.describe(t))
                                        .reduce((a, b) -> a + ", " + b)
                                        .orElse("none"));
            }
            Type fileType = schema.getType(field.getName());
            String problem = ParquetTypes.incompatibility(fileType, field.getType());
            if (problem != null) {
                throw new IOException(
                        "Parquet file "
                                + file
                                + ": column '"
                                + field.getName()
                                + "' of file type "
                                + ParquetTypes.describe(fileType)
                                + " cannot be read as "
                                + field.getType()
                                + ": "
                                + problem);
            }
            if (!field.getType().isNullable() && !fileType.isRepetition(Type.Repetition.REQUIRED)) {
                nullChecked.add(i);
            }
        }
        return nullChecked.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Flink 2.1.1's reader throws an IllegalArgumentException, without naming the column, on an
     * INT96 timestamp or an INT64 MICROS/NANOS timestamp before 1970 with sub-millisecond digits.
     * Returns a note naming the projected columns that could be the cause, or "".
     */
    private static String readErrorHint(MessageType schema, RowType projectedType) {
        List<String> columns = new ArrayList<>();
        for (String name : projectedType.getFieldNames()) {
            Type t = schema.getType(name);
            if (!t.isPrimitive()) {
                continue;
            }
            PrimitiveType p = t.asPrimitiveType();
            LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
            boolean risky =
                    p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96
                            || (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                                    && ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) a)
                                                    .getUnit()
                                            != LogicalTypeAnnotation.TimeUnit.MILLIS);
            if (risky) {
                columns.add(name + " " + ParquetTypes.describe(t));
            }
        }
        return columns.isEmpty()
                ? ""
                : " (Flink's Parquet reader cannot decode timestamps before 1970 with"
                        + " sub-millisecond digits, or some INT96 timestamps before 1970; such"
                        + " columns here: "
                        + String.join(", ", columns)
                        + ")";
    }

    /** The file this reader reads. */
    public Path path() {
        return file;
    }

    /** The type of the rows this reader returns. */
    public RowType projectedType() {
        return projectedType;
    }

    /** The number of rows in the file (from the footer). */
    public long fileRowCount() {
        return fileRowCount;
    }

    @Override
    public boolean hasNext() throws IOException {
        if (pending != null) {
            return true;
        }
        if (closed) {
            throw new IllegalStateException("ParquetRowReader of " + file + " is closed");
        }
        try {
            if (exhausted) {
                return false;
            }
            RowData row = decoder.next();
            if (row == null) {
                exhausted = true;
                return false;
            }
            checkNulls(row);
            pending = row;
            return true;
        } catch (IOException | RuntimeException e) {
            IOException error = readError(file, e);
            throw error == e ? error : new IOException(error.getMessage() + readErrorHint, e);
        }
    }

    private void checkNulls(RowData row) throws IOException {
        for (int pos : nullChecked) {
            if (row.isNullAt(pos)) {
                RowType.RowField f = projectedType.getFields().get(pos);
                throw new IOException(
                        "Parquet file "
                                + file
                                + " holds a null in column '"
                                + f.getName()
                                + "', requested as "
                                + f.getType());
            }
        }
    }

    @Override
    public RowData next() throws IOException {
        if (!hasNext()) {
            throw new NoSuchElementException("No more rows in " + file);
        }
        // The decoder's row is reused for the next one: a copy stays valid.
        RowData row = serializer.copy(pending);
        pending = null;
        return row;
    }

    /**
     * The next row without copying it: the decoder's row, valid only until the next call to
     * {@link #hasNext()} or a next method.
     */
    public RowData nextTransient() throws IOException {
        if (!hasNext()) {
            throw new NoSuchElementException("No more rows in " + file);
        }
        RowData row = pending;
        pending = null;
        return row;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        pending = null;
        decoder.close();
    }
}
