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

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The oracle and the scenario's data, which every end-to-end answer is compared with. */
class AsOfOracleTest {

    @Test
    void asOfIsTheLatestRowAtOrBeforeTheTimePerKey() {
        ScenarioRow a1 = new ScenarioRow("a", 100, "a1", 1L);
        ScenarioRow a2 = new ScenarioRow("a", 200, "a2", 2L);
        ScenarioRow b1 = new ScenarioRow("b", 150, null, null);
        AsOfOracle oracle = new AsOfOracle(List.of(a2, b1, a1));

        assertThat(oracle.asOf(99)).isEmpty();
        assertThat(oracle.asOf(100)).containsExactly(a1);
        assertThat(oracle.asOf(199)).containsExactly(a1, b1);
        assertThat(oracle.asOf(200)).containsExactly(a2, b1);
        assertThat(oracle.current()).containsExactly(a2, b1);
    }

    @Test
    void streamingEventTimesArePermutedWithinBlocksAndUnique() {
        Set<Long> slots = new HashSet<>();
        long outOfOrder = 0;
        long previous = Long.MIN_VALUE;
        for (long id = 0; id < ScenarioData.STREAMING_ROWS; id++) {
            long eventTime = ScenarioData.streamingRow(id).eventTimeMillis();
            long slot = (eventTime - ScenarioData.BASE.toEpochMilli()) / ScenarioData.STEP_MILLIS;
            assertThat(slot / ScenarioData.BLOCK).isEqualTo(id / ScenarioData.BLOCK);
            slots.add(slot);
            if (eventTime < previous) {
                outOfOrder++;
            }
            previous = eventTime;
        }
        assertThat(slots).hasSize((int) ScenarioData.STREAMING_ROWS);
        // Many rows go back in time: behind a watermark of seconds, they are late.
        assertThat(outOfOrder).isGreaterThan(ScenarioData.STREAMING_ROWS / 4);
    }

    @Test
    void batchRowsNeverShareAnEventTimeWithAnotherRowOfTheirKey() {
        List<ScenarioRow> batch = ScenarioData.batchRows(new Random(42));
        List<ScenarioRow> all = new ArrayList<>(batch);
        all.addAll(ScenarioData.streamingRows());

        // The oracle rejects two rows of one key at one event time.
        assertThat(new AsOfOracle(all).rowCount()).isEqualTo(all.size());
        assertThat(batch).hasSize(ScenarioData.BATCH_ROWS);
    }
}
