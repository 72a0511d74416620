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
package dev.azof.flink.table;

import dev.azof.core.keys.BucketAssigner;
import dev.azof.core.metadata.TableSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Derives from a filter the buckets that can hold the keys satisfying it, for tables of this
 * project with a single-column primary key.
 *
 * <p>Only predicates on the key column are used: {@code k = literal}, {@code k IN (literals)}, and
 * {@code OR}/{@code AND} combinations of them. The key of a merged row is the key of every row it
 * was merged from, so restricting the buckets read never changes the answer; predicates on other
 * columns are never used here (they apply to the merged row, not to the stored rows). The filter
 * itself always stays with Flink, which re-applies it.
 */
@Internal
final class BucketPruning implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final int[] FIRST = {0};

    private final String keyColumn;
    private final LogicalType keyType;
    private final BucketAssigner assigner;

    private BucketPruning(String keyColumn, LogicalType keyType, int buckets) {
        this.keyColumn = keyColumn;
        this.keyType = keyType;
        this.assigner = new BucketAssigner(List.of(keyType), buckets);
    }

    /** Pruning for the table, or null when its buckets cannot be derived from filters. */
    static BucketPruning forTable(TableSchema schema, int bucketCount) {
        if (schema.isLegacy() || schema.primaryKey().size() != 1 || bucketCount < 2) {
            return null;
        }
        String key = schema.primaryKey().get(0);
        return new BucketPruning(key, schema.rowType().getTypeAt(schema.indexOf(key)), bucketCount);
    }

    /**
     * The buckets that hold every key satisfying the filter, or null when the filter does not
     * restrict the key (it is then useless for pruning).
     */
    Set<Integer> buckets(ResolvedExpression filter) {
        if (!(filter instanceof CallExpression)) {
            return null;
        }
        CallExpression call = (CallExpression) filter;
        FunctionDefinition def = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (def == BuiltInFunctionDefinitions.EQUALS && args.size() == 2) {
            if (isKey(args.get(0))) {
                return bucketsOfLiterals(args.subList(1, 2));
            }
            if (isKey(args.get(1))) {
                return bucketsOfLiterals(args.subList(0, 1));
            }
            return null;
        }
        if (def == BuiltInFunctionDefinitions.IN && args.size() >= 2 && isKey(args.get(0))) {
            return bucketsOfLiterals(args.subList(1, args.size()));
        }
        if (def == BuiltInFunctionDefinitions.OR) {
            // true only if one of the children is: the union, provided every child restricts
            Set<Integer> union = new HashSet<>();
            for (ResolvedExpression child : args) {
                Set<Integer> b = buckets(child);
                if (b == null) {
                    return null;
                }
                union.addAll(b);
            }
            return union;
        }
        if (def == BuiltInFunctionDefinitions.AND) {
            // true only if every child is: the intersection of the children that restrict
            Set<Integer> meet = null;
            for (ResolvedExpression child : args) {
                Set<Integer> b = buckets(child);
                if (b != null) {
                    if (meet == null) {
                        meet = new HashSet<>(b);
                    } else {
                        meet.retainAll(b);
                    }
                }
            }
            return meet;
        }
        return null;
    }

    private boolean isKey(ResolvedExpression e) {
        return e instanceof FieldReferenceExpression
                && ((FieldReferenceExpression) e).getName().equals(keyColumn);
    }

    private Set<Integer> bucketsOfLiterals(List<ResolvedExpression> literals) {
        Set<Integer> out = new HashSet<>();
        for (ResolvedExpression e : literals) {
            if (!(e instanceof ValueLiteralExpression)) {
                return null;
            }
            ValueLiteralExpression literal = (ValueLiteralExpression) e;
            if (literal.isNull()) {
                return null;
            }
            Object internal = toInternal(literal.getValueAs(Object.class).orElse(null));
            if (internal == null) {
                return null;
            }
            out.add(assigner.bucket(GenericRowData.of(internal), FIRST));
        }
        return out;
    }

    /**
     * The literal in Flink's internal format for the key type, or null when the literal is not
     * exactly a value of that type (no pruning then).
     */
    private Object toInternal(Object v) {
        if (v == null) {
            return null;
        }
        switch (keyType.getTypeRoot()) {
            case BOOLEAN:
                return v instanceof Boolean ? v : null;
            case TINYINT:
                return integral(v, Byte.MIN_VALUE, Byte.MAX_VALUE)
                        ? (Object) ((Number) v).byteValue()
                        : null;
            case SMALLINT:
                return integral(v, Short.MIN_VALUE, Short.MAX_VALUE)
                        ? (Object) ((Number) v).shortValue()
                        : null;
            case INTEGER:
                return integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE)
                        ? (Object) ((Number) v).intValue()
                        : null;
            case BIGINT:
                return integral(v, Long.MIN_VALUE, Long.MAX_VALUE)
                        ? (Object) ((Number) v).longValue()
                        : null;
            case DATE:
                return v instanceof LocalDate ? (Object) (int) ((LocalDate) v).toEpochDay() : null;
            case FLOAT:
                return v instanceof Float ? v : null;
            case DOUBLE:
                return v instanceof Double ? v : null;
            case DECIMAL:
                {
                    BigDecimal bd;
                    if (v instanceof BigDecimal) {
                        bd = (BigDecimal) v;
                    } else if (integral(v, Long.MIN_VALUE, Long.MAX_VALUE)) {
                        bd = BigDecimal.valueOf(((Number) v).longValue());
                    } else {
                        return null;
                    }
                    DecimalType d = (DecimalType) keyType;
                    DecimalData data =
                            DecimalData.fromBigDecimal(bd, d.getPrecision(), d.getScale());
                    return data != null && data.toBigDecimal().compareTo(bd) == 0 ? data : null;
                }
            case VARCHAR:
                // CHAR keys are not pruned: padding makes equal values differ in bytes
                return v instanceof String ? StringData.fromString((String) v) : null;
            case VARBINARY:
                return v instanceof byte[] ? v : null;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return v instanceof LocalDateTime && fits(((LocalDateTime) v).getNano())
                        ? TimestampData.fromLocalDateTime((LocalDateTime) v)
                        : null;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return v instanceof Instant && fits(((Instant) v).getNano())
                        ? TimestampData.fromInstant((Instant) v)
                        : null;
            default:
                return null;
        }
    }

    /** Whether a fraction of a second has no more digits than the key type's precision. */
    private boolean fits(int nanos) {
        int precision = LogicalTypeChecks.getPrecision(keyType);
        long unit = 1;
        for (int i = precision; i < 9; i++) {
            unit *= 10;
        }
        return nanos % unit == 0;
    }

    private static boolean integral(Object v, long min, long max) {
        if (!(v instanceof Byte
                || v instanceof Short
                || v instanceof Integer
                || v instanceof Long)) {
            return false;
        }
        long l = ((Number) v).longValue();
        return l >= min && l <= max;
    }

    String keyColumn() {
        return keyColumn;
    }
}
