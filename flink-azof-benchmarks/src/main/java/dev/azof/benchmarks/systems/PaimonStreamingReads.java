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

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Paimon's side of {@link StreamingReads}: a primary-key table of the same bucket count, keyed by
 * (ticker, event_time) with {@code bucket-key = ticker} so that it keeps every fact of the history,
 * as azof does, and buckets like azof; the default changelog producer ({@code none}). Commit times
 * come from the table's {@code $snapshots} system table.
 */
final class PaimonStreamingReads extends StreamingReads {

    private final PaimonSystem paimon;

    PaimonStreamingReads(BenchContext ctx, PaimonSystem paimon) {
        super(ctx);
        this.paimon = paimon;
    }

    @Override
    protected String system() {
        return "paimon";
    }

    @Override
    protected String[] setup(String table) {
        return paimon.catalogStatements();
    }

    @Override
    protected String[] create(String table) {
        String[] catalog = paimon.catalogStatements();
        return new String[] {
            catalog[0],
            catalog[1],
            "DROP TABLE IF EXISTS " + tableName(table),
            "CREATE TABLE " + tableName(table) + " (" + HistoryGenerator.COLUMNS_DDL
                    + ", PRIMARY KEY (ticker, event_time) NOT ENFORCED) WITH ('bucket' = '"
                    + AzofSystem.BUCKETS + "', 'bucket-key' = 'ticker', " + PaimonSystem.FORMAT + ")"
        };
    }

    @Override
    protected String[] primaryKey() {
        return new String[] {"ticker", "event_time"};
    }

    @Override
    protected String tableName(String table) {
        return "paimon.bench.stream_" + table;
    }

    @Override
    protected String select(String table, boolean fromBeginning) {
        return "SELECT ticker, event_time, revenue FROM " + tableName(table)
                + " /*+ OPTIONS('scan.mode' = '" + (fromBeginning ? "latest-full" : "latest")
                + "', 'continuous.discovery-interval' = '" + DISCOVERY.toMillis() + " ms') */";
    }

    /** The APPEND snapshots after the first (the warm-up commit), in order. */
    @Override
    protected long[] commitTimes(String table) throws Exception {
        StreamExecutionEnvironment env = ctx.cluster(WRITER_SLOTS).env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        execute(tEnv, setup(table));
        List<Long> times = new ArrayList<>();
        try (CloseableIterator<Row> rows = tEnv.executeSql(
                        "SELECT snapshot_id, commit_kind, commit_time FROM paimon.bench.`stream_" + table
                                + "$snapshots` ORDER BY snapshot_id")
                .collect()) {
            while (rows.hasNext()) {
                Row r = rows.next();
                System.err.println("paimon snapshot " + r);
                if ("APPEND".equals(r.getField(1))) {
                    // Paimon shows its snapshot's time (System.currentTimeMillis()) in the JVM's zone.
                    times.add(((LocalDateTime) r.getField(2)).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
                }
            }
        }
        return times.stream().skip(1).mapToLong(Long::longValue).toArray();
    }
}
