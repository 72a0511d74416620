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

package dev.azof.core.io;

import org.apache.flink.formats.parquet.utils.ParquetSchemaConverter;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.List;

/**
 * The Parquet schema of a file of a given row type: Flink's own schema (from its {@link
 * ParquetSchemaConverter}), except that {@code TIMESTAMP_LTZ} columns are annotated {@code
 * TIMESTAMP(unit, isAdjustedToUTC=true)}.
 *
 * <p>Flink's converter marks every INT64 timestamp {@code isAdjustedToUTC=false}, which other
 * engines (DuckDB, Spark, Trino) read as a zone-less local time; an LTZ value is an instant, and
 * the stored value is its UTC epoch value, which is what {@code true} says. The values are the same
 * either way, and Flink's reader ignores the flag, so files of both kinds read the same in Flink.
 */
final class ParquetSchemas {

    private ParquetSchemas() {}

    /** The schema written for {@code rowType}, with {@code conf} holding Flink's writer settings. */
    static MessageType fileSchema(
            String name, RowType rowType, org.apache.hadoop.conf.Configuration conf) {
        MessageType flink = ParquetSchemaConverter.convertToParquetMessageType(name, rowType, conf);
        List<Type> fields = new ArrayList<>(flink.getFieldCount());
        for (int i = 0; i < flink.getFieldCount(); i++) {
            Type field = flink.getType(i);
            boolean instant =
                    rowType.getTypeAt(i).getTypeRoot()
                            == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
            fields.add(instant ? adjustedToUtc(field) : field);
        }
        return new MessageType(flink.getName(), fields);
    }

    private static Type adjustedToUtc(Type field) {
        PrimitiveType p = field.asPrimitiveType();
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        if (p.getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.INT64
                || !(a instanceof TimestampLogicalTypeAnnotation)) {
            // INT96 (not written by this project) has no flag to set.
            return field;
        }
        LogicalTypeAnnotation.TimeUnit unit = ((TimestampLogicalTypeAnnotation) a).getUnit();
        return Types.primitive(PrimitiveType.PrimitiveTypeName.INT64, p.getRepetition())
                .as(LogicalTypeAnnotation.timestampType(true, unit))
                .named(p.getName());
    }
}
