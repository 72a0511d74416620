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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an Azof table must answer, computed by brute force from every row the test wrote: as of
 * {@code t}, per key, the row with the greatest event time {@code <= t} (the bound is inclusive);
 * a key with no such row is absent. The scenario writes no two rows of a key with the same event
 * time, so ties (which the connector resolves by commit order) never decide an answer.
 */
final class AsOfOracle {

    private final Map<String, TreeMap<Long, ScenarioRow>> historyByKey = new HashMap<>();
    private int rows;

    AsOfOracle(Collection<ScenarioRow> written) {
        for (ScenarioRow row : written) {
            ScenarioRow previous =
                    historyByKey
                            .computeIfAbsent(row.key(), k -> new TreeMap<>())
                            .put(row.eventTimeMillis(), row);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "two rows of one key at one event time: " + previous + " and " + row);
            }
            rows++;
        }
    }

    /** The rows the table holds as of {@code asOfMillis}, sorted by key. */
    List<ScenarioRow> asOf(long asOfMillis) {
        List<ScenarioRow> answer = new ArrayList<>();
        for (TreeMap<Long, ScenarioRow> history : historyByKey.values()) {
            Map.Entry<Long, ScenarioRow> winner = history.floorEntry(asOfMillis);
            if (winner != null) {
                answer.add(winner.getValue());
            }
        }
        answer.sort(Comparator.comparing(ScenarioRow::key));
        return answer;
    }

    /** The current state: the latest row of every key. */
    List<ScenarioRow> current() {
        return asOf(Long.MAX_VALUE);
    }

    int rowCount() {
        return rows;
    }
}
