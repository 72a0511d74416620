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
package dev.azof.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The rows the scenario writes, known to the test before any job runs: a seeded random batch
 * (inserted as SQL literals) and a streaming sequence that {@code datagen} produces from an id
 * with SQL expressions, which {@link #streamingRow(long)} mirrors in Java.
 *
 * <p>Event times: streaming rows lie on a 15-minute grid from {@link #BASE}; within each block of
 * {@value #BLOCK} ids the order is scrambled (id {@code i} of a block gets slot {@code i * 37 mod
 * 60}), so a source reading ids in order emits event times out of order and, behind a watermark
 * of a few seconds, about half of them late. Batch rows never fall on the grid (a nonzero
 * millisecond offset), so no key holds two rows at one event time.
 */
final class ScenarioData {

    static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
    static final long STEP_MILLIS = Duration.ofMinutes(15).toMillis();
    static final int BLOCK = 60;
    static final int SCRAMBLE = 37;
    static final int STREAMING_KEYS = 150;
    static final long STREAMING_ROWS = 3000;
    static final int BATCH_ROWS = 600;
    private static final int BATCH_ONLY_KEYS = 40;
    // Stand-ins for NULL in the batch's VALUES list: no generated name or amount equals them.
    private static final String NULL_NAME = "<null>";
    private static final long NULL_AMOUNT = 1_000_000_000L;

    private ScenarioData() {}

    /** The streaming row of sequence id {@code id}: what the SQL below computes. */
    static ScenarioRow streamingRow(long id) {
        long slot = id - id % BLOCK + (id % BLOCK) * SCRAMBLE % BLOCK;
        return new ScenarioRow(
                "k" + id % STREAMING_KEYS,
                BASE.toEpochMilli() + slot * STEP_MILLIS,
                "s" + id,
                id * 7 + 3);
    }

    static List<ScenarioRow> streamingRows() {
        List<ScenarioRow> rows = new ArrayList<>();
        for (long id = 0; id < STREAMING_ROWS; id++) {
            rows.add(streamingRow(id));
        }
        return rows;
    }

    /** The key column of {@link #streamingRow(long)} in SQL, over a BIGINT column {@code id}. */
    static String keySql() {
        return "CONCAT('k', CAST(MOD(id, " + STREAMING_KEYS + ") AS STRING))";
    }

    /** The event-time column of {@link #streamingRow(long)} in SQL (TIMESTAMP_LTZ(3)). */
    static String eventTimeSql() {
        String slot =
                "(id - MOD(id, " + BLOCK + ") + MOD(MOD(id, " + BLOCK + ") * " + SCRAMBLE + ", "
                        + BLOCK + "))";
        return "TO_TIMESTAMP_LTZ(" + BASE.toEpochMilli() + " + " + slot + " * " + STEP_MILLIS
                + ", 3)";
    }

    static String nameSql() {
        return "CONCAT('s', CAST(id AS STRING))";
    }

    static String amountSql() {
        return "id * 7 + 3";
    }

    /**
     * {@link #BATCH_ROWS} random rows: mostly keys the stream also writes (so batch and stream
     * rows compete per key), some keys only the batch has; event times from 5 days before the
     * stream's first to 2 days after its last, in random order; some null values, and names with
     * a quote, which the SQL literal must escape.
     */
    static List<ScenarioRow> batchRows(Random random) {
        long from = BASE.minus(Duration.ofDays(5)).toEpochMilli();
        long to = BASE.toEpochMilli() + STREAMING_ROWS * STEP_MILLIS + Duration.ofDays(2).toMillis();
        Set<String> taken = new HashSet<>();
        List<ScenarioRow> rows = new ArrayList<>();
        while (rows.size() < BATCH_ROWS) {
            String key =
                    random.nextInt(5) == 0
                            ? "b" + random.nextInt(BATCH_ONLY_KEYS)
                            : "k" + random.nextInt(STREAMING_KEYS);
            long eventTime = from + (long) (random.nextDouble() * (to - from));
            if ((eventTime - BASE.toEpochMilli()) % STEP_MILLIS == 0
                    || !taken.add(key + "@" + eventTime)) {
                continue;
            }
            String name =
                    random.nextInt(10) == 0
                            ? null
                            : (random.nextInt(20) == 0 ? "o'batch-" : "batch-") + random.nextInt(1_000_000);
            // Below NULL_AMOUNT, and not negative: a negative number is a minus applied to a literal.
            Long amount = random.nextInt(20) == 0 ? null : (long) random.nextInt((int) NULL_AMOUNT);
            rows.add(new ScenarioRow(key, eventTime, name, amount));
        }
        return rows;
    }

    /**
     * A query of {@code rows} with the table's columns: a VALUES list of plain literals, converted
     * in a SELECT. Only literals keep the VALUES one node: a row holding an expression (a function
     * call, a cast) makes the planner build one projection per row and a union of them all,
     * hundreds of outputs that a batch job's shuffle cannot get network buffers for. Flink rejects
     * a bare NULL in VALUES, so nulls travel as sentinels that NULLIF turns back into NULL.
     */
    static String batchQuery(List<ScenarioRow> rows) {
        StringBuilder values = new StringBuilder();
        for (ScenarioRow row : rows) {
            if (values.length() > 0) {
                values.append(",\n  ");
            }
            values.append('(')
                    .append(stringLiteral(row.key()))
                    .append(", ")
                    .append(row.eventTimeMillis())
                    .append(", ")
                    .append(stringLiteral(row.name() == null ? NULL_NAME : row.name()))
                    .append(", ")
                    .append(row.amount() == null ? NULL_AMOUNT : row.amount())
                    .append(')');
        }
        return "SELECT k, TO_TIMESTAMP_LTZ(event_time_millis, 3),"
                + " CAST(NULLIF(name, " + stringLiteral(NULL_NAME) + ") AS STRING),"
                + " CAST(NULLIF(amount, " + NULL_AMOUNT + ") AS BIGINT)\nFROM (VALUES\n  " + values
                + ") AS batch_rows (k, event_time_millis, name, amount)";
    }

    static String stringLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
