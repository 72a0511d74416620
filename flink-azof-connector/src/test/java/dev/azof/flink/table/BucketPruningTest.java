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
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.TableSchema;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which literals {@link BucketPruning} turns into buckets, per key type. */
class BucketPruningTest {

    private static final int BUCKETS = 16;

    private static BucketPruning pruning(LogicalType keyType) {
        TableSchema schema =
                TableSchema.of(
                        List.of(
                                Column.of("id", keyType.copy(false)),
                                Column.of("ts", new TimestampType(true, 3))),
                        List.of("id"),
                        "ts");
        return BucketPruning.forTable(schema, BUCKETS);
    }

    private static ResolvedExpression eq(DataType keyType, Object literal) {
        return CallExpression.permanent(
                BuiltInFunctionDefinitions.EQUALS,
                List.of(
                        new FieldReferenceExpression("id", keyType, 0, 0),
                        new ValueLiteralExpression(literal)),
                DataTypes.BOOLEAN());
    }

    private static int bucket(LogicalType type, Object internal) {
        return new BucketAssigner(List.of(type), BUCKETS)
                .bucket(GenericRowData.of(internal), new int[] {0});
    }

    @Test
    void integerLiteralsOfAnyWidthPruneABigintKey() {
        BucketPruning p = pruning(new BigIntType());
        int expected = bucket(new BigIntType(), 7L);
        assertThat(p.buckets(eq(DataTypes.BIGINT(), 7L))).containsExactly(expected);
        assertThat(p.buckets(eq(DataTypes.BIGINT(), 7))).containsExactly(expected);
        assertThat(p.buckets(eq(DataTypes.BIGINT(), (short) 7))).containsExactly(expected);
        assertThat(p.buckets(eq(DataTypes.BIGINT(), "7"))).isNull();
        assertThat(p.buckets(eq(DataTypes.BIGINT(), 7.0))).isNull();
    }

    @Test
    void integerOutOfRangeIsNotPruned() {
        BucketPruning p = pruning(DataTypes.INT().getLogicalType());
        assertThat(p.buckets(eq(DataTypes.INT(), 1L << 40))).isNull();
        assertThat(p.buckets(eq(DataTypes.INT(), 5))).hasSize(1);
    }

    @Test
    void charKeysAreNotPruned() {
        BucketPruning p = pruning(new CharType(3));
        assertThat(p.buckets(eq(DataTypes.CHAR(3), "abc"))).isNull();
    }

    @Test
    void decimalsMustBeExactlyRepresentable() {
        DecimalType type = new DecimalType(10, 2);
        BucketPruning p = pruning(type);
        assertThat(p.buckets(eq(DataTypes.DECIMAL(10, 2), new BigDecimal("1.25"))))
                .containsExactly(
                        bucket(type, DecimalData.fromBigDecimal(new BigDecimal("1.25"), 10, 2)));
        assertThat(p.buckets(eq(DataTypes.DECIMAL(10, 3), new BigDecimal("1.255")))).isNull();
    }

    @Test
    void timestampsFinerThanTheKeyAreNotPruned() {
        TimestampType type = new TimestampType(3);
        BucketPruning p = pruning(type);
        LocalDateTime millis = LocalDateTime.parse("2024-01-01T00:00:00.123");
        assertThat(p.buckets(eq(DataTypes.TIMESTAMP(3), millis)))
                .containsExactly(bucket(type, TimestampData.fromLocalDateTime(millis)));
        assertThat(
                        p.buckets(
                                eq(
                                        DataTypes.TIMESTAMP(6),
                                        LocalDateTime.parse("2024-01-01T00:00:00.123456"))))
                .isNull();
    }

    @Test
    void nullLiteralIsNotPruned() {
        BucketPruning p = pruning(new BigIntType());
        ResolvedExpression isNull =
                CallExpression.permanent(
                        BuiltInFunctionDefinitions.EQUALS,
                        List.of(
                                new FieldReferenceExpression("id", DataTypes.BIGINT(), 0, 0),
                                new ValueLiteralExpression(null, DataTypes.BIGINT())),
                        DataTypes.BOOLEAN());
        assertThat(p.buckets(isNull)).isNull();
    }

    @Test
    void noPruningForCompositeKeysOrOneBucket() {
        TableSchema composite =
                TableSchema.of(
                        List.of(
                                Column.of("a", new BigIntType(false)),
                                Column.of("b", new BigIntType(false)),
                                Column.of("ts", new TimestampType(true, 3))),
                        List.of("a", "b"),
                        "ts");
        assertThat(BucketPruning.forTable(composite, BUCKETS)).isNull();
        TableSchema single =
                TableSchema.of(
                        List.of(
                                Column.of("id", new BigIntType(false)),
                                Column.of("ts", new TimestampType(true, 3))),
                        List.of("id"),
                        "ts");
        assertThat(BucketPruning.forTable(single, 1)).isNull();
    }
}
