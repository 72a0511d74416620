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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;

/** Behaviour of {@link ParquetRowWriter} apart from the data round trip. */
class ParquetRowWriterTest {

    @TempDir java.nio.file.Path tmp;

    private static final RowType KV =
            RowType.of(
                    new LogicalType[] {
                        new VarCharType(false, VarCharType.MAX_LENGTH), new BigIntType()
                    },
                    new String[] {"k", "v"});

    private Path newFile(String name) {
        return new Path(tmp.resolve(name).toUri());
    }

    @Test
    void reportsRowCountAndFileSize() throws IOException {
        Path file = newFile("kv.parquet");
        ParquetRowWriter writer = ParquetRowWriter.create(file, KV);
        assertThatThrownBy(writer::fileSize).isInstanceOf(IllegalStateException.class);
        for (int i = 0; i < 10; i++) {
            writer.write(GenericRowData.of(StringData.fromString("k" + i), (long) i));
        }
        writer.close();
        writer.close(); // idempotent

        assertThat(writer.rowCount()).isEqualTo(10);
        assertThat(writer.fileSize()).isEqualTo(Files.size(tmp.resolve("kv.parquet")));
        assertThat(ParquetRowReader.fileSize(file)).isEqualTo(writer.fileSize());
        assertThat(ParquetRowReader.rowCount(file)).isEqualTo(10);
    }

    @Test
    void compressesAtTheZstdLevelAsked() throws IOException {
        long[] sizes = new long[2];
        int[] levels = {1, 19};
        for (int l = 0; l < 2; l++) {
            Path file = newFile("level-" + levels[l] + ".parquet");
            try (ParquetRowWriter writer =
                    ParquetRowWriter.create(file, KV, 1 << 24, Set.of("k", "v"), levels[l])) {
                for (int i = 0; i < 50_000; i++) {
                    writer.write(GenericRowData.of(StringData.fromString("key-" + (i * 7919 % 50_000)), (long) i * i));
                }
                writer.close();
                sizes[l] = writer.fileSize();
            }
            assertThat(ParquetRowReader.rowCount(file)).isEqualTo(50_000);
        }
        assertThat(sizes[1]).as("level 19 vs level 1").isLessThan(sizes[0]);
    }

    @Test
    void emptyFileIsValid() throws IOException {
        Path file = newFile("empty.parquet");
        ParquetRowWriter writer = ParquetRowWriter.create(file, KV);
        writer.close();
        assertThat(writer.rowCount()).isZero();
        assertThat(ParquetRowReader.rowCount(file)).isZero();
        try (ParquetRowReader reader = ParquetRowReader.open(file, KV)) {
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void refusesToOverwrite() throws IOException {
        Path file = newFile("once.parquet");
        ParquetRowWriter.create(file, KV).close();
        long size = Files.size(tmp.resolve("once.parquet"));
        assertThatThrownBy(() -> ParquetRowWriter.create(file, KV))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("once.parquet");
        assertThat(Files.size(tmp.resolve("once.parquet"))).isEqualTo(size);
    }

    @Test
    void abortDeletesThePartialFile() throws IOException {
        Path file = newFile("aborted.parquet");
        ParquetRowWriter writer = ParquetRowWriter.create(file, KV);
        writer.write(GenericRowData.of(StringData.fromString("a"), 1L));
        writer.abort();
        assertThat(Files.exists(tmp.resolve("aborted.parquet"))).isFalse();
    }

    @Test
    void rejectsNullInNotNullColumnAndWrongArity() throws IOException {
        Path file = newFile("bad.parquet");
        try (ParquetRowWriter writer = ParquetRowWriter.create(file, KV)) {
            assertThatThrownBy(() -> writer.write(GenericRowData.of(null, 1L)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'k'");
            assertThatThrownBy(() -> writer.write(GenericRowData.of(StringData.fromString("a"))))
                    .isInstanceOf(IllegalArgumentException.class);
            writer.write(GenericRowData.of(StringData.fromString("a"), null));
        }
        assertThat(ParquetRowReader.rowCount(file)).isEqualTo(1);
    }

    @Test
    void rejectsUnsupportedTypes() {
        RowType nested =
                RowType.of(new LogicalType[] {new ArrayType(new IntType())}, new String[] {"arr"});
        assertThatThrownBy(() -> ParquetRowWriter.create(newFile("arr.parquet"), nested))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arr");
        assertThat(Files.exists(tmp.resolve("arr.parquet"))).isFalse();
    }

    @Test
    void rejectsTimestampsItCouldNotReadBack() throws IOException {
        RowType type =
                RowType.of(new LogicalType[] {new LocalZonedTimestampType(6)}, new String[] {"ts"});
        Path file = newFile("micros.parquet");
        try (ParquetRowWriter writer = ParquetRowWriter.create(file, type)) {
            assertThatThrownBy(
                            () ->
                                    writer.write(
                                            GenericRowData.of(
                                                    TimestampData.fromEpochMillis(-2, 500_000))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'ts'")
                    .hasMessageContaining("before 1970");
            // whole milliseconds before 1970 and micros after 1970 are fine
            writer.write(GenericRowData.of(TimestampData.fromEpochMillis(-2)));
            writer.write(GenericRowData.of(TimestampData.fromEpochMillis(2, 500_000)));
        }
        assertThat(ParquetRoundTripTest.readAll(file, type))
                .containsExactly(
                        List.of("1969-12-31T23:59:59.998Z"),
                        List.of("1970-01-01T00:00:00.002500Z"));

        RowType nanos = RowType.of(new LogicalType[] {new TimestampType(9)}, new String[] {"ts9"});
        assertThatThrownBy(() -> ParquetRowWriter.create(newFile("nanos.parquet"), nanos))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ts9");
    }

    @Test
    void readerNamesTimestampColumnsWhenFlinkCannotDecodeThem() throws IOException {
        // Written with Flink's writer directly, bypassing ParquetRowWriter's check.
        RowType type = RowType.of(new LogicalType[] {new TimestampType(6)}, new String[] {"old"});
        Path file = newFile("old.parquet");
        try (FSDataOutputStream out =
                file.getFileSystem().create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<RowData> w =
                    ParquetRowDataBuilder.createWriterFactory(
                                    type, ParquetRowWriter.hadoopConf(1 << 20, "micros"), true)
                            .create(out);
            w.addElement(GenericRowData.of(TimestampData.fromEpochMillis(-2, 500_000)));
            w.finish();
        }
        try (ParquetRowReader reader = ParquetRowReader.open(file, type)) {
            assertThatThrownBy(reader::hasNext)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("old.parquet")
                    .hasMessageContaining("old optional int64 (TIMESTAMP(MICROS,false))");
        }
    }

    @Test
    void readerRejectsNullsForNotNullProjection() throws IOException {
        Path file = newFile("nulls.parquet");
        try (ParquetRowWriter writer = ParquetRowWriter.create(file, KV)) {
            writer.write(GenericRowData.of(StringData.fromString("a"), null));
        }
        RowType notNullV =
                RowType.of(new LogicalType[] {new BigIntType(false)}, new String[] {"v"});
        try (ParquetRowReader reader = ParquetRowReader.open(file, notNullV)) {
            assertThatThrownBy(reader::hasNext)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("'v'")
                    .hasMessageContaining("nulls.parquet");
        }
    }

    @Test
    void readerRejectsDecimalWithOtherScaleOrSmallerPrecision() throws IOException {
        Path file = newFile("dec.parquet");
        RowType dec = RowType.of(new LogicalType[] {new DecimalType(10, 2)}, new String[] {"d"});
        ParquetRowWriter.create(file, dec).close();
        for (DecimalType requested :
                new DecimalType[] {new DecimalType(10, 3), new DecimalType(9, 2)}) {
            RowType type = RowType.of(new LogicalType[] {requested}, new String[] {"d"});
            assertThatThrownBy(() -> ParquetRowReader.open(file, type))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("'d'")
                    .hasMessageContaining(requested.toString())
                    .hasMessageContaining("DECIMAL(10,2)");
        }
        // a wider precision with the same scale is fine
        RowType wider = RowType.of(new LogicalType[] {new DecimalType(20, 2)}, new String[] {"d"});
        ParquetRowReader.open(file, wider).close();
    }

    @Test
    void plainColumnsGetNoDictionaryWhileOthersKeepTheirs() throws IOException {
        RowType type = RowType.of(new LogicalType[] {new BigIntType(), new VarCharType(20)}, new String[] {"k", "v"});
        Path file = new Path(tmp.resolve("plain.parquet").toUri());
        try (ParquetRowWriter writer =
                ParquetRowWriter.create(file, type, ParquetRowWriter.DEFAULT_ROW_GROUP_SIZE_BYTES, java.util.Set.of("k"))) {
            for (long i = 0; i < 1000; i++) {
                writer.write(GenericRowData.of(i % 10, StringData.fromString("v" + (i % 3))));
            }
        }
        try (org.apache.parquet.hadoop.ParquetFileReader reader =
                org.apache.parquet.hadoop.ParquetFileReader.open(
                        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                                new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.conf.Configuration(false)))) {
            var columns = reader.getFooter().getBlocks().get(0).getColumns();
            assertThat(columns.get(0).getPath().toDotString()).isEqualTo("k");
            assertThat(columns.get(0).hasDictionaryPage()).as("k is plain").isFalse();
            assertThat(columns.get(1).hasDictionaryPage()).as("v keeps its dictionary").isTrue();
        }
    }
}
