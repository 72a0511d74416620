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

import java.util.List;
import java.util.Optional;

/**
 * What a statement returned through the gateway: column names and rows (values as the JSON row
 * format gives them: {@code null}, {@link Boolean}, {@link Long}, {@link Double} or {@link
 * java.math.BigDecimal}, {@link String}; timestamps are ISO-8601 strings, e.g. {@code
 * 2024-02-17T00:00:00.123Z} for TIMESTAMP_LTZ), and the job that produced them, if any.
 */
public record StatementResult(List<String> columns, List<List<Object>> rows, Optional<String> jobId) {

    public StatementResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The one value of a one-row, one-column result (e.g. the job id of an INSERT). */
    public Object singleValue() {
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one value, got " + columns + " " + rows);
        }
        return rows.get(0).get(0);
    }

    /** The index of a column by name. */
    public int column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        return index;
    }
}
