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

import org.apache.flink.table.types.logical.LogicalType;

import java.io.Serializable;
import java.util.Objects;

/**
 * A column of a table: its name, its type as stored in the snapshot ({@code data_type}), the
 * Flink type it is read as, and the declared nullability.
 *
 * <p>The declared nullability is kept for the metadata only: readers expose every column as
 * nullable because real files hold nulls in columns declared not nullable.
 */
public final class Column implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Stable field id (positive), or 0 before the schema that holds the column assigns one. */
    private final int id;
    private final String name;
    private final String typeName;
    private final LogicalType type;
    private final boolean declaredNullable;

    public Column(String name, String typeName, boolean declaredNullable) {
        this(0, name, typeName, declaredNullable);
    }

    public Column(int id, String name, String typeName, boolean declaredNullable) {
        if (id < 0) {
            throw new AzofException("column '" + name + "' has a negative id " + id);
        }
        this.id = id;
        this.name = Objects.requireNonNull(name);
        this.typeName = typeName;
        this.type = ColumnTypes.parse(typeName, name);
        this.declaredNullable = declaredNullable;
    }

    public static Column of(String name, LogicalType type) {
        ColumnTypes.checkSupported(type, name);
        return new Column(name, ColumnTypes.typeName(type), type.isNullable());
    }

    /**
     * The column's field id: stable across renames and type changes, never reused after a drop;
     * files are matched to the read schema by it (spec section 2.3).
     */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Column withId(int newId) {
        return new Column(newId, name, typeName, declaredNullable);
    }

    public Column withName(String newName) {
        return new Column(id, newName, typeName, declaredNullable);
    }

    public Column withType(LogicalType newType) {
        ColumnTypes.checkSupported(newType, name);
        return new Column(id, name, ColumnTypes.typeName(newType), declaredNullable);
    }

    public Column withDeclaredNullable(boolean nullable) {
        return new Column(id, name, typeName, nullable);
    }

    /** The type name exactly as the snapshot file states it. */
    public String typeName() {
        return typeName;
    }

    /** The Flink type the column is read as (always nullable). */
    public LogicalType type() {
        return type;
    }

    public boolean declaredNullable() {
        return declaredNullable;
    }

    /**
     * Structural equality: name, type and nullability. Ids are left out, so a schema declared in
     * SQL (ids not yet assigned) equals the table's; compare {@link #id()} where identity matters.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Column)) {
            return false;
        }
        Column other = (Column) o;
        return name.equals(other.name)
                && type.equals(other.type)
                && declaredNullable == other.declaredNullable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, declaredNullable);
    }

    @Override
    public String toString() {
        return name + " " + typeName + (declaredNullable ? "" : " NOT NULL");
    }
}
