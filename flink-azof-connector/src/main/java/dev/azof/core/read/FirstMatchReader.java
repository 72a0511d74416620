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
import dev.azof.core.metadata.TablePaths;
import dev.azof.core.plan.EventTimes;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The azof 0.2 read: files in planner order, rows in file order, the first row of each key with
 * event time <= t wins. It remembers every key it has emitted, which the original did too; the
 * bounded-memory path is for tables this project writes.
 */
final class FirstMatchReader implements RowIterator {
    private static final Object NULL_KEY = new Object();

    private final Path tableDir;
    private final List<DataFile> files;
    private final ReadLayout layout;
    private final long asOfMicros;
    private final DataFileOpener opener;
    private final SchemaMapper mapper;
    private final Set<Object> seen = new HashSet<>();

    private int fileIndex = -1;
    private RowIterator current;
    private RowData pending;

    FirstMatchReader(
            Path tableDir,
            List<DataFile> files,
            ReadLayout layout,
            long asOfMicros,
            DataFileOpener opener,
            SchemaMapper mapper) {
        this.mapper = mapper;
        this.tableDir = tableDir;
        this.files = files;
        this.layout = layout;
        this.asOfMicros = asOfMicros;
        this.opener = opener;
    }

    @Override
    public boolean hasNext() throws IOException {
        while (pending == null) {
            if (current == null || !current.hasNext()) {
                if (current != null) {
                    current.close();
                    current = null;
                }
                if (++fileIndex >= files.size()) {
                    return false;
                }
                DataFile f = files.get(fileIndex);
                current = mapper.open(opener, TablePaths.resolve(tableDir, f.path()), f, layout.readType);
                continue;
            }
            RowData row = current.next();
            if (row.isNullAt(layout.eventTimeIndex)) {
                continue; // a row without event time is never visible as of any time
            }
            long ts =
                    EventTimes.micros(
                            row.getTimestamp(layout.eventTimeIndex, layout.eventTimePrecision));
            if (ts > asOfMicros) {
                continue;
            }
            int k = layout.keyIndexes[0];
            Object key = row.isNullAt(k) ? NULL_KEY : row.getString(k).toString();
            if (seen.add(key)) {
                pending = layout.project(row);
            }
        }
        return true;
    }

    @Override
    public RowData next() throws IOException {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        RowData r = pending;
        pending = null;
        return r;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
