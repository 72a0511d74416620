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
import dev.azof.benchmarks.HistorySpec;
import dev.azof.benchmarks.HistoryStream;
import dev.azof.benchmarks.ProcessMemory;
import dev.azof.benchmarks.RunResult;
import dev.azof.benchmarks.Scenario;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.time.Instant;

/**
 * A peer table format driven through Flink SQL, as its users would: ingest is an {@code INSERT
 * INTO} from the generated stream (streaming, checkpoints), as-of reads are the ROW_NUMBER query
 * of {@link FlinkSqlAsOf} in batch mode over a table holding the history.
 */
abstract class SqlPeerSystem implements BenchSystem {

    protected final BenchContext ctx;

    SqlPeerSystem(BenchContext ctx) {
        this.ctx = ctx;
    }

    /** {@code CREATE CATALOG} and {@code CREATE DATABASE} statements. */
    protected abstract String[] catalogStatements();

    /** Statements that create an empty table for one ingest run; returns its name last. */
    protected abstract String[] ingestTableStatements();

    protected abstract String ingestTable();

    /** The table the as-of reads query; prepares it if needed (not timed). */
    protected abstract String readTable(Scenario scenario) throws Exception;

    /** Bytes of the data files the read table holds (a full-history read opens them all). */
    protected abstract long readTableBytes(Scenario scenario);

    protected String readSystemName() {
        return "flink-sql-" + name();
    }

    @Override
    public void prepare(Scenario scenario) throws Exception {
        if (scenario.isRead()) {
            readTable(scenario);
        }
    }

    @Override
    public RunResult run(Scenario scenario, int run) throws Exception {
        return scenario == Scenario.INGEST ? ingest() : read(scenario);
    }

    private RunResult ingest() throws Exception {
        HistorySpec spec = ctx.size().mainHistory();
        StreamExecutionEnvironment env = ctx.cluster().env();
        env.enableCheckpointing(ctx.checkpointInterval().toMillis());
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        execute(tEnv, catalogStatements());
        execute(tEnv, ingestTableStatements());
        tEnv.createTemporaryView("history", tEnv.fromDataStream(HistoryStream.create(env, spec)));

        java.nio.file.Path done = ingestDoneMarker();
        java.nio.file.Files.deleteIfExists(done);

        long start = System.nanoTime();
        tEnv.executeSql("INSERT INTO " + ingestTable() + " SELECT * FROM history").await();
        double seconds = (System.nanoTime() - start) / 1e9;

        java.nio.file.Files.createFile(done);
        return new RunResult(
                Scenario.INGEST.id(), name(), spec.rows(), seconds, -1, ProcessMemory.peakRssMb(), "");
    }

    /** Exists while the ingest table holds a complete ingest run. */
    protected java.nio.file.Path ingestDoneMarker() {
        return ctx.workspace().root().resolve(name() + "-ingest.done");
    }

    /** Fills a table from a generated history with one bounded batch job (set-up). */
    protected void fillBounded(String table, HistorySpec spec) throws Exception {
        StreamExecutionEnvironment env = ctx.cluster().env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        execute(tEnv, catalogStatements());
        tEnv.createTemporaryView("history", tEnv.fromDataStream(HistoryStream.create(env, spec)));
        tEnv.executeSql("INSERT INTO " + table + " SELECT * FROM history").await();
    }

    private RunResult read(Scenario scenario) throws Exception {
        String table = readTable(scenario);
        Instant t = scenario.asOf(ctx.size());
        StreamExecutionEnvironment env = ctx.cluster().env();
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
        execute(tEnv, catalogStatements());

        long start = System.nanoTime();
        JobExecutionResult job = FlinkSqlAsOf.run(env, tEnv, table, t);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RunResult(
                scenario.id(),
                readSystemName(),
                ChecksumSink.rows(job),
                seconds,
                readTableBytes(scenario),
                ProcessMemory.peakRssMb(),
                ChecksumSink.answer(job));
    }

    protected StreamTableEnvironment batchTableEnv() throws Exception {
        return StreamTableEnvironment.create(ctx.cluster().env(), EnvironmentSettings.inBatchMode());
    }

    protected static void execute(StreamTableEnvironment tEnv, String... statements) {
        for (String s : statements) {
            tEnv.executeSql(s);
        }
    }
}
