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
package dev.azof.core.write;

import dev.azof.core.AzofException;
import dev.azof.core.io.ParquetRowWriter;
import dev.azof.core.io.ReadableTimestamps;
import dev.azof.core.keys.BucketAssigner;
import dev.azof.core.keys.KeyComparator;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.plan.ScanPlanner;
import dev.azof.core.plan.ScanTask;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the data files of tables of this project: rows as key-sorted delta files per (leaf
 * segment, bucket), and bases; builds the next snapshot holding new files ({@link
 * #nextSnapshot}). Publishing it is the commit package's job ({@code TableCommits}).
 *
 * <p>Rows are in the layout of {@link TableSchema#fileRowType()}: the table's columns, then the
 * tombstone flag.
 */
public final class TableWriter {

    /** Table property: the segment layout, coarse to fine (e.g. {@code year,quarter}). */
    public static final String SEGMENT_GRANULARITY = "segment.granularity";

    public static final String DEFAULT_GRANULARITY = "month";

    /**
     * ZSTD level of the delta files written from buffered rows (what a sink writes at every
     * checkpoint): the fastest level, as deltas are short-lived. Compaction writes its output at
     * {@link ParquetRowWriter#DEFAULT_ZSTD_LEVEL}.
     */
    static final int DELTA_ZSTD_LEVEL = 1;

    private final Path dir;
    private final TableSchema schema;
    private final int buckets;
    private final List<SegmentGranularity> layout;
    private final BucketAssigner bucketAssigner;
    private final KeyComparator keyComparator;
    private final int[] keyIndexes;
    private final int eventTimeIndex;
    private final int eventTimePrecision;
    private final RowType fileType;
    private final Set<String> plainColumns;
    private final ReadableTimestamps readableTimestamps;
    private java.util.function.Supplier<String> uniqueNames = () -> UUID.randomUUID().toString();

    public TableWriter(Path dir, Snapshot snapshot) {
        if (snapshot.isLegacy()) {
            throw new AzofException(
                    "table " + dir + " is an azof 0.2 table; this project reads it but does not write it");
        }
        this.dir = dir;
        this.schema = snapshot.schema();
        this.buckets = snapshot.bucketCount();
        this.layout =
                SegmentGranularity.parseLayout(
                        snapshot.properties().getOrDefault(SEGMENT_GRANULARITY, DEFAULT_GRANULARITY));
        this.keyIndexes = schema.primaryKeyIndexes();
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int k : keyIndexes) {
            keyTypes.add(schema.rowType().getTypeAt(k));
        }
        this.bucketAssigner = new BucketAssigner(keyTypes, buckets);
        this.keyComparator = new KeyComparator(keyTypes);
        this.eventTimeIndex = schema.eventTimeIndex();
        this.eventTimePrecision =
                LogicalTypeChecks.getPrecision(schema.rowType().getTypeAt(eventTimeIndex));
        this.fileType = schema.fileRowType();
        this.plainColumns = plainColumns(schema, fileType);
        this.readableTimestamps = ReadableTimestamps.of(fileType);
    }

    /**
     * Replaces the random part of new file names, e.g. with a seeded sequence so that a generator
     * produces the same files on every run. Names must stay unique within the table.
     */
    public TableWriter withUniqueNames(java.util.function.Supplier<String> names) {
        this.uniqueNames = names;
        return this;
    }

    /**
     * Columns written without dictionary encoding: keys and the event time hardly repeat inside
     * a key-sorted file, and for numbers and times ZSTD does what a dictionary would; strings
     * (categories, names) keep their dictionaries.
     */
    static Set<String> plainColumns(TableSchema schema, RowType fileType) {
        Set<String> plain = new HashSet<>(schema.primaryKey());
        plain.add(schema.eventTimeColumn());
        for (RowType.RowField f : fileType.getFields()) {
            if (!f.getType().is(LogicalTypeFamily.CHARACTER_STRING)
                    && !f.getType().is(LogicalTypeFamily.BINARY_STRING)) {
                plain.add(f.getName());
            }
        }
        return plain;
    }

    public List<SegmentGranularity> layout() {
        return layout;
    }

    public int bucketOf(RowData row) {
        return bucketAssigner.bucket(row, keyIndexes);
    }

    public Instant eventTimeOf(RowData row) {
        return EventTimes.instant(eventTimeMicrosOf(row));
    }

    long eventTimeMicrosOf(RowData row) {
        if (row.isNullAt(eventTimeIndex)) {
            throw new AzofException(
                    "a row has no event time (column '" + schema.eventTimeColumn() + "' is null)");
        }
        return EventTimes.micros(row.getTimestamp(eventTimeIndex, eventTimePrecision));
    }

    /**
     * Writes rows as delta files, one per (leaf segment, bucket) they fall in. Rows must be in
     * {@link TableSchema#fileRowType()} layout; their order is arrival order.
     */
    public List<PendingFile> writeDeltas(List<RowData> rows) throws IOException {
        DeltaBuffer buffer = newDeltaBuffer();
        for (RowData row : rows) {
            buffer.add(row);
        }
        return buffer.write();
    }

    /** An empty buffer of rows to write as delta files of this table. */
    public DeltaBuffer newDeltaBuffer() {
        return new DeltaBuffer(this, layout.get(layout.size() - 1));
    }

    /** Rejects a row whose timestamps could not be read back once written (ReadableTimestamps). */
    void checkReadable(RowData row) {
        String problem = readableTimestamps.problem(row);
        if (problem != null) {
            throw new AzofException("a row cannot be written to " + dir + ": " + problem);
        }
    }

    void checkKeyNotNull(RowData row) {
        for (int k : keyIndexes) {
            if (row.isNullAt(k)) {
                throw new AzofException(
                        "a row has a null primary key column '" + schema.columns().get(k).name() + "'");
            }
        }
    }

    SortedRun newRun() {
        return new SortedRun(fileType, keyComparator, keyIndexes);
    }

    /** Writes each (leaf segment start, bucket) group as one key-sorted delta file. */
    List<PendingFile> writeRuns(Map<Instant, SortedRun[]> groups) throws IOException {
        SegmentGranularity leaf = layout.get(layout.size() - 1);
        List<PendingFile> out = new ArrayList<>();
        for (Map.Entry<Instant, SortedRun[]> seg : groups.entrySet()) {
            Instant start = seg.getKey();
            Instant end = leaf.next(start).minus(1, ChronoUnit.MICROS);
            SortedRun[] runs = seg.getValue();
            for (int bucket = 0; bucket < runs.length; bucket++) {
                if (runs[bucket] == null) {
                    continue;
                }
                String path =
                        "data/"
                                + leaf.id(start)
                                + "/delta-b"
                                + bucket
                                + "-"
                                + uniqueNames.get()
                                + ".parquet";
                out.add(
                        new PendingFile(
                                start,
                                writeFile(
                                        path,
                                        DataFile.Kind.DELTA,
                                        start,
                                        end,
                                        bucket,
                                        runs[bucket].sorted(),
                                        DELTA_ZSTD_LEVEL)));
            }
        }
        return out;
    }

    int buckets() {
        return buckets;
    }

    private DataFile writeFile(
            String path, DataFile.Kind kind, Instant start, Instant end, int bucket, List<RowData> rows)
            throws IOException {
        java.util.Iterator<RowData> it = rows.iterator();
        return writeFile(
                path,
                kind,
                start,
                end,
                bucket,
                new RowIterator() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public RowData next() {
                        return it.next();
                    }

                    @Override
                    public void close() {}
                });
    }

    /**
     * Writes one data file from rows in {@link TableSchema#fileRowType()} layout, already sorted
     * by key, streaming (compaction merges files larger than memory this way). The file is not
     * committed: its sequence is 0 until a commit stamps it.
     *
     * @param path the file's path relative to the table directory; must be new
     */
    public DataFile writeFile(
            String path, DataFile.Kind kind, Instant start, Instant end, int bucket, RowIterator rows)
            throws IOException {
        return writeFile(path, kind, start, end, bucket, rows, ParquetRowWriter.DEFAULT_ZSTD_LEVEL);
    }

    private DataFile writeFile(
            String path,
            DataFile.Kind kind,
            Instant start,
            Instant end,
            int bucket,
            RowIterator rows,
            int zstdLevel)
            throws IOException {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        ParquetRowWriter writer =
                ParquetRowWriter.create(
                        new Path(dir, path),
                        fileType,
                        ParquetRowWriter.DEFAULT_ROW_GROUP_SIZE_BYTES,
                        plainColumns,
                        zstdLevel);
        try {
            while (rows.hasNext()) {
                RowData row = rows.next();
                long t = eventTimeMicrosOf(row);
                min = Math.min(min, t);
                max = Math.max(max, t);
                writer.write(row);
            }
            writer.close();
        } catch (IOException | RuntimeException e) {
            writer.abort();
            throw e;
        }
        boolean empty = writer.rowCount() == 0;
        return DataFile.builder(path, kind)
                .range(start, end)
                .bucket(bucket)
                .rows(writer.rowCount())
                .bytes(writer.fileSize())
                .eventTimes(empty ? null : EventTimes.instant(min), empty ? null : EventTimes.instant(max))
                .crc32c(writer.checksum())
                .schemaId(schema.schemaId())
                .build();
    }

    /** A new unique part for a file name (random, or from {@link #withUniqueNames}). */
    public String uniqueName() {
        return uniqueNames.get();
    }

    /**
     * Builds the bases of the segment starting at {@code segmentStart}: per bucket, the state of
     * every key as of just before that start (tombstones included), read from {@code snapshot}.
     */
    public List<PendingFile> buildBases(Snapshot snapshot, Instant segmentStart) throws IOException {
        AsOf justBefore = AsOf.at(segmentStart.minus(1, ChronoUnit.MICROS));
        List<PendingFile> out = new ArrayList<>();
        for (ScanTask task : ScanPlanner.plan(snapshot, justBefore)) {
            List<RowData> rows = new ArrayList<>();
            try (RowIterator it =
                    AsOfReader.readTaskWithTombstones(dir, schema, task, justBefore, AsOfReader.PARQUET)) {
                while (it.hasNext()) {
                    rows.add(it.next());
                }
            }
            String path =
                    "data/base-"
                            + SegmentTree.leafId(segmentStart, layout)
                            + "-b"
                            + task.bucket()
                            + "-"
                            + uniqueNames.get()
                            + ".parquet";
            DataFile base = writeFile(path, DataFile.Kind.BASE, segmentStart, null, task.bucket(), rows);
            // A base read from a base that dropped old tombstones lacks them too: say so.
            DataFile from = task.files().get(0);
            if (from.isBase() && from.tombstonesFrom() != null) {
                base = base.withTombstonesFrom(from.tombstonesFrom());
            }
            out.add(new PendingFile(segmentStart, base));
        }
        return out;
    }

    /**
     * Builds snapshot {@code current.id() + 1} holding the pending files (each with that id as
     * its sequence) without publishing it.
     */
    public static Snapshot nextSnapshot(
            Snapshot current,
            List<PendingFile> files,
            Map<String, String> summary,
            long timestampMillis) {
        List<SegmentGranularity> layout =
                SegmentGranularity.parseLayout(
                        current.properties().getOrDefault(SEGMENT_GRANULARITY, DEFAULT_GRANULARITY));
        long id = current.id() + 1;
        List<Segment> segments = current.segments();
        List<PendingFile> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing(PendingFile::segmentAnchor));
        for (PendingFile f : ordered) {
            DataFile committed = f.committedAs(id);
            segments =
                    SegmentTree.addFiles(
                            segments,
                            f.segmentAnchor(),
                            layout,
                            committed.isBase() ? List.of(committed) : List.of(),
                            committed.isBase() ? List.of() : List.of(committed));
        }
        return current.next(id, timestampMillis, segments, summary);
    }
}
