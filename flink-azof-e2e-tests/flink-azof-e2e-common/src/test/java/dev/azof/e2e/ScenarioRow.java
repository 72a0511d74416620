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

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of the scenario's table {@code (k STRING, event_time TIMESTAMP_LTZ(3), name STRING,
 * amount BIGINT)}, as the test generated it and as a read returns it.
 */
record ScenarioRow(String key, long eventTimeMillis, String name, Long amount) {

    ScenarioRow {
        Objects.requireNonNull(key, "key");
    }

    /** A row of a gateway result with the columns k, event_time, name, amount, in this order. */
    static ScenarioRow fromResult(List<Object> values) {
        if (values.size() != 4) {
            throw new IllegalArgumentException("expected 4 columns: " + values);
        }
        Object eventTime = values.get(1);
        if (!(eventTime instanceof String)) {
            throw new IllegalArgumentException("event_time is no ISO-8601 string: " + values);
        }
        Object amount = values.get(3);
        return new ScenarioRow(
                (String) values.get(0),
                Instant.parse((String) eventTime).toEpochMilli(),
                (String) values.get(2),
                amount == null ? null : ((Number) amount).longValue());
    }

    @Override
    public String toString() {
        return "(" + key + ", " + Instant.ofEpochMilli(eventTimeMillis) + ", " + name + ", "
                + amount + ")";
    }
}
