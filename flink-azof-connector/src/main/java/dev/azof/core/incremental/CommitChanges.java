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
package dev.azof.core.incremental;

import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TableSchema;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one commit told the table, for an incremental (streaming) read: the facts it added (its
 * deltas, per bucket, in path order) and the watermark before and after it. A maintenance commit
 * (compaction, a base build) adds no facts: {@link #deltasByBucket()} is empty, and it may still
 * carry the watermark forward.
 */
public final class CommitChanges implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long snapshotId;
    private final long commitMillis;
    private final String operation;
    private final Instant watermarkBefore;
    private final Instant watermarkAfter;
    private final Map<Integer, List<DataFile>> deltasByBucket;
    /** The schema versions the deltas were written with, by id (empty: the schema never changed). */
    private final Map<Integer, TableSchema> schemas;

    public CommitChanges(
            long snapshotId,
            long commitMillis,
            String operation,
            Instant watermarkBefore,
            Instant watermarkAfter,
            Map<Integer, List<DataFile>> deltasByBucket) {
        this(snapshotId, commitMillis, operation, watermarkBefore, watermarkAfter, deltasByBucket, Map.of());
    }

    public CommitChanges(
            long snapshotId,
            long commitMillis,
            String operation,
            Instant watermarkBefore,
            Instant watermarkAfter,
            Map<Integer, List<DataFile>> deltasByBucket,
            Map<Integer, TableSchema> schemas) {
        this.schemas = Collections.unmodifiableMap(new TreeMap<>(schemas));
        this.snapshotId = snapshotId;
        this.commitMillis = commitMillis;
        this.operation = operation;
        this.watermarkBefore = watermarkBefore;
        this.watermarkAfter = watermarkAfter;
        Map<Integer, List<DataFile>> copy = new TreeMap<>();
        deltasByBucket.forEach((b, files) -> copy.put(b, Collections.unmodifiableList(new ArrayList<>(files))));
        this.deltasByBucket = Collections.unmodifiableMap(copy);
    }

    /** The id of the snapshot the commit published (for a catch-up group: the files' sequence). */
    public long snapshotId() {
        return snapshotId;
    }

    /** The commit's wall-clock time (epoch milliseconds), or -1 when unknown (expired). */
    public long commitMillis() {
        return commitMillis;
    }

    /** The summary's {@code operation}, or null. */
    public String operation() {
        return operation;
    }

    /**
     * The table's recorded watermark before the commit (rows at or before it were late when
     * committed), or null when the table had none or it is unknown (the parent expired).
     */
    public Instant watermarkBefore() {
        return watermarkBefore;
    }

    /** The table's recorded watermark after the commit, or null. */
    public Instant watermarkAfter() {
        return watermarkAfter;
    }

    /** Whether the commit moved the recorded watermark forward. */
    public boolean advancesWatermark() {
        return watermarkAfter != null
                && (watermarkBefore == null || watermarkAfter.isAfter(watermarkBefore));
    }

    /** The deltas the commit added, by bucket (ascending), each list in path order. */
    public Map<Integer, List<DataFile>> deltasByBucket() {
        return deltasByBucket;
    }

    /**
     * The schema versions the deltas were written with, by id; empty for a table whose schema
     * never changed. Readers map the deltas to their read schema with them.
     */
    public Map<Integer, TableSchema> schemas() {
        return schemas;
    }

    public boolean addsFacts() {
        return !deltasByBucket.isEmpty();
    }

    @Override
    public String toString() {
        return "CommitChanges(snapshot="
                + snapshotId
                + ", op="
                + operation
                + ", buckets="
                + deltasByBucket.keySet()
                + ", watermark "
                + watermarkBefore
                + " -> "
                + watermarkAfter
                + ")";
    }
}
