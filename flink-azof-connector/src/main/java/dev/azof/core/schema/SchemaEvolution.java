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
package dev.azof.core.schema;

import dev.azof.core.AzofException;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies schema changes to a table's schema: the next schema version, with new field ids for
 * added columns (never an id any earlier version used). The key columns and the event-time
 * column are fixed for a table's life: they decide buckets, order and segments of every file.
 */
public final class SchemaEvolution {

    private SchemaEvolution() {}

    /**
     * The schema after the changes, as the next version of the snapshot's schema.
     *
     * @throws AzofException naming the first change that cannot be made
     */
    public static TableSchema apply(Snapshot snapshot, List<SchemaChange> changes) {
        TableSchema current = snapshot.schema();
        if (current.isLegacy()) {
            throw new AzofException("azof 0.2 tables cannot change their schema");
        }
        List<Column> columns = new ArrayList<>(current.columns());
        int nextId = snapshot.highestColumnId() + 1;
        for (SchemaChange change : changes) {
            if (change instanceof SchemaChange.AddColumn) {
                SchemaChange.AddColumn add = (SchemaChange.AddColumn) change;
                checkNewName(columns, add.name(), change);
                if (!add.type().isNullable()) {
                    throw refused(change, "an added column must be nullable: files written before have no value for it");
                }
                Column column;
                try {
                    column = Column.of(add.name(), add.type()).withId(nextId++);
                } catch (AzofException e) {
                    throw refused(change, e.getMessage());
                }
                int at = columns.size();
                if (add.first()) {
                    at = 0;
                } else if (add.after() != null) {
                    at = indexOf(columns, add.after(), change) + 1;
                }
                columns.add(at, column);
            } else if (change instanceof SchemaChange.RenameColumn) {
                SchemaChange.RenameColumn rename = (SchemaChange.RenameColumn) change;
                int i = indexOf(columns, rename.name(), change);
                checkNotKeyOrEventTime(current, rename.name(), change);
                checkNewName(columns, rename.newName(), change);
                columns.set(i, columns.get(i).withName(rename.newName()));
            } else if (change instanceof SchemaChange.UpdateColumnType) {
                SchemaChange.UpdateColumnType update = (SchemaChange.UpdateColumnType) change;
                int i = indexOf(columns, update.name(), change);
                checkNotKeyOrEventTime(current, update.name(), change);
                Column column = columns.get(i);
                String problem = TypeWidening.problem(column.type(), update.newType());
                if (problem != null) {
                    throw refused(change, problem);
                }
                try {
                    columns.set(i, column.withType(update.newType().copy(true)));
                } catch (AzofException e) { // a type this format cannot store
                    throw refused(change, e.getMessage());
                }
            } else if (change instanceof SchemaChange.DropColumn) {
                SchemaChange.DropColumn drop = (SchemaChange.DropColumn) change;
                int i = indexOf(columns, drop.name(), change);
                checkNotKeyOrEventTime(current, drop.name(), change);
                columns.remove(i);
            } else if (change instanceof SchemaChange.MakeNullable) {
                SchemaChange.MakeNullable relax = (SchemaChange.MakeNullable) change;
                int i = indexOf(columns, relax.name(), change);
                checkNotKeyOrEventTime(current, relax.name(), change);
                columns.set(i, columns.get(i).withDeclaredNullable(true));
            } else {
                throw new AzofException("unknown schema change " + change);
            }
        }
        try {
            return TableSchema.of(
                    current.schemaId() + 1, columns, current.primaryKey(), current.eventTimeColumn());
        } catch (AzofException e) {
            throw new AzofException("the schema changes " + changes + " give no valid schema: " + e.getMessage(), e);
        }
    }

    private static int indexOf(List<Column> columns, String name, SchemaChange change) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw refused(change, "the table has no column '" + name + "'");
    }

    private static void checkNewName(List<Column> columns, String name, SchemaChange change) {
        if (name.startsWith("_azof_")) {
            throw refused(change, "column name '" + name + "' is reserved (prefix _azof_)");
        }
        for (Column c : columns) {
            if (c.name().equals(name)) {
                throw refused(change, "the table already has a column '" + name + "'");
            }
        }
    }

    private static void checkNotKeyOrEventTime(TableSchema schema, String name, SchemaChange change) {
        if (schema.primaryKey().contains(name)) {
            throw refused(change, "'" + name + "' is a primary-key column: the key of a table cannot change");
        }
        if (schema.eventTimeColumn().equals(name)) {
            throw refused(change, "'" + name + "' is the event-time column: it cannot change");
        }
    }

    private static AzofException refused(SchemaChange change, String why) {
        return new AzofException("cannot " + change + ": " + why);
    }
}
