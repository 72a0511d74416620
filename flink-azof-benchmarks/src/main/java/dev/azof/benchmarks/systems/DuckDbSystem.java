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

import dev.azof.benchmarks.AnswerChecksum;
import dev.azof.benchmarks.BenchContext;
import dev.azof.benchmarks.JoinFacts;
import dev.azof.benchmarks.ParquetHistory;
import dev.azof.benchmarks.ProcessMemory;
import dev.azof.benchmarks.RunResult;
import dev.azof.benchmarks.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

/**
 * DuckDB (in-process, through JDBC) over the history as plain Parquet: the as-of query with
 * {@code QUALIFY row_number() OVER (PARTITION BY key ORDER BY event_time DESC) = 1}, with as many
 * threads as the Flink jobs' parallelism.
 */
public final class DuckDbSystem implements BenchSystem {

    private final BenchContext ctx;

    public DuckDbSystem(BenchContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "duckdb";
    }

    static String query(Path history, Instant asOf) {
        return "SELECT ticker, epoch_ms(event_time) AS event_ms, revenue, shares_diluted, net_income"
                + " FROM read_parquet('"
                + history.resolve("*.parquet")
                + "') WHERE event_time <= "
                + FlinkSqlAsOf.timestampLiteral(asOf)
                + " QUALIFY row_number() OVER (PARTITION BY ticker ORDER BY event_time DESC) = 1";
    }

    /**
     * The point-in-time join: DuckDB's ASOF LEFT JOIN of the facts with the whole history (its
     * answer per fact: the event time of the ticker's latest row at or before the fact's time).
     */
    static String joinQuery(Path history, Path facts) {
        return "SELECT f.fid, epoch_ms(h.event_time) AS event_ms FROM read_parquet('"
                + facts.resolve("*.parquet")
                + "') f ASOF LEFT JOIN read_parquet('"
                + history.resolve("*.parquet")
                + "') h ON f.ticker = h.ticker AND f.t >= h.event_time";
    }

    @Override
    public RunResult run(Scenario scenario, int run) throws Exception {
        Path history = ctx.workspace().parquetHistory(scenario.history());
        if (!Files.exists(history.resolve("_SUCCESS"))) {
            throw new IllegalStateException("no Parquet history at " + history);
        }
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = conn.createStatement()) {
            st.execute("SET threads TO " + ctx.parallelism());

            long start = System.nanoTime();
            AnswerChecksum answer = new AnswerChecksum();
            if (scenario.isJoin()) {
                Path facts = ctx.workspace().parquetHistory(scenario.facts());
                try (ResultSet rs = st.executeQuery(joinQuery(history, facts))) {
                    while (rs.next()) {
                        long fid = rs.getLong(1);
                        long eventMs = rs.getLong(2);
                        answer.add(Long.toString(fid), rs.wasNull() ? JoinFacts.NO_ROW : eventMs);
                    }
                }
            } else {
                try (ResultSet rs = st.executeQuery(query(history, scenario.asOf(ctx.size())))) {
                    while (rs.next()) {
                        answer.add(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new RunResult(
                    scenario.id(),
                    name(),
                    answer.rows(),
                    seconds,
                    ParquetHistory.bytes(history),
                    ProcessMemory.peakRssMb(),
                    answer.value());
        }
    }
}
