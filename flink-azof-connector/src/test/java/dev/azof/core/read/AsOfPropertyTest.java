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
package dev.azof.core.read;

import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.RandomHistory;
import dev.azof.testing.TestScale;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every as-of read of a random history equals the brute-force oracle: many keys, out-of-order
 * and late events, repeated event times, tombstones, bases built between commits, several
 * snapshots, random as-of times (including exact event times) and current reads.
 */
class AsOfPropertyTest {

    @TempDir File tmp;

    @Test
    void randomHistoriesMatchTheOracle() throws Exception {
        long master = Long.getLong("azof.seed", System.nanoTime());
        Random seeds = new Random(master);
        for (int round = 0; round < TestScale.rounds(8); round++) {
            long seed = seeds.nextLong();
            String context = "master seed " + master + ", round " + round + ", seed " + seed;
            Path dir = new Path(new File(tmp, "t" + round).toURI());
            RandomHistory h = RandomHistory.write(dir, seed, 150 + round * 20, 6 + round % 5, 200, 0.4);
            assertThat(TableValidator.validate(dir)).as(context).isEmpty();
            Random r = new Random(seed);
            for (int q = 0; q < 12; q++) {
                long snapshotId = q < 8 ? h.snapshotIds.get(h.snapshotIds.size() - 1)
                        : h.snapshotIds.get(r.nextInt(h.snapshotIds.size()));
                AsOf asOf = q % 6 == 0 ? AsOf.current() : AsOf.at(EventTimes.instant(h.randomAsOf(r)));
                AzofTable table = AzofTable.open(dir, snapshotId);
                ScanPlan plan = table.plan(asOf);
                List<RowData> rows = new ArrayList<>();
                try (RowIterator it = AsOfReader.read(table, plan)) {
                    while (it.hasNext()) {
                        rows.add(it.next());
                    }
                }
                assertThat(AsOfOracle.actual(rows, table.rowType()))
                        .as(context + ", snapshot " + snapshotId + ", as of " + asOf)
                        .isEqualTo(AsOfOracle.expected(h.events, asOf.micros(), (int) snapshotId, table.rowType()));
            }
        }
    }
}
