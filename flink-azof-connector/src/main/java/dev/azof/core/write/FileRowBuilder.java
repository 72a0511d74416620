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
import dev.azof.core.metadata.TableSchema;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * Turns rows of a writer's input type into rows of {@link TableSchema#fileRowType()} (the table's
 * columns, found by name, then the tombstone flag), as one reused binary row: each field is copied
 * with its typed accessor, so no value is boxed on the way. Not thread-safe.
 */
public final class FileRowBuilder {

    private final FieldCopier[] copiers;
    private final int[] inputPositions;
    private final int tombstonePosition;
    private final BinaryRowData row;
    private final BinaryRowWriter out;

    /**
     * @param table the table the rows are for, named in errors
     * @throws AzofException if the input type lacks a column of the table
     */
    public FileRowBuilder(Path table, TableSchema schema, RowType inputType) {
        RowType fileType = schema.fileRowType();
        int columns = schema.columns().size();
        this.copiers = new FieldCopier[columns];
        this.inputPositions = new int[columns];
        for (int i = 0; i < columns; i++) {
            String name = schema.columns().get(i).name();
            int at = inputType.getFieldNames().indexOf(name);
            if (at < 0) {
                throw new AzofException(
                        "the rows written to " + table + " have no column '" + name + "'");
            }
            inputPositions[i] = at;
            copiers[i] = copier(inputType.getTypeAt(at), fileType.getTypeAt(i));
        }
        this.tombstonePosition = columns;
        this.row = new BinaryRowData(fileType.getFieldCount());
        this.out = new BinaryRowWriter(row);
    }

    /** The file row of {@code input}; valid until the next call. */
    public BinaryRowData build(RowData input, boolean tombstone) {
        out.reset();
        for (int i = 0; i < copiers.length; i++) {
            int at = inputPositions[i];
            if (input.isNullAt(at)) {
                out.setNullAt(i);
            } else {
                copiers[i].copy(input, at, out, i);
            }
        }
        out.writeBoolean(tombstonePosition, tombstone);
        out.complete();
        return row;
    }

    /** Copies a non-null field of the input to a position of the file row. */
    private interface FieldCopier {
        void copy(RowData in, int from, BinaryRowWriter out, int to);
    }

    /** Reads with the input's type (its storage depends on it), writes with the file's. */
    private static FieldCopier copier(LogicalType inputType, LogicalType type) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return (in, from, out, to) -> out.writeBoolean(to, in.getBoolean(from));
            case TINYINT:
                return (in, from, out, to) -> out.writeByte(to, in.getByte(from));
            case SMALLINT:
                return (in, from, out, to) -> out.writeShort(to, in.getShort(from));
            case INTEGER:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
                return (in, from, out, to) -> out.writeInt(to, in.getInt(from));
            case BIGINT:
                return (in, from, out, to) -> out.writeLong(to, in.getLong(from));
            case FLOAT:
                return (in, from, out, to) -> out.writeFloat(to, in.getFloat(from));
            case DOUBLE:
                return (in, from, out, to) -> out.writeDouble(to, in.getDouble(from));
            case CHAR:
            case VARCHAR:
                return (in, from, out, to) -> out.writeString(to, in.getString(from));
            case BINARY:
            case VARBINARY:
                return (in, from, out, to) -> out.writeBinary(to, in.getBinary(from));
            case DECIMAL:
                {
                    int inPrecision = ((DecimalType) inputType).getPrecision();
                    int inScale = ((DecimalType) inputType).getScale();
                    int precision = ((DecimalType) type).getPrecision();
                    return (in, from, out, to) ->
                            out.writeDecimal(to, in.getDecimal(from, inPrecision, inScale), precision);
                }
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                {
                    int inPrecision = LogicalTypeChecks.getPrecision(inputType);
                    int precision = LogicalTypeChecks.getPrecision(type);
                    return (in, from, out, to) ->
                            out.writeTimestamp(to, in.getTimestamp(from, inPrecision), precision);
                }
            default:
                throw new AzofException("unsupported column type " + type);
        }
    }
}
