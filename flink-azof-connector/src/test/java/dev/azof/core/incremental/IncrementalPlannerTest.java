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
package dev.azof.core.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.compaction.SnapshotExpiration;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.ChangeReader;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.RandomHistory;
import dev.azof.testing.Rows;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The incremental planner against the oracle: every fact of every commit is found exactly once,
 * maintenance commits add none, a catch-up read of the history rebuilds every as-of answer, and
 * an expired snapshot after the position is an error naming it.
 */
class IncrementalPlannerTest {

    @TempDir File tmp;

    @Test
    void everyCommittedFactExactlyOnceAndMaintenanceAddsNone() throws Exception {
        long seed = Long.getLong("azof.seed", new Random().nextLong());
        String context = "seed " + seed + " (-Dazof.seed=" + seed + ")";
        Path dir = new Path(new File(tmp, "t").toURI());
        Random ops = new Random(seed ^ 0x5DEECE66DL);
        Set<Long> maintenance = new HashSet<>();
        RandomHistory h =
                RandomHistory.write(
                        dir,
                        seed,
                        30,
                        6,
                        20,
                        0.2,
                        (history, commit) -> {
                            if (commit == 1 || commit == 4) {
                                new Compactor(dir, CompactionPolicy.defaults().withMaxDeltasPerSegment(1)).run();
                                maintenance.add(new SnapshotStore(dir).currentId());
                            }
                        });
        SnapshotStore store = new SnapshotStore(dir);
        Snapshot current = store.current();
        TableSchema schema = current.schema();
        RowType rowType = schema.rowType();

        // Commit by commit from the table's creation, a few commits per step.
        List<Event> emitted = new ArrayList<>();
        long position = 0;
        int steps = 0;
        while (true) {
            List<CommitChanges> commits = IncrementalPlanner.commitsAfter(store, position, 3);
            if (commits.isEmpty()) {
                break;
            }
            steps++;
            for (CommitChanges c : commits) {
                assertThat(c.snapshotId()).as(context).isEqualTo(position + 1);
                position = c.snapshotId();
                Snapshot s = store.read(c.snapshotId());
                if (maintenance.contains(c.snapshotId()) || IncrementalPlanner.isMaintenance(s)) {
                    assertThat(c.addsFacts()).as(context + ", maintenance commit " + c).isFalse();
                }
                readAll(dir, schema, c, emitted, null);
            }
        }
        assertThat(position).as(context).isEqualTo(current.id());
        assertThat(steps).as(context).isGreaterThan(1);
        assertThat(maintenance).as(context + ": the history must hold maintenance commits").isNotEmpty();
        assertThat(facts(emitted, rowType)).as(context).isEqualTo(facts(h.events, rowType));

        // The history so far, from the current snapshot alone, answers every as-of read.
        List<Event> caughtUp = new ArrayList<>();
        for (CommitChanges c : IncrementalPlanner.factsOf(store, current, null)) {
            readAll(dir, schema, c, caughtUp, null);
        }
        for (int i = 0; i < 20; i++) {
            long t = h.randomAsOf(ops);
            assertThat(AsOfOracle.expected(caughtUp, t, Integer.MAX_VALUE, rowType))
                    .as(context + ", as of " + t)
                    .isEqualTo(AsOfOracle.expected(h.events, t, Integer.MAX_VALUE, rowType));
        }

        // From the state as of t: facts after t rebuild every answer at or after t.
        long from = h.randomAsOf(ops);
        List<Event> after = new ArrayList<>();
        for (CommitChanges c : IncrementalPlanner.factsOf(store, current, from)) {
            readAll(dir, schema, c, after, from);
        }
        for (Event e : after) {
            assertThat(e.eventMicros).as(context).isGreaterThan(from);
        }
        long expectedAfter = h.events.stream().filter(e -> e.eventMicros > from).count();
        assertThat((long) after.size()).as(context).isLessThanOrEqualTo(expectedAfter);
    }

    @Test
    void theHistorySoFarReadsEachRetainedSnapshotOnce() throws Exception {
        Path dir = new Path(new File(tmp, "once").toURI());
        RandomHistory.write(dir, 11, 10, 8, 10, 0);
        SnapshotStore counted = new SnapshotStore(dev.azof.testing.CountingFileSystem.of(dir));
        Snapshot current = counted.current();
        dev.azof.testing.CountingFileSystem.reset();
        List<CommitChanges> commits = IncrementalPlanner.factsOf(counted, current, null);
        assertThat(commits).hasSizeGreaterThan(3);
        // Each commit's watermark before it comes from its parent, the previous commit: one read
        // of every snapshot but the current one (which the caller holds).
        assertThat(dev.azof.testing.CountingFileSystem.count("open", "s\\d+\\.json"))
                .isEqualTo(current.id() - 1);
    }

    @Test
    void expiredSnapshotAfterThePositionIsAnError() throws Exception {
        Path dir = new Path(new File(tmp, "e").toURI());
        RandomHistory.write(dir, 7, 10, 5, 10, 0);
        SnapshotStore store = new SnapshotStore(dir);
        long current = store.currentId();
        assertThat(IncrementalPlanner.commitsAfter(store, 1, 100)).hasSize((int) current - 1);
        new SnapshotExpiration(dir).minFileAge(Duration.ZERO).retainLast(2).run();
        assertThatThrownBy(() -> IncrementalPlanner.commitsAfter(store, 1, 100))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("snapshot 2 ")
                .hasMessageContaining("has expired");
        // A position at or after the oldest retained snapshot's parent still works.
        assertThat(IncrementalPlanner.commitsAfter(store, current - 2, 100)).hasSize(2);
        assertThatThrownBy(() -> IncrementalPlanner.commitsAfter(store, current + 5, 100))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("ahead of table");
    }

    /** Reads every delta of a commit in order, as an incremental reader does. */
    private static void readAll(Path dir, TableSchema schema, CommitChanges c, List<Event> out, Long afterMicros)
            throws Exception {
        int[] all = AsOfReader.allColumns(schema);
        for (Map.Entry<Integer, List<DataFile>> bucket : c.deltasByBucket().entrySet()) {
            for (DataFile f : bucket.getValue()) {
                assertThat(f.bucket()).isEqualTo(bucket.getKey());
                try (ChangeReader r = ChangeReader.open(dir, schema, f, all, AsOfReader.PARQUET)) {
                    while (r.next()) {
                        if (afterMicros != null && r.eventMicros() <= afterMicros) {
                            continue;
                        }
                        RowData row = r.row();
                        List<Object> key = new ArrayList<>();
                        List<Object> values = Rows.values(row, schema.rowType());
                        for (int k : schema.primaryKeyIndexes()) {
                            key.add(values.get(k));
                        }
                        out.add(new Event(key, r.eventMicros(), row, r.isTombstone(), (int) c.snapshotId(), out.size()));
                    }
                }
            }
        }
    }

    /** Facts as comparable strings: commit, key columns, event time, kind, values of upserts. */
    private static List<String> facts(List<Event> events, RowType rowType) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            List<Object> values = Rows.values(e.row, rowType);
            out.add(e.commit + "|" + e.eventMicros + "|" + (e.deleted ? "D" : "U") + "|"
                    + (e.deleted ? "" : values.toString()));
        }
        out.sort(null);
        return out;
    }
}
