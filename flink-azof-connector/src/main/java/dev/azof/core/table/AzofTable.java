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
package dev.azof.core.table;

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.io.ParquetRowReader;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TablePaths;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.DataFileRef;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.plan.ScanPlanner;
import dev.azof.core.read.ReadableTable;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.RowType;

import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * An opened table: a directory and the snapshot that was current when it was opened (or the one
 * asked for). Entry point of the format core for reads.
 *
 * <pre>{@code
 * AzofTable table = AzofTable.open("/warehouse/filings");
 * ScanPlan plan = table.plan(AsOf.parse("2024-06-01T00:00:00Z"));
 * try (RowIterator rows = AsOfReader.read(table, plan)) { ... }
 * }</pre>
 */
public final class AzofTable implements ReadableTable {
    private final Path dir;
    private final SnapshotStore store;
    private final Snapshot snapshot;

    private AzofTable(Path dir, SnapshotStore store, Snapshot snapshot) {
        this.dir = dir;
        this.store = store;
        this.snapshot = snapshot;
    }

    public static AzofTable open(String dir) {
        return open(new Path(dir));
    }

    public static AzofTable open(Path dir) {
        SnapshotStore store = new SnapshotStore(dir);
        return new AzofTable(dir, store, store.current());
    }

    /** The table as it was after the commit that created snapshot {@code snapshotId}. */
    public static AzofTable open(Path dir, long snapshotId) {
        SnapshotStore store = new SnapshotStore(dir);
        long current = store.currentId();
        if (snapshotId < 1 || snapshotId > current) {
            throw new AzofException(
                    "snapshot "
                            + snapshotId
                            + " does not exist in "
                            + dir
                            + " (snapshots are 1.."
                            + current
                            + ")");
        }
        Snapshot snapshot = store.readIfExists(snapshotId);
        if (snapshot == null) {
            // Expiration deletes snapshots oldest first: a missing one below the current has expired.
            throw new AzofException(
                    "snapshot "
                            + snapshotId
                            + " of "
                            + dir
                            + " has expired (snapshot expiration removed "
                            + store.snapshotPath(snapshotId).getName()
                            + "); the current snapshot is "
                            + current);
        }
        return new AzofTable(dir, store, snapshot);
    }

    @Override
    public Path dir() {
        return dir;
    }

    public SnapshotStore store() {
        return store;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public TableSchema schema() {
        return snapshot.schema();
    }

    /** The columns reads produce, in order. */
    public RowType rowType() {
        return snapshot.schema().rowType();
    }

    public ScanPlan plan(AsOf asOf) {
        return new ScanPlan(snapshot, asOf, ScanPlanner.plan(snapshot, asOf), this::describe);
    }

    /** Size and row count of a file: from the metadata, else from the file and its footer. */
    public DataFileRef describe(DataFile f) {
        long bytes = f.bytes();
        long rows = f.rows();
        if (bytes < 0 || rows < 0) {
            Path p = TablePaths.resolve(dir, f.path());
            try {
                FileStatus status = p.getFileSystem().getFileStatus(p);
                bytes = status.getLen();
                if (rows < 0) {
                    rows = ParquetRowReader.rowCount(p);
                }
            } catch (FileNotFoundException e) {
                throw missing(f, e);
            } catch (IOException e) {
                if (!exists(p)) {
                    throw missing(f, e);
                }
                throw new AzofException("cannot read data file " + p + ": " + e.getMessage(), e);
            }
        }
        return new DataFileRef(f.path(), bytes, rows);
    }

    private AzofException missing(DataFile f, Exception e) {
        return new AzofException(
                "data file '"
                        + f.path()
                        + "' referenced by snapshot "
                        + snapshot.id()
                        + " does not exist in "
                        + dir,
                e);
    }

    private static boolean exists(Path p) {
        try {
            return p.getFileSystem().exists(p);
        } catch (IOException e) {
            return false;
        }
    }
}
