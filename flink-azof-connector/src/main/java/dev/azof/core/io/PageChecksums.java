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

import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ParquetDecodingException;

import java.io.IOException;
import java.util.List;

/**
 * Verifies the page CRCs of some columns of a Parquet file. Parquet checks a page's CRC (over its
 * compressed bytes) while it reads the column chunk, before anything is decompressed, when the
 * reader was opened with page checksum verification; reading every row group of the requested
 * columns therefore checks every page they hold. Pages written without a CRC are not checked.
 * The page headers are outside the CRCs: of their fields, the sizes frame the CRC'd bytes and the
 * value counts are checked against the footer (itself checked by {@link FooterChecksum}).
 */
final class PageChecksums {

    /** The start of Parquet's message for a page whose CRC does not match its bytes. */
    private static final String CRC_FAILURE = "could not verify page integrity";

    private PageChecksums() {}

    /**
     * Checks that every row group's chunk of each of {@code columns} (flat columns: one value per
     * row, nulls included) holds as many values as the row group has rows. Flink's reader reads
     * as many rows as the row group says; Parquet's reading of a chunk (with page-checksum
     * verification on, in {@link ParquetRowReader#open}) checks
     * that its pages' value counts add up to the chunk's.
     */
    static void checkValueCounts(Path file, ParquetMetadata footer, List<String> columns)
            throws IOException {
        int group = 0;
        for (BlockMetaData block : footer.getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                String[] path = chunk.getPath().toArray();
                if (path.length == 1
                        && columns.contains(path[0])
                        && chunk.getValueCount() != block.getRowCount()) {
                    throw new IOException(
                            "Cannot read Parquet file "
                                    + file
                                    + ": row group "
                                    + group
                                    + " has "
                                    + block.getRowCount()
                                    + " rows but its column '"
                                    + path[0]
                                    + "' holds "
                                    + chunk.getValueCount()
                                    + " values, the file is corrupt");
                }
            }
            group++;
        }
    }

    /** Whether {@code e}, or one of its causes, is Parquet's page checksum failure. */
    static boolean isChecksumFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ParquetDecodingException
                    && t.getMessage() != null
                    && t.getMessage().startsWith(CRC_FAILURE)) {
                return true;
            }
        }
        return false;
    }
}
