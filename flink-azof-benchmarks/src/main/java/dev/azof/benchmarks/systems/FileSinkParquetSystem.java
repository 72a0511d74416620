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
package dev.azof.benchmarks.systems;

import dev.azof.benchmarks.BenchContext;
import dev.azof.benchmarks.HistoryGenerator;
import dev.azof.benchmarks.HistorySpec;
import dev.azof.benchmarks.HistoryStream;
import dev.azof.benchmarks.ProcessMemory;
import dev.azof.benchmarks.RunResult;
import dev.azof.benchmarks.Scenario;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.table.data.RowData;

/**
 * The floor for writing Parquet with Flink: {@link FileSink} with Flink's Parquet writer (ZSTD,
 * INT64 timestamps, as azof writes), rolling files at every checkpoint. No keys, no merge, no
 * table metadata.
 */
public final class FileSinkParquetSystem implements BenchSystem {

    private final BenchContext ctx;

    public FileSinkParquetSystem(BenchContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "filesink-parquet";
    }

    @Override
    public RunResult run(Scenario scenario, int run) throws Exception {
        if (scenario != Scenario.INGEST && scenario != Scenario.S3_INGEST) {
            throw new IllegalArgumentException(name() + " only ingests");
        }
        HistorySpec spec = ctx.size().mainHistory();
        Path out;
        if (scenario == Scenario.S3_INGEST) {
            out = new Path(ctx.s3().uri("filesink/run" + run));
        } else {
            out = new Path(ctx.workspace().ingestRun(name(), run).toUri());
        }
        out.getFileSystem().delete(out, true);
        StreamExecutionEnvironment env = ctx.cluster().env();
        env.enableCheckpointing(ctx.checkpointInterval().toMillis());
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        conf.set("parquet.compression", "ZSTD");
        conf.setBoolean("parquet.write.int64.timestamp", true);
        conf.set("parquet.timestamp.time.unit", "millis");
        FileSink<RowData> sink =
                FileSink.forBulkFormat(
                                out,
                                ParquetRowDataBuilder.createWriterFactory(
                                        HistoryGenerator.ROW_TYPE, conf, true))
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .build();
        HistoryStream.create(env, spec).sinkTo(sink);

        if (scenario.onS3()) {
            ctx.s3().resetCounts();
        }
        long start = System.nanoTime();
        env.execute("filesink-parquet ingest");
        double seconds = (System.nanoTime() - start) / 1e9;
        if (scenario.onS3()) {
            System.out.println(RunResult.requestsLine(scenario.id(), name(), "ingest", ctx.s3().counts()));
        }
        out.getFileSystem().delete(out, true);
        return new RunResult(
                scenario.id(), name(), spec.rows(), seconds, -1, ProcessMemory.peakRssMb(), "");
    }
}
