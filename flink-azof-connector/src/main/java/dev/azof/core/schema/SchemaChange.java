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

import org.apache.flink.table.types.logical.LogicalType;

import java.io.Serializable;
import java.util.Objects;

/**
 * One change to a table's schema (docs/spec.md, section 2.3). Applied in order by {@link
 * SchemaEvolution}; a list of changes makes one new schema version.
 */
public abstract class SchemaChange implements Serializable {
    private static final long serialVersionUID = 1L;

    private SchemaChange() {}

    /** Adds a nullable column: last, first, or after a named column. */
    public static SchemaChange addColumn(String name, LogicalType type) {
        return new AddColumn(name, type, null, false);
    }

    public static SchemaChange addColumnFirst(String name, LogicalType type) {
        return new AddColumn(name, type, null, true);
    }

    public static SchemaChange addColumnAfter(String name, LogicalType type, String after) {
        return new AddColumn(name, type, Objects.requireNonNull(after), false);
    }

    public static SchemaChange renameColumn(String name, String newName) {
        return new RenameColumn(name, newName);
    }

    /** Widens a column's type (INT to BIGINT, FLOAT to DOUBLE, more DECIMAL digits, ...). */
    public static SchemaChange updateColumnType(String name, LogicalType newType) {
        return new UpdateColumnType(name, newType);
    }

    public static SchemaChange dropColumn(String name) {
        return new DropColumn(name);
    }

    /** Relaxes NOT NULL: the column accepts nulls from now on. */
    public static SchemaChange makeNullable(String name) {
        return new MakeNullable(name);
    }

    /** Adds a column; {@link #type()} must be nullable (old files have no values for it). */
    public static final class AddColumn extends SchemaChange {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final LogicalType type;
        private final String after;
        private final boolean first;

        AddColumn(String name, LogicalType type, String after, boolean first) {
            this.name = Objects.requireNonNull(name);
            this.type = Objects.requireNonNull(type);
            this.after = after;
            this.first = first;
        }

        public String name() {
            return name;
        }

        public LogicalType type() {
            return type;
        }

        /** The column the new one follows, or null (last, or first). */
        public String after() {
            return after;
        }

        public boolean first() {
            return first;
        }

        @Override
        public String toString() {
            return "ADD " + name + " " + type.asSummaryString()
                    + (first ? " FIRST" : after != null ? " AFTER " + after : "");
        }
    }

    public static final class RenameColumn extends SchemaChange {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String newName;

        RenameColumn(String name, String newName) {
            this.name = Objects.requireNonNull(name);
            this.newName = Objects.requireNonNull(newName);
        }

        public String name() {
            return name;
        }

        public String newName() {
            return newName;
        }

        @Override
        public String toString() {
            return "RENAME " + name + " TO " + newName;
        }
    }

    public static final class UpdateColumnType extends SchemaChange {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final LogicalType newType;

        UpdateColumnType(String name, LogicalType newType) {
            this.name = Objects.requireNonNull(name);
            this.newType = Objects.requireNonNull(newType);
        }

        public String name() {
            return name;
        }

        public LogicalType newType() {
            return newType;
        }

        @Override
        public String toString() {
            return "MODIFY " + name + " " + newType.asSummaryString();
        }
    }

    public static final class DropColumn extends SchemaChange {
        private static final long serialVersionUID = 1L;
        private final String name;

        DropColumn(String name) {
            this.name = Objects.requireNonNull(name);
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "DROP " + name;
        }
    }

    public static final class MakeNullable extends SchemaChange {
        private static final long serialVersionUID = 1L;
        private final String name;

        MakeNullable(String name) {
            this.name = Objects.requireNonNull(name);
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "MODIFY " + name + " NULL";
        }
    }
}
