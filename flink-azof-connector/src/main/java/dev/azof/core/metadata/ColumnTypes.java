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

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

import java.util.EnumSet;
import java.util.Set;

/**
 * Maps the type names stored in snapshot files to Flink logical types and back.
 *
 * <p>azof 0.2 wrote four names ({@code String}, {@code Int}, {@code Boolean}, {@code DateTime});
 * this project writes Flink SQL type strings ({@code BIGINT}, {@code DECIMAL(10, 2)},
 * {@code TIMESTAMP_LTZ(6)}, ...) restricted to the scalar types in {@link #SUPPORTED}.
 */
public final class ColumnTypes {

    /** Type roots that the format stores; anything else is rejected when a table is created. */
    public static final Set<LogicalTypeRoot> SUPPORTED =
            EnumSet.of(
                    LogicalTypeRoot.BOOLEAN,
                    LogicalTypeRoot.TINYINT,
                    LogicalTypeRoot.SMALLINT,
                    LogicalTypeRoot.INTEGER,
                    LogicalTypeRoot.BIGINT,
                    LogicalTypeRoot.FLOAT,
                    LogicalTypeRoot.DOUBLE,
                    LogicalTypeRoot.DECIMAL,
                    LogicalTypeRoot.CHAR,
                    LogicalTypeRoot.VARCHAR,
                    LogicalTypeRoot.BINARY,
                    LogicalTypeRoot.VARBINARY,
                    LogicalTypeRoot.DATE,
                    LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE,
                    LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    private ColumnTypes() {}

    /** Parses a stored type name; the result is always nullable (files may hold nulls). */
    public static LogicalType parse(String typeName, String columnName) {
        if (typeName == null || typeName.isBlank()) {
            throw new AzofException("column '" + columnName + "' has no data_type");
        }
        switch (typeName) {
            case "String":
                return new VarCharType(true, VarCharType.MAX_LENGTH);
            case "Int":
                return new BigIntType(true);
            case "Boolean":
                return new BooleanType(true);
            case "DateTime":
                return new LocalZonedTimestampType(true, 3);
            default:
                break;
        }
        LogicalType type;
        try {
            type = LogicalTypeParser.parse(typeName, ColumnTypes.class.getClassLoader());
        } catch (RuntimeException e) {
            throw new AzofException(
                    "unknown data_type '" + typeName + "' for column '" + columnName + "'", e);
        }
        if (type.getTypeRoot() == LogicalTypeRoot.UNRESOLVED) {
            throw new AzofException(
                    "unknown data_type '" + typeName + "' for column '" + columnName + "'");
        }
        checkSupported(type, columnName);
        return type.copy(true);
    }

    /** The name this project writes for a type: Flink's SQL string, without NOT NULL. */
    public static String typeName(LogicalType type) {
        return type.copy(true).asSerializableString();
    }

    public static void checkSupported(LogicalType type, String columnName) {
        if (!SUPPORTED.contains(type.getTypeRoot())) {
            throw new AzofException(
                    "unsupported data_type '"
                            + type.asSummaryString()
                            + "' for column '"
                            + columnName
                            + "': supported are BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT,"
                            + " DOUBLE, DECIMAL, CHAR, VARCHAR/STRING, BINARY, VARBINARY/BYTES,"
                            + " DATE, TIMESTAMP, TIMESTAMP_LTZ");
        }
        if (type.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                || type.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
            int precision =
                    org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(type);
            if (precision > 6) {
                throw new AzofException(
                        "column '"
                                + columnName
                                + "': timestamp precision "
                                + precision
                                + " is not supported (at most 6)");
            }
        }
    }
}
