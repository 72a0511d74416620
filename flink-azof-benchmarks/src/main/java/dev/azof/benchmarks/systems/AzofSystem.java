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
import dev.azof.benchmarks.HistorySpec;
import dev.azof.benchmarks.JoinFacts;
import dev.azof.benchmarks.HistoryStream;
import dev.azof.benchmarks.ProcessMemory;
import dev.azof.benchmarks.RunResult;
import dev.azof.benchmarks.Scenario;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.CompactionResult;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.plan.AsOf;
import dev.azof.core.table.AzofTable;
import dev.azof.flink.sink.AzofSink;
import dev.azof.flink.sink.DistributionMode;
import dev.azof.flink.source.AzofSource;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.util.FileUtils;

import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Azof: the streaming sink for ingest, the bounded {@link AzofSource} for as-of reads of a
 * compacted table.
 */
public final class AzofSystem implements BenchSystem {

    /** Buckets of every benchmark table (Paimon's tables get the same count). */
    public static final int BUCKETS = 4;

    private final BenchContext ctx;

    private final StreamingReads streaming;

    public AzofSystem(BenchContext ctx) {
        this.ctx = ctx;
        this.streaming = new AzofStreamingReads(ctx);
    }

    /** The system name of azof's runs with {@code sink.distribution-mode=bucket}, a side measurement. */
    public static final String BUCKET_SHUFFLE = "azof-distribution-bucket";

    @Override
    public String name() {
        return ctx.azofDistribution() == DistributionMode.DEFAULT ? "azof" : BUCKET_SHUFFLE;
    }

    @Override
    public void prepare(Scenario scenario) throws Exception {
        if (scenario.isStreaming()) {
            streaming.prepare(scenario);
            return;
        }
        if (scenario == Scenario.INGEST || scenario == Scenario.S3_INGEST) {
            return;
        }
        if (scenario == Scenario.S3_ASOF_END) {
            // The last S3 ingest run's table, compacted like the local one (set-up, not measured).
            compact(new Path(s3Table(ctx.size().runs())));
            return;
        }
        java.nio.file.Path table = ctx.workspace().azofTable(scenario.history());
        java.nio.file.Path compacted = table.resolveSibling(table.getFileName() + ".compacted");
        if (Files.exists(compacted)) {
            return;
        }
        if (!Files.exists(table)) {
            if (scenario == Scenario.ASOF_MID || scenario == Scenario.ASOF_END) {
                throw new IllegalStateException(
                        "the as-of reads use the table of the last azof ingest run: run ingest first");
            }
            writeBounded(scenario.spec(ctx.size()), table);
        }
        compact(new Path(table.toUri()));
        Files.createFile(compacted);
    }

    @Override
    public RunResult run(Scenario scenario, int run) throws Exception {
        if (scenario.isStreaming()) {
            return streaming.run(scenario);
        }
        switch (scenario) {
            case INGEST:
                return ingest(run);
            case S3_INGEST:
                return ingestToS3(run);
            case S3_ASOF_END:
                return readFromS3(scenario);
            case ASOF_JOIN_X1:
            case ASOF_JOIN_X16:
                return join(scenario);
            default:
                return read(scenario);
        }
    }

    private String s3Table(int run) {
        return ctx.s3().uri("azof/ingest-run" + run);
    }

    /** Ingest into a table on the S3 server; each run's table replaces the one before. */
    private RunResult ingestToS3(int run) throws Exception {
        HistorySpec spec = ctx.size().mainHistory();
        Path table = new Path(s3Table(run));
        table.getFileSystem().delete(table, true);
        StreamExecutionEnvironment env = ctx.cluster().env();
        env.enableCheckpointing(ctx.checkpointInterval().toMillis());
        HistoryStream.create(env, spec).sinkTo(sink(table.toString()));

        ctx.s3().resetCounts();
        long start = System.nanoTime();
        env.execute("azof ingest to S3");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(
                RunResult.requestsLine(Scenario.S3_INGEST.id(), name(), "ingest", ctx.s3().counts()));
        if (run > 1) {
            Path previous = new Path(s3Table(run - 1));
            previous.getFileSystem().delete(previous, true);
        }
        return new RunResult(
                Scenario.S3_INGEST.id(), name(), spec.rows(), seconds, -1, ProcessMemory.peakRssMb(), "");
    }

    /**
     * The as-of read of the S3 table with the bounded source, timed; then the requests it made,
     * and separately those of opening and planning the table alone (the metadata path).
     */
    private RunResult readFromS3(Scenario scenario) throws Exception {
        String table = s3Table(ctx.size().runs());
        Instant t = scenario.asOf(ctx.size());
        StreamExecutionEnvironment env = ctx.cluster().env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);

        ctx.s3().resetCounts();
        long start = System.nanoTime();
        AzofSource source = AzofSource.builder().path(table).asOf(AsOf.at(t)).build();
        ChecksumSink.ofRowData(env.fromSource(source, WatermarkStrategy.noWatermarks(), "azof"));
        JobExecutionResult job = env.execute("azof as-of read from S3");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(RunResult.requestsLine(scenario.id(), name(), "read", ctx.s3().counts()));

        ctx.s3().resetCounts();
        long bytes = AzofTable.open(table).plan(AsOf.at(t)).totalBytes();
        System.out.println(RunResult.requestsLine(scenario.id(), name(), "plan", ctx.s3().counts()));
        return new RunResult(
                scenario.id(),
                name(),
                ChecksumSink.rows(job),
                seconds,
                bytes,
                ProcessMemory.peakRssMb(),
                ChecksumSink.answer(job));
    }

    private RunResult ingest(int run) throws Exception {
        HistorySpec spec = ctx.size().mainHistory();
        java.nio.file.Path dir = ctx.workspace().ingestRun(name(), run);
        FileUtils.deleteDirectory(dir.toFile());
        StreamExecutionEnvironment env = ctx.cluster().env();
        env.enableCheckpointing(ctx.checkpointInterval().toMillis());
        HistoryStream.create(env, spec).sinkTo(sink(dir.toUri().toString()));

        long start = System.nanoTime();
        env.execute("azof ingest");
        double seconds = (System.nanoTime() - start) / 1e9;
        RunResult result =
                new RunResult(
                        Scenario.INGEST.id(), name(), spec.rows(), seconds, -1, ProcessMemory.peakRssMb(), "");
        if (ctx.azofDistribution() != DistributionMode.DEFAULT) {
            // A side measurement: the reads use the table of the default sink.
            FileUtils.deleteDirectory(dir.toFile());
            return result;
        }

        // The last run's table is the one the as-of reads use.
        java.nio.file.Path readTable = ctx.workspace().azofTable(Scenario.ASOF_END.history());
        FileUtils.deleteDirectory(readTable.toFile());
        Files.deleteIfExists(readTable.resolveSibling(readTable.getFileName() + ".compacted"));
        Files.createDirectories(readTable.getParent());
        Files.move(dir, readTable, StandardCopyOption.ATOMIC_MOVE);
        return result;
    }

    private RunResult read(Scenario scenario) throws Exception {
        java.nio.file.Path table = ctx.workspace().azofTable(scenario.history());
        Instant t = scenario.asOf(ctx.size());
        StreamExecutionEnvironment env = ctx.cluster().env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);

        long start = System.nanoTime();
        AzofSource source = AzofSource.builder().path(table.toUri().toString()).asOf(AsOf.at(t)).build();
        ChecksumSink.ofRowData(env.fromSource(source, WatermarkStrategy.noWatermarks(), "azof"));
        JobExecutionResult job = env.execute("azof as-of read");
        double seconds = (System.nanoTime() - start) / 1e9;

        long bytes = AzofTable.open(table.toUri().toString()).plan(AsOf.at(t)).totalBytes();
        return new RunResult(
                scenario.id(),
                name(),
                ChecksumSink.rows(job),
                seconds,
                bytes,
                ProcessMemory.peakRssMb(),
                ChecksumSink.answer(job));
    }

    /**
     * The point-in-time join in SQL, batch mode: the facts' Parquet, joined by a lookup join on
     * the key and the event-time column, facts shuffled to join tasks by the table's bucket.
     */
    private RunResult join(Scenario scenario) throws Exception {
        java.nio.file.Path table = ctx.workspace().azofTable(scenario.history());
        StreamExecutionEnvironment env = ctx.cluster().env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        StreamTableEnvironment tEnv =
                StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
        FlinkSqlAsOf.fixParallelism(tEnv);
        declareJoinTables(
                tEnv,
                ctx.workspace().parquetHistory(scenario.facts()).toUri().toString(),
                table.toUri().toString());
        long start = System.nanoTime();
        ChecksumSink.ofRows(tEnv.toDataStream(tEnv.sqlQuery(joinQuery())));
        JobExecutionResult job = env.execute("azof point-in-time join");
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RunResult(
                scenario.id(),
                name(),
                ChecksumSink.rows(job),
                seconds,
                -1,
                ProcessMemory.peakRssMb(),
                ChecksumSink.answer(job));
    }

    /** The tables {@link #joinQuery} reads: the facts' Parquet and the azof table of the history. */
    static void declareJoinTables(StreamTableEnvironment tEnv, String factsUri, String tableUri) {
        tEnv.executeSql(
                "CREATE TEMPORARY TABLE facts ("
                        + JoinFacts.COLUMNS_DDL
                        + ", proc AS PROCTIME()) WITH ('connector' = 'filesystem',"
                        + " 'format' = 'parquet', 'path' = '"
                        + factsUri
                        + "')");
        tEnv.executeSql(
                "CREATE TEMPORARY TABLE history ("
                        + HistoryGenerator.COLUMNS_DDL
                        + ", PRIMARY KEY (ticker) NOT ENFORCED) WITH ('connector' = 'azof', 'path' = '"
                        + tableUri
                        + "')");
    }

    /** Per fact, the event time of its ticker's row as of the fact's time (or millisecond -1). */
    static String joinQuery() {
        return "SELECT /*+ LOOKUP('table'='h', 'shuffle'='true') */ CAST(f.fid AS STRING) AS fid,"
                + " COALESCE(h.event_time, TIMESTAMP '1969-12-31 23:59:59.999') AS event_time"
                + " FROM facts AS f LEFT JOIN history FOR SYSTEM_TIME AS OF f.proc AS h"
                + " ON f.ticker = h.ticker AND f.t = h.event_time";
    }

    private AzofSink sink(String path) {
        return AzofSink.forRowData(HistoryGenerator.ROW_TYPE)
                .path(path)
                .primaryKey(HistoryGenerator.KEY)
                .eventTimeColumn(HistoryGenerator.EVENT_TIME)
                .buckets(BUCKETS)
                .distributionMode(ctx.azofDistribution())
                .build();
    }

    /** Writes a history with one bounded batch job (set-up, not measured). */
    private void writeBounded(HistorySpec spec, java.nio.file.Path dir) throws Exception {
        StreamExecutionEnvironment env = ctx.cluster().env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        HistoryStream.create(env, spec).sinkTo(sink(dir.toUri().toString()));
        env.execute("azof set-up " + spec.label());
    }

    /** Compacts with the default policy until a run has nothing left to do. */
    private static void compact(Path table) throws Exception {
        Compactor compactor = new Compactor(table, CompactionPolicy.defaults());
        for (int i = 0; i < 3; i++) {
            CompactionResult result = compactor.run();
            System.err.println("azof compaction of " + table + ": " + result);
            if (!result.changed()) {
                return;
            }
        }
    }
}
