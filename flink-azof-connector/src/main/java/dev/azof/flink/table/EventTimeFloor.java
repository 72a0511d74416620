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

import dev.azof.core.metadata.TableSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Derives from a filter the least event time a row satisfying it can have: {@code event_time >=
 * literal}, {@code > literal}, {@code = literal} (either side), and {@code AND}/{@code OR}
 * combinations. An as-of read then skips the files whose rows all lie before that floor (spec
 * section 6.4); the filter itself stays with Flink, which drops the older rows the read still
 * emits. Only a lower bound is safe: a file of rows after an upper bound still decides that an
 * older row is not a key's latest.
 */
@Internal
final class EventTimeFloor {

    private final String column;
    private final LogicalTypeRoot columnType;

    private EventTimeFloor(String column, LogicalTypeRoot columnType) {
        this.column = column;
        this.columnType = columnType;
    }

    /** The floor's deriver for the table, or null for azof 0.2 tables (file order decides there). */
    static EventTimeFloor forTable(TableSchema schema) {
        if (schema.isLegacy()) {
            return null;
        }
        String column = schema.eventTimeColumn();
        return new EventTimeFloor(column, schema.rowType().getTypeAt(schema.indexOf(column)).getTypeRoot());
    }

    /** The greatest floor of the filters (they all hold), or null when none sets one. */
    Instant floor(List<ResolvedExpression> filters) {
        Instant floor = null;
        for (ResolvedExpression f : filters) {
            floor = later(floor, floor(f));
        }
        return floor;
    }

    /** The least event time of a row satisfying {@code filter}, or null when it sets none. */
    Instant floor(ResolvedExpression filter) {
        if (!(filter instanceof CallExpression)) {
            return null;
        }
        CallExpression call = (CallExpression) filter;
        FunctionDefinition def = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (def == BuiltInFunctionDefinitions.AND) {
            return floor(args);
        }
        if (def == BuiltInFunctionDefinitions.OR) {
            // true if one child is: the earliest of the children's floors, if each has one
            Instant earliest = null;
            for (ResolvedExpression child : args) {
                Instant f = floor(child);
                if (f == null) {
                    return null;
                }
                earliest = earliest == null || f.isBefore(earliest) ? f : earliest;
            }
            return earliest;
        }
        if (args.size() != 2) {
            return null;
        }
        boolean columnFirst = isColumn(args.get(0));
        boolean columnSecond = isColumn(args.get(1));
        if (def == BuiltInFunctionDefinitions.EQUALS) {
            return columnFirst ? instant(args.get(1)) : columnSecond ? instant(args.get(0)) : null;
        }
        if (def == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL
                || def == BuiltInFunctionDefinitions.GREATER_THAN) {
            return columnFirst ? instant(args.get(1)) : null;
        }
        if (def == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL
                || def == BuiltInFunctionDefinitions.LESS_THAN) {
            return columnSecond ? instant(args.get(0)) : null;
        }
        return null;
    }

    private boolean isColumn(ResolvedExpression e) {
        return e instanceof FieldReferenceExpression
                && ((FieldReferenceExpression) e).getName().equals(column);
    }

    /**
     * The literal as an instant, or null unless it is a non-null literal of the column's kind of
     * timestamp (a TIMESTAMP column's values mean UTC, as the table stores them).
     */
    private Instant instant(ResolvedExpression e) {
        if (!(e instanceof ValueLiteralExpression) || ((ValueLiteralExpression) e).isNull()) {
            return null;
        }
        ValueLiteralExpression literal = (ValueLiteralExpression) e;
        LogicalTypeRoot literalType = literal.getOutputDataType().getLogicalType().getTypeRoot();
        if (literalType != columnType) {
            return null;
        }
        if (columnType == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE) {
            return literal.getValueAs(LocalDateTime.class).map(t -> t.toInstant(ZoneOffset.UTC)).orElse(null);
        }
        if (columnType == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
            return literal.getValueAs(Instant.class).orElse(null);
        }
        return null;
    }

    /** The later of two floors, either null for none. */
    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }
}
