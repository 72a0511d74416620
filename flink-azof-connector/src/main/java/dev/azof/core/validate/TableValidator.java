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
import dev.azof.core.io.ParquetRowReader;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TablePaths;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a table's metadata against the format's rules and its files: the pointer resolves,
 * snapshots parse, every referenced file stays inside the table directory, exists, matches its
 * recorded size and row count and holds the schema's columns, segments nest inside their parents
 * and siblings do not overlap, deltas lie within their segment. Every problem found is listed.
 */
public final class TableValidator {

    private TableValidator() {}

    public static List<String> validate(String tableDir) {
        return validate(new Path(tableDir));
    }

    public static List<String> validate(Path tableDir) {
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
        for (long id = snapshot.id() - 1; id >= 1; id--) {
            try {
                if (!store.snapshotPath(id).getFileSystem().exists(store.snapshotPath(id))) {
                    continue;
                }
                store.read(id);
            } catch (AzofException e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add("cannot read snapshot " + id + ": " + e.getMessage());
            }
        }
        checkSegments(snapshot.segments(), null, "", problems);
        RowType fileType = snapshot.schema().fileRowType();
        for (DataFile f : snapshot.allFiles()) {
            checkFile(tableDir, snapshot, f, fileType, problems);
        }
        return problems;
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

    private static void checkFile(
            Path tableDir, Snapshot snapshot, DataFile f, RowType fileType, List<String> problems) {
        String problem = TablePaths.problem(f.path());
        if (problem != null) {
            problems.add("file reference '" + f.path() + "' " + problem);
            return;
        }
        Path p = new Path(tableDir, f.path());
        try {
            if (!p.getFileSystem().exists(p)) {
                problems.add("data file '" + f.path() + "' referenced by snapshot " + snapshot.id() + " does not exist");
                return;
            }
            FileStatus status = p.getFileSystem().getFileStatus(p);
            if (f.bytes() >= 0 && status.getLen() != f.bytes()) {
                problems.add(
                        "data file '" + f.path() + "' has " + status.getLen() + " bytes, metadata says " + f.bytes());
            }
            try (ParquetRowReader reader = ParquetRowReader.open(p, fileType)) {
                if (f.rows() >= 0 && reader.fileRowCount() != f.rows()) {
                    problems.add(
                            "data file '" + f.path() + "' has " + reader.fileRowCount() + " rows, metadata says "
                                    + f.rows());
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add("data file '" + f.path() + "' cannot be read: " + e.getMessage());
        }
    }
}
