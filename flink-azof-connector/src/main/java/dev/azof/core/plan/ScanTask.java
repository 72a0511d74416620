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
package dev.azof.core.plan;

import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TableSchema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The unit of parallel reading: the files that hold one bucket's rows for an as-of read. Tasks
 * share no key, so each can be merged on its own, by a different reader.
 */
public final class ScanTask implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How rows of one key found in several files are reconciled. */
    public enum MergeMode {
        /**
         * azof 0.2: files in the order the planner lists them, rows in file order; the first row
         * of a key with event time <= t wins.
         */
        FIRST_MATCH,
        /**
         * This project's tables: the row with the greatest event time <= t wins; ties go to the
         * higher sequence, then the later file in the task, then the later row in the file.
         * Every file is sorted by key, so keys merge in one pass with bounded memory.
         */
        LATEST_EVENT_TIME
    }

    private final int bucket;
    private final MergeMode mode;
    private final List<DataFile> files;
    /**
     * The schema versions the files were written with, by id (docs/spec.md, "Schema versions");
     * empty for a table whose schema never changed.
     */
    private final Map<Integer, TableSchema> schemas;

    public ScanTask(int bucket, MergeMode mode, List<DataFile> files) {
        this(bucket, mode, files, Map.of());
    }

    public ScanTask(
            int bucket, MergeMode mode, List<DataFile> files, Map<Integer, TableSchema> schemas) {
        this.bucket = bucket;
        this.mode = Objects.requireNonNull(mode);
        this.files = Collections.unmodifiableList(new ArrayList<>(files));
        this.schemas = Collections.unmodifiableMap(new TreeMap<>(schemas));
    }

    public int bucket() {
        return bucket;
    }

    public MergeMode mode() {
        return mode;
    }

    /** Files in precedence order (see {@link MergeMode}). */
    public List<DataFile> files() {
        return files;
    }

    /**
     * The schema versions the files were written with, by id; empty when every file has the
     * schema of the snapshot the task was planned from and that schema never changed.
     */
    public Map<Integer, TableSchema> schemas() {
        return schemas;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScanTask)) {
            return false;
        }
        ScanTask t = (ScanTask) o;
        return bucket == t.bucket && mode == t.mode && files.equals(t.files) && schemas.equals(t.schemas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, mode, files);
    }

    @Override
    public String toString() {
        return "ScanTask(bucket=" + bucket + ", " + mode + ", " + files + ")";
    }
}
