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

import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The schema of a table: its columns in order, the primary key and the event-time column.
 *
 * <p>Two shapes exist. An azof 0.2 ("legacy") schema lists only value columns; the system columns
 * {@code key} (STRING) and {@code event_time} (TIMESTAMP_LTZ(3)) come first implicitly. A schema
 * of this project lists every column and names the key columns and the event-time column among
 * them.
 */
public final class TableSchema implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String LEGACY_KEY = "key";
    public static final String LEGACY_EVENT_TIME = "event_time";

    /** Marks a tombstone row in data files written by this project. */
    public static final String DELETED_COLUMN = "_azof_deleted";

    /** The schema's version: 0 for a table's first schema, one more with every schema change. */
    private final int schemaId;
    private final List<Column> columns;
    private final List<String> primaryKey;
    private final String eventTimeColumn;
    private final boolean legacy;

    private TableSchema(
            int schemaId,
            List<Column> columns,
            List<String> primaryKey,
            String eventTimeColumn,
            boolean legacy) {
        if (schemaId < 0) {
            throw new AzofException("schema id " + schemaId + " is negative");
        }
        this.schemaId = schemaId;
        this.columns = Collections.unmodifiableList(withIds(columns));
        this.primaryKey = Collections.unmodifiableList(new ArrayList<>(primaryKey));
        this.eventTimeColumn = eventTimeColumn;
        this.legacy = legacy;
    }

    /**
     * Columns without ids (every table before schema evolution) get their 1-based positions: the
     * ids such a table's first schema change writes down. Ids are all given or none.
     */
    private static List<Column> withIds(List<Column> columns) {
        boolean anyGiven = false;
        boolean anyMissing = false;
        for (Column c : columns) {
            anyGiven |= c.id() > 0;
            anyMissing |= c.id() == 0;
        }
        List<Column> out = new ArrayList<>(columns.size());
        if (!anyGiven) {
            for (int i = 0; i < columns.size(); i++) {
                out.add(columns.get(i).withId(i + 1));
            }
            return out;
        }
        if (anyMissing) {
            throw new AzofException("schema gives ids to some columns but not to others: " + columns);
        }
        Set<Integer> ids = new HashSet<>();
        for (Column c : columns) {
            if (!ids.add(c.id())) {
                throw new AzofException("column id " + c.id() + " is used twice in the schema");
            }
            out.add(c);
        }
        return out;
    }

    /** A schema of azof 0.2: value columns only. */
    public static TableSchema legacy(List<Column> valueColumns) {
        List<Column> all = new ArrayList<>();
        all.add(Column.of(LEGACY_KEY, new VarCharType(true, VarCharType.MAX_LENGTH)));
        all.add(Column.of(LEGACY_EVENT_TIME, new LocalZonedTimestampType(true, 3)));
        Set<String> names = new HashSet<>();
        names.add(LEGACY_KEY);
        names.add(LEGACY_EVENT_TIME);
        for (Column c : valueColumns) {
            if (!names.add(c.name())) {
                throw new AzofException("duplicate column name '" + c.name() + "' in schema");
            }
            all.add(c);
        }
        return new TableSchema(0, all, List.of(LEGACY_KEY), LEGACY_EVENT_TIME, true);
    }

    /** A first schema (id 0) of this project's format; validates key and event-time columns. */
    public static TableSchema of(List<Column> columns, List<String> primaryKey, String eventTime) {
        return of(0, columns, primaryKey, eventTime);
    }

    /** A schema version of this project's format; validates key and event-time columns. */
    public static TableSchema of(
            int schemaId, List<Column> columns, List<String> primaryKey, String eventTime) {
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (c.name().startsWith("_azof_")) {
                throw new AzofException(
                        "column name '" + c.name() + "' is reserved (prefix _azof_)");
            }
            if (!names.add(c.name())) {
                throw new AzofException("duplicate column name '" + c.name() + "' in schema");
            }
        }
        if (primaryKey == null || primaryKey.isEmpty()) {
            throw new AzofException("the table has no primary key: declare PRIMARY KEY (...)");
        }
        for (String k : primaryKey) {
            if (!names.contains(k)) {
                throw new AzofException("primary key column '" + k + "' is not a column");
            }
        }
        if (eventTime == null || !names.contains(eventTime)) {
            throw new AzofException(
                    "event-time column '" + eventTime + "' is not a column of the table");
        }
        LogicalTypeRoot root = find(columns, eventTime).type().getTypeRoot();
        if (root != LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                && root != LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
            throw new AzofException(
                    "event-time column '"
                            + eventTime
                            + "' must be TIMESTAMP or TIMESTAMP_LTZ, not "
                            + find(columns, eventTime).type().asSummaryString());
        }
        if (primaryKey.contains(eventTime)) {
            throw new AzofException(
                    "event-time column '" + eventTime + "' cannot be part of the primary key");
        }
        return new TableSchema(schemaId, columns, primaryKey, eventTime, false);
    }

    public int schemaId() {
        return schemaId;
    }

    /** The same columns under another schema id. */
    public TableSchema withSchemaId(int newSchemaId) {
        return new TableSchema(newSchemaId, columns, primaryKey, eventTimeColumn, legacy);
    }

    /** The column with the field id, or null when this schema has none. */
    public Column columnById(int id) {
        for (Column c : columns) {
            if (c.id() == id) {
                return c;
            }
        }
        return null;
    }

    /** The greatest field id of this schema's columns. */
    public int highestColumnId() {
        int max = 0;
        for (Column c : columns) {
            max = Math.max(max, c.id());
        }
        return max;
    }

    /** Whether this schema has the same columns (ids included), key and event time as another. */
    public boolean sameVersionAs(TableSchema other) {
        if (!equals(other)) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).id() != other.columns.get(i).id()) {
                return false;
            }
        }
        return true;
    }

    private static Column find(List<Column> columns, String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new AzofException("no column '" + name + "'");
    }

    /** All columns as read, in order (for legacy tables: key, event_time, then values). */
    public List<Column> columns() {
        return columns;
    }

    /** The value columns as stored in an azof 0.2 snapshot (legacy tables only). */
    public List<Column> legacyValueColumns() {
        return columns.subList(2, columns.size());
    }

    public List<String> primaryKey() {
        return primaryKey;
    }

    public String eventTimeColumn() {
        return eventTimeColumn;
    }

    public boolean isLegacy() {
        return legacy;
    }

    public Column column(String name) {
        return find(columns, name);
    }

    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (Column c : columns) {
            names.add(c.name());
        }
        return names;
    }

    public int[] primaryKeyIndexes() {
        int[] idx = new int[primaryKey.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = indexOf(primaryKey.get(i));
        }
        return idx;
    }

    public int eventTimeIndex() {
        return indexOf(eventTimeColumn);
    }

    /**
     * The row type that reads produce: every column nullable, except primary-key columns of
     * tables this project writes (Flink requires NOT NULL primary keys, and the writer enforces
     * it).
     */
    public RowType rowType() {
        List<RowType.RowField> fields = new ArrayList<>();
        for (Column c : columns) {
            LogicalType t = c.type();
            if (!legacy && primaryKey.contains(c.name())) {
                t = t.copy(false);
            }
            fields.add(new RowType.RowField(c.name(), t));
        }
        return new RowType(fields);
    }

    /** The row type of data files this project writes: the columns plus the tombstone flag. */
    public RowType fileRowType() {
        if (legacy) {
            return rowType();
        }
        List<RowType.RowField> fields = new ArrayList<>(rowType().getFields());
        fields.add(
                new RowType.RowField(
                        DELETED_COLUMN, new org.apache.flink.table.types.logical.BooleanType(false)));
        return new RowType(fields);
    }

    /**
     * Structural equality (names, types, nullability, key, event time); the schema id and column
     * ids are left out, as a schema declared in SQL has none: see {@link #sameVersionAs}.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TableSchema)) {
            return false;
        }
        TableSchema other = (TableSchema) o;
        return legacy == other.legacy
                && columns.equals(other.columns)
                && primaryKey.equals(other.primaryKey)
                && Objects.equals(eventTimeColumn, other.eventTimeColumn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, primaryKey, eventTimeColumn, legacy);
    }

    @Override
    public String toString() {
        return "TableSchema{"
                + (schemaId > 0 ? "id=" + schemaId + ", " : "")
                + "columns="
                + columns
                + ", primaryKey="
                + primaryKey
                + ", eventTime="
                + eventTimeColumn
                + (legacy ? ", azof 0.2" : "")
                + "}";
    }
}
