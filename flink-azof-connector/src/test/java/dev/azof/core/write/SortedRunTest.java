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

import dev.azof.core.keys.KeyComparator;
import dev.azof.core.read.RowIterator;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SortedRunTest {

    /** Keys of every shape the run special-cases, including long shared string prefixes. */
    @Test
    void readsRowsBackSortedByKeyAndStableForEveryKeyShape() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        List<LogicalType[]> shapes =
                List.of(
                        new LogicalType[] {VarCharType.STRING_TYPE},
                        new LogicalType[] {new BigIntType()},
                        new LogicalType[] {new IntType()},
                        new LogicalType[] {VarCharType.STRING_TYPE, new BigIntType()});
        for (LogicalType[] keyTypes : shapes) {
            int[] keyIndexes = keyTypes.length == 1 ? new int[] {0} : new int[] {0, 1};
            RowType type =
                    RowType.of(
                            new LogicalType[] {keyTypes[0], keyTypes.length > 1 ? keyTypes[1] : new BigIntType(), new BigIntType()},
                            new String[] {"k0", "k1", "seq"});
            KeyComparator comparator = new KeyComparator(List.of(keyTypes));
            RowDataSerializer serializer = new RowDataSerializer(type);
            SortedRun run = new SortedRun(type, comparator, keyIndexes);
            List<RowData> rows = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                RowData row = GenericRowData.of(key(keyTypes[0], random), (long) random.nextInt(4), (long) i);
                rows.add(row);
                // Both paths in: binary rows (as the sink buffers them) and generic ones.
                run.add(i % 2 == 0 ? serializer.toBinaryRow(row).copy() : row);
            }
            List<RowData> expected = new ArrayList<>(rows);
            expected.sort((a, b) -> comparator.compare(a, keyIndexes, b, keyIndexes)); // stable
            List<Long> got = new ArrayList<>();
            try (RowIterator it = run.sorted()) {
                while (it.hasNext()) {
                    got.add(it.next().getLong(2));
                }
            }
            List<Long> want = new ArrayList<>();
            expected.forEach(r -> want.add(r.getLong(2)));
            assertThat(got).as("keys %s", List.of(keyTypes)).isEqualTo(want);
        }
    }

    private static Object key(LogicalType type, SplittableRandom random) {
        switch (type.getTypeRoot()) {
            case VARCHAR:
                {
                    StringBuilder s = new StringBuilder(random.nextBoolean() ? "abcdefghijklmnop" : "");
                    if (random.nextInt(5) == 0) {
                        s.append('\u0000');
                    }
                    int len = random.nextInt(0, 4);
                    for (int i = 0; i < len; i++) {
                        s.appendCodePoint(random.nextInt(3) == 0 ? random.nextInt(0xA0, 0xD000) : random.nextInt('a', 'e'));
                    }
                    return StringData.fromString(s.toString());
                }
            case INTEGER:
                return random.nextInt(-50, 50) * (random.nextBoolean() ? 1 : Integer.MAX_VALUE / 64);
            default:
                return (long) random.nextInt(-50, 50) * (random.nextBoolean() ? 1 : Long.MAX_VALUE / 64);
        }
    }
}
