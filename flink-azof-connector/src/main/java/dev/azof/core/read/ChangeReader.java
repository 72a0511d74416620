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
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TablePaths;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.EventTimes;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

import java.io.Closeable;
import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * Reads the facts of one delta file as they were written: every row in file order (no merge, no
 * as-of filter), each with its kind (upsert or tombstone) and event time. Incremental reads use it
 * to emit what a commit added; memory is one Parquet batch whatever the file's size.
 */
public final class ChangeReader implements Closeable {

    private final String path;
    private final ReadLayout layout;
    private final RowIterator rows;
    private RowData current;
    private long position = -1;

    private ChangeReader(String path, ReadLayout layout, RowIterator rows) {
        this.path = path;
        this.layout = layout;
        this.rows = rows;
    }

    /**
     * Opens {@code file} (a delta of a version-1 table) to read the columns {@code projection}
     * (indexes into {@link TableSchema#rowType()}), plus what it needs to tell kinds and times.
     */
    public static ChangeReader open(
            Path tableDir, TableSchema schema, DataFile file, int[] projection, DataFileOpener opener)
            throws IOException {
        return open(tableDir, SchemaMapper.of(schema, java.util.Map.of()), file, projection, opener);
    }

    /**
     * Like {@link #open(Path, TableSchema, DataFile, int[], DataFileOpener)}, reading the file
     * through {@code mapper} (its read schema is the one {@code projection} indexes).
     */
    public static ChangeReader open(
            Path tableDir, SchemaMapper mapper, DataFile file, int[] projection, DataFileOpener opener)
            throws IOException {
        TableSchema schema = mapper.readSchema();
        if (schema.isLegacy()) {
            throw new AzofException("azof 0.2 files hold no changes to read incrementally");
        }
        TablePaths.checkRelative(file.path(), tableDir.toString());
        ReadLayout layout = new ReadLayout(schema, projection);
        RowIterator rows =
                mapper.open(opener, TablePaths.resolve(tableDir, file.path()), file, layout.readType);
        return new ChangeReader(file.path(), layout, rows);
    }

    /** Moves to the next row of the file; false at its end. */
    public boolean next() throws IOException {
        if (!rows.hasNext()) {
            current = null;
            return false;
        }
        current = rows.next();
        position++;
        if (current.isNullAt(layout.eventTimeIndex)) {
            throw new AzofException(
                    "data file " + path + " has a row without event time at row " + position);
        }
        return true;
    }

    /** The current row, projected; for a tombstone only its key and event time mean anything. */
    public RowData row() {
        return layout.project(check());
    }

    /** Whether the current row is a tombstone: the key is deleted from its event time on. */
    public boolean isTombstone() {
        return layout.isDeleted(check());
    }

    /** The current row's event time, epoch microseconds. */
    public long eventMicros() {
        return EventTimes.micros(check().getTimestamp(layout.eventTimeIndex, layout.eventTimePrecision));
    }

    /** The current row's position in the file (0-based). */
    public long position() {
        return position;
    }

    private RowData check() {
        if (current == null) {
            throw new NoSuchElementException("no current row in " + path);
        }
        return current;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
