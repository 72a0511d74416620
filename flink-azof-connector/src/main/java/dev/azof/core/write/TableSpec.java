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
package dev.azof.core.write;

import dev.azof.core.AzofException;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;

import org.apache.flink.core.fs.Path;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a writer needs to create a table on its first write: schema, bucket count and table
 * properties. A writer resolves it against the directory ({@code TableCommits.resolve}): an
 * existing table wins (its buckets and segment layout are fixed for its life) but must have the
 * same schema as the rows written.
 *
 * <p>Schema versions: a sink binds its spec to the table's current schema version when it is
 * built ({@link #boundTo}); the writer then writes that version for the job's life (files
 * tagged with its id), even after an {@code ALTER TABLE} committed while it runs, and its
 * commits keep the table's current schema.
 */
public final class TableSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TableSchema schema;
    private final int buckets;
    private final Map<String, String> properties;
    private final boolean bound;

    public TableSpec(TableSchema schema, int buckets, Map<String, String> properties) {
        this(schema, buckets, properties, false);
    }

    private TableSpec(
            TableSchema schema, int buckets, Map<String, String> properties, boolean bound) {
        if (schema.isLegacy()) {
            throw new AzofException("this project does not write azof 0.2 tables");
        }
        if (Snapshot.bucketCountProblem(buckets) != null) {
            throw new AzofException(Snapshot.bucketCountProblem(buckets));
        }
        Map<String, String> props = new LinkedHashMap<>(properties);
        // Validate the layout now, so a typo fails when the writer is built, not at first commit.
        SegmentGranularity.parseLayout(
                props.computeIfAbsent(
                        TableWriter.SEGMENT_GRANULARITY, k -> TableWriter.DEFAULT_GRANULARITY));
        this.schema = schema;
        this.buckets = buckets;
        this.properties = props;
        this.bound = bound;
    }

    /** Whether {@link #schema()} is a version of the table ({@link #boundTo}), not a declaration. */
    public boolean isBound() {
        return bound;
    }

    public TableSchema schema() {
        return schema;
    }

    public int buckets() {
        return buckets;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /**
     * An in-memory snapshot 0 of the table this spec would create: what a writer writes against
     * before the table exists.
     */
    public Snapshot emptySnapshot() {
        return new Snapshot(
                Snapshot.CURRENT_FORMAT,
                0,
                null,
                0,
                schema,
                buckets,
                List.of(),
                properties,
                Map.of());
    }

    /**
     * Fails with a message naming the differences unless the table stores rows of this spec's
     * schema: its current schema, or (for a writer bound to a version with {@link #boundTo}) the
     * schema version the writer planned with, which the table keeps in its history after an
     * {@code ALTER TABLE}.
     */
    public void checkCompatible(Path dir, Snapshot existing) {
        writtenVersion(dir, existing);
    }

    /**
     * This spec with the table's own schema object (field ids and schema id) in place of the
     * declared one: the version a writer writes, and tags its files with, for its whole life.
     * A spec already bound to a version of the table keeps it; otherwise the declared schema
     * must equal the table's current schema.
     */
    public TableSpec boundTo(Path dir, Snapshot existing) {
        TableSchema version = writtenVersion(dir, existing);
        return bound ? this : new TableSpec(version, buckets, properties, true);
    }

    /**
     * The snapshot as a writer of this spec sees it: {@code current} with this spec's schema
     * version as its schema, so the rows are written in that version (files tagged with its id)
     * while the commit keeps the table's current schema.
     */
    public Snapshot forWriting(Path dir, Snapshot current) {
        TableSchema version = writtenVersion(dir, current);
        if (version == current.schema()) {
            return current;
        }
        List<TableSchema> before = new ArrayList<>();
        for (TableSchema s : current.schemaHistory()) {
            if (s.schemaId() < version.schemaId()) {
                before.add(s);
            }
        }
        return new Snapshot(
                current.formatVersion(),
                current.id(),
                current.parentId(),
                current.timestampMillis(),
                version,
                before,
                current.bucketCount(),
                current.segments(),
                current.properties(),
                current.summary());
    }

    /** The table's schema version this spec writes; fails naming the differences if none. */
    private TableSchema writtenVersion(Path dir, Snapshot existing) {
        TableSchema have = existing.schema();
        if (existing.isLegacy() || have.isLegacy()) {
            throw new AzofException(
                    "table " + dir + " is an azof 0.2 table; this project reads it but does not write it");
        }
        if (bound) {
            // A writer bound to a version keeps it, also after an ALTER TABLE while it runs.
            for (TableSchema version : existing.schemas()) {
                if (version.schemaId() == schema.schemaId() && version.sameVersionAs(schema)) {
                    return version;
                }
            }
            throw new AzofException(
                    "cannot write to table "
                            + dir
                            + ": this writer writes schema version "
                            + schema.schemaId()
                            + " ("
                            + describe(schema)
                            + "), which the table does not have (it has "
                            + describe(have)
                            + " as schema "
                            + have.schemaId()
                            + "); was the table dropped and created again, or created by another"
                            + " writer with other columns?");
        }
        String problem = difference(have, schema);
        if (problem != null) {
            throw new AzofException(
                    "cannot write to table "
                            + dir
                            + ": the rows written do not match its schema (the table has "
                            + problem
                            + "). Table (schema "
                            + have.schemaId()
                            + "): "
                            + describe(have)
                            + "; rows written: "
                            + describe(schema));
        }
        return have;
    }

    /**
     * What the table has that the rows do not (missing or extra column, type, nullability, key,
     * event time), or null if they match. Nullability: rows may be stricter than the table; a
     * column the table declares NOT NULL refuses nullable rows (keys and event time are checked
     * per row by the writer, so their declared nullability does not matter).
     */
    static String difference(TableSchema have, TableSchema rows) {
        List<String> problems = new ArrayList<>();
        for (Column c : have.columns()) {
            if (rows.indexOf(c.name()) < 0) {
                problems.add("column '" + c.name() + "' that the rows lack");
            }
        }
        for (Column c : rows.columns()) {
            if (have.indexOf(c.name()) < 0) {
                problems.add("no column '" + c.name() + "'");
            }
        }
        if (!problems.isEmpty()) {
            return String.join(", ", problems);
        }
        // By name: the writer maps the rows' columns to the table's by name, in any order.
        for (Column t : have.columns()) {
            Column r = rows.column(t.name());
            if (!t.type().copy(true).equals(r.type().copy(true))) {
                return "column '"
                        + t.name()
                        + "' as "
                        + t.type().copy(true).asSummaryString()
                        + ", not "
                        + r.type().copy(true).asSummaryString();
            }
            boolean keyOrTime =
                    have.primaryKey().contains(t.name()) || have.eventTimeColumn().equals(t.name());
            if (!keyOrTime && !t.declaredNullable() && r.declaredNullable()) {
                return "column '"
                        + t.name()
                        + "' as NOT NULL, and the rows declare it nullable";
            }
        }
        if (!have.primaryKey().equals(rows.primaryKey())) {
            return "primary key " + have.primaryKey() + ", not " + rows.primaryKey();
        }
        if (!have.eventTimeColumn().equals(rows.eventTimeColumn())) {
            return "event-time column '"
                    + have.eventTimeColumn()
                    + "', not '"
                    + rows.eventTimeColumn()
                    + "'";
        }
        return null;
    }

    private static String describe(TableSchema s) {
        List<String> cols = new ArrayList<>();
        for (Column c : s.columns()) {
            cols.add(
                    c.name()
                            + " "
                            + c.type().copy(true).asSummaryString()
                            + (c.declaredNullable() ? "" : " NOT NULL"));
        }
        return cols + " PRIMARY KEY " + s.primaryKey() + " event time '" + s.eventTimeColumn() + "'";
    }
}
