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
package dev.azof.core.compaction;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Reading helpers shared by the compaction tests. */
final class Reads {

    private Reads() {}

    static List<List<Object>> read(Path dir, long snapshotId, AsOf asOf) throws Exception {
        AzofTable table = AzofTable.open(dir, snapshotId);
        List<RowData> rows = new ArrayList<>();
        try (RowIterator it = AsOfReader.read(table, table.plan(asOf))) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return AsOfOracle.actual(rows, table.rowType());
    }

    static List<List<Object>> expected(RandomHistory h, Path dir, long snapshotId, AsOf asOf) {
        AzofTable table = AzofTable.open(dir, snapshotId);
        return AsOfOracle.expected(h.events, asOf.micros(), (int) snapshotId, table.rowType());
    }

    static AsOf randomAsOf(RandomHistory h, Random r) {
        return r.nextInt(5) == 0 ? AsOf.current() : AsOf.at(EventTimes.instant(h.randomAsOf(r)));
    }

    static long currentId(Path dir) {
        return new SnapshotStore(dir).currentId();
    }

    /** A random policy: any merge threshold, with or without bases, folding and retention. */
    static CompactionPolicy randomPolicy(Random r) {
        Duration[] retention = {null, Duration.ZERO, Duration.ofDays(30), Duration.ofDays(120)};
        return CompactionPolicy.defaults()
                .withMaxDeltasPerSegment(1 + r.nextInt(4))
                .withBuildBases(
                        r.nextInt(4) == 0 ? CompactionPolicy.BaseMode.NONE : CompactionPolicy.BaseMode.CLOSED_SEGMENTS)
                .withFoldLateFiles(r.nextInt(4) != 0)
                .withTombstoneRetention(retention[r.nextInt(retention.length)]);
    }
}
