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

import dev.azof.core.AzofException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One version of a table, as stored in {@code s<id>.json}: the schema, the segment tree and, for
 * tables of this project, the bucket count, table properties and the commit's summary (who wrote
 * it, up to which event time the table is complete).
 */
public final class Snapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Format version of azof 0.2 snapshots, which carry no version field. */
    public static final int LEGACY_FORMAT = 0;

    /** Format version this project writes for tables whose schema never changed. */
    public static final int CURRENT_FORMAT = 1;

    /**
     * Format version of tables whose schema changed (schema ids, field ids, per-file schema ids):
     * a reader of version 1 only would match files by column name and misread renamed columns,
     * so it must refuse such a table.
     */
    public static final int SCHEMA_EVOLUTION_FORMAT = 2;

    /** The newest format version this reader knows. */
    public static final int MAX_FORMAT = SCHEMA_EVOLUTION_FORMAT;

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
    /** The table's earlier schema versions, ascending by id (files may still use them). */
    private final List<TableSchema> schemaHistory;
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
        this(formatVersion, id, parentId, timestampMillis, schema, List.of(), bucketCount, segments, properties, summary);
    }

    public Snapshot(
            int formatVersion,
            long id,
            Long parentId,
            long timestampMillis,
            TableSchema schema,
            List<TableSchema> schemaHistory,
            int bucketCount,
            List<Segment> segments,
            Map<String, String> properties,
            Map<String, String> summary) {
        this.schemaHistory = Collections.unmodifiableList(new ArrayList<>(schemaHistory));
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

    /** The table's schema as of this snapshot: the one reads of this snapshot see. */
    public TableSchema schema() {
        return schema;
    }

    /** The table's earlier schema versions, ascending by id. */
    public List<TableSchema> schemaHistory() {
        return schemaHistory;
    }

    /** Every schema version of the table up to this snapshot, ascending by id, current last. */
    public List<TableSchema> schemas() {
        List<TableSchema> all = new ArrayList<>(schemaHistory);
        all.add(schema);
        return all;
    }

    /** The schema version with the id; fails naming it when the table has no such version. */
    public TableSchema schema(int schemaId) {
        if (schemaId == schema.schemaId()) {
            return schema;
        }
        for (TableSchema s : schemaHistory) {
            if (s.schemaId() == schemaId) {
                return s;
            }
        }
        throw new AzofException(
                "snapshot " + id + " has no schema " + schemaId + " (it knows " + schemaIds() + ")");
    }

    private List<Integer> schemaIds() {
        List<Integer> ids = new ArrayList<>();
        for (TableSchema s : schemas()) {
            ids.add(s.schemaId());
        }
        return ids;
    }

    /**
     * Every schema version by id; empty for a table whose schema never changed (its files all
     * have the schema's id): what a reader needs to map the files of this snapshot.
     */
    public Map<Integer, TableSchema> schemasById() {
        Map<Integer, TableSchema> out = new TreeMap<>();
        if (!schemaHistory.isEmpty()) {
            for (TableSchema s : schemas()) {
                out.put(s.schemaId(), s);
            }
        }
        return out;
    }

    /**
     * The schema versions that {@code files} were written with, by id; empty for a table whose
     * schema never changed. Fails naming an id this snapshot does not know.
     */
    public Map<Integer, TableSchema> schemasOf(Collection<DataFile> files) {
        Map<Integer, TableSchema> out = new TreeMap<>();
        if (!schemaHistory.isEmpty()) {
            for (DataFile f : files) {
                if (!out.containsKey(f.schemaId())) {
                    out.put(f.schemaId(), schema(f.schemaId()));
                }
            }
        }
        return out;
    }

    /** The greatest field id any schema version of the table has used (never reused). */
    public int highestColumnId() {
        int max = 0;
        for (TableSchema s : schemas()) {
            max = Math.max(max, s.highestColumnId());
        }
        return max;
    }

    /** The format version a snapshot with this schema is written in. */
    public static int formatFor(TableSchema schema) {
        return schema.schemaId() > 0 ? SCHEMA_EVOLUTION_FORMAT : CURRENT_FORMAT;
    }

    /**
     * This snapshot with a new schema version (the current one moves to the history); the id,
     * files and summary stay: used to build a schema change's commit.
     */
    public Snapshot withSchema(TableSchema newSchema) {
        if (newSchema.schemaId() <= schema.schemaId()) {
            throw new AzofException(
                    "schema " + newSchema.schemaId() + " does not follow the table's schema " + schema.schemaId());
        }
        List<TableSchema> history = new ArrayList<>(schemaHistory);
        history.add(schema);
        return new Snapshot(
                Math.max(formatVersion, formatFor(newSchema)), id, parentId, timestampMillis, newSchema, history,
                bucketCount, segments, properties, summary);
    }

    /** This snapshot with other table properties. */
    public Snapshot withProperties(Map<String, String> newProperties) {
        return new Snapshot(
                formatVersion, id, parentId, timestampMillis, schema, schemaHistory, bucketCount, segments,
                newProperties, summary);
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
                Math.max(CURRENT_FORMAT, formatFor(schema)),
                newId,
                id,
                timestamp,
                schema,
                schemaHistory,
                bucketCount,
                newSegments,
                properties,
                newSummary);
    }
}
