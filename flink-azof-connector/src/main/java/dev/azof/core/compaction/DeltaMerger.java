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
package dev.azof.core.compaction;

import dev.azof.core.AzofException;
import dev.azof.core.keys.KeyComparator;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TablePaths;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.DataFileOpener;
import dev.azof.core.read.RowIterator;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Merges the key-sorted deltas of one (segment, bucket) into one key-sorted stream that holds,
 * for every (key, event time), only the row that wins the spec's tie rule among them (higher
 * sequence, then the later file in read order, then the later row in its file); tombstones are
 * kept. Memory holds the rows of one key.
 *
 * <p>Files must be given in read order (sequence, then path): the same order the planner uses,
 * so "later file" means the same thing here as in a read.
 */
final class DeltaMerger implements RowIterator {

    private final Path tableDir;
    private final List<DataFile> files;
    private final DataFileOpener opener;
    private final RowType fileType;
    private final int[] keyIndexes;
    private final int eventTimeIndex;
    private final int eventTimePrecision;
    private final KeyComparator keys;
    private final PriorityQueue<Cursor> queue;
    private final List<Cursor> open = new ArrayList<>();
    private final Deque<RowData> out = new ArrayDeque<>();
    private boolean started;
    private long rowsIn;

    DeltaMerger(Path tableDir, TableSchema schema, List<DataFile> files, DataFileOpener opener) {
        this.tableDir = tableDir;
        this.files = files;
        this.opener = opener;
        this.fileType = schema.fileRowType();
        this.keyIndexes = schema.primaryKeyIndexes();
        this.eventTimeIndex = schema.eventTimeIndex();
        this.eventTimePrecision =
                LogicalTypeChecks.getPrecision(schema.rowType().getTypeAt(eventTimeIndex));
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int k : keyIndexes) {
            keyTypes.add(schema.rowType().getTypeAt(k));
        }
        this.keys = new KeyComparator(keyTypes);
        this.queue =
                new PriorityQueue<>(
                        Math.max(1, files.size()),
                        (a, b) -> {
                            int c = compareKeys(a.row, b.row);
                            return c != 0 ? c : Integer.compare(a.fileIndex, b.fileIndex);
                        });
    }

    /** Rows read from the inputs so far. */
    long rowsIn() {
        return rowsIn;
    }

    private int compareKeys(RowData a, RowData b) {
        return keys.compare(a, keyIndexes, b, keyIndexes);
    }

    private final class Cursor {
        final int fileIndex;
        final long sequence;
        final String path;
        final RowIterator rows;
        RowData row;
        long position = -1;

        Cursor(int fileIndex, DataFile file, RowIterator rows) {
            this.fileIndex = fileIndex;
            this.sequence = file.sequence();
            this.path = file.path();
            this.rows = rows;
        }

        boolean advance() throws IOException {
            if (!rows.hasNext()) {
                row = null;
                return false;
            }
            RowData next = rows.next();
            position++;
            rowsIn++;
            if (row != null && compareKeys(row, next) > 0) {
                throw new AzofException("data file " + path + " is not sorted by key at row " + position);
            }
            if (next.isNullAt(eventTimeIndex)) {
                throw new AzofException("data file " + path + " has a row without event time at row " + position);
            }
            row = next;
            return true;
        }
    }

    /** A candidate row with its precedence among rows of equal key and event time. */
    private static final class Candidate {
        final RowData row;
        final long sequence;
        final int fileIndex;
        final long position;

        Candidate(RowData row, long sequence, int fileIndex, long position) {
            this.row = row;
            this.sequence = sequence;
            this.fileIndex = fileIndex;
            this.position = position;
        }

        boolean beats(Candidate o) {
            if (sequence != o.sequence) {
                return sequence > o.sequence;
            }
            if (fileIndex != o.fileIndex) {
                return fileIndex > o.fileIndex;
            }
            return position > o.position;
        }
    }

    private void start() throws IOException {
        started = true;
        for (int i = 0; i < files.size(); i++) {
            DataFile f = files.get(i);
            Cursor c = new Cursor(i, f, opener.open(TablePaths.resolve(tableDir, f.path()), fileType));
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
        while (out.isEmpty() && !queue.isEmpty()) {
            RowData key = queue.peek().row;
            // Winner per event time of this key; a TreeMap emits them in event-time order.
            TreeMap<Long, Candidate> winners = new TreeMap<>();
            while (!queue.isEmpty() && compareKeys(queue.peek().row, key) == 0) {
                Cursor c = queue.poll();
                do {
                    long ts = EventTimes.micros(c.row.getTimestamp(eventTimeIndex, eventTimePrecision));
                    Candidate cand = new Candidate(c.row, c.sequence, c.fileIndex, c.position);
                    Candidate w = winners.get(ts);
                    if (w == null || cand.beats(w)) {
                        winners.put(ts, cand);
                    }
                    if (!c.advance()) {
                        break;
                    }
                } while (compareKeys(c.row, key) == 0);
                if (c.row != null) {
                    queue.add(c);
                }
            }
            for (Candidate w : winners.values()) {
                out.add(w.row);
            }
        }
        return !out.isEmpty();
    }

    @Override
    public RowData next() throws IOException {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return out.poll();
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
