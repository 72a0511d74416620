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

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import java.io.Serializable;
import java.util.List;

/**
 * Which type changes a schema change may make, and how a value read with a column's old type
 * becomes a value of its new type. Only changes that lose nothing: every old value has exactly
 * one new value, so old files read as if written with the new type.
 */
public final class TypeWidening {

    private static final List<LogicalTypeRoot> INTEGERS =
            List.of(LogicalTypeRoot.TINYINT, LogicalTypeRoot.SMALLINT, LogicalTypeRoot.INTEGER, LogicalTypeRoot.BIGINT);

    private TypeWidening() {}

    /** Converts a value (Flink's internal data structures) of one type into another. */
    @FunctionalInterface
    public interface ValueConverter extends Serializable {
        Object convert(Object value);
    }

    /**
     * Why the type cannot change from {@code from} to {@code to}, or null when it can. Equal
     * types (nullability aside) are a change that changes nothing.
     */
    public static String problem(LogicalType from, LogicalType to) {
        LogicalType a = from.copy(true);
        LogicalType b = to.copy(true);
        if (a.equals(b)) {
            return null;
        }
        LogicalTypeRoot ra = a.getTypeRoot();
        LogicalTypeRoot rb = b.getTypeRoot();
        if (INTEGERS.contains(ra) && INTEGERS.contains(rb) && INTEGERS.indexOf(rb) > INTEGERS.indexOf(ra)) {
            return null;
        }
        if (ra == LogicalTypeRoot.FLOAT && rb == LogicalTypeRoot.DOUBLE) {
            return null;
        }
        if (ra == LogicalTypeRoot.DECIMAL && rb == LogicalTypeRoot.DECIMAL) {
            DecimalType da = (DecimalType) a;
            DecimalType db = (DecimalType) b;
            if (da.getScale() != db.getScale()) {
                return "a DECIMAL's scale cannot change (" + da.getScale() + " to " + db.getScale() + ")";
            }
            return db.getPrecision() > da.getPrecision() ? null : "a DECIMAL's precision can only grow";
        }
        if (ra == LogicalTypeRoot.VARCHAR && rb == LogicalTypeRoot.VARCHAR) {
            return ((VarCharType) b).getLength() > ((VarCharType) a).getLength()
                    ? null
                    : "a VARCHAR's length can only grow";
        }
        if (ra == LogicalTypeRoot.CHAR && rb == LogicalTypeRoot.VARCHAR) {
            return ((VarCharType) b).getLength() >= ((CharType) a).getLength()
                    ? null
                    : "a CHAR(n) can only become a VARCHAR of length n or more";
        }
        if (ra == LogicalTypeRoot.VARBINARY && rb == LogicalTypeRoot.VARBINARY) {
            return ((VarBinaryType) b).getLength() > ((VarBinaryType) a).getLength()
                    ? null
                    : "a VARBINARY's length can only grow";
        }
        if (ra == LogicalTypeRoot.BINARY && rb == LogicalTypeRoot.VARBINARY) {
            return ((VarBinaryType) b).getLength() >= ((BinaryType) a).getLength()
                    ? null
                    : "a BINARY(n) can only become a VARBINARY of length n or more";
        }
        return "only widening changes are supported (TINYINT < SMALLINT < INT < BIGINT, FLOAT to DOUBLE, "
                + "DECIMAL precision up, VARCHAR/VARBINARY length up), not "
                + a.asSummaryString() + " to " + b.asSummaryString();
    }

    /**
     * Converts values of type {@code from} into values of type {@code to}, which {@link
     * #problem} allows; the identity when nothing is to convert. Nulls stay null.
     */
    public static ValueConverter converter(LogicalType from, LogicalType to) {
        String problem = problem(from, to);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        LogicalTypeRoot rb = to.getTypeRoot();
        switch (rb) {
            case SMALLINT:
                return v -> v == null ? null : (short) ((Number) v).longValue();
            case INTEGER:
                return v -> v == null ? null : (int) ((Number) v).longValue();
            case BIGINT:
                return v -> v == null ? null : ((Number) v).longValue();
            case DOUBLE:
                // The exact value of the float, as Iceberg's float-to-double promotion reads it.
                return v -> v == null ? null : ((Number) v).doubleValue();
            case DECIMAL:
                DecimalType d = (DecimalType) to;
                return v -> v == null
                        ? null
                        : DecimalData.fromBigDecimal(((DecimalData) v).toBigDecimal(), d.getPrecision(), d.getScale());
            default:
                // Strings and bytes keep their internal form.
                return v -> v;
        }
    }
}
