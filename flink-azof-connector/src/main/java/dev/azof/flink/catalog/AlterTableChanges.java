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
package dev.azof.flink.catalog;

import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.schema.SchemaChange;
import dev.azof.flink.table.AzofOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.utils.DataTypeUtils;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Maps the {@link TableChange}s of one {@code ALTER TABLE} statement to the format's schema
 * changes and table options, refusing with a clear error what an Azof table cannot change: its
 * key, event-time column, bucket count and segment layout (they decide where every row lives),
 * column order, comments, watermarks and computed or metadata columns (the catalog stores
 * physical columns only).
 */
final class AlterTableChanges {

    /**
     * The options {@code ALTER TABLE ... SET} may store with the table: defaults of the jobs that
     * write it (a hint on a query still wins). Read options are per query: give them as hints.
     */
    static final Set<ConfigOption<?>> STORED_OPTIONS = storedOptions();

    private static final Set<String> STORED_KEYS =
            STORED_OPTIONS.stream().map(ConfigOption::key).collect(Collectors.toUnmodifiableSet());

    final List<SchemaChange> schemaChanges = new ArrayList<>();
    final Map<String, String> setOptions = new LinkedHashMap<>();
    final Set<String> resetOptions = new LinkedHashSet<>();

    private final String table;
    private final TableSchema schema;

    private AlterTableChanges(String table, TableSchema schema) {
        this.table = table;
        this.schema = schema;
    }

    private static Set<ConfigOption<?>> storedOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>(AzofOptions.sinkOptions());
        options.addAll(AzofOptions.compactionOptions());
        return options;
    }

    /** Whether a table property is an option {@code ALTER TABLE ... SET} stored. */
    static boolean isStoredOption(String key) {
        return STORED_KEYS.contains(key);
    }

    /**
     * The format's changes for Flink's; {@code schema} is the table's current schema.
     *
     * @throws ValidationException naming the first change an Azof table cannot make
     */
    static AlterTableChanges of(String table, TableSchema schema, List<TableChange> changes) {
        AlterTableChanges out = new AlterTableChanges(table, schema);
        for (TableChange change : changes) {
            out.add(change);
        }
        return out;
    }

    boolean isEmpty() {
        return schemaChanges.isEmpty() && setOptions.isEmpty() && resetOptions.isEmpty();
    }

    private void add(TableChange change) {
        if (change instanceof TableChange.AddColumn) {
            addColumn((TableChange.AddColumn) change);
        } else if (change instanceof TableChange.ModifyColumnName) {
            TableChange.ModifyColumnName rename = (TableChange.ModifyColumnName) change;
            schemaChanges.add(
                    SchemaChange.renameColumn(
                            rename.getOldColumnName(), rename.getNewColumnName()));
        } else if (change instanceof TableChange.ModifyPhysicalColumnType) {
            modifyType((TableChange.ModifyPhysicalColumnType) change);
        } else if (change instanceof TableChange.ModifyColumnPosition) {
            throw refused(
                    "cannot move column '"
                            + ((TableChange.ModifyColumn) change).getOldColumn().getName()
                            + "': azof tables do not reorder columns (add a column FIRST or AFTER"
                            + " another when you create it)");
        } else if (change instanceof TableChange.ModifyColumnComment) {
            throw refused(
                    "cannot change the comment of column '"
                            + ((TableChange.ModifyColumn) change).getOldColumn().getName()
                            + "': azof tables do not store column comments");
        } else if (change instanceof TableChange.DropColumn) {
            schemaChanges.add(
                    SchemaChange.dropColumn(((TableChange.DropColumn) change).getColumnName()));
        } else if (change instanceof TableChange.SetOption) {
            TableChange.SetOption set = (TableChange.SetOption) change;
            checkStorable(set.getKey(), set.getValue());
            resetOptions.remove(set.getKey());
            setOptions.put(set.getKey(), set.getValue());
        } else if (change instanceof TableChange.ResetOption) {
            String key = ((TableChange.ResetOption) change).getKey();
            checkStorable(key, null);
            setOptions.remove(key);
            resetOptions.add(key);
        } else if (change instanceof TableChange.AddUniqueConstraint
                || change instanceof TableChange.ModifyUniqueConstraint
                || change instanceof TableChange.DropConstraint) {
            throw refused(
                    "cannot change the primary key "
                            + schema.primaryKey()
                            + ": the key of an azof table is fixed for its life (it decides every"
                            + " row's bucket and order)");
        } else if (change instanceof TableChange.AddWatermark
                || change instanceof TableChange.ModifyWatermark
                || change instanceof TableChange.DropWatermark) {
            throw refused(
                    "cannot change the watermark: the azof catalog does not store watermarks (the"
                            + " table's event-time column is '"
                            + schema.eventTimeColumn()
                            + "'); declare a watermark in the query that reads the table, e.g."
                            + " on a view or with a CREATE TEMPORARY TABLE ... LIKE");
        } else {
            throw refused("unsupported change " + change);
        }
    }

    private void addColumn(TableChange.AddColumn add) {
        org.apache.flink.table.catalog.Column column = add.getColumn();
        if (!column.isPhysical()) {
            throw refused(
                    "cannot add column '"
                            + column.getName()
                            + "': it is a computed or metadata column; azof tables store"
                            + " physical columns only");
        }
        if (column.getComment().isPresent()) {
            throw refused(
                    "cannot add column '"
                            + column.getName()
                            + "' with a comment: azof tables do not store column comments");
        }
        LogicalType type = logical(column);
        TableChange.ColumnPosition position = add.getPosition();
        if (position == null) {
            schemaChanges.add(SchemaChange.addColumn(column.getName(), type));
        } else if (position instanceof TableChange.After) {
            schemaChanges.add(
                    SchemaChange.addColumnAfter(
                            column.getName(), type, ((TableChange.After) position).column()));
        } else {
            schemaChanges.add(SchemaChange.addColumnFirst(column.getName(), type));
        }
    }

    /**
     * MODIFY of a column's type: a wider type, relaxing NOT NULL, or both. The catalog shows
     * columns other than the key as nullable (reads may return nulls), so a MODIFY that names a
     * nullable type relaxes a column the table declares NOT NULL; one that names NOT NULL keeps
     * a NOT NULL column and is refused on a nullable one (rows already written may hold nulls).
     */
    private void modifyType(TableChange.ModifyPhysicalColumnType modify) {
        String name = modify.getOldColumn().getName();
        if (!modify.getNewColumn().getName().equals(name)) {
            throw refused("cannot rename column '" + name + "' while changing its type: use RENAME");
        }
        LogicalType newType =
                DataTypeUtils.removeTimeAttribute(modify.getNewType()).getLogicalType();
        int at = schema.indexOf(name);
        if (at < 0) {
            // SchemaEvolution names the missing column.
            schemaChanges.add(SchemaChange.updateColumnType(name, newType));
            return;
        }
        Column current = schema.columns().get(at);
        if (!current.type().copy(true).equals(newType.copy(true))) {
            schemaChanges.add(SchemaChange.updateColumnType(name, newType.copy(true)));
        }
        boolean keyOrTime =
                schema.primaryKey().contains(name) || schema.eventTimeColumn().equals(name);
        if (keyOrTime) {
            // A type change was refused above (by SchemaEvolution, naming the column); their
            // nullability is no property of the table: the writer refuses null keys and times.
            return;
        }
        if (newType.isNullable() && !current.declaredNullable()) {
            schemaChanges.add(SchemaChange.makeNullable(name));
        } else if (!newType.isNullable() && current.declaredNullable()) {
            throw refused(
                    "cannot make column '"
                            + name
                            + "' NOT NULL: rows already written may hold nulls (only relaxing NOT"
                            + " NULL is supported)");
        }
    }

    private void checkStorable(String key, String value) {
        if (key.equals(AzofOptions.BUCKET.key())) {
            throw refused(
                    "cannot change '"
                            + key
                            + "': the bucket count of an azof table is fixed for its life (every"
                            + " file holds the keys of one bucket)");
        }
        if (key.equals(AzofOptions.SEGMENT_GRANULARITY.key())) {
            throw refused(
                    "cannot change '"
                            + key
                            + "': the segment layout of an azof table is fixed for its life"
                            + " (segments of another layout would overlap the existing ones)");
        }
        if (key.equals(AzofOptions.EVENT_TIME_COLUMN.key())) {
            throw refused(
                    "cannot change '"
                            + key
                            + "': the event-time column of an azof table is fixed for its life"
                            + " (it is '"
                            + schema.eventTimeColumn()
                            + "')");
        }
        if (key.equals("connector") || key.equals(AzofOptions.PATH.key())) {
            throw refused("cannot change '" + key + "': it locates the table");
        }
        if (!STORED_KEYS.contains(key)) {
            boolean scan =
                    AzofOptions.scanOptions().stream().anyMatch(o -> o.key().equals(key))
                            || AzofOptions.lookupOptions().stream()
                                    .anyMatch(o -> o.key().equals(key));
            throw refused(
                    "cannot "
                            + (value == null ? "reset" : "set")
                            + " option '"
                            + key
                            + "': "
                            + (scan
                                    ? "it is an option of reads, given per query as a hint,"
                                            + " e.g. SELECT * FROM t /*+ OPTIONS('"
                                            + key
                                            + "' = '...') */; "
                                    : "")
                            + "the options stored with an azof table are "
                            + storedKeys());
        }
        if (value != null) {
            try {
                checkStoredValue(key, value);
            } catch (IllegalArgumentException e) {
                throw refused("'" + key + "'='" + value + "' is not a valid value: " + e.getMessage());
            }
        }
    }

    /** Parses a stored option's value; IllegalArgumentException naming why it is not valid. */
    static void checkStoredValue(String key, String value) {
        ConfigOption<?> option =
                STORED_OPTIONS.stream().filter(o -> o.key().equals(key)).findFirst().get();
        Configuration.fromMap(Map.of(key, value)).get(option);
    }

    /** The keys of {@link #STORED_OPTIONS}, sorted, for messages. */
    static Set<String> storedKeys() {
        return new TreeSet<>(STORED_KEYS);
    }

    private static LogicalType logical(org.apache.flink.table.catalog.Column column) {
        return DataTypeUtils.removeTimeAttribute(column.getDataType()).getLogicalType();
    }

    private ValidationException refused(String why) {
        return new ValidationException("ALTER TABLE " + table + ": " + why);
    }
}
