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

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A table of every type the format stores, written the way this project writes (appends, bases,
 * a compaction), with nulls, extreme values and unicode: the values the interop tests read back.
 */
final class AllTypesTable {

    static final TableSchema SCHEMA =
            TableSchema.of(
                    List.of(
                            Column.of("k", new VarCharType(false, VarCharType.MAX_LENGTH)),
                            Column.of("n", new IntType(false)),
                            Column.of("ts", new LocalZonedTimestampType(6)),
                            Column.of("b", new BooleanType()),
                            Column.of("i8", new TinyIntType()),
                            Column.of("i16", new SmallIntType()),
                            Column.of("i32", new IntType()),
                            Column.of("i64", new BigIntType()),
                            Column.of("f32", new FloatType()),
                            Column.of("f64", new DoubleType()),
                            Column.of("d9", new DecimalType(9, 2)),
                            Column.of("d18", new DecimalType(18, 6)),
                            Column.of("d38", new DecimalType(38, 10)),
                            Column.of("c4", new CharType(4)),
                            Column.of("vc10", new VarCharType(10)),
                            Column.of("s", new VarCharType(VarCharType.MAX_LENGTH)),
                            Column.of("bin3", new BinaryType(3)),
                            Column.of("vb8", new VarBinaryType(8)),
                            Column.of("bytes", new VarBinaryType(VarBinaryType.MAX_LENGTH)),
                            Column.of("dt", new DateType()),
                            Column.of("ts3", new TimestampType(3)),
                            Column.of("ts6", new TimestampType(6)),
                            Column.of("ltz3", new LocalZonedTimestampType(3))),
                    List.of("k", "n"),
                    "ts");

    /** Keys that sort differently by UTF-16 and by UTF-8 bytes, and other unicode. */
    private static final String[] KEYS = {
        "", "a", "A", "z", "9", "9\uFFFD", "9\uD83D\uDE00", "\uD83D\uDE00", "\uFFFD", "\u00E9",
        "e\u0301", "\u65E5\u672C", "\u20AC", "tab\there", "line\nbreak", "\uD834\uDD1E", "\u007F",
        "\u0080", "zz", "ZZ"
    };

    private static final String[] STRINGS = {
        "", " ", "plain", "\u00FC\u00F1\u00ED\u20AC\uD834\uDD1E", "\uFFFD", "\uD83D\uDE00",
        "quote'\"", "\u05E9\u05DC\u05D5\u05DD", "x".repeat(3000)
    };

    private AllTypesTable() {}

    /**
     * Writes the table: three appends of out-of-order and late rows over ten years, bases of one
     * year, and a compaction that merges deltas and builds bases.
     */
    static Path write(java.nio.file.Path where, long seed) throws Exception {
        Random rnd = new Random(seed);
        Path dir = new Path(where.toUri());
        Snapshot snap = TableCommits.createTable(dir, SCHEMA, 3, Map.of("segment.granularity", "year"));
        SnapshotStore store = new SnapshotStore(dir);
        for (int c = 0; c < 3; c++) {
            List<RowData> rows = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                rows.add(row(rnd));
            }
            TableWriter writer = new TableWriter(dir, snap);
            snap = TableCommits.commitFiles(store, snap, writer.writeDeltas(rows), Map.of("operation", "append"));
            if (c == 1) {
                List<PendingFile> bases = writer.buildBases(snap, Instant.parse("2025-01-01T00:00:00Z"));
                snap = TableCommits.commitFiles(store, snap, bases, Map.of("operation", "build-bases"));
            }
        }
        new Compactor(dir, CompactionPolicy.fromOptions(Map.of(CompactionPolicy.MAX_DELTAS_PER_SEGMENT, "1")))
                .run();
        return dir;
    }

    private static RowData row(Random rnd) {
        GenericRowData r = new GenericRowData(SCHEMA.fileRowType().getFieldCount());
        r.setField(0, StringData.fromString(KEYS[rnd.nextInt(KEYS.length)] + (rnd.nextBoolean() ? "" : rnd.nextInt(3))));
        r.setField(1, pick(rnd, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, rnd.nextInt(5) - 2));
        // Event times 2020..2030, microseconds; never null in version 1.
        long micros = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli() * 1000
                + (long) (rnd.nextDouble() * 10 * 365.25 * 86_400_000_000L);
        r.setField(2, timestamp(micros));
        boolean nulls = rnd.nextInt(6) == 0;
        if (!nulls) {
            r.setField(3, rnd.nextBoolean());
            r.setField(4, (byte) pick(rnd, Byte.MIN_VALUE, Byte.MAX_VALUE, 0, -1, rnd.nextInt(256) - 128));
            r.setField(5, (short) pick(rnd, Short.MIN_VALUE, Short.MAX_VALUE, 0, 1, rnd.nextInt(65536) - 32768));
            r.setField(6, pick(rnd, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -7, rnd.nextInt()));
            r.setField(7, rnd.nextInt(3) == 0 ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0}[rnd.nextInt(3)] : rnd.nextLong());
            float[] floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f,
                Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1.1f};
            r.setField(8, rnd.nextInt(3) == 0 ? floats[rnd.nextInt(floats.length)] : rnd.nextFloat() * 1e6f - 5e5f);
            double[] doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1};
            r.setField(9, rnd.nextInt(3) == 0 ? doubles[rnd.nextInt(doubles.length)] : rnd.nextGaussian() * 1e12);
            r.setField(10, decimal(rnd, 9, 2));
            r.setField(11, decimal(rnd, 18, 6));
            r.setField(12, decimal(rnd, 38, 10));
            r.setField(13, StringData.fromString(new String[] {"", "ab", "\u00E9\u00E9\u00E9\u00E9", "\uD83D\uDE00"}[rnd.nextInt(4)]));
            r.setField(14, StringData.fromString(STRINGS[rnd.nextInt(STRINGS.length - 1)]));
            r.setField(15, StringData.fromString(STRINGS[rnd.nextInt(STRINGS.length)]));
            r.setField(16, bytes(rnd, 3, 3));
            r.setField(17, bytes(rnd, 0, 8));
            r.setField(18, bytes(rnd, 0, rnd.nextInt(10) == 0 ? 5000 : 20));
            LocalDate[] dates = {LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1969, 12, 31),
                LocalDate.of(1970, 1, 1), LocalDate.of(2000, 2, 29)};
            r.setField(19, (int) (rnd.nextInt(3) == 0 ? dates[rnd.nextInt(dates.length)] : LocalDate.of(1900, 1, 1)
                    .plusDays(rnd.nextInt(200 * 365))).toEpochDay());
            r.setField(20, timestamp(extremeMillis(rnd) * 1000));
            r.setField(21, timestamp(extremeMicros(rnd)));
            r.setField(22, timestamp(extremeMillis(rnd) * 1000));
        }
        r.setField(23, rnd.nextInt(8) == 0); // _azof_deleted
        return r;
    }

    private static int pick(Random rnd, int a, int b, int c, int d, int otherwise) {
        int[] extremes = {a, b, c, d};
        return rnd.nextInt(3) == 0 ? extremes[rnd.nextInt(4)] : otherwise;
    }

    private static DecimalData decimal(Random rnd, int precision, int scale) {
        BigInteger max = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
        BigInteger unscaled =
                rnd.nextInt(4) == 0 ? max : new BigInteger(precision * 3, rnd).mod(max.add(BigInteger.ONE));
        if (rnd.nextBoolean()) {
            unscaled = unscaled.negate();
        }
        return DecimalData.fromBigDecimal(new BigDecimal(unscaled, scale), precision, scale);
    }

    private static byte[] bytes(Random rnd, int min, int max) {
        byte[] b = new byte[min + rnd.nextInt(max - min + 1)];
        rnd.nextBytes(b);
        if (b.length > 0 && rnd.nextBoolean()) {
            b[0] = rnd.nextBoolean() ? 0 : (byte) 0xFF;
        }
        return b;
    }

    /** Whole milliseconds from year 1 to 9999 (Flink's reader needs whole ones before 1970). */
    private static long extremeMillis(Random rnd) {
        long[] extremes = {-62_135_596_800_000L, 253_402_300_799_999L, -1L, 0L};
        if (rnd.nextInt(3) == 0) {
            return extremes[rnd.nextInt(extremes.length)];
        }
        return -62_135_596_800_000L + (long) (rnd.nextDouble() * 315_537_897_599_999L);
    }

    /** Microseconds: after 1970 any, before 1970 whole milliseconds only. */
    private static long extremeMicros(Random rnd) {
        long micros = extremeMillis(rnd) * 1000;
        return micros >= 0 ? micros + rnd.nextInt(1000) : micros;
    }

    private static TimestampData timestamp(long micros) {
        return TimestampData.fromInstant(
                Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }
}
