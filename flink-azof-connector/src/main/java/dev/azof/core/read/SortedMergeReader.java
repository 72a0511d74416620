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

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges the key-sorted files of one bucket in a single pass: for each key, the row with the
 * greatest event time <= t wins (ties: higher sequence, then later file, then later row); a
 * winning tombstone hides the key. Memory holds one row per open file, whatever the table size.
 */
final class SortedMergeReader implements RowIterator {

    private final Path tableDir;
    private final List<DataFile> files;
    private final ReadLayout layout;
    private final long asOfMicros;
    private final DataFileOpener opener;
    private final KeyComparator keys;
    private final PriorityQueue<Cursor> queue;
    private final List<Cursor> open = new ArrayList<>();
    private boolean started;
    private RowData pending;

    SortedMergeReader(
            Path tableDir,
            List<DataFile> files,
            ReadLayout layout,
            long asOfMicros,
            DataFileOpener opener) {
        this.tableDir = tableDir;
        this.files = files;
        this.layout = layout;
        this.asOfMicros = asOfMicros;
        this.opener = opener;
        this.keys = new KeyComparator(layout.keyTypes);
        this.queue =
                new PriorityQueue<>(
                        Math.max(1, files.size()),
                        (a, b) -> {
                            int c = compareKeys(a.row, b.row);
                            return c != 0 ? c : Integer.compare(a.fileIndex, b.fileIndex);
                        });
    }

    private int compareKeys(RowData a, RowData b) {
        return keys.compare(a, layout.keyIndexes, b, layout.keyIndexes);
    }

    private final class Cursor {
        final int fileIndex;
        final long sequence;
        final String path;
        final RowIterator rows;
        RowData row;
        long position = -1;
        long eventMicros;

        Cursor(int fileIndex, DataFile file, RowIterator rows) {
            this.fileIndex = fileIndex;
            this.sequence = file.sequence();
            this.path = file.path();
            this.rows = rows;
        }

        /** Moves to the next row; false at the end of the file. */
        boolean advance() throws IOException {
            if (!rows.hasNext()) {
                row = null;
                return false;
            }
            RowData next = rows.next();
            position++;
            if (row != null && compareKeys(row, next) > 0) {
                throw new AzofException(
                        "data file " + path + " is not sorted by key at row " + position);
            }
            if (next.isNullAt(layout.eventTimeIndex)) {
                throw new AzofException(
                        "data file " + path + " has a row without event time at row " + position);
            }
            row = next;
            eventMicros =
                    EventTimes.micros(
                            row.getTimestamp(layout.eventTimeIndex, layout.eventTimePrecision));
            return true;
        }
    }

    private void start() throws IOException {
        started = true;
        for (int i = 0; i < files.size(); i++) {
            DataFile f = files.get(i);
            Path p = TablePaths.resolve(tableDir, f.path());
            Cursor c = new Cursor(i, f, opener.open(p, layout.readType));
            open.add(c);
            if (c.advance()) {
                queue.add(c);
            }
        }
    }

    @Override
    public boolean hasNext() throws IOException {
        if (!started) {
            start();
        }
        while (pending == null && !queue.isEmpty()) {
            RowData key = queue.peek().row;
            RowData best = null;
            long bestTs = Long.MIN_VALUE;
            long bestSeq = Long.MIN_VALUE;
            int bestFile = -1;
            long bestPos = -1;
            while (!queue.isEmpty() && compareKeys(queue.peek().row, key) == 0) {
                Cursor c = queue.poll();
                do {
                    if (c.eventMicros <= asOfMicros
                            && (best == null
                                    || c.eventMicros > bestTs
                                    || (c.eventMicros == bestTs
                                            && (c.sequence > bestSeq
                                                    || (c.sequence == bestSeq
                                                            && (c.fileIndex > bestFile
                                                                    || (c.fileIndex == bestFile
                                                                            && c.position
                                                                                    > bestPos))))))) {
                        best = c.row;
                        bestTs = c.eventMicros;
                        bestSeq = c.sequence;
                        bestFile = c.fileIndex;
                        bestPos = c.position;
                    }
                    if (!c.advance()) {
                        break;
                    }
                } while (compareKeys(c.row, key) == 0);
                if (c.row != null) {
                    queue.add(c);
                }
            }
            if (best != null && (layout.keepTombstones || !layout.isDeleted(best))) {
                pending = layout.project(best);
            }
        }
        return pending != null;
    }

    @Override
    public RowData next() throws IOException {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RowData r = pending;
        pending = null;
        return r;
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
