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
package dev.azof.core.read;

import dev.azof.core.AzofException;
import dev.azof.core.keys.KeyComparator;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TablePaths;
import dev.azof.core.plan.EventTimes;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Reads key-sorted data files side by side, one key at a time in key order: every row of the
 * smallest remaining key, from every file, with its precedence (event time, sequence, file index,
 * row position). Reads and compaction both merge through it, so files are checked for key order
 * and rows ranked the same way everywhere. Memory holds one row per open file.
 */
public final class KeyGroupReader implements Closeable {

    /** A row with its precedence among the rows of its key (see {@link #beats}). */
    public static final class RowVersion {
        private RowData row;
        private long eventMicros;
        private long sequence;
        private int fileIndex;
        private long position;

        public RowData row() {
            return row;
        }

        public long eventMicros() {
            return eventMicros;
        }

        /**
         * The spec's rule (section 5): greater event time, then higher sequence, then the later
         * file in read order, then the later row in its file.
         */
        public boolean beats(RowVersion o) {
            if (eventMicros != o.eventMicros) {
                return eventMicros > o.eventMicros;
            }
            if (sequence != o.sequence) {
                return sequence > o.sequence;
            }
            if (fileIndex != o.fileIndex) {
                return fileIndex > o.fileIndex;
            }
            return position > o.position;
        }

        /** A copy that stays valid while the reader moves on. */
        public RowVersion copy() {
            RowVersion v = new RowVersion();
            v.set(this);
            return v;
        }

        void set(RowVersion o) {
            row = o.row;
            eventMicros = o.eventMicros;
            sequence = o.sequence;
            fileIndex = o.fileIndex;
            position = o.position;
        }
    }

    /** Receives the rows of one key; the version passed is reused for the next row. */
    @FunctionalInterface
    public interface RowVisitor {
        void visit(RowVersion version);
    }

    private final Path tableDir;
    private final List<DataFile> files;
    private final RowType readType;
    private final int[] keyIndexes;
    private final int eventTimeIndex;
    private final int eventTimePrecision;
    private final DataFileOpener opener;
    /** Maps files of other schema versions to the read schema; null: no file needs it. */
    private final SchemaMapper mapper;
    private final KeyComparator keys;
    private final PriorityQueue<Cursor> queue;
    private final List<Cursor> open = new ArrayList<>();
    private boolean started;
    private long rowsRead;

    /**
     * @param files the files in read order (the order that ranks "later file")
     * @param readType the columns read from each file
     * @param keyIndexes positions of the key columns in {@code readType}
     * @param keyTypes types of the key columns
     * @param eventTimeIndex position of the event-time column in {@code readType}
     */
    public KeyGroupReader(
            Path tableDir,
            List<DataFile> files,
            RowType readType,
            int[] keyIndexes,
            List<LogicalType> keyTypes,
            int eventTimeIndex,
            DataFileOpener opener) {
        this(tableDir, files, readType, keyIndexes, keyTypes, eventTimeIndex, opener, null);
    }

    /**
     * Like {@link #KeyGroupReader(Path, List, RowType, int[], List, int, DataFileOpener)}, reading
     * each file through {@code mapper}: {@code readType} names columns of its read schema.
     */
    public KeyGroupReader(
            Path tableDir,
            List<DataFile> files,
            RowType readType,
            int[] keyIndexes,
            List<LogicalType> keyTypes,
            int eventTimeIndex,
            DataFileOpener opener,
            SchemaMapper mapper) {
        this.mapper = mapper;
        this.tableDir = tableDir;
        this.files = files;
        this.readType = readType;
        this.keyIndexes = keyIndexes;
        this.eventTimeIndex = eventTimeIndex;
        this.eventTimePrecision =
                org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(
                        readType.getTypeAt(eventTimeIndex));
        this.opener = opener;
        this.keys = new KeyComparator(keyTypes);
        this.queue =
                new PriorityQueue<>(
                        Math.max(1, files.size()),
                        (a, b) -> {
                            int c = compareKeys(a.version.row, b.version.row);
                            return c != 0
                                    ? c
                                    : Integer.compare(a.version.fileIndex, b.version.fileIndex);
                        });
    }

    private int compareKeys(RowData a, RowData b) {
        return keys.compare(a, keyIndexes, b, keyIndexes);
    }

    /** Rows read from the files so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /** Visits every row of the next key; false when no key is left. */
    public boolean nextKey(RowVisitor visitor) throws IOException {
        if (!started) {
            start();
        }
        if (queue.isEmpty()) {
            return false;
        }
        RowData key = queue.peek().version.row;
        while (!queue.isEmpty() && compareKeys(queue.peek().version.row, key) == 0) {
            Cursor c = queue.poll();
            do {
                visitor.visit(c.version);
                if (!c.advance()) {
                    break;
                }
            } while (compareKeys(c.version.row, key) == 0);
            if (c.version.row != null) {
                queue.add(c);
            }
        }
        return true;
    }

    private void start() throws IOException {
        started = true;
        List<RowIterator> opened = openAll(tableDir, files, readType, opener, mapper);
        for (int i = 0; i < files.size(); i++) {
            Cursor c = new Cursor(i, files.get(i), opened.get(i));
            open.add(c);
        }
        for (Cursor c : open) {
            if (c.advance()) {
                queue.add(c);
            }
        }
    }

    /**
     * Opens the files, several at once when the opener allows it (opening a small file reads it
     * whole: on an object store the merge's files then cost about one request's latency, not
     * one per file). On a failure the files opened are closed and the first failure in file
     * order is thrown.
     */
    static List<RowIterator> openAll(
            Path tableDir, List<DataFile> files, RowType readType, DataFileOpener opener, SchemaMapper mapper)
            throws IOException {
        List<Path> paths = new ArrayList<>();
        for (DataFile f : files) {
            paths.add(TablePaths.resolve(tableDir, f.path()));
        }
        if (files.size() < 2 || !opener.opensConcurrently()) {
            List<RowIterator> opened = new ArrayList<>();
            try {
                for (int i = 0; i < files.size(); i++) {
                    opened.add(open(opener, mapper, paths.get(i), files.get(i), readType));
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(opened, e);
                throw e;
            }
            return opened;
        }
        List<Future<RowIterator>> pending = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path path = paths.get(i);
            DataFile file = files.get(i);
            pending.add(FileOpens.submit(() -> open(opener, mapper, path, file, readType)));
        }
        // Every open is waited for, also after a failure or an interrupt, so that no file is left
        // open; opens are short (a small file's read).
        List<RowIterator> opened = new ArrayList<>();
        Throwable failure = null;
        boolean interrupted = false;
        for (Future<RowIterator> f : pending) {
            while (true) {
                try {
                    opened.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            if (failure == null) {
                failure = new InterruptedIOException("interrupted while opening data files");
            }
        }
        if (failure == null) {
            return opened;
        }
        closeQuietly(opened, failure);
        if (failure instanceof IOException) {
            throw (IOException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        throw new IOException(failure);
    }

    private static RowIterator open(
            DataFileOpener opener, SchemaMapper mapper, Path path, DataFile file, RowType readType)
            throws IOException {
        return mapper == null
                ? opener.open(path, file.bytes(), readType)
                : mapper.open(opener, path, file, readType);
    }

    static void closeQuietly(List<RowIterator> opened, Throwable failure) {
        for (RowIterator rows : opened) {
            try {
                rows.close();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private final class Cursor {
        final String path;
        final RowIterator rows;
        final RowVersion version = new RowVersion();

        Cursor(int fileIndex, DataFile file, RowIterator rows) {
            this.path = file.path();
            this.rows = rows;
            version.fileIndex = fileIndex;
            version.sequence = file.sequence();
            version.position = -1;
        }

        /** Moves to the next row; false at the end of the file. */
        boolean advance() throws IOException {
            if (!rows.hasNext()) {
                version.row = null;
                return false;
            }
            RowData next = rows.next();
            rowsRead++;
            version.position++;
            if (version.row != null && compareKeys(version.row, next) > 0) {
                throw new AzofException(
                        "data file " + path + " is not sorted by key at row " + version.position);
            }
            if (next.isNullAt(eventTimeIndex)) {
                throw new AzofException(
                        "data file "
                                + path
                                + " has a row without event time at row "
                                + version.position);
            }
            version.row = next;
            version.eventMicros =
                    EventTimes.micros(next.getTimestamp(eventTimeIndex, eventTimePrecision));
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Cursor c : open) {
            try {
                c.rows.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        open.clear();
        queue.clear();
        if (first != null) {
            throw first;
        }
    }
}
