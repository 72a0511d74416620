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
package dev.azof.benchmarks;

import dev.azof.core.io.ParquetRowWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Writes a history as plain Parquet in arrival order: what DuckDB and Flink SQL read, the same
 * bytes a Flink job with Flink's Parquet writer would leave (ZSTD, INT64 timestamps, 128 MB row
 * groups), split into a few files so that readers can parallelize.
 */
public final class ParquetHistory {

    public static final long ROW_GROUP_BYTES = 128L * 1024 * 1024;

    private ParquetHistory() {}

    /** Writes {@code files} Parquet files unless a complete copy is already there. */
    public static void write(HistorySpec spec, java.nio.file.Path dir, int files) throws IOException {
        java.nio.file.Path done = dir.resolve("_SUCCESS");
        if (Files.exists(done)) {
            return;
        }
        FileUtils.deleteDirectory(dir.toFile());
        Files.createDirectories(dir);
        HistoryGenerator generator = new HistoryGenerator(spec);
        long perFile = (spec.rows() + files - 1) / files;
        for (int f = 0; f < files; f++) {
            long from = f * perFile;
            long to = Math.min(spec.rows(), from + perFile);
            if (from >= to) {
                break;
            }
            Path file = new Path(dir.resolve(String.format("part-%05d.parquet", f)).toUri());
            try (ParquetRowWriter writer =
                    ParquetRowWriter.create(file, HistoryGenerator.ROW_TYPE, ROW_GROUP_BYTES)) {
                for (long i = from; i < to; i++) {
                    writer.write(generator.row(i));
                }
            }
        }
        Files.createFile(done);
    }

    /** Bytes of the history's Parquet files: what a reader of the whole history opens. */
    public static long bytes(java.nio.file.Path dir) {
        return Workspace.bytesUnder(dir, ".parquet");
    }
}
