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

import dev.azof.core.commit.ConcurrentCommitException;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.DataFileRef;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.azof.core.compaction.SmallTable.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-made cases of the compaction rules: ties, sequences, rebasing, tombstones. */
class CompactorTest {

    @TempDir File tmp;

    private static final String[] TIMES = {
        "2024-01-10T00:00:00Z", "2024-01-20T00:00:00Z", "2024-02-10T00:00:00Z", "2024-03-10T00:00:00Z",
        "2024-04-10T00:00:00Z", "2024-05-10T00:00:00Z"
    };

    private SmallTable table(String name) {
        return new SmallTable(new Path(new File(tmp, name).toURI()), 1);
    }

    private void assertAllAnswers(SmallTable t, long snapshotId) throws Exception {
        assertThat(t.read(snapshotId, AsOf.current())).isEqualTo(t.expected(snapshotId, AsOf.current()));
        for (String ts : TIMES) {
            Instant i = Instant.parse(ts);
            for (AsOf a : List.of(AsOf.at(i), AsOf.at(i.minusMillis(1)), AsOf.at(i.plusSeconds(86400 * 20)))) {
                assertThat(t.read(snapshotId, a)).as("snapshot " + snapshotId + " as of " + a).isEqualTo(t.expected(snapshotId, a));
            }
        }
        assertThat(TableValidator.validate(t.dir)).isEmpty();
    }

    @Test
    void mergeKeepsOnlyTheTieWinnerAndTheHighestInputSequence() throws Exception {
        SmallTable t = table("ties");
        t.commit(row(1, TIMES[0], "a1"), row(2, TIMES[0], "b1"), row(1, TIMES[0], "a1-later-in-commit"));
        t.commit(row(1, TIMES[0], "a2"), row(3, TIMES[1], null));
        t.commit(row(2, TIMES[0], "b3"), row(2, TIMES[0], "b3-later"), row(3, TIMES[1], "c3"), row(1, TIMES[2], "a-feb"));
        Snapshot before = t.store.current();
        CompactionResult r =
                new Compactor(t.dir, CompactionPolicy.defaults().withMaxDeltasPerSegment(1)).run();
        Snapshot after = r.published();
        assertThat(after.id()).isEqualTo(before.id() + 1);
        assertThat(after.summary()).containsEntry("operation", "compact").containsEntry("merged-deltas", "3");
        DataFile merged = after.allFiles().stream().filter(f -> f.path().contains("compact-")).findFirst().orElseThrow();
        // Jan deltas came from snapshots 2, 3, 4: the merged one carries 4, the latest write it holds.
        assertThat(merged.sequence()).isEqualTo(4);
        // One row per (key, event time): (1,Jan10) (2,Jan10) (3,Jan20).
        assertThat(merged.rows()).isEqualTo(3);
        DataFile base = after.allFiles().stream().filter(DataFile::isBase).findFirst().orElseThrow();
        assertThat(base.sequence()).as("a base carries the snapshot it reflects").isEqualTo(before.id());
        assertAllAnswers(t, before.id());
        assertAllAnswers(t, after.id());
        for (String ts : TIMES) {
            assertThat(t.read(after.id(), AsOf.at(Instant.parse(ts)))).isEqualTo(t.read(before.id(), AsOf.at(Instant.parse(ts))));
        }
    }

    @Test
    void commitsDuringACompactionKeepWinning() throws Exception {
        SmallTable t = table("rebase");
        for (int i = 0; i < 3; i++) {
            t.commit(row(1, TIMES[0], "a" + i), row(2, TIMES[2], "b" + i), row(3, TIMES[4], "c" + i));
        }
        Snapshot read = t.store.current();
        // Lands after the compaction read its snapshot: a tie with merged rows, and late rows
        // before the bases the compaction builds.
        t.commit(row(1, TIMES[0], "a-late-tie"), row(2, TIMES[1], "b-late"), row(4, TIMES[3], "d"));
        Snapshot ingested = t.store.current();
        CompactionResult r =
                new Compactor(t.dir, CompactionPolicy.defaults().withMaxDeltasPerSegment(1))
                        .compact(t.store, read);
        assertThat(r.published().id()).isEqualTo(ingested.id() + 1);
        assertThat(r.published().parentId()).isEqualTo(ingested.id());
        assertAllAnswers(t, r.published().id());
        for (String ts : TIMES) {
            AsOf a = AsOf.at(Instant.parse(ts).plusSeconds(3600));
            assertThat(t.read(r.published().id(), a)).isEqualTo(t.read(ingested.id(), a));
        }
    }

    @Test
    void aSecondCompactionOfTheSameSnapshotFailsAndCleansUp() throws Exception {
        SmallTable t = table("conflict");
        for (int i = 0; i < 3; i++) {
            t.commit(row(1, TIMES[0], "a" + i), row(2, TIMES[2], "b" + i));
        }
        Snapshot read = t.store.current();
        CompactionPolicy p = CompactionPolicy.defaults().withMaxDeltasPerSegment(1);
        new Compactor(t.dir, p).compact(t.store, read);
        int filesOnDisk = java.nio.file.Files.walk(new File(tmp, "conflict/data").toPath()).toList().size();
        assertThatThrownBy(() -> new Compactor(t.dir, p).compact(t.store, read))
                .isInstanceOf(ConcurrentCommitException.class)
                .hasMessageContaining("another compaction");
        assertThat(java.nio.file.Files.walk(new File(tmp, "conflict/data").toPath()).toList()).hasSize(filesOnDisk);
        assertAllAnswers(t, t.store.currentId());
    }

    @Test
    void nothingToDoPublishesNothing() throws Exception {
        SmallTable t = table("idle");
        t.commit(row(1, TIMES[0], "a"));
        CompactionResult r = new Compactor(t.dir, CompactionPolicy.defaults()).run();
        assertThat(r.changed()).isFalse();
        assertThat(t.store.currentId()).isEqualTo(2);
    }

    @Test
    void aBaseDropsOldTombstonesAndReadsStayRightWhenOlderLateDataArrives() throws Exception {
        SmallTable t = table("tombstones");
        t.commit(row(1, TIMES[0], "a"), row(2, TIMES[0], "b"));
        t.commit(row(1, TIMES[1], null)); // key 1 deleted on Jan 20
        t.commit(row(3, TIMES[3], "c"));
        t.commit(row(4, TIMES[5], "d"));
        CompactionPolicy dropAll = CompactionPolicy.defaults().withTombstoneRetention(Duration.ZERO);
        Snapshot compacted = new Compactor(t.dir, dropAll).run().published();
        assertThat(compacted.summary().get("dropped-tombstones")).isNotEqualTo("0");
        DataFile mayBase = baseAt(compacted, "2024-05-01T00:00:00Z");
        assertThat(mayBase.tombstonesFrom()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(mayBase.rows()).as("live keys 2 and 3 only").isEqualTo(2);
        // A late row of key 1 from before its deletion: the deletion must still hide it.
        Snapshot late = t.commit(row(1, "2024-01-15T00:00:00Z", "a-late"));
        AsOf june = AsOf.at(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(t.read(late.id(), june)).isEqualTo(t.expected(late.id(), june));
        List<String> opened = AzofTable.open(t.dir, late.id()).plan(june).files().stream().map(DataFileRef::path).toList();
        assertThat(opened).as("the planner falls back from the base that lost the tombstone").doesNotContain(mayBase.path());
        assertAllAnswers(t, late.id());
        // The next compaction folds the late file into rebuilt bases: reads are short again.
        Snapshot folded = new Compactor(t.dir, dropAll).run().published();
        assertAllAnswers(t, folded.id());
        assertThat(AzofTable.open(t.dir, folded.id()).plan(june).files()).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void foreverRetentionKeepsTombstones() throws Exception {
        SmallTable t = table("forever");
        t.commit(row(1, TIMES[0], "a"));
        t.commit(row(1, TIMES[1], null));
        t.commit(row(2, TIMES[3], "b"));
        Snapshot s = new Compactor(t.dir, CompactionPolicy.defaults().withTombstoneRetention(null)).run().published();
        DataFile base = baseAt(s, "2024-03-01T00:00:00Z");
        assertThat(base.tombstonesFrom()).isNull();
        assertThat(base.rows()).isEqualTo(1);
        assertAllAnswers(t, s.id());
    }

    private static DataFile baseAt(Snapshot s, String start) {
        return s.allFiles().stream()
                .filter(f -> f.isBase() && f.start().equals(Instant.parse(start)))
                .findFirst()
                .orElseThrow();
    }
}
