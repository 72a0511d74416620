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

import dev.azof.core.metadata.TableSchema;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns a merge reads from each file (the projection plus key, event time and, for this
 * project's files, the tombstone flag) and how to cut the projected row out of such a row.
 */
final class ReadLayout {
    /** The read schema: {@link #readType} names its columns. */
    final TableSchema schema;
    final RowType readType;
    final int[] keyIndexes;
    final int eventTimeIndex;
    final int eventTimePrecision;
    final int deletedIndex;
    private final RowData.FieldGetter[] outputGetters;
    /** The type of the rows {@link #project} returns (without the tombstone flag). */
    final RowType projectedType;
    final List<LogicalType> keyTypes;
    /** Whether tombstones are emitted too, with the flag as an extra last column. */
    final boolean keepTombstones;

    ReadLayout(TableSchema schema, int[] projection) {
        this(schema, projection, false);
    }

    ReadLayout(TableSchema schema, int[] projection, boolean keepTombstones) {
        this.keepTombstones = keepTombstones;
        this.schema = schema;
        RowType full = schema.rowType();
        Set<Integer> needed = new LinkedHashSet<>();
        for (int p : projection) {
            needed.add(p);
        }
        for (int k : schema.primaryKeyIndexes()) {
            needed.add(k);
        }
        needed.add(schema.eventTimeIndex());
        List<RowType.RowField> fields = new ArrayList<>();
        List<Integer> order = new ArrayList<>(needed);
        for (int i : order) {
            RowType.RowField f = full.getFields().get(i);
            // Read nullable: files of other writers may hold nulls anywhere.
            fields.add(new RowType.RowField(f.getName(), f.getType().copy(true)));
        }
        if (!schema.isLegacy()) {
            fields.add(new RowType.RowField(TableSchema.DELETED_COLUMN, new BooleanType(true)));
            deletedIndex = fields.size() - 1;
        } else {
            deletedIndex = -1;
        }
        readType = new RowType(fields);
        int[] pk = schema.primaryKeyIndexes();
        keyIndexes = new int[pk.length];
        keyTypes = new ArrayList<>();
        for (int k = 0; k < pk.length; k++) {
            keyIndexes[k] = order.indexOf(pk[k]);
            keyTypes.add(full.getTypeAt(pk[k]));
        }
        eventTimeIndex = order.indexOf(schema.eventTimeIndex());
        eventTimePrecision =
                org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(
                        full.getTypeAt(schema.eventTimeIndex()));
        outputGetters = new RowData.FieldGetter[projection.length];
        List<RowType.RowField> projected = new ArrayList<>();
        for (int i = 0; i < projection.length; i++) {
            int at = order.indexOf(projection[i]);
            outputGetters[i] = RowData.createFieldGetter(fields.get(at).getType(), at);
            projected.add(new RowType.RowField("f" + i, fields.get(at).getType()));
        }
        projectedType = new RowType(projected);
    }

    RowData project(RowData row) {
        GenericRowData out =
                new GenericRowData(outputGetters.length + (keepTombstones ? 1 : 0));
        for (int i = 0; i < outputGetters.length; i++) {
            out.setField(i, outputGetters[i].getFieldOrNull(row));
        }
        if (keepTombstones) {
            out.setField(outputGetters.length, isDeleted(row));
        }
        return out;
    }

    boolean isDeleted(RowData row) {
        return deletedIndex >= 0 && !row.isNullAt(deletedIndex) && row.getBoolean(deletedIndex);
    }
}
