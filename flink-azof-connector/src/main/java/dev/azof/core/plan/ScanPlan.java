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
import dev.azof.core.metadata.Snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * What an as-of read of one snapshot opens: its tasks (one per bucket that has files) and the
 * files with their sizes.
 */
public final class ScanPlan {
    private final Snapshot snapshot;
    private final AsOf asOf;
    private final List<ScanTask> tasks;
    private final Function<DataFile, DataFileRef> describe;
    private List<DataFileRef> files;

    public ScanPlan(
            Snapshot snapshot,
            AsOf asOf,
            List<ScanTask> tasks,
            Function<DataFile, DataFileRef> describe) {
        this.snapshot = snapshot;
        this.asOf = asOf;
        this.tasks = Collections.unmodifiableList(new ArrayList<>(tasks));
        this.describe = describe;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public AsOf asOf() {
        return asOf;
    }

    public List<ScanTask> tasks() {
        return tasks;
    }

    /**
     * This plan without the files whose rows all lie before {@code floor}, for a read whose answer
     * is filtered to event times at or after {@code floor} ({@link
     * ScanPlanner#withoutRowsBefore}); tasks left without files are dropped.
     */
    public ScanPlan withoutRowsBefore(Instant floor) {
        List<ScanTask> kept = new ArrayList<>();
        for (ScanTask t : tasks) {
            ScanTask pruned = ScanPlanner.withoutRowsBefore(t, floor);
            if (!pruned.files().isEmpty()) {
                kept.add(pruned);
            }
        }
        return new ScanPlan(snapshot, asOf, kept, describe);
    }

    /** Every file the read opens, in the order it opens them, with size and row count. */
    public synchronized List<DataFileRef> files() {
        if (files == null) {
            List<DataFileRef> out = new ArrayList<>();
            for (ScanTask t : tasks) {
                for (DataFile f : t.files()) {
                    out.add(describe.apply(f));
                }
            }
            files = Collections.unmodifiableList(out);
        }
        return files;
    }

    public long totalBytes() {
        return files().stream().mapToLong(DataFileRef::bytes).sum();
    }

    public long totalRows() {
        return files().stream().mapToLong(DataFileRef::rows).sum();
    }
}
