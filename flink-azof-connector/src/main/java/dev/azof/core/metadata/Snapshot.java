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
package dev.azof.core.metadata;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of a table, as stored in {@code s<id>.json}: the schema, the segment tree and, for
 * tables of this project, the bucket count, table properties and the commit's summary (who wrote
 * it, up to which event time the table is complete).
 */
public final class Snapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Format version of azof 0.2 snapshots, which carry no version field. */
    public static final int LEGACY_FORMAT = 0;

    /** Format version this project writes. */
    public static final int CURRENT_FORMAT = 1;

    /** The most buckets a table may have: readers reject a larger {@code bucket_count}. */
    public static final int MAX_BUCKETS = 1 << 16;

    /**
     * Why {@code buckets} cannot be a table's bucket count (naming the option 'bucket' that sets
     * it), or null when it can.
     */
    public static String bucketCountProblem(int buckets) {
        return buckets >= 1 && buckets <= MAX_BUCKETS
                ? null
                : "'bucket' = " + buckets + " is out of range: a table has 1 to " + MAX_BUCKETS + " buckets";
    }

    private final int formatVersion;
    private final long id;
    private final Long parentId;
    private final long timestampMillis;
    private final TableSchema schema;
    private final int bucketCount;
    private final List<Segment> segments;
    private final Map<String, String> properties;
    private final Map<String, String> summary;

    public Snapshot(
            int formatVersion,
            long id,
            Long parentId,
            long timestampMillis,
            TableSchema schema,
            int bucketCount,
            List<Segment> segments,
            Map<String, String> properties,
            Map<String, String> summary) {
        this.formatVersion = formatVersion;
        this.id = id;
        this.parentId = parentId;
        this.timestampMillis = timestampMillis;
        this.schema = schema;
        this.bucketCount = bucketCount;
        this.segments = Collections.unmodifiableList(new ArrayList<>(segments));
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    }

    public int formatVersion() {
        return formatVersion;
    }

    public boolean isLegacy() {
        return formatVersion == LEGACY_FORMAT;
    }

    public long id() {
        return id;
    }

    public Long parentId() {
        return parentId;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public TableSchema schema() {
        return schema;
    }

    /** Number of key-hash buckets (1 for azof 0.2 tables). */
    public int bucketCount() {
        return bucketCount;
    }

    public List<Segment> segments() {
        return segments;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public Map<String, String> summary() {
        return summary;
    }

    /** Every data file of the snapshot, depth first. */
    public List<DataFile> allFiles() {
        List<DataFile> files = new ArrayList<>();
        collect(segments, files);
        return files;
    }

    private static void collect(List<Segment> segments, List<DataFile> out) {
        for (Segment s : segments) {
            collect(s.children(), out);
            out.addAll(s.deltas());
            out.addAll(s.bases());
        }
    }

    /** A copy of this snapshot as the next version with other segments and summary. */
    public Snapshot next(
            long newId, long timestamp, List<Segment> newSegments, Map<String, String> newSummary) {
        return new Snapshot(
                CURRENT_FORMAT,
                newId,
                id,
                timestamp,
                schema,
                bucketCount,
                newSegments,
                properties,
                newSummary);
    }
}
