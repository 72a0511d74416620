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
import dev.azof.benchmarks.HistoryGenerator;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

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

    /** The as-of time as a TIMESTAMP(3) literal: event times are UTC wall-clock values. */
    static String timestampLiteral(Instant asOf) {
        return "TIMESTAMP '" + LITERAL.format(LocalDateTime.ofInstant(asOf, ZoneOffset.UTC)) + "'";
    }

    /** Runs the query and consumes every row; returns the answer's checksum. */
    static AnswerChecksum collect(TableEnvironment tEnv, String table, Instant asOf)
            throws Exception {
        AnswerChecksum answer = new AnswerChecksum();
        TableResult result = tEnv.executeSql(query(table, asOf));
        try (CloseableIterator<Row> rows = result.collect()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                LocalDateTime eventTime = (LocalDateTime) row.getField(1);
                answer.add(
                        (String) row.getField(0),
                        eventTime.toInstant(ZoneOffset.UTC).toEpochMilli());
            }
        }
        return answer;
    }

    static String columnsDdl() {
        return HistoryGenerator.COLUMNS_DDL;
    }
}
