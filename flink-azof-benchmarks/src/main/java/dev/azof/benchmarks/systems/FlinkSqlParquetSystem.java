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

import dev.azof.benchmarks.ChecksumSink;
import dev.azof.benchmarks.BenchContext;
import dev.azof.benchmarks.HistoryGenerator;
import dev.azof.benchmarks.JoinFacts;
import dev.azof.benchmarks.ParquetHistory;
import dev.azof.benchmarks.ProcessMemory;
import dev.azof.benchmarks.RunResult;
import dev.azof.benchmarks.Scenario;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Flink batch SQL's ROW_NUMBER as-of query over the history as plain Parquet files. */
public final class FlinkSqlParquetSystem implements BenchSystem {

    private final BenchContext ctx;

    public FlinkSqlParquetSystem(BenchContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "flink-sql-parquet";
    }

    @Override
    public RunResult run(Scenario scenario, int run) throws Exception {
        Path history = ctx.workspace().parquetHistory(scenario.history());
        if (!Files.exists(history.resolve("_SUCCESS"))) {
            throw new IllegalStateException("no Parquet history at " + history);
        }
        Instant t = scenario.asOf(ctx.size());
        StreamExecutionEnvironment env = ctx.cluster().env();
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TEMPORARY TABLE history ("
                        + HistoryGenerator.COLUMNS_DDL
                        + ") WITH ('connector' = 'filesystem', 'format' = 'parquet', 'path' = '"
                        + history.toUri()
                        + "')");

        if (scenario.isJoin()) {
            FlinkSqlAsOf.fixParallelism(tEnv);
            tEnv.executeSql(
                    "CREATE TEMPORARY TABLE facts ("
                            + JoinFacts.COLUMNS_DDL
                            + ") WITH ('connector' = 'filesystem', 'format' = 'parquet', 'path' = '"
                            + ctx.workspace().parquetHistory(scenario.facts()).toUri()
                            + "')");
        }
        long start = System.nanoTime();
        JobExecutionResult job =
                scenario.isJoin()
                        ? FlinkSqlAsOf.runJoin(env, tEnv, "history", "facts", scenario.asOf(ctx.size()))
                        : FlinkSqlAsOf.run(env, tEnv, "history", t);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RunResult(
                scenario.id(),
                name(),
                ChecksumSink.rows(job),
                seconds,
                ParquetHistory.bytes(history),
                ProcessMemory.peakRssMb(),
                ChecksumSink.answer(job));
    }
}
