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
package dev.azof.core.table;

import dev.azof.core.commit.SnapshotPublisher;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.CountingFileSystem;
import dev.azof.testing.RandomHistory;

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
 * What an as-of read costs in file-system calls (docs/spec.md, section 1.1, "Cost"), counted on
 * {@link CountingFileSystem}: on an object store an {@code exists} or status call of a missing
 * key can cost a LIST, so the metadata path only opens files: the pointer, the current snapshot
 * and the absent next one (three), however long the table's history; no list, exists or status
 * call on metadata at all; and per data file one open and no status call.
 */
class ReadCostTest {

    @TempDir File tmp;

    @Test
    void asOfReadOpensPointerSnapshotAndProbeOnly() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("ReadCostTest seed " + seed + " (rerun with -Dazof.seed=" + seed + ")");
        Random r = new Random(seed);
        Path dir = new Path(tmp.toURI().toString(), "t");
        RandomHistory h = RandomHistory.write(dir, seed, 30, 4 + r.nextInt(6), 20, 0.2);
        // Merged deltas (bases come from the history's base builds): a compacted table, quickly.
        new Compactor(
                        dir,
                        CompactionPolicy.defaults()
                                .withMaxDeltasPerSegment(1)
                                .withBuildBases(CompactionPolicy.BaseMode.NONE))
                .run();
        long current = new SnapshotStore(dir).currentId();
        Path counted = CountingFileSystem.of(dir);
        for (int i = 0; i < 3; i++) {
            // At an event's own time: the read has data files to count (a random time can fall
            // before the first event, and the check per file would then test nothing).
            long at = h.events.get(r.nextInt(h.events.size())).eventMicros;
            AsOf asOf = AsOf.at(EventTimes.instant(at));
            CountingFileSystem.reset();
            AzofTable table = AzofTable.open(counted);
            ScanPlan plan = table.plan(asOf);
            List<RowData> rows = new ArrayList<>();
            try (RowIterator it = AsOfReader.read(table, plan)) {
                while (it.hasNext()) {
                    rows.add(it.next());
                }
            }
            // The read is right, and its metadata cost: pointer, s<N>, the probe of s<N+1>.
            assertThat(AsOfOracle.actual(rows, table.rowType()))
                    .containsExactlyInAnyOrderElementsOf(
                            AsOfOracle.expected(
                                    h.events, asOf.micros(), Integer.MAX_VALUE, table.rowType()));
            assertThat(CountingFileSystem.count("open", "version\\.txt")).isEqualTo(1);
            assertThat(CountingFileSystem.count("open", "s" + current + "\\.json")).isEqualTo(1);
            assertThat(CountingFileSystem.count("open", "s" + (current + 1) + "\\.json"))
                    .isEqualTo(1);
            assertThat(CountingFileSystem.count("open", "s\\d+\\.json")).isEqualTo(2);
            assertThat(CountingFileSystem.count("listStatus")).isZero();
            assertThat(CountingFileSystem.count("exists")).isZero();
            assertThat(CountingFileSystem.count("getFileStatus", "version\\.txt|s\\d+\\.json"))
                    .isZero();
            // Per data file: one open (a small file is read whole, then verified and decoded from
            // memory) and no status call (the snapshot records the size).
            int dataFiles = plan.files().size();
            assertThat(dataFiles).isPositive();
            assertThat(CountingFileSystem.count("open", ".*\\.parquet")).isEqualTo(dataFiles);
            assertThat(CountingFileSystem.count("getFileStatus", ".*\\.parquet")).isZero();
            System.out.println(
                    "as-of read of snapshot "
                            + current
                            + " ("
                            + plan.files().size()
                            + " data files): "
                            + CountingFileSystem.counts());
        }
    }

    @Test
    void laggingPointerAddsOneProbePerCommitAndOneRead() throws Exception {
        Path dir = new Path(tmp.toURI().toString(), "t");
        RandomHistory.write(dir, 7, 10, 5, 10, 0);
        SnapshotStore store = new SnapshotStore(dir);
        long current = store.currentId();
        SnapshotPublisher.movePointer(store, current - 2); // as after two crashes before the move
        CountingFileSystem.reset();
        AzofTable table = AzofTable.open(CountingFileSystem.of(dir));
        assertThat(table.snapshot().id()).isEqualTo(current);
        // pointer, s<N-2> read, probes of s<N-1>, s<N> and s<N+1> (absent), s<N> read
        assertThat(CountingFileSystem.count("open")).isEqualTo(1 + 1 + 3 + 1);
        assertThat(CountingFileSystem.count("exists") + CountingFileSystem.count("listStatus"))
                .isZero();
    }

    @Test
    void directoryWithoutTableCostsOneOpen() {
        Path dir = new Path(tmp.toURI().toString(), "none");
        CountingFileSystem.reset();
        assertThat(new SnapshotStore(CountingFileSystem.of(dir)).currentIfAny()).isNull();
        assertThat(CountingFileSystem.counts()).containsOnlyKeys("open version.txt");
    }
}
