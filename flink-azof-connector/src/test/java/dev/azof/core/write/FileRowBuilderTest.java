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

package dev.azof.core.write;

import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.TableSchema;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileRowBuilderTest {

    private static final String[] NAMES = {
        "k", "ts", "i", "b", "d", "dec_small", "dec_large", "bytes", "ts9", "ltz6"
    };
    private static final LogicalType[] TYPES = {
        new VarCharType(false, VarCharType.MAX_LENGTH),
        new TimestampType(false, 3),
        new IntType(),
        new BooleanType(),
        new DoubleType(),
        new DecimalType(10, 2),
        new DecimalType(30, 5),
        new VarBinaryType(VarBinaryType.MAX_LENGTH),
        new TimestampType(6),
        new LocalZonedTimestampType(6)
    };

    private static TableSchema schema() {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            columns.add(Column.of(NAMES[i], TYPES[i]));
        }
        return TableSchema.of(columns, List.of("k"), "ts");
    }

    /** The input has the table's columns in reverse order, plus one the table does not have. */
    private static RowType inputType() {
        List<RowType.RowField> fields = new ArrayList<>();
        fields.add(new RowType.RowField("extra", new BigIntType()));
        for (int i = NAMES.length - 1; i >= 0; i--) {
            fields.add(new RowType.RowField(NAMES[i], TYPES[i]));
        }
        return new RowType(fields);
    }

    private static GenericRowData randomInput(SplittableRandom r) {
        GenericRowData row = new GenericRowData(NAMES.length + 1);
        row.setField(0, r.nextLong());
        Object[] values = {
            StringData.fromString("key-" + r.nextInt(1000) + (r.nextBoolean() ? "-é€" : "")),
            TimestampData.fromEpochMillis(r.nextLong(-1L << 40, 1L << 40)),
            r.nextInt(),
            r.nextBoolean(),
            r.nextDouble(),
            DecimalData.fromBigDecimal(BigDecimal.valueOf(r.nextLong(-1_000_000_000L, 1_000_000_000L), 2), 10, 2),
            DecimalData.fromBigDecimal(new BigDecimal(r.nextLong() + "" + r.nextInt(1_000_000) + ".12345"), 30, 5),
            new byte[] {(byte) r.nextInt(), 0, (byte) 255},
            TimestampData.fromEpochMillis(r.nextLong(0, 1L << 40), r.nextInt(1000) * 1000),
            TimestampData.fromEpochMillis(r.nextLong(0, 1L << 40), r.nextInt(1000) * 1000)
        };
        for (int i = 0; i < NAMES.length; i++) {
            // Keys and event times are never null; the other columns sometimes are.
            boolean isNull = i >= 2 && r.nextInt(5) == 0;
            row.setField(NAMES.length - i, isNull ? null : values[i]);
        }
        return row;
    }

    @Test
    void buildsTheFileRowFromGenericAndBinaryInputs() {
        TableSchema schema = schema();
        RowType input = inputType();
        RowType fileType = schema.fileRowType();
        FileRowBuilder builder = new FileRowBuilder(new Path("/tables/t"), schema, input);
        RowDataSerializer inputSerializer = new RowDataSerializer(input);
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 500; n++) {
            GenericRowData in = randomInput(random);
            boolean tombstone = random.nextBoolean();
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < NAMES.length; i++) {
                expected.add(comparable(RowData.createFieldGetter(TYPES[i], NAMES.length - i).getFieldOrNull(in)));
            }
            expected.add(tombstone);
            for (RowData form : List.of(in, inputSerializer.toBinaryRow(in).copy())) {
                RowData built = builder.build(form, tombstone);
                List<Object> actual = new ArrayList<>();
                for (int i = 0; i < fileType.getFieldCount(); i++) {
                    actual.add(comparable(RowData.createFieldGetter(fileType.getTypeAt(i), i).getFieldOrNull(built)));
                }
                assertThat(actual).as("row %d from %s", n, form.getClass().getSimpleName())
                        .isEqualTo(expected);
            }
        }
    }

    /** A value with equals by content: strings, decimals and bytes are compared as text. */
    private static Object comparable(Object value) {
        if (value instanceof byte[]) {
            return Arrays.toString((byte[]) value);
        }
        if (value instanceof StringData || value instanceof DecimalData) {
            return value.toString();
        }
        return value;
    }

    @Test
    void namesAMissingColumn() {
        RowType input = RowType.of(new LogicalType[] {new VarCharType()}, new String[] {"k"});
        assertThatThrownBy(() -> new FileRowBuilder(new Path("/tables/t"), schema(), input))
                .hasMessageContaining("no column 'ts'")
                .hasMessageContaining("/tables/t");
    }
}
