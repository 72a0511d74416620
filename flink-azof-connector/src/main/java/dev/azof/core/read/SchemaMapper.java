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
package dev.azof.core.read;

import dev.azof.core.AzofException;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.schema.TypeWidening;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads data files written with any schema version of a table as rows of one read schema,
 * matching columns by field id (docs/spec.md, "Schema versions"): a read column is read from the
 * file's column of the same id, under the file's name and type, and converted to the read type
 * ({@link TypeWidening#converter}); a column the file's schema lacks reads as null; file columns
 * the read schema does not have are not read. The tombstone flag keeps its name.
 *
 * <p>A file written with the read schema's version (every file of a table whose schema never
 * changed) is opened directly: no mapping and no per-row cost.
 */
public final class SchemaMapper implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TableSchema readSchema;
    /** The schema versions files may name, by id; the read schema's own id may be absent. */
    private final Map<Integer, TableSchema> versions;

    private SchemaMapper(TableSchema readSchema, Map<Integer, TableSchema> versions) {
        this.readSchema = readSchema;
        this.versions = Collections.unmodifiableMap(new TreeMap<>(versions));
        // Field ids only mean something for a version of the table: a schema declared elsewhere
        // (in SQL, without ids) must be resolved to the table's version by name first.
        TableSchema own = versions.get(readSchema.schemaId());
        if (own != null && !own.sameVersionAs(readSchema)) {
            throw new AzofException(
                    "the read schema "
                            + readSchema
                            + " is not the table's schema version "
                            + readSchema.schemaId()
                            + " "
                            + own
                            + ": files are matched to a read schema by field id, so it must be one"
                            + " of the table's versions");
        }
    }

    /**
     * Maps files to {@code readSchema}, knowing the given versions (empty: every file must have
     * the read schema's id, as in a table whose schema never changed).
     */
    public static SchemaMapper of(TableSchema readSchema, Map<Integer, TableSchema> versions) {
        return new SchemaMapper(readSchema, versions);
    }

    /** Maps the files of {@code snapshot} to its schema. */
    public static SchemaMapper of(Snapshot snapshot) {
        return new SchemaMapper(snapshot.schema(), snapshot.schemasById());
    }

    public TableSchema readSchema() {
        return readSchema;
    }

    public Map<Integer, TableSchema> versions() {
        return versions;
    }

    /**
     * Opens {@code file} (at {@code path}) for the columns of {@code readType}: columns of the
     * read schema by name, possibly the tombstone flag, in any order and nullability.
     */
    public RowIterator open(DataFileOpener opener, Path path, DataFile file, RowType readType)
            throws IOException {
        TableSchema fileSchema = fileSchema(file);
        if (fileSchema == null) {
            return opener.open(path, file.bytes(), readType);
        }
        Mapping m = mapping(file, fileSchema, readType);
        if (m == null) {
            return opener.open(path, file.bytes(), readType);
        }
        return new MappedRows(opener.open(path, file.bytes(), m.fileType), m, readType.getFieldCount());
    }

    /** The file's schema version when it may differ from the read schema; null when not. */
    private TableSchema fileSchema(DataFile file) {
        if (file.schemaId() == readSchema.schemaId()) {
            return null; // the read schema's own version (the constructor checked it is one)
        }
        TableSchema s = versions.get(file.schemaId());
        if (s != null) {
            return s;
        }
        throw new AzofException(
                "data file "
                        + file.path()
                        + " was written with schema "
                        + file.schemaId()
                        + ", which this read does not know (read schema "
                        + readSchema.schemaId()
                        + ", known versions "
                        + versions.keySet()
                        + ")");
    }

    /** How to read the file's columns for {@code readType}; null when nothing is to map. */
    private Mapping mapping(DataFile file, TableSchema fileSchema, RowType readType) {
        List<RowType.RowField> fileFields = new ArrayList<>();
        int n = readType.getFieldCount();
        int[] from = new int[n];
        TypeWidening.ValueConverter[] converters = new TypeWidening.ValueConverter[n];
        boolean identity = true;
        for (int i = 0; i < n; i++) {
            RowType.RowField field = readType.getFields().get(i);
            LogicalType readFieldType = field.getType();
            if (field.getName().equals(TableSchema.DELETED_COLUMN)) {
                from[i] = fileFields.size();
                fileFields.add(field);
                continue;
            }
            Column readColumn = readSchema.column(field.getName());
            Column fileColumn = fileSchema.columnById(readColumn.id());
            if (fileColumn == null) {
                from[i] = -1;
                identity = false;
                continue;
            }
            from[i] = fileFields.size();
            fileFields.add(
                    new RowType.RowField(
                            fileColumn.name(), fileColumn.type().copy(readFieldType.isNullable())));
            LogicalType fileType = fileColumn.type().copy(true);
            if (!fileType.equals(readFieldType.copy(true))) {
                String problem = TypeWidening.problem(fileType, readFieldType);
                if (problem != null) {
                    throw new AzofException(
                            "data file "
                                    + file.path()
                                    + " was written with schema "
                                    + fileSchema.schemaId()
                                    + ", where column '"
                                    + fileColumn.name()
                                    + "' (id "
                                    + fileColumn.id()
                                    + ") is "
                                    + fileType.asSummaryString()
                                    + "; the read schema "
                                    + readSchema.schemaId()
                                    + " has it as '"
                                    + readColumn.name()
                                    + "' "
                                    + readFieldType.asSummaryString()
                                    + ", which cannot hold its values ("
                                    + problem
                                    + "). A read planned before the column was widened reads"
                                    + " files written after it only when started again");
                }
                converters[i] = TypeWidening.converter(fileType, readFieldType);
                identity = false;
            }
            if (!fileColumn.name().equals(field.getName())) {
                identity = false;
            }
        }
        return identity ? null : new Mapping(new RowType(fileFields), from, converters);
    }

    private static final class Mapping {
        final RowType fileType;
        /** Per read field, its position in {@link #fileType}, or -1 for null. */
        final int[] from;
        /** Per read field, the conversion of its file value, or null for none. */
        final TypeWidening.ValueConverter[] converters;
        final RowData.FieldGetter[] getters;

        Mapping(RowType fileType, int[] from, TypeWidening.ValueConverter[] converters) {
            this.fileType = fileType;
            this.from = from;
            this.converters = converters;
            this.getters = new RowData.FieldGetter[from.length];
            for (int i = 0; i < from.length; i++) {
                if (from[i] >= 0) {
                    getters[i] = RowData.createFieldGetter(fileType.getTypeAt(from[i]), from[i]);
                }
            }
        }
    }

    /** The rows of a file in the read schema's layout. */
    private static final class MappedRows implements RowIterator {
        private final RowIterator in;
        private final Mapping m;
        private final int arity;

        MappedRows(RowIterator in, Mapping m, int arity) {
            this.in = in;
            this.m = m;
            this.arity = arity;
        }

        @Override
        public boolean hasNext() throws IOException {
            return in.hasNext();
        }

        @Override
        public RowData next() throws IOException {
            RowData row = in.next();
            GenericRowData out = new GenericRowData(row.getRowKind(), arity);
            for (int i = 0; i < arity; i++) {
                if (m.from[i] < 0) {
                    continue;
                }
                Object v = m.getters[i].getFieldOrNull(row);
                TypeWidening.ValueConverter c = m.converters[i];
                out.setField(i, c == null ? v : c.convert(v));
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
