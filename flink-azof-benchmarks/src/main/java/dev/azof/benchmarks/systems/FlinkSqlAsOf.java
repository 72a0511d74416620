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

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The as-of query users would write in Flink SQL over a table holding the whole history: per
 * key, the latest row with {@code event_time <= t} (ROW_NUMBER over the key, newest first).
 */
final class FlinkSqlAsOf {

    private static final DateTimeFormatter LITERAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private FlinkSqlAsOf() {}

    static String query(String table, Instant asOf) {
        return "SELECT ticker, event_time, revenue, shares_diluted, net_income FROM ("
                + " SELECT *, ROW_NUMBER() OVER (PARTITION BY ticker ORDER BY event_time DESC) AS rn"
                + " FROM "
                + table
                + " WHERE event_time <= "
                + timestampLiteral(asOf)
                + ") WHERE rn = 1";
    }

    /** The answer of a fact without a row, as a TIMESTAMP(3): epoch millisecond -1. */
    static final String NO_ROW_LITERAL = "TIMESTAMP '1969-12-31 23:59:59.999'";

    /**
     * The best point-in-time join found in Flink SQL (batch mode has neither ASOF JOIN nor
     * event-time temporal joins): the history's rows up to the last fact's time and the facts,
     * unioned and sorted per ticker by time (history rows first on ties), each fact taking the
     * greatest event time seen up to it (MAX skips the facts' nulls; LAST_VALUE would say the
     * same but takes no TIMESTAMP in Flink 2.1's batch mode). One sort of H + F
     * rows; a join of facts with every earlier version of their ticker would be H x F / keys.
     */
    static String joinQuery(String history, String facts, Instant lastFact) {
        return "SELECT CAST(fid AS STRING) AS fid, COALESCE(lv, "
                + NO_ROW_LITERAL
                + ") AS event_time FROM ("
                + " SELECT fid, kind, MAX(ht) OVER (PARTITION BY ticker ORDER BY t, kind"
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS lv FROM ("
                + " SELECT ticker, event_time AS t, 0 AS kind, CAST(NULL AS BIGINT) AS fid,"
                + " event_time AS ht FROM "
                + history
                + " WHERE event_time <= "
                + timestampLiteral(lastFact)
                + " UNION ALL SELECT ticker, t, 1 AS kind, fid, CAST(NULL AS TIMESTAMP(3)) AS ht FROM "
                + facts
                + ")) WHERE kind = 1";
    }

    /** The as-of time as a TIMESTAMP(3) literal: event times are UTC wall-clock values. */
    static String timestampLiteral(Instant asOf) {
        return "TIMESTAMP '" + LITERAL.format(LocalDateTime.ofInstant(asOf, ZoneOffset.UTC)) + "'";
    }

    /**
     * Runs the query as a job that folds every row into the answer's checksum (see {@link
     * ChecksumSink}); {@code tEnv} must be built on {@code env}.
     */
    static JobExecutionResult run(
            StreamExecutionEnvironment env, StreamTableEnvironment tEnv, String table, Instant asOf)
            throws Exception {
        ChecksumSink.ofRows(tEnv.toDataStream(tEnv.sqlQuery(query(table, asOf))));
        return env.execute("flink sql as-of read of " + table);
    }

    /**
     * Runs every operator of a join at the benchmark's parallelism: the adaptive batch scheduler
     * would run the join of one small facts file at parallelism 1.
     */
    static void fixParallelism(StreamTableEnvironment tEnv) {
        tEnv.getConfig().set("execution.batch.adaptive.auto-parallelism.enabled", "false");
    }

    /** Runs {@link #joinQuery} as {@link #run} runs the read. */
    static JobExecutionResult runJoin(
            StreamExecutionEnvironment env,
            StreamTableEnvironment tEnv,
            String history,
            String facts,
            Instant lastFact)
            throws Exception {
        ChecksumSink.ofRows(tEnv.toDataStream(tEnv.sqlQuery(joinQuery(history, facts, lastFact))));
        return env.execute("flink sql point-in-time join of " + facts + " with " + history);
    }
}
