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

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The footer carries a CRC-32C of itself, and every read checks it (issue: bit flips in footers). */
class FooterChecksumTest {

    @TempDir java.nio.file.Path tmp;

    private static final RowType TYPE =
            RowType.of(
                    new LogicalType[] {
                        new VarCharType(false, VarCharType.MAX_LENGTH), new IntType(), new BigIntType()
                    },
                    new String[] {"k", "day", "v"});

    private Path write() throws IOException {
        Path file = new Path(tmp.resolve("f.parquet").toUri());
        ParquetRowWriter writer = ParquetRowWriter.create(file, TYPE);
        for (int i = 0; i < 300; i++) {
            writer.write(
                    GenericRowData.of(
                            StringData.fromString("key-" + i), i % 7 == 0 ? null : 1000 + i, (long) i * 7919));
        }
        writer.close();
        return file;
    }

    private static List<List<Object>> read(Path file) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (ParquetRowReader reader = ParquetRowReader.open(file, TYPE)) {
            while (reader.hasNext()) {
                RowData row = reader.next();
                rows.add(ParquetTestSupport.values(row, TYPE));
            }
        }
        return rows;
    }

    @Test
    void theWriterRecordsTheChecksumAndTheFileCrcCoversIt() throws Exception {
        Path file = write();
        assertThat(ParquetRowReader.footer(file).getFileMetaData().getKeyValueMetaData())
                .containsKey(FooterChecksum.KEY);
        String recorded =
                ParquetRowReader.footer(file).getFileMetaData().getKeyValueMetaData().get(FooterChecksum.KEY);
        assertThat(recorded).matches("[0-9a-f]{8}").isNotEqualTo(FooterChecksum.PLACEHOLDER);
        assertThat(read(file)).hasSize(300);
    }

    @Test
    void anOptionalColumnTurnedRequiredFailsTheReadNamingTheFile() throws Exception {
        Path file = write();
        java.io.File local = new java.io.File(file.toUri());
        byte[] bytes = Files.readAllBytes(local.toPath());
        // The schema element of "day": ... repetition_type (field 3, i32, zigzag 1 = 2), name "day".
        int name = indexOf(bytes, "\u0018\u0003day".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(name).isPositive();
        int repetition = name - 1;
        assertThat(bytes[repetition]).isEqualTo((byte) 2);
        assertThat(ParquetRowReader.fileSchema(file).getType("day").isRepetition(Type.Repetition.OPTIONAL)).isTrue();
        try (RandomAccessFile raf = new RandomAccessFile(local, "rw")) {
            raf.seek(repetition);
            raf.write(0); // OPTIONAL -> REQUIRED: the definition levels would be decoded as values
        }
        assertThatThrownBy(() -> read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("footer checksum mismatch");
        assertThatThrownBy(() -> ParquetRowReader.footer(file)).hasMessageContaining("footer checksum mismatch");
    }

    @Test
    void everyBitOfTheFooterIsCaughtOrHarmless() throws Exception {
        Path file = write();
        List<List<Object>> expected = read(file);
        java.io.File local = new java.io.File(file.toUri());
        byte[] bytes = Files.readAllBytes(local.toPath());
        int n = bytes.length;
        int footerLength =
                (bytes[n - 8] & 0xff) | (bytes[n - 7] & 0xff) << 8 | (bytes[n - 6] & 0xff) << 16 | (bytes[n - 5] & 0xff) << 24;
        int unchanged = 0;
        for (int pos = n - 8 - footerLength; pos < n; pos++) {
            for (int bit = 0; bit < 8; bit++) {
                flip(local, pos, bit);
                try {
                    List<List<Object>> actual;
                    try {
                        actual = read(file);
                    } catch (IOException e) {
                        assertThat(e.getMessage()).as("byte %d bit %d", pos, bit).contains(file.toString());
                        continue;
                    }
                    assertThat(actual).as("byte %d bit %d", pos, bit).isEqualTo(expected);
                    unchanged++;
                } finally {
                    flip(local, pos, bit);
                }
            }
        }
        // Only bits of the checksum's own key leave the footer unchecked.
        assertThat(unchanged).isLessThanOrEqualTo(FooterChecksum.KEY.length() * 8);
    }

    private static void flip(java.io.File file, long pos, int bit) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.seek(pos);
            int b = raf.read();
            raf.seek(pos);
            raf.write(b ^ (1 << bit));
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
