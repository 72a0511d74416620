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
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;

/** Our writer stores page CRCs and every read verifies them. */
class PageChecksumsTest {

    @TempDir java.nio.file.Path tmp;

    private static final RowType KV =
            RowType.of(
                    new LogicalType[] {
                        new VarCharType(false, VarCharType.MAX_LENGTH), new BigIntType()
                    },
                    new String[] {"k", "v"});

    /** Small row groups: several of them, each with pages and CRCs of its own. */
    private Path write() throws IOException {
        Path file = new Path(tmp.resolve("kv.parquet").toUri());
        ParquetRowWriter writer = ParquetRowWriter.create(file, KV, 4096);
        for (int i = 0; i < 2000; i++) {
            writer.write(GenericRowData.of(StringData.fromString("key-" + i), (long) i * 7919));
        }
        writer.close();
        return file;
    }

    /** Reads through both paths: the file read whole into memory, and streamed. */
    private static List<Object> readAll(Path file, RowType type) throws IOException {
        List<Object> inMemory = readAll(file, type, Long.MAX_VALUE);
        assertThat(readAll(file, type, 0)).isEqualTo(inMemory);
        return inMemory;
    }

    private static List<Object> readAll(Path file, RowType type, long wholeFileLimit)
            throws IOException {
        List<Object> values = new ArrayList<>();
        try (ParquetRowReader r =
                ParquetRowReader.open(
                        file, type, ParquetRowReader.DEFAULT_BATCH_SIZE, -1, wholeFileLimit)) {
            while (r.hasNext()) {
                values.add(r.next().toString());
            }
        }
        return values;
    }

    /**
     * Flips one bit in the compressed pages of a column (not in a page header), in the last row
     * group: a reader that checked pages only as it decodes them would return rows first.
     */
    private static void flipInChunk(Path file, String column) throws IOException {
        List<BlockMetaData> blocks = ParquetRowReader.footer(file).getBlocks();
        BlockMetaData block = blocks.get(blocks.size() - 1);
        for (ColumnChunkMetaData c : block.getColumns()) {
            if (c.getPath().toDotString().equals(column)) {
                long at = c.getStartingPos() + c.getTotalSize() - 8; // inside the last page's data
                try (RandomAccessFile f = new RandomAccessFile(file.getPath(), "rw")) {
                    f.seek(at);
                    int b = f.read();
                    f.seek(at);
                    f.write(b ^ 0x10);
                }
                return;
            }
        }
        throw new AssertionError("no column " + column);
    }

    @Test
    void aFlippedBitInAPageFailsTheReadNamingTheFile() throws IOException {
        Path file = write();
        assertThat(ParquetRowReader.footer(file).getBlocks()).hasSizeGreaterThan(2);
        assertThat(readAll(file, KV)).hasSize(2000);
        flipInChunk(file, "v");

        for (long limit : new long[] {Long.MAX_VALUE, 0}) {
            // At open, before any row: rows of a corrupt file are never returned.
            assertThatThrownBy(
                            () ->
                                    ParquetRowReader.open(
                                                    file, KV, ParquetRowReader.DEFAULT_BATCH_SIZE,
                                                    -1, limit)
                                            .close())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("checksum");
        }
        // A read that does not project the damaged column is unaffected: its pages are intact.
        RowType keyOnly = RowType.of(new LogicalType[] {KV.getTypeAt(0)}, new String[] {"k"});
        assertThat(readAll(file, keyOnly)).hasSize(2000);
    }

    @Test
    void aDamagedFooterIsReportedWithTheFileName() throws IOException {
        Path file = write();
        try (RandomAccessFile f = new RandomAccessFile(file.getPath(), "rw")) {
            f.seek(f.length() - 2);
            f.write('X'); // the magic "PAR1" at the end
        }
        for (long limit : new long[] {Long.MAX_VALUE, 0}) {
            assertThatThrownBy(() -> readAll(file, KV, limit))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("not a Parquet file");
        }
    }
}
