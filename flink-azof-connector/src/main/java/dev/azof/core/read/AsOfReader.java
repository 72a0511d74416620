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
import dev.azof.core.io.ParquetRowReader;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TablePaths;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.plan.ScanTask;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;

/** Reads the rows of an as-of plan: one merge per task (see {@link ScanTask.MergeMode}). */
public final class AsOfReader {

    /**
     * Opens files with Flink's vectorized Parquet reader, using the sizes the snapshot records;
     * a missing file is a clear error.
     */
    public static final DataFileOpener PARQUET = new ParquetOpener();

    private static final class ParquetOpener implements DataFileOpener {
        private static final long serialVersionUID = 1L;

        @Override
        public RowIterator open(Path file, RowType readType) {
            return open(file, -1, readType);
        }

        @Override
        public boolean opensConcurrently() {
            return true; // each open has its own reader, nothing shared
        }

        @Override
        public RowIterator open(Path file, long knownBytes, RowType readType) {
            try {
                ParquetRowReader reader =
                        ParquetRowReader.open(
                                file, readType, ParquetRowReader.DEFAULT_BATCH_SIZE, knownBytes);
                return new RowIterator() {
                    @Override
                    public boolean hasNext() {
                        try {
                            return reader.hasNext();
                        } catch (IOException e) {
                            throw damaged(e);
                        }
                    }

                    @Override
                    public RowData next() {
                        try {
                            return reader.next();
                        } catch (IOException e) {
                            throw damaged(e);
                        }
                    }

                    @Override
                    public RowData nextTransient() {
                        try {
                            return reader.nextTransient();
                        } catch (IOException e) {
                            throw damaged(e);
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        reader.close();
                    }
                };
            } catch (FileNotFoundException e) {
                throw new AzofException("data file " + file + " does not exist", e);
            } catch (IOException e) {
                throw damaged(e);
            }
        }

        private Object readResolve() {
            return PARQUET;
        }
    }

    /**
     * A data file that cannot be read fails the read with the reader's message, which names the
     * file (a damaged page, footer or length); as an AzofException it is what users are shown,
     * not a deeper cause such as Parquet's "could not verify page integrity".
     */
    private static AzofException damaged(IOException e) {
        return new AzofException(e.getMessage(), e);
    }

    private AsOfReader() {}

    /** All rows of the plan, every column of the table. */
    public static RowIterator read(ReadableTable table, ScanPlan plan) {
        return read(table.dir(), table.schema(), plan, allColumns(table.schema()), PARQUET);
    }

    public static int[] allColumns(TableSchema schema) {
        int[] all = new int[schema.columns().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    public static RowIterator read(
            Path tableDir, TableSchema schema, ScanPlan plan, int[] projection, DataFileOpener opener) {
        List<ScanTask> tasks = plan.tasks();
        return new RowIterator() {
            int next;
            RowIterator current;

            @Override
            public boolean hasNext() throws IOException {
                while (current == null || !current.hasNext()) {
                    if (current != null) {
                        current.close();
                        current = null;
                    }
                    if (next >= tasks.size()) {
                        return false;
                    }
                    current =
                            readTask(tableDir, schema, tasks.get(next++), plan.asOf(), projection, opener);
                }
                return true;
            }

            @Override
            public RowData next() throws IOException {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }

            @Override
            public void close() throws IOException {
                if (current != null) {
                    current.close();
                }
            }
        };
    }

    /**
     * Merges one task's files into the rows visible as of {@code asOf}, projected to the given
     * column indexes of {@link TableSchema#rowType()}.
     */
    public static RowIterator readTask(
            Path tableDir,
            TableSchema schema,
            ScanTask task,
            AsOf asOf,
            int[] projection,
            DataFileOpener opener) {
        return readTask(tableDir, task, asOf, opener, new ReadLayout(schema, projection));
    }

    /**
     * The state of one task's keys as of {@code asOf}, tombstones included, in the layout of
     * {@link TableSchema#fileRowType()}: what a base file holds.
     */
    public static RowIterator readTaskWithTombstones(
            Path tableDir, TableSchema schema, ScanTask task, AsOf asOf, DataFileOpener opener) {
        if (task.mode() != ScanTask.MergeMode.LATEST_EVENT_TIME) {
            throw new AzofException("azof 0.2 tables have no tombstones to keep");
        }
        return readTask(
                tableDir, task, asOf, opener, new ReadLayout(schema, allColumns(schema), true));
    }

    private static RowIterator readTask(
            Path tableDir, ScanTask task, AsOf asOf, DataFileOpener opener, ReadLayout layout) {
        for (DataFile f : task.files()) {
            TablePaths.checkRelative(f.path(), tableDir.toString());
        }
        SchemaMapper mapper = SchemaMapper.of(layout.schema, task.schemas());
        if (task.mode() == ScanTask.MergeMode.FIRST_MATCH) {
            return new FirstMatchReader(tableDir, task.files(), layout, asOf.micros(), opener, mapper);
        }
        return new SortedMergeReader(tableDir, task.files(), layout, asOf.micros(), opener, mapper);
    }
}
