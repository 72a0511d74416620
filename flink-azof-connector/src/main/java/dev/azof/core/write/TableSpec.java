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
 */
public final class TableSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TableSchema schema;
    private final int buckets;
    private final Map<String, String> properties;

    public TableSpec(TableSchema schema, int buckets, Map<String, String> properties) {
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

    /** Fails with a message naming both schemas unless the table stores rows of this schema. */
    public void checkCompatible(Path dir, Snapshot existing) {
        TableSchema have = existing.schema();
        if (existing.isLegacy() || have.isLegacy()) {
            throw new AzofException(
                    "table " + dir + " is an azof 0.2 table; this project reads it but does not write it");
        }
        String problem = null;
        if (have.columns().size() != schema.columns().size()) {
            problem = "a different number of columns";
        } else {
            for (Column c : schema.columns()) {
                int at = have.indexOf(c.name());
                if (at < 0) {
                    problem = "no column '" + c.name() + "'";
                    break;
                }
                if (!have.columns().get(at).type().copy(true).equals(c.type().copy(true))) {
                    problem =
                            "column '"
                                    + c.name()
                                    + "' as "
                                    + have.columns().get(at).type().copy(true).asSummaryString()
                                    + ", not "
                                    + c.type().copy(true).asSummaryString();
                    break;
                }
            }
        }
        if (problem == null && !have.primaryKey().equals(schema.primaryKey())) {
            problem = "primary key " + have.primaryKey() + ", not " + schema.primaryKey();
        }
        if (problem == null && !have.eventTimeColumn().equals(schema.eventTimeColumn())) {
            problem =
                    "event-time column '"
                            + have.eventTimeColumn()
                            + "', not '"
                            + schema.eventTimeColumn()
                            + "'";
        }
        if (problem != null) {
            throw new AzofException(
                    "cannot write to table "
                            + dir
                            + ": the rows written do not match its schema (the table has "
                            + problem
                            + "). Table: "
                            + describe(have)
                            + "; rows written: "
                            + describe(schema));
        }
    }

    private static String describe(TableSchema s) {
        List<String> cols = new ArrayList<>();
        for (Column c : s.columns()) {
            cols.add(c.name() + " " + c.type().copy(true).asSummaryString());
        }
        return cols + " PRIMARY KEY " + s.primaryKey() + " event time '" + s.eventTimeColumn() + "'";
    }
}
