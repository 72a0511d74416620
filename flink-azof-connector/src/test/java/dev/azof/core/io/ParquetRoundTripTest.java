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

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** Writes rows of every supported type with {@link ParquetRowWriter} and reads them back. */
class ParquetRoundTripTest {

    @TempDir java.nio.file.Path tmp;

    /** Every supported type, nullable, plus a NOT NULL key. */
    static final RowType ALL_TYPES =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false),
                        new BooleanType(),
                        new TinyIntType(),
                        new SmallIntType(),
                        new IntType(),
                        new BigIntType(),
                        new FloatType(),
                        new DoubleType(),
                        new DecimalType(9, 2),
                        new DecimalType(18, 6),
                        new DecimalType(38, 10),
                        VarCharType.STRING_TYPE,
                        new VarCharType(10),
                        new CharType(4),
                        new VarBinaryType(VarBinaryType.MAX_LENGTH),
                        new VarBinaryType(8),
                        new DateType(),
                        new TimeType(3),
                        new TimestampType(3),
                        new TimestampType(6),
                        new LocalZonedTimestampType(3),
                        new LocalZonedTimestampType(6)
                    },
                    new String[] {
                        "id", "b", "i8", "i16", "i32", "i64", "f32", "f64", "dec_small",
                                "dec_medium",
                        "dec_large", "s", "vc10", "c4", "bytes", "vb8", "d", "t", "ts3", "ts6",
                        "ltz3", "ltz6"
                    });

    /** Deterministic test row {@code i}; every nullable column is null when {@code i % 7 == 3}. */
    static RowData row(int i) {
        boolean nulls = i % 7 == 3;
        int sign = i % 2 == 0 ? 1 : -1;
        // Around the epoch on both sides, with millisecond and microsecond parts.
        long millis = sign * (1_700_000_000_000L + i * 86_400_123L) - (i == 5 ? 1 : 0);
        // whole microseconds; none before 1970, which Flink's reader cannot decode (see writer)
        int nanosOfMilli = millis >= 0 ? (i * 1_237) % 1_000 * 1_000 : 0;
        GenericRowData r = new GenericRowData(ALL_TYPES.getFieldCount());
        r.setField(0, (long) i);
        if (!nulls) {
            r.setField(1, i % 3 == 0);
            r.setField(2, (byte) (i % 256 - 128));
            r.setField(3, (short) (sign * i * 131));
            r.setField(4, sign * i * 1_000_003);
            r.setField(5, sign * i * 1_000_000_000_007L);
            r.setField(6, sign * i * 1.25f);
            r.setField(7, sign * i * 3.141592653589793);
            r.setField(8, DecimalData.fromBigDecimal(new BigDecimal(sign * i * 101 + ".25"), 9, 2));
            r.setField(
                    9,
                    DecimalData.fromBigDecimal(
                            new BigDecimal((sign < 0 ? "-" : "") + "123456789012." + pad(i, 6)),
                            18,
                            6));
            r.setField(
                    10,
                    DecimalData.fromBigDecimal(
                            new BigDecimal(
                                    (sign < 0 ? "-" : "")
                                            + "9876543210987654321098765432."
                                            + pad(i, 10)),
                            38,
                            10));
            r.setField(11, StringData.fromString("str-" + i + "-üñí€𝄞"));
            r.setField(12, StringData.fromString(("v" + i + "xxxxxxxxxx").substring(0, 10)));
            r.setField(13, StringData.fromString(("c" + i + "   ").substring(0, 4)));
            r.setField(14, ("bytes-" + i).getBytes(StandardCharsets.UTF_8));
            r.setField(15, new byte[] {(byte) i, 0, (byte) 255, (byte) -i});
            r.setField(16, (int) LocalDate.of(1960, 1, 1).plusDays(i * 97L).toEpochDay());
            r.setField(17, (i * 3_723_123) % 86_400_000);
            r.setField(18, TimestampData.fromEpochMillis(millis));
            r.setField(19, TimestampData.fromEpochMillis(millis, nanosOfMilli));
            r.setField(20, TimestampData.fromEpochMillis(millis));
            r.setField(21, TimestampData.fromEpochMillis(millis, nanosOfMilli));
        }
        return r;
    }

    private static String pad(int i, int width) {
        String s = Integer.toString(i);
        return "0".repeat(width - s.length()) + s;
    }

    static List<RowData> writeRows(Path file, RowType type, int count, long rowGroupSize)
            throws IOException {
        List<RowData> rows = new ArrayList<>();
        try (ParquetRowWriter writer = ParquetRowWriter.create(file, type, rowGroupSize)) {
            for (int i = 0; i < count; i++) {
                RowData r = row(i);
                rows.add(r);
                writer.write(r);
            }
        }
        return rows;
    }

    /** Reads all rows, keeping the RowData objects until the end to check they stay valid. */
    static List<List<Object>> readAll(Path file, RowType type) throws IOException {
        List<RowData> rows = new ArrayList<>();
        // a small batch size, so that the reader reuses its batches many times
        try (ParquetRowReader reader = ParquetRowReader.open(file, type, 7)) {
            while (reader.hasNext()) {
                rows.add(reader.next());
            }
        }
        List<List<Object>> out = new ArrayList<>();
        for (RowData row : rows) {
            out.add(ParquetTestSupport.values(row, type));
        }
        return out;
    }

    private Path newFile(String name) {
        return new Path(tmp.resolve(name).toUri());
    }

    @Test
    void everyTypeRoundTripsWithNulls() throws IOException {
        Path file = newFile("all.parquet");
        List<RowData> written =
                writeRows(file, ALL_TYPES, 50, ParquetRowWriter.DEFAULT_ROW_GROUP_SIZE_BYTES);

        List<List<Object>> expected = new ArrayList<>();
        for (RowData r : written) {
            expected.add(ParquetTestSupport.values(r, ALL_TYPES));
        }
        List<List<Object>> actual = readAll(file, ALL_TYPES);
        assertThat(actual).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(actual.get(i)).as("row %d", i).isEqualTo(expected.get(i));
        }
        // the null rows really hold nulls in every nullable column
        assertThat(actual.get(3).subList(1, ALL_TYPES.getFieldCount())).containsOnlyNulls();
        // sanity: micro digits survive in TIMESTAMP(6) / TIMESTAMP_LTZ(6)
        assertThat((String) actual.get(2).get(19)).matches(".*\\.\\d{6}Z");
    }

    @Test
    void writesWhatFlinksOwnWriterWritesFromGenericAndBinaryRowsWithAndWithoutDictionaries()
            throws IOException {
        RowDataSerializer serializer = new RowDataSerializer(ALL_TYPES);
        Set<String> allColumns = new HashSet<>(ALL_TYPES.getFieldNames());
        Path generic = newFile("generic.parquet");
        Path binary = newFile("binary.parquet");
        Path plain = newFile("plain.parquet");
        Path flink = newFile("flink.parquet");
        org.apache.hadoop.conf.Configuration conf =
                ParquetRowWriter.hadoopConf(
                        ParquetRowWriter.DEFAULT_ROW_GROUP_SIZE_BYTES,
                        ParquetRowWriter.timestampUnit(ALL_TYPES));
        try (ParquetRowWriter g = ParquetRowWriter.create(generic, ALL_TYPES);
                ParquetRowWriter b = ParquetRowWriter.create(binary, ALL_TYPES);
                // Every column without a dictionary: all go through PlainColumnEncoder.
                ParquetRowWriter p =
                        ParquetRowWriter.create(
                                plain, ALL_TYPES, ParquetRowWriter.DEFAULT_ROW_GROUP_SIZE_BYTES, allColumns);
                FSDataOutputStream out =
                        flink.getFileSystem().create(flink, FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<RowData> f =
                    ParquetRowDataBuilder.createWriterFactory(ALL_TYPES, conf, true).create(out);
            for (int i = 0; i < 50; i++) {
                RowData r = row(i);
                g.write(r);
                // Strings and decimals then come from the row's own bytes.
                RowData binaryRow = serializer.toBinaryRow(r).copy();
                b.write(binaryRow);
                p.write(i % 2 == 0 ? binaryRow : r);
                f.addElement(r);
            }
            f.finish();
        }
        // Flink's schema, but for the UTC flag of the TIMESTAMP_LTZ columns.
        MessageType expectedSchema = ParquetSchemas.fileSchema(
                ParquetRowReader.fileSchema(flink).getName(), ALL_TYPES, conf);
        assertThat(ParquetRowReader.fileSchema(flink).getType("ltz6").toString())
                .isEqualTo(expectedSchema.getType("ltz6").toString().replace("true", "false"));
        List<List<Object>> expected = readAll(flink, ALL_TYPES);
        List<String> expectedStatistics = chunkStatistics(flink);
        assertThat(expected).hasSize(50);
        // Files written before TIMESTAMP_LTZ was marked adjusted to UTC (Flink's schema, as the
        // flink file here) read as the instants that were written.
        for (int i = 0; i < 50; i++) {
            assertThat(expected.get(i)).isEqualTo(ParquetTestSupport.values(row(i), ALL_TYPES));
        }
        for (Path file : List.of(generic, binary, plain)) {
            assertThat(ParquetRowReader.fileSchema(file)).as("%s", file).isEqualTo(expectedSchema);
            assertThat(readAll(file, ALL_TYPES)).as("%s", file).isEqualTo(expected);
            assertThat(chunkStatistics(file)).as("%s", file).isEqualTo(expectedStatistics);
        }
    }

    /**
     * Each column chunk's statistics (min and max as stored bytes, null count), in file order: the
     * bytes, as the printed form of a timestamp depends on its UTC flag.
     */
    private static List<String> chunkStatistics(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (BlockMetaData block : ParquetRowReader.footer(file).getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
                Statistics<?> stats = column.getStatistics();
                out.add(
                        column.getPath()
                                + " min "
                                + hex.formatHex(stats.getMinBytes())
                                + " max "
                                + hex.formatHex(stats.getMaxBytes())
                                + " nulls "
                                + stats.getNumNulls());
            }
        }
        return out;
    }

    @Test
    void plainColumnsRoundTripAcrossPagesAndRowGroups() throws IOException {
        Set<String> allColumns = new HashSet<>(ALL_TYPES.getFieldNames());
        Path file = newFile("plain-many.parquet");
        List<List<Object>> expected = new ArrayList<>();
        // 45,000 rows: pages end at 20,000 rows or 8 KiB, row groups at 64 KiB.
        try (ParquetRowWriter writer = ParquetRowWriter.create(file, ALL_TYPES, 64 * 1024, allColumns)) {
            for (int i = 0; i < 45_000; i++) {
                RowData r = row(i % 1000 + (i / 1000) * 7);
                writer.write(r);
                expected.add(ParquetTestSupport.values(r, ALL_TYPES));
            }
        }
        assertThat(ParquetRowReader.footer(file).getBlocks().size()).isGreaterThan(3);
        assertThat(readAll(file, ALL_TYPES)).isEqualTo(expected);
    }

    @Test
    void writesInt64TimestampsZstdAndRequiredForNotNull() throws IOException {
        Path file = newFile("schema.parquet");
        writeRows(file, ALL_TYPES, 10, ParquetRowWriter.DEFAULT_ROW_GROUP_SIZE_BYTES);

        MessageType schema = ParquetRowReader.fileSchema(file);
        assertThat(ParquetTypes.describe(schema.getType("id"))).isEqualTo("required int64");
        assertThat(ParquetTypes.describe(schema.getType("b"))).isEqualTo("optional boolean");
        // TIMESTAMP is wall-clock time, TIMESTAMP_LTZ an instant (other engines read it so).
        for (String ts : new String[] {"ts3", "ts6"}) {
            assertThat(ParquetTypes.describe(schema.getType(ts)))
                    .isEqualTo("optional int64 (TIMESTAMP(MICROS,false))");
        }
        for (String ts : new String[] {"ltz3", "ltz6"}) {
            assertThat(ParquetTypes.describe(schema.getType(ts)))
                    .isEqualTo("optional int64 (TIMESTAMP(MICROS,true))");
        }
        ParquetMetadata footer = ParquetRowReader.footer(file);
        for (BlockMetaData block : footer.getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
                assertThat(column.getCodec()).isEqualTo(CompressionCodecName.ZSTD);
            }
        }
    }

    @Test
    void millisecondTimestampsUseMillisUnitAndRoundTripBefore1970() throws IOException {
        RowType type =
                RowType.of(
                        new LogicalType[] {
                            new TimestampType(false, 3),
                            new LocalZonedTimestampType(3),
                            new TimestampType(0)
                        },
                        new String[] {"ts3", "ltz3", "ts0"});
        Path file = newFile("millis.parquet");
        long[] millis = {-86_400_001L, -1L, 0L, 1L, 1_700_000_000_123L, -62_135_596_800_000L};
        List<List<Object>> expected = new ArrayList<>();
        try (ParquetRowWriter writer = ParquetRowWriter.create(file, type)) {
            for (long m : millis) {
                GenericRowData r =
                        GenericRowData.of(
                                TimestampData.fromEpochMillis(m),
                                TimestampData.fromEpochMillis(m),
                                TimestampData.fromEpochMillis(m / 1000 * 1000));
                writer.write(r);
                expected.add(ParquetTestSupport.values(r, type));
            }
        }
        assertThat(ParquetRowWriter.timestampUnit(type)).isEqualTo("millis");
        assertThat(ParquetTypes.describe(ParquetRowReader.fileSchema(file).getType("ts3")))
                .isEqualTo("required int64 (TIMESTAMP(MILLIS,false))");
        assertThat(ParquetTypes.describe(ParquetRowReader.fileSchema(file).getType("ltz3")))
                .isEqualTo("optional int64 (TIMESTAMP(MILLIS,true))");
        assertThat(readAll(file, type)).isEqualTo(expected);
    }

    @Test
    void projectsColumnSubsetInAnotherOrder() throws IOException {
        Path file = newFile("proj.parquet");
        List<RowData> written =
                writeRows(file, ALL_TYPES, 30, ParquetRowWriter.DEFAULT_ROW_GROUP_SIZE_BYTES);

        String[] names = {"ltz6", "s", "dec_large", "id", "b"};
        LogicalType[] types = new LogicalType[names.length];
        int[] positions = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            positions[i] = ALL_TYPES.getFieldIndex(names[i]);
            types[i] = ALL_TYPES.getTypeAt(positions[i]);
        }
        RowType projected = RowType.of(types, names);

        List<List<Object>> expected = new ArrayList<>();
        for (RowData r : written) {
            List<Object> full = ParquetTestSupport.values(r, ALL_TYPES);
            List<Object> p = new ArrayList<>();
            for (int pos : positions) {
                p.add(full.get(pos));
            }
            expected.add(p);
        }
        assertThat(readAll(file, projected)).isEqualTo(expected);
    }

    @Test
    void readsManyRowGroupsInOrder() throws IOException {
        Path file = newFile("groups.parquet");
        int count = 2_500;
        List<RowData> written = writeRows(file, ALL_TYPES, count, 1024);

        ParquetMetadata footer = ParquetRowReader.footer(file);
        assertThat(footer.getBlocks()).hasSizeGreaterThan(5);
        assertThat(ParquetRowReader.rowCount(file)).isEqualTo(count);

        // batch size not aligned with row groups
        List<List<Object>> actual = new ArrayList<>();
        try (ParquetRowReader reader = ParquetRowReader.open(file, ALL_TYPES, 333)) {
            while (reader.hasNext()) {
                actual.add(ParquetTestSupport.values(reader.next(), ALL_TYPES));
            }
        }
        assertThat(actual).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(actual.get(i))
                    .as("row %d", i)
                    .isEqualTo(ParquetTestSupport.values(written.get(i), ALL_TYPES));
        }

        // sorted key column: each row group has its own min/max range, in order
        long previousMax = -1;
        for (BlockMetaData block : footer.getBlocks()) {
            ColumnChunkMetaData id = block.getColumns().get(0);
            Statistics<?> stats = id.getStatistics();
            assertThat(stats.hasNonNullValue()).isTrue();
            long min = (Long) stats.genericGetMin();
            long max = (Long) stats.genericGetMax();
            assertThat(min).isEqualTo(previousMax + 1);
            assertThat(max - min + 1).isEqualTo(block.getRowCount());
            previousMax = max;
        }
        assertThat(previousMax).isEqualTo(count - 1);
    }
}
