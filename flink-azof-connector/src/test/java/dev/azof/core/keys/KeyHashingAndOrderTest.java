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
package dev.azof.core.keys;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class KeyHashingAndOrderTest {

    private static final List<LogicalType> TYPES =
            List.of(VarCharType.STRING_TYPE, new BigIntType(), new TimestampType(6));
    private static final int[] KEYS = {0, 1, 2};
    private static final RowDataSerializer BINARY =
            new RowDataSerializer(TYPES.toArray(new LogicalType[0]));

    @Test
    void murmur3MatchesPublishedVectors() {
        assertThat(BucketAssigner.murmur3(new byte[0])).isEqualTo(0);
        assertThat(BucketAssigner.murmur3("hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(0x248bfa47);
        assertThat(BucketAssigner.murmur3("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(0x2e4ff723);
    }

    @Test
    void canonicalBytesAreTheSpecifiedEncoding() {
        BucketAssigner assigner = new BucketAssigner(TYPES, 4);
        RowData key = GenericRowData.of(StringData.fromString("ab"), 5L, null);
        // String: flag, big-endian UTF-8 length, bytes; BIGINT: flag, 8 bytes; null: flag 0.
        assertThat(assigner.canonicalBytes(key, KEYS))
                .containsExactly(1, 0, 0, 0, 2, 'a', 'b', 1, 0, 0, 0, 0, 0, 0, 0, 5, 0);
        RowData ts = GenericRowData.of(null, null, TimestampData.fromEpochMillis(-2, 1500));
        assertThat(assigner.canonicalBytes(ts, KEYS))
                .containsExactly(0, 0, 1, -1, -1, -1, -1, -1, -1, -1, -2, 0, 0, 5, -36);
    }

    @Test
    void streamingBucketEqualsHashOfCanonicalBytes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int buckets : new int[] {1, 4, 7, 64}) {
            BucketAssigner assigner = new BucketAssigner(TYPES, buckets);
            for (int i = 0; i < 2000; i++) {
                RowData row = randomKey(random);
                int expected = Math.floorMod(BucketAssigner.murmur3(assigner.canonicalBytes(row, KEYS)), buckets);
                assertThat(assigner.bucket(row, KEYS)).as("row %s", row).isEqualTo(expected);
                // The same key as a binary row, its string read in place from the row's bytes.
                assertThat(assigner.bucket(BINARY.toBinaryRow(row).copy(), KEYS)).as("binary row %s", row).isEqualTo(expected);
            }
        }
    }

    @Test
    void stringsCompareByUnsignedUtf8BytesWhateverTheirForm() {
        KeyComparator comparator = new KeyComparator(List.of(VarCharType.STRING_TYPE));
        int[] k = {0};
        String[] samples = {"", "a", "ab", "b", "é", "\uE000", "\uD83D\uDE00", "zz", "Z"};
        for (String x : samples) {
            for (String y : samples) {
                int expected = Integer.signum(KeyComparator.compareBytes(
                        x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
                // Java strings, binary strings, and one of each.
                RowData jx = GenericRowData.of(StringData.fromString(x));
                RowData jy = GenericRowData.of(StringData.fromString(y));
                RowData bx = GenericRowData.of(BinaryStringData.fromBytes(x.getBytes(StandardCharsets.UTF_8)));
                RowData by = GenericRowData.of(BinaryStringData.fromBytes(y.getBytes(StandardCharsets.UTF_8)));
                assertThat(Integer.signum(comparator.compare(jx, k, jy, k))).as("%s vs %s", x, y).isEqualTo(expected);
                assertThat(Integer.signum(comparator.compare(bx, k, by, k))).isEqualTo(expected);
                assertThat(Integer.signum(comparator.compare(jx, k, by, k))).isEqualTo(expected);
            }
        }
    }

    private static RowData randomKey(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int len = random.nextInt(0, 12);
        for (int i = 0; i < len; i++) {
            s.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x80, 0x2FFFF) : random.nextInt(0x20, 0x7F));
        }
        return GenericRowData.of(
                random.nextInt(10) == 0 ? null : StringData.fromString(s.toString()),
                random.nextInt(10) == 0 ? null : random.nextLong(),
                TimestampData.fromEpochMillis(random.nextLong(-1L << 40, 1L << 40), random.nextInt(1_000_000)));
    }
}
