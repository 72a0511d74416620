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

package dev.azof.interop;

import dev.azof.core.plan.EventTimes;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders a column's values the same way from both readers: a DuckDB SQL expression over the
 * column, and the same text from a Flink {@link RowData} that azof returns. Timestamps become
 * epoch microseconds (the instant of a TIMESTAMP_LTZ, the UTC wall clock of a TIMESTAMP), bytes
 * upper-case hex, decimals plain text with their scale, floats Java's double text.
 */
final class Rendering {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Rendering() {}

    /** The DuckDB expression rendering column {@code name} of type {@code type}. */
    static String sql(String name, LogicalType type) {
        String c = "\"" + name.replace("\"", "\"\"") + "\"";
        switch (type.getTypeRoot()) {
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return "CAST(epoch_us(" + c + ") AS VARCHAR)";
            case BINARY:
            case VARBINARY:
                return "hex(" + c + ")";
            case FLOAT:
            case DOUBLE:
                return "CAST(" + c + " AS DOUBLE)";
            case CHAR:
            case VARCHAR:
                return c;
            default:
                return "CAST(" + c + " AS VARCHAR)";
        }
    }

    /** The DuckDB select list rendering every column of {@code type}. */
    static String selectList(RowType type) {
        List<String> items = new ArrayList<>();
        for (RowType.RowField f : type.getFields()) {
            items.add(sql(f.getName(), f.getType()));
        }
        return String.join(", ", items);
    }

    /** The row as {@link #sql} renders it in DuckDB. */
    static List<String> row(RowData row, RowType type) {
        List<String> out = new ArrayList<>(type.getFieldCount());
        for (int i = 0; i < type.getFieldCount(); i++) {
            out.add(row.isNullAt(i) ? null : value(row, i, type.getTypeAt(i)));
        }
        return out;
    }

    private static String value(RowData row, int i, LogicalType type) {
        switch (type.getTypeRoot()) {
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return Long.toString(
                        EventTimes.micros(row.getTimestamp(i, LogicalTypeChecks.getPrecision(type))));
            case BINARY:
            case VARBINARY:
                return HEX.formatHex(row.getBinary(i));
            case FLOAT:
                return Double.toString(row.getFloat(i));
            case DOUBLE:
                return Double.toString(row.getDouble(i));
            case CHAR:
            case VARCHAR:
                return row.getString(i).toString();
            case DECIMAL:
                DecimalType d = (DecimalType) type;
                return row.getDecimal(i, d.getPrecision(), d.getScale()).toBigDecimal().toPlainString();
            case DATE:
                return LocalDate.ofEpochDay(row.getInt(i)).toString();
            case BOOLEAN:
                return Boolean.toString(row.getBoolean(i));
            case TINYINT:
                return Byte.toString(row.getByte(i));
            case SMALLINT:
                return Short.toString(row.getShort(i));
            case INTEGER:
                return Integer.toString(row.getInt(i));
            case BIGINT:
                return Long.toString(row.getLong(i));
            default:
                throw new IllegalArgumentException("no rendering for " + type);
        }
    }
}
