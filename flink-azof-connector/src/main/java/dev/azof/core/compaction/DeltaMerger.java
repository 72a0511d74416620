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

import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.read.DataFileOpener;
import dev.azof.core.read.SchemaMapper;
import dev.azof.core.read.KeyGroupReader;
import dev.azof.core.read.RowIterator;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
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

    private final KeyGroupReader keys;
    private final Deque<RowData> out = new ArrayDeque<>();
    // Winner per event time of the current key; a TreeMap emits them in event-time order.
    private final TreeMap<Long, KeyGroupReader.RowVersion> winners = new TreeMap<>();
    private final KeyGroupReader.RowVisitor offer = this::offer;

    /** Reads {@code files} mapped to the schema of {@code mapper} (the table's current one). */
    DeltaMerger(Path tableDir, SchemaMapper mapper, List<DataFile> files, DataFileOpener opener) {
        TableSchema schema = mapper.readSchema();
        int[] keyIndexes = schema.primaryKeyIndexes();
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int k : keyIndexes) {
            keyTypes.add(schema.rowType().getTypeAt(k));
        }
        this.keys =
                new KeyGroupReader(
                        tableDir,
                        files,
                        schema.fileRowType(),
                        keyIndexes,
                        keyTypes,
                        schema.eventTimeIndex(),
                        opener,
                        mapper);
    }

    /** Rows read from the inputs so far. */
    long rowsIn() {
        return keys.rowsRead();
    }

    private void offer(KeyGroupReader.RowVersion v) {
        KeyGroupReader.RowVersion w = winners.get(v.eventMicros());
        if (w == null || v.beats(w)) {
            winners.put(v.eventMicros(), v.copy());
        }
    }

    @Override
    public boolean hasNext() throws IOException {
        while (out.isEmpty()) {
            winners.clear();
            if (!keys.nextKey(offer)) {
                return false;
            }
            for (KeyGroupReader.RowVersion w : winners.values()) {
                out.add(w.row());
            }
        }
        return true;
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
        keys.close();
    }
}
