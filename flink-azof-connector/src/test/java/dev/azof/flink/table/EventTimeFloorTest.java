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

import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.TableSchema;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.BuiltInFunctionDefinition;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which filters give {@link EventTimeFloor} a lower bound on the event time, and which must not. */
class EventTimeFloorTest {

    private static final LocalDateTime T1 = LocalDateTime.parse("2024-03-01T10:00:00");
    private static final LocalDateTime T2 = LocalDateTime.parse("2024-05-01T00:00:00.123");

    private static EventTimeFloor floors(LogicalType eventTimeType) {
        return EventTimeFloor.forTable(
                TableSchema.of(
                        List.of(Column.of("k", new VarCharType(false, 10)), Column.of("ts", eventTimeType)),
                        List.of("k"),
                        "ts"));
    }

    private static final EventTimeFloor TIMESTAMP = floors(new TimestampType(true, 3));

    private static ResolvedExpression ts() {
        return new FieldReferenceExpression("ts", DataTypes.TIMESTAMP(3), 0, 1);
    }

    private static ResolvedExpression call(BuiltInFunctionDefinition f, ResolvedExpression... args) {
        return CallExpression.permanent(f, List.of(args), DataTypes.BOOLEAN());
    }

    private static Instant utc(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC);
    }

    @Test
    void lowerBoundsOnTheEventTimeColumn() {
        ValueLiteralExpression t1 = new ValueLiteralExpression(T1);
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, ts(), t1))).isEqualTo(utc(T1));
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.GREATER_THAN, ts(), t1))).isEqualTo(utc(T1));
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL, t1, ts()))).isEqualTo(utc(T1));
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.LESS_THAN, t1, ts()))).isEqualTo(utc(T1));
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.EQUALS, t1, ts()))).isEqualTo(utc(T1));
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.EQUALS, ts(), t1))).isEqualTo(utc(T1));
    }

    /** An upper bound is not a floor: files after it still decide that an older row is not the latest. */
    @Test
    void upperBoundsAndOtherColumnsSetNoFloor() {
        ValueLiteralExpression t1 = new ValueLiteralExpression(T1);
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL, ts(), t1))).isNull();
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.GREATER_THAN, t1, ts()))).isNull();
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.NOT_EQUALS, ts(), t1))).isNull();
        ResolvedExpression k = new FieldReferenceExpression("k", DataTypes.STRING(), 0, 0);
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, k, new ValueLiteralExpression("a"))))
                .isNull();
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.IS_NOT_NULL, ts()))).isNull();
    }

    @Test
    void andTakesTheLatestFloorAndOrTheEarliestIfEveryBranchHasOne() {
        ResolvedExpression from1 = call(BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, ts(), new ValueLiteralExpression(T1));
        ResolvedExpression from2 = call(BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, ts(), new ValueLiteralExpression(T2));
        ResolvedExpression upTo2 = call(BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL, ts(), new ValueLiteralExpression(T2));
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.AND, from1, from2))).isEqualTo(utc(T2));
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.AND, upTo2, from1))).isEqualTo(utc(T1));
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.OR, from2, from1))).isEqualTo(utc(T1));
        assertThat(TIMESTAMP.floor(call(BuiltInFunctionDefinitions.OR, from2, upTo2))).isNull();
        assertThat(TIMESTAMP.floor(List.of(from1, upTo2, from2))).isEqualTo(utc(T2));
    }

    @Test
    void literalsOfAnotherTypeOrNullSetNoFloor() {
        assertThat(TIMESTAMP.floor(call(
                        BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, ts(), new ValueLiteralExpression(utc(T1)))))
                .as("a TIMESTAMP_LTZ literal for a TIMESTAMP column")
                .isNull();
        assertThat(TIMESTAMP.floor(call(
                        BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL,
                        ts(),
                        new ValueLiteralExpression(null, DataTypes.TIMESTAMP(3)))))
                .isNull();
    }

    @Test
    void timestampLtzColumnsTakeInstants() {
        EventTimeFloor ltz = floors(new LocalZonedTimestampType(true, 6));
        ResolvedExpression column = new FieldReferenceExpression("ts", DataTypes.TIMESTAMP_LTZ(6), 0, 1);
        assertThat(ltz.floor(call(
                        BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, column, new ValueLiteralExpression(utc(T2)))))
                .isEqualTo(utc(T2));
        assertThat(ltz.floor(call(BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, column, new ValueLiteralExpression(T2))))
                .isNull();
    }
}
