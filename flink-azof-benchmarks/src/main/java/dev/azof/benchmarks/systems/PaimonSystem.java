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
import dev.azof.benchmarks.RunResult;
import dev.azof.benchmarks.Scenario;
import dev.azof.benchmarks.Workspace;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Apache Paimon 1.3: ingest into a primary-key table ordered by {@code sequence.field =
 * event_time} (so the latest event time wins, like azof); as-of reads with Flink SQL over an
 * append table of the history (Paimon travels in commit time, not event time).
 */
public final class PaimonSystem extends SqlPeerSystem {

    static final String FORMAT =
            "'file.format' = 'parquet', 'file.compression' = 'zstd'";

    private final StreamingReads streaming;

    public PaimonSystem(BenchContext ctx) {
        super(ctx);
        this.streaming = new PaimonStreamingReads(ctx, this);
    }

    @Override
    public String name() {
        return "paimon";
    }

    @Override
    public void prepare(Scenario scenario) throws Exception {
        if (scenario.isStreaming()) {
            streaming.prepare(scenario);
        } else {
            super.prepare(scenario);
        }
    }

    @Override
    public RunResult run(Scenario scenario, int run) throws Exception {
        return scenario.isStreaming() ? streaming.run(scenario) : super.run(scenario, run);
    }

    @Override
    protected String[] catalogStatements() {
        return new String[] {
            "CREATE CATALOG IF NOT EXISTS paimon WITH ('type' = 'paimon', 'warehouse' = '"
                    + ctx.workspace().paimonWarehouse().toUri()
                    + "')",
            "CREATE DATABASE IF NOT EXISTS paimon.bench"
        };
    }

    @Override
    protected String[] ingestTableStatements() {
        return new String[] {
            "DROP TABLE IF EXISTS " + ingestTable(),
            "CREATE TABLE "
                    + ingestTable()
                    + " ("
                    + HistoryGenerator.COLUMNS_DDL
                    + ", PRIMARY KEY (ticker) NOT ENFORCED) WITH ('bucket' = '"
                    + AzofSystem.BUCKETS
                    + "', 'sequence.field' = 'event_time', "
                    + FORMAT
                    + ")"
        };
    }

    @Override
    protected String ingestTable() {
        return "paimon.bench.main_pk";
    }

    @Override
    protected String readTable(Scenario scenario) throws Exception {
        String name = "history_" + scenario.history().replace('-', '_');
        String table = "paimon.bench." + name;
        Path marker = ctx.workspace().paimonWarehouse().resolve(name + ".filled");
        if (!Files.exists(marker)) {
            var tEnv = batchTableEnv();
            execute(tEnv, catalogStatements());
            execute(
                    tEnv,
                    "DROP TABLE IF EXISTS " + table,
                    "CREATE TABLE " + table + " (" + HistoryGenerator.COLUMNS_DDL + ") WITH ("
                            + "'bucket' = '-1', " + FORMAT + ")");
            fillBounded(table, scenario.spec(ctx.size()));
            Files.createFile(marker);
        }
        return table;
    }

    @Override
    protected long readTableBytes(Scenario scenario) {
        String name = "history_" + scenario.history().replace('-', '_');
        return Workspace.bytesUnder(
                ctx.workspace().paimonWarehouse().resolve("bench.db").resolve(name), ".parquet");
    }
}
