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

import dev.azof.benchmarks.StreamProbe;
import dev.azof.flink.source.AzofMetadata;
import dev.azof.flink.source.AzofSource;
import dev.azof.flink.source.StartupMode;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.FileUtils;

import java.util.List;

/**
 * Azof's side of {@link StreamingReads}: a table through the SQL connector, read with {@code
 * 'scan.mode' = 'continuous'}; each row carries its commit's time ({@code commit-time} metadata).
 */
class AzofStreamingReads extends StreamingReads {

    AzofStreamingReads(BenchContext ctx) {
        super(ctx);
    }

    @Override
    protected String system() {
        return "azof";
    }

    private java.nio.file.Path dir(String table) {
        return ctx.workspace().azofTable("stream-" + table);
    }

    @Override
    protected String[] setup(String table) {
        return new String[] {
            "CREATE TEMPORARY TABLE IF NOT EXISTS " + tableName(table) + " (" + HistoryGenerator.COLUMNS_DDL
                    + ", commit_time TIMESTAMP_LTZ(3) METADATA FROM 'commit-time' VIRTUAL"
                    + ", PRIMARY KEY (ticker) NOT ENFORCED) WITH ('connector' = 'azof', 'path' = '"
                    + dir(table).toUri() + "', 'bucket' = '" + AzofSystem.BUCKETS + "')"
        };
    }

    @Override
    protected String[] create(String table) throws Exception {
        FileUtils.deleteDirectory(dir(table).toFile());
        return new String[0];
    }

    @Override
    protected String[] primaryKey() {
        return new String[] {"ticker"};
    }

    @Override
    protected String tableName(String table) {
        return "azof_" + table;
    }

    @Override
    protected String select(String table, boolean fromBeginning) {
        return "SELECT ticker, event_time, revenue, commit_time FROM " + tableName(table)
                + " /*+ OPTIONS('scan.mode' = 'continuous', 'scan.startup.mode' = '"
                + (fromBeginning ? "full" : "latest") + "', 'scan.discovery-interval' = '"
                + DISCOVERY.toMillis() + " ms') */";
    }

    /**
     * The DataStream source: through SQL, Flink's planner puts a ChangelogNormalize (a shuffle by
     * key and keyed state) behind azof's upsert source, which is not the source's cost.
     */
    @Override
    protected void addRead(StreamExecutionEnvironment env, String table, boolean fromBeginning) {
        AzofSource source = AzofSource.builder()
                .path(dir(table).toUri().toString())
                .continuous()
                .startupMode(fromBeginning ? StartupMode.FULL : StartupMode.LATEST)
                .discoveryInterval(DISCOVERY)
                .select(HistoryGenerator.KEY, HistoryGenerator.EVENT_TIME, "revenue")
                .metadata(List.of(AzofMetadata.COMMIT_TIME))
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "azof")
                .flatMap(StreamProbe.rowDataRecorder(!fromBeginning))
                .name("probe")
                .sinkTo(new DiscardingSink<>());
    }

    @Override
    protected long[] commitTimes(String table) {
        return null; // each row carries its commit's time
    }
}
