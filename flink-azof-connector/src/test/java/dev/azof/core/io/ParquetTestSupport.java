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

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Helpers shared by the tests of this package. */
final class ParquetTestSupport {

    private ParquetTestSupport() {}

    /**
     * Converts a row to plain Java values that compare by value: strings, hex for bytes,
     * BigDecimal, Instant-like strings for timestamps, boxed primitives, nulls.
     */
    static List<Object> values(RowData row, RowType type) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            LogicalType t = type.getTypeAt(i);
            Object v = RowData.createFieldGetter(t, i).getFieldOrNull(row);
            out.add(normalize(v));
        }
        return out;
    }

    static Object normalize(Object v) {
        if (v instanceof StringData) {
            return v.toString();
        }
        if (v instanceof byte[]) {
            return "0x" + HexFormat.of().formatHex((byte[]) v);
        }
        if (v instanceof DecimalData) {
            return ((DecimalData) v).toBigDecimal();
        }
        if (v instanceof TimestampData) {
            return ((TimestampData) v).toInstant().toString();
        }
        return v;
    }
}
