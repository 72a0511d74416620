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
package dev.azof.benchmarks;

import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryGeneratorTest {

    private static final HistorySpec SPEC = new HistorySpec(100_000, 1_000, 2, 0.05, 30, 1);

    @Test
    void rowsArePureFunctionsOfSpecAndIndex() {
        HistoryGenerator a = new HistoryGenerator(SPEC);
        HistoryGenerator b = new HistoryGenerator(SPEC);
        for (long i = 0; i < SPEC.rows(); i += 997) {
            assertThat(a.row(i)).isEqualTo(b.row(i));
        }
        HistoryGenerator otherSeed = new HistoryGenerator(new HistorySpec(100_000, 1_000, 2, 0.05, 30, 2));
        assertThat(otherSeed.row(5)).isNotEqualTo(a.row(5));
    }

    @Test
    void everyRunOfKeysConsecutiveRowsTouchesEveryKeyOnce() {
        HistoryGenerator g = new HistoryGenerator(SPEC);
        Set<String> keys = new HashSet<>();
        for (long i = 3 * SPEC.keys(); i < 4 * SPEC.keys(); i++) {
            keys.add(g.row(i).getString(0).toString());
        }
        assertThat(keys).hasSize((int) SPEC.keys());
    }

    @Test
    void aboutTheLateShareArrivesLateWithinLateDaysAndAllEventTimesLieInTheHistory() {
        HistoryGenerator g = new HistoryGenerator(SPEC);
        long late = 0;
        long maxSoFar = Long.MIN_VALUE;
        long maxLatenessMs = 0;
        for (long i = 0; i < SPEC.rows(); i++) {
            long t = g.eventTimeMillis(i);
            assertThat(t).isBetween(SPEC.startMillis(), SPEC.endMillis() - 1);
            if (g.isLate(i)) {
                late++;
            }
            if (t < maxSoFar) {
                maxLatenessMs = Math.max(maxLatenessMs, maxSoFar - t);
            }
            maxSoFar = Math.max(maxSoFar, t);
        }
        assertThat((double) late / SPEC.rows()).isBetween(0.04, 0.06);
        assertThat(maxLatenessMs).isGreaterThan(86_400_000L).isLessThanOrEqualTo(31L * 86_400_000L);
    }

    @Test
    void keyAndEventTimeAreUniqueSoAsOfAnswersHaveNoTies() {
        HistoryGenerator g = new HistoryGenerator(SPEC);
        Map<String, Long> seen = new HashMap<>();
        for (long i = 0; i < SPEC.rows(); i++) {
            RowData row = g.row(i);
            String id = row.getString(0) + "@" + row.getTimestamp(1, 3).getMillisecond();
            assertThat(seen.put(id, i)).as("row %d repeats %s", i, id).isNull();
        }
    }

    @Test
    void interleavingIsAPermutationOfTheIndexes() {
        Set<Long> rows = new HashSet<>();
        for (long idx = 0; idx < 1000; idx++) {
            rows.add(HistoryStream.interleave(idx, 1000, 2));
        }
        assertThat(rows).hasSize(1000).allMatch(r -> r >= 0 && r < 1000);
        assertThat(HistoryStream.interleave(0, 1000, 2)).isEqualTo(0);
        assertThat(HistoryStream.interleave(500, 1000, 2)).isEqualTo(1);
        assertThat(HistoryStream.interleave(1, 1000, 2)).isEqualTo(2);
    }

    @Test
    void growthKeepsTheRatePerYear() {
        BenchmarkSize size = BenchmarkSize.of("default");
        HistorySpec x1 = size.growthHistory(1);
        HistorySpec x16 = size.growthHistory(16);
        assertThat(x16.keys()).isEqualTo(x1.keys());
        assertThat(x16.rows()).isEqualTo(16 * x1.rows());
        assertThat(x16.years()).isEqualTo(16 * x1.years());
    }
}
