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
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.time.ZoneOffset;

/**
 * The facts of the point-in-time join scenarios, as plain Parquet that every system reads: {@code
 * fid BIGINT, ticker STRING, t TIMESTAMP(3)}, keys drawn uniformly from the history's keys and
 * times uniformly from the last year of the history (the year before its end), in random order.
 * Each system answers, per fact, the event time of the ticker's latest row at or before {@code
 * t}; the answer's checksum folds (fid, that event time or -1) so all systems must agree.
 */
public final class JoinFacts {

    public static final String COLUMNS_DDL = "fid BIGINT, ticker STRING, t TIMESTAMP(3)";

    public static final RowType ROW_TYPE =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("fid", DataTypes.BIGINT().notNull()),
                                    DataTypes.FIELD("ticker", DataTypes.STRING().notNull()),
                                    DataTypes.FIELD("t", DataTypes.TIMESTAMP(3).notNull()))
                            .notNull()
                            .getLogicalType();

    /** The answer of a fact that finds no row (as an event time in the checksum). */
    public static final long NO_ROW = -1;

    private JoinFacts() {}

    /** The first millisecond facts may fall on: one year before the history's end. */
    public static long firstMillis(HistorySpec spec) {
        return java.time.Instant.ofEpochMilli(spec.endMillis())
                .atZone(ZoneOffset.UTC)
                .minusYears(1)
                .toInstant()
                .toEpochMilli();
    }

    /**
     * Writes {@code facts} facts over the last year of {@code spec} as {@code files} Parquet files
     * (fact i in file i mod files, so that readers can parallelize, as the histories are split),
     * unless that copy is already there.
     */
    public static void write(HistorySpec spec, long facts, java.nio.file.Path dir, int files)
            throws IOException {
        java.nio.file.Path done = dir.resolve("_SUCCESS");
        if (Files.exists(done) && Files.exists(part(dir, files - 1)) && !Files.exists(part(dir, files))) {
            return;
        }
        FileUtils.deleteDirectory(dir.toFile());
        Files.createDirectories(dir);
        long from = firstMillis(spec);
        long span = spec.endMillis() - from;
        ParquetRowWriter[] writers = new ParquetRowWriter[files];
        try {
            for (int f = 0; f < files; f++) {
                writers[f] =
                        ParquetRowWriter.create(
                                new Path(part(dir, f).toUri()), ROW_TYPE, ParquetHistory.ROW_GROUP_BYTES);
            }
            for (long i = 0; i < facts; i++) {
                long key = Math.floorMod(HistoryGenerator.mix(spec.seed() + 1000, i), spec.keys());
                long t = from + Math.floorMod(HistoryGenerator.mix(spec.seed() + 2000, i), span);
                writers[(int) (i % files)].write(
                        GenericRowData.of(
                                i,
                                StringData.fromString(HistoryGenerator.ticker(key)),
                                TimestampData.fromEpochMillis(t)));
            }
        } finally {
            for (ParquetRowWriter w : writers) {
                if (w != null) {
                    w.close();
                }
            }
        }
        Files.createFile(done);
    }

    private static java.nio.file.Path part(java.nio.file.Path dir, int f) {
        return dir.resolve(String.format("part-%05d.parquet", f));
    }
}
