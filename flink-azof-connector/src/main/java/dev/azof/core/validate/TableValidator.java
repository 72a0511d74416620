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

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.fs.Containment;
import dev.azof.core.io.ParquetRowReader;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TablePaths;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.schema.TypeWidening;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a table's metadata against the format's rules and its files: the pointer resolves,
 * snapshots parse and form an unbroken chain (ids without gaps, each parent the one before),
 * every referenced file stays inside the table directory, exists, matches its recorded size and
 * row count and holds the schema's columns, recorded sizes, row counts and sequences are
 * possible, segments nest inside their parents and siblings do not overlap, deltas lie within
 * their segment. The deep check also reads every row of every file referenced by any snapshot
 * ({@link DataFileContents}). Every problem found is listed, one per line.
 */
public final class TableValidator {

    private TableValidator() {}

    public static List<String> validate(String tableDir) {
        return validate(new Path(tableDir));
    }

    public static List<String> validate(Path tableDir) {
        return validate(tableDir, false);
    }

    /** Validates the table; {@code deep} also reads every row of every referenced file. */
    public static List<String> validate(Path tableDir, boolean deep) {
        List<String> problems = new ArrayList<>();
        SnapshotStore store = new SnapshotStore(tableDir);
        Snapshot snapshot;
        try {
            snapshot = store.current();
        } catch (AzofException e) {
            problems.add(e.getMessage());
            return problems;
        }
        // Older snapshots that still exist must parse too: readers may be asked for them.
        List<Snapshot> snapshots = new ArrayList<>();
        snapshots.add(snapshot);
        for (long id = snapshot.id() - 1; id >= 1; id--) {
            try {
                if (!store.snapshotPath(id).getFileSystem().exists(store.snapshotPath(id))) {
                    missingSnapshots(store, id, problems);
                    break;
                }
                snapshots.add(store.read(id));
            } catch (AzofException e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add("cannot read snapshot " + id + ": " + e.getMessage());
            }
        }
        checkChain(snapshots, problems);
        checkSegments(snapshot.segments(), null, "", problems);
        Map<Integer, TableSchema> versions = new TreeMap<>();
        for (Snapshot s : snapshots) {
            checkSchemaVersions(s, versions, problems);
        }
        Map<String, DataFile> files = new LinkedHashMap<>();
        Map<String, TableSchema> fileSchemas = new LinkedHashMap<>();
        for (Snapshot s : snapshots) {
            for (DataFile f : s.allFiles()) {
                checkRecorded(s, f, problems);
                TableSchema fileSchema = schemaOf(s, f, problems);
                if ((s == snapshot || deep) && fileSchema != null && !files.containsKey(f.path())) {
                    files.put(f.path(), f);
                    fileSchemas.put(f.path(), fileSchema);
                }
            }
        }
        Map<Integer, DataFileContents> contents = new TreeMap<>();
        for (DataFile f : files.values()) {
            TableSchema schema = fileSchemas.get(f.path());
            if (checkFile(tableDir, snapshot, f, schema, problems) && deep) {
                problems.addAll(
                        contents.computeIfAbsent(
                                        schema.schemaId(),
                                        id -> new DataFileContents(schema, snapshot.bucketCount()))
                                .check(new Path(tableDir, f.path()), f));
            }
        }
        return problems;
    }

    /** The schema {@code f} was written with; null (a problem listed) when {@code s} has none. */
    private static TableSchema schemaOf(Snapshot s, DataFile f, List<String> problems) {
        try {
            return s.schema(f.schemaId());
        } catch (AzofException e) {
            problems.add(
                    "data file '" + f.path() + "' in snapshot " + s.id() + " names schema " + f.schemaId()
                            + ", which the snapshot does not hold (it holds "
                            + s.schemas().stream().map(TableSchema::schemaId).toList() + ")");
            return null;
        }
    }

    /**
     * A snapshot's schema versions (docs/spec.md, "Schema versions"): each version the same in
     * every snapshot that holds it, and a column (by field id) keeping its type or widening it,
     * and its NOT NULL or relaxing it, from each version to the next. Ascending ids and fixed key
     * and event-time columns are checked when a snapshot is parsed ({@code SnapshotJson}), so a
     * snapshot that breaks them is reported as unreadable.
     */
    private static void checkSchemaVersions(
            Snapshot s, Map<Integer, TableSchema> seen, List<String> problems) {
        if (s.isLegacy()) {
            return;
        }
        List<TableSchema> all = s.schemas();
        String where = "snapshot " + s.id();
        for (int i = 0; i < all.size(); i++) {
            TableSchema v = all.get(i);
            TableSchema earlier = seen.putIfAbsent(v.schemaId(), v);
            if (earlier != null && !earlier.sameVersionAs(v)) {
                problems.add(
                        where + " holds schema " + v.schemaId() + " as " + v + ", another snapshot as "
                                + earlier + ": a schema version never changes");
            }
            if (i == 0) {
                continue;
            }
            TableSchema before = all.get(i - 1);
            for (Column c : v.columns()) {
                Column old = before.columnById(c.id());
                if (old == null) {
                    if (c.id() <= highestId(all.subList(0, i))) {
                        problems.add(where + ": schema " + v.schemaId() + " gives column '" + c.name()
                                + "' the id " + c.id() + " of a dropped column: field ids are never reused");
                    } else if (!c.declaredNullable()) {
                        problems.add(where + ": schema " + v.schemaId() + " adds column '" + c.name()
                                + "' (id " + c.id() + ") as NOT NULL: older files have no values for it");
                    }
                    continue;
                }
                String problem = TypeWidening.problem(old.type(), c.type());
                if (problem != null) {
                    problems.add(
                            where + ": column id " + c.id() + " is '" + old.name() + "' "
                                    + old.type().asSummaryString() + " in schema " + before.schemaId()
                                    + " but '" + c.name() + "' " + c.type().asSummaryString() + " in schema "
                                    + v.schemaId() + ": " + problem);
                } else if (old.declaredNullable() && !c.declaredNullable()) {
                    problems.add(
                            where + ": column id " + c.id() + " ('" + c.name() + "') is nullable in schema "
                                    + before.schemaId() + " but NOT NULL in schema " + v.schemaId()
                                    + ": only relaxing NOT NULL is allowed");
                }
            }
        }
    }

    private static int highestId(List<TableSchema> schemas) {
        int max = 0;
        for (TableSchema s : schemas) {
            max = Math.max(max, s.highestColumnId());
        }
        return max;
    }

    /**
     * Snapshot {@code id} is gone: fine when every older one is gone too (expiration deletes the
     * oldest first), a gap in the chain otherwise.
     */
    private static void missingSnapshots(SnapshotStore store, long id, List<String> problems)
            throws IOException {
        for (long older = id - 1; older >= 1; older--) {
            if (store.snapshotPath(older).getFileSystem().exists(store.snapshotPath(older))) {
                problems.add(
                        "snapshot " + id + " is missing (" + store.snapshotPath(id) + ") while snapshot "
                                + older + " exists: snapshots must form an unbroken run");
                return;
            }
        }
    }

    /** Each snapshot's parent is the snapshot before it (format version 1 records it). */
    private static void checkChain(List<Snapshot> newestFirst, List<String> problems) {
        for (Snapshot s : newestFirst) {
            if (s.isLegacy() || s.parentId() == null) {
                if (!s.isLegacy() && s.id() > 1) {
                    problems.add("snapshot " + s.id() + " records no parent, expected " + (s.id() - 1));
                }
                continue;
            }
            if (s.parentId() != s.id() - 1) {
                problems.add("snapshot " + s.id() + " records parent " + s.parentId() + ", expected " + (s.id() - 1));
            }
        }
    }

    /** What the metadata records about a file must be possible (version 1 records all of it). */
    private static void checkRecorded(Snapshot s, DataFile f, List<String> problems) {
        if (s.isLegacy()) {
            return;
        }
        String name = "data file '" + f.path() + "' in snapshot " + s.id();
        if (f.bytes() < 0) {
            problems.add(name + " records a size of " + f.bytes() + " bytes");
        }
        if (f.rows() < 0) {
            problems.add(name + " records " + f.rows() + " rows");
        }
        if (f.sequence() < 1 || f.sequence() > s.id()) {
            problems.add(
                    name + " records sequence " + f.sequence() + ", outside 1.." + s.id()
                            + " (a file is added by a commit up to its snapshot)");
        }
    }

    private static void checkSegments(
            List<Segment> segments, Segment parent, String where, List<String> problems) {
        List<Segment> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparing(Segment::start));
        Segment previous = null;
        for (Segment s : sorted) {
            String name = "segment '" + where + s.id() + "'";
            if (parent != null) {
                if (s.start().isBefore(parent.start())
                        || (parent.end() != null && (s.end() == null || s.end().isAfter(parent.end())))) {
                    problems.add(
                            name + " [" + s.start() + ", " + end(s) + "] does not nest inside its parent ["
                                    + parent.start() + ", " + end(parent) + "]");
                }
            }
            if (previous != null && (previous.end() == null || !previous.end().isBefore(s.start()))) {
                problems.add(
                        name + " overlaps its sibling '" + previous.id() + "' ([" + previous.start() + ", "
                                + end(previous) + "] and [" + s.start() + ", " + end(s) + "])");
            }
            for (DataFile d : s.deltas()) {
                if (d.start().isBefore(s.start()) || (s.end() != null && d.end().isAfter(s.end()))) {
                    problems.add(
                            "delta '" + d.path() + "' [" + d.start() + ", " + d.end() + "] lies outside "
                                    + name + " [" + s.start() + ", " + end(s) + "]");
                }
                if (d.end().isBefore(d.start())) {
                    problems.add("delta '" + d.path() + "' ends before it starts");
                }
                checkEventTimes(d, problems);
            }
            checkSegments(s.children(), s, where + s.id() + "/", problems);
            previous = s;
        }
    }

    private static void checkEventTimes(DataFile d, List<String> problems) {
        Instant min = d.minEventTime();
        Instant max = d.maxEventTime();
        if (min != null && min.isBefore(d.start())) {
            problems.add("delta '" + d.path() + "' holds event time " + min + " before its start " + d.start());
        }
        if (max != null && max.isAfter(d.end())) {
            problems.add("delta '" + d.path() + "' holds event time " + max + " after its end " + d.end());
        }
    }

    private static String end(Segment s) {
        return s.end() == null ? "open" : s.end().toString();
    }

    /** Checks existence, size, row count and columns; returns whether the file can be read. */
    private static boolean checkFile(
            Path tableDir, Snapshot snapshot, DataFile f, TableSchema schema, List<String> problems) {
        RowType fileType = schema.fileRowType();
        String problem = TablePaths.problem(f.path());
        if (problem != null) {
            problems.add("file reference '" + f.path() + "' " + problem);
            return false;
        }
        Path p = new Path(tableDir, f.path());
        String escape = Containment.escape(tableDir, p);
        if (escape != null) {
            problems.add("data file '" + f.path() + "' " + escape);
            return false;
        }
        try {
            if (!p.getFileSystem().exists(p)) {
                problems.add("data file '" + f.path() + "' referenced by snapshot " + snapshot.id() + " does not exist");
                return false;
            }
            FileStatus status = p.getFileSystem().getFileStatus(p);
            if (f.bytes() >= 0 && status.getLen() != f.bytes()) {
                problems.add(
                        "data file '" + f.path() + "' has " + status.getLen() + " bytes, metadata says " + f.bytes());
            }
            long rows = ParquetRowReader.checkColumns(p, fileType);
            if (f.rows() >= 0 && rows != f.rows()) {
                problems.add("data file '" + f.path() + "' has " + rows + " rows, metadata says " + f.rows());
            }
        } catch (IOException | RuntimeException e) {
            problems.add(
                    "data file '" + f.path() + "' cannot be read"
                            + (schema.schemaId() > 0 || !snapshot.schemaHistory().isEmpty()
                                    ? " as its schema " + schema.schemaId()
                                    : "")
                            + ": " + e.getMessage());
            return false;
        }
        return true;
    }
}
