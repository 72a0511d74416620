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

import dev.azof.core.metadata.DataFile;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Merges the key-sorted files of one bucket in a single pass: for each key, the row with the
 * greatest event time <= t wins (ties: higher sequence, then later file, then later row); a
 * winning tombstone hides the key. Memory holds one row per open file, whatever the table size.
 */
final class SortedMergeReader implements RowIterator {

    private final ReadLayout layout;
    private final long asOfMicros;
    private final KeyGroupReader keys;
    private final KeyGroupReader.RowVersion best = new KeyGroupReader.RowVersion();
    private final KeyGroupReader.RowVisitor offer = this::offer;
    private boolean found;
    private RowData pending;

    SortedMergeReader(
            Path tableDir,
            List<DataFile> files,
            ReadLayout layout,
            long asOfMicros,
            DataFileOpener opener,
            SchemaMapper mapper) {
        this.layout = layout;
        this.asOfMicros = asOfMicros;
        this.keys =
                new KeyGroupReader(
                        tableDir,
                        files,
                        layout.readType,
                        layout.keyIndexes,
                        layout.keyTypes,
                        layout.eventTimeIndex,
                        opener,
                        mapper);
    }

    private void offer(KeyGroupReader.RowVersion v) {
        if (v.eventMicros() <= asOfMicros && (!found || v.beats(best))) {
            best.set(v);
            found = true;
        }
    }

    @Override
    public boolean hasNext() throws IOException {
        while (pending == null) {
            found = false;
            if (!keys.nextKey(offer)) {
                return false;
            }
            if (found && (layout.keepTombstones || !layout.isDeleted(best.row()))) {
                pending = layout.project(best.row());
            }
        }
        return true;
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
        keys.close();
    }
}
