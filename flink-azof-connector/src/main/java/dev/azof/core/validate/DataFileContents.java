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

package dev.azof.core.validate;

import dev.azof.core.io.ParquetRowReader;
import dev.azof.core.keys.BucketAssigner;
import dev.azof.core.keys.KeyComparator;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.EventTimes;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The deep check of one data file ({@code azof validate --deep}): reads every row of every
 * column (verifying each page's CRC on the way) and checks what the metadata and the format
 * promise about them: the row count, the whole file's CRC-32C when the metadata records one, and
 * for files of format version 1 that keys are sorted, that every key hashes to the file's bucket,
 * that every row has an event time and that it lies within the file's range (a base: before its
 * start; a delta: within its range and its recorded min/max event time). Each kind of problem is
 * reported once per file, at its first row.
 */
final class DataFileContents {

    private final TableSchema schema;
    private final RowType fileType;
    private final int[] keyIndexes;
    private final BucketAssigner buckets;
    private final KeyComparator keys;
    private final int eventTimeIndex;
    private final int eventTimePrecision;

    DataFileContents(TableSchema schema, int bucketCount) {
        this.schema = schema;
        this.fileType = schema.fileRowType();
        this.keyIndexes = schema.primaryKeyIndexes();
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int k : keyIndexes) {
            keyTypes.add(schema.rowType().getTypeAt(k));
        }
        this.buckets = schema.isLegacy() ? null : new BucketAssigner(keyTypes, Math.max(1, bucketCount));
        this.keys = new KeyComparator(keyTypes);
        this.eventTimeIndex = schema.eventTimeIndex();
        this.eventTimePrecision = LogicalTypeChecks.getPrecision(fileType.getTypeAt(eventTimeIndex));
    }

    /** Checks {@code file} (the resolved path of {@code f}); returns its problems, one per line. */
    List<String> check(Path file, DataFile f) {
        Map<String, String> problems = new LinkedHashMap<>();
        String name = "data file '" + f.path() + "'";
        if (f.crc32c() >= 0) {
            try {
                long actual = crc32c(file);
                if (actual != f.crc32c()) {
                    problems.put(
                            "crc",
                            name + " has CRC-32C " + hex(actual) + ", metadata says " + hex(f.crc32c())
                                    + ": the file is damaged");
                }
            } catch (IOException e) {
                problems.put("crc", name + " cannot be read: " + e.getMessage());
            }
        }
        long rows = 0;
        try (ParquetRowReader reader = ParquetRowReader.open(file, fileType)) {
            RowData previous = null;
            while (reader.hasNext()) {
                RowData row = reader.next();
                checkRow(name, f, row, previous, rows, problems);
                previous = row;
                rows++;
            }
            if (rows != reader.fileRowCount()) {
                problems.put("count", name + " holds " + rows + " rows, its footer says " + reader.fileRowCount());
            } else if (f.rows() >= 0 && rows != f.rows()) {
                problems.put("count", name + " holds " + rows + " rows, metadata says " + f.rows());
            }
        } catch (IOException | RuntimeException e) {
            problems.put("read", name + " cannot be read: " + e.getMessage());
        }
        return new ArrayList<>(problems.values());
    }

    private void checkRow(
            String name, DataFile f, RowData row, RowData previous, long at, Map<String, String> problems) {
        if (schema.isLegacy()) {
            return; // azof 0.2 files are neither bucketed nor sorted, and may lack event times
        }
        if (previous != null && keys.compare(previous, keyIndexes, row, keyIndexes) > 0) {
            problems.putIfAbsent("order", name + " is not sorted by key at row " + at);
        }
        int bucket = buckets.bucket(row, keyIndexes);
        if (bucket != f.bucket()) {
            problems.putIfAbsent(
                    "bucket",
                    name + " is labelled bucket " + f.bucket() + " but the key of row " + at
                            + " hashes to bucket " + bucket);
        }
        if (row.isNullAt(eventTimeIndex)) {
            problems.putIfAbsent("time", name + " has a row without event time at row " + at);
            return;
        }
        Instant t = EventTimes.instant(EventTimes.micros(row.getTimestamp(eventTimeIndex, eventTimePrecision)));
        String where = null;
        if (f.isBase()) {
            if (f.start() != null && !t.isBefore(f.start())) {
                where = "at or after the base's start " + f.start();
            }
        } else if (f.start() != null && t.isBefore(f.start()) || f.end() != null && t.isAfter(f.end())) {
            where = "outside its range [" + f.start() + ", " + f.end() + "]";
        } else if (f.minEventTime() != null && t.isBefore(f.minEventTime())
                || f.maxEventTime() != null && t.isAfter(f.maxEventTime())) {
            where = "outside its recorded event times [" + f.minEventTime() + ", " + f.maxEventTime() + "]";
        }
        if (where != null) {
            problems.putIfAbsent("time", name + " holds event time " + t + " at row " + at + ", " + where);
        }
    }

    static long crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 16];
        try (FSDataInputStream in = file.getFileSystem().open(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }

    private static String hex(long crc) {
        return String.format("%08x", crc);
    }
}
