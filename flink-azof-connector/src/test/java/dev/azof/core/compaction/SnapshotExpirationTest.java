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

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotPublisher;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.plan.AsOf;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.azof.core.compaction.SmallTable.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotExpirationTest {

    @TempDir File tmp;

    private static final AsOf MARCH = AsOf.at(Instant.parse("2024-03-01T00:00:00Z"));

    private SmallTable compactedTable(String name) throws Exception {
        SmallTable t = new SmallTable(new Path(new File(tmp, name).toURI()), 1);
        for (int i = 0; i < 4; i++) {
            t.commit(row(1, "2024-01-1" + i + "T00:00:00Z", "a" + i), row(2, "2024-02-1" + i + "T00:00:00Z", "b" + i));
        }
        new Compactor(t.dir, CompactionPolicy.defaults().withMaxDeltasPerSegment(1)).run();
        return t;
    }

    private File file(SmallTable t, String relative) {
        return new File(t.dir.toUri().getPath(), relative);
    }

    @Test
    void retainLastRemovesOldSnapshotsAndTheirFilesOnly() throws Exception {
        SmallTable t = compactedTable("last");
        long current = t.store.currentId(); // 1 create, 2..5 appends, 6 compact
        List<DataFile> replaced = t.store.read(current - 1).allFiles();
        ExpirationResult r = new SnapshotExpiration(t.dir).retainLast(2).minFileAge(Duration.ZERO).run();
        assertThat(r.expiredSnapshots()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(r.oldestRetained()).isEqualTo(current - 1);
        // Snapshot 5 (retained) still references the deltas the compaction replaced.
        for (DataFile f : replaced) {
            assertThat(file(t, f.path())).exists();
        }
        assertThat(r.deletedFiles()).isEmpty();
        assertThat(TableValidator.validate(t.dir)).isEmpty();
        assertThat(t.read(current - 1, MARCH)).isEqualTo(t.expected(current - 1, MARCH));
        assertThatThrownBy(() -> AzofTable.open(t.dir, 3))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("snapshot 3")
                .hasMessageContaining("expired");

        ExpirationResult r2 = new SnapshotExpiration(t.dir).retainLast(1).minFileAge(Duration.ZERO).run();
        assertThat(r2.expiredSnapshots()).containsExactly(current - 1);
        assertThat(r2.deletedFiles()).hasSize(8).allMatch(p -> p.contains("delta-"));
        for (DataFile f : replaced) {
            assertThat(file(t, f.path())).doesNotExist();
        }
        assertThat(TableValidator.validate(t.dir)).isEmpty();
        assertThat(t.read(current, MARCH)).isEqualTo(t.expected(current, MARCH));
        assertThat(t.read(current, AsOf.current())).isEqualTo(t.expected(current, AsOf.current()));
    }

    @Test
    void youngFilesAndOrphansFollowTheMinimumAge() throws Exception {
        SmallTable t = compactedTable("age");
        Files.writeString(file(t, "data/orphan-of-a-failed-commit.parquet").toPath(), "x");
        ExpirationResult young = new SnapshotExpiration(t.dir).retainLast(1).run(); // default: 1 hour
        assertThat(young.expiredSnapshots()).hasSize(5);
        assertThat(young.deletedFiles()).as("every file was written just now").isEmpty();
        assertThat(young.keptYoungFiles()).as("8 replaced deltas and the orphan").isEqualTo(9);
        // An hour later the orphan and the replaced deltas go; referenced files stay.
        long later = System.currentTimeMillis() + Duration.ofMinutes(61).toMillis();
        ExpirationResult old = new SnapshotExpiration(t.dir).retainLast(1).withClock(() -> later).run();
        assertThat(old.deletedFiles()).hasSize(9).contains("data/orphan-of-a-failed-commit.parquet");
        assertThat(TableValidator.validate(t.dir)).isEmpty();
        long current = t.store.currentId();
        assertThat(t.read(current, MARCH)).isEqualTo(t.expected(current, MARCH));
    }

    @Test
    void olderThanKeepsRecentSnapshotsAndThePointerStaysValid() throws Exception {
        SmallTable t = compactedTable("age2");
        long current = t.store.currentId();
        // Make the pointer lag (a crash after a publish) at a snapshot that will expire.
        SnapshotPublisher.movePointer(t.store, 2);
        long now = t.store.read(current).timestampMillis() + Duration.ofDays(8).toMillis();
        ExpirationResult dry =
                new SnapshotExpiration(t.dir).olderThan(Duration.ofDays(7)).withClock(() -> now).dryRun(true).run();
        assertThat(dry.expiredSnapshots()).hasSize((int) current - 1);
        assertThat(file(t, "s1.json")).exists();
        ExpirationResult r = new SnapshotExpiration(t.dir).olderThan(Duration.ofDays(7)).withClock(() -> now).run();
        assertThat(r.expiredSnapshots()).hasSize((int) current - 1);
        assertThat(t.store.readPointer()).isEqualTo(current);
        assertThat(t.store.currentId()).isEqualTo(current);
        assertThat(TableValidator.validate(t.dir)).isEmpty();
        // Nothing is younger than 7 days "now": only the current snapshot remains.
        ExpirationResult none = new SnapshotExpiration(t.dir).olderThan(Duration.ofDays(7)).withClock(() -> now).run();
        assertThat(none.expiredSnapshots()).isEmpty();
        assertThat(file(t, "s" + current + ".json")).exists();
    }

    @Test
    void needsARule() {
        assertThatThrownBy(() -> new SnapshotExpiration(new Path(tmp.toURI())).run())
                .isInstanceOf(AzofException.class);
        assertThatThrownBy(() -> new SnapshotExpiration(new Path(tmp.toURI())).retainLast(0))
                .isInstanceOf(AzofException.class);
    }

    @Test
    void durationsParse() {
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("P7D")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");
    }

    @Test
    void policyOptions() {
        CompactionPolicy p =
                CompactionPolicy.fromOptions(
                        java.util.Map.of(
                                CompactionPolicy.MAX_DELTAS_PER_SEGMENT, "2",
                                CompactionPolicy.BUILD_BASES, "none",
                                CompactionPolicy.FOLD_LATE_FILES, "false",
                                CompactionPolicy.TOMBSTONE_RETENTION, "forever"));
        assertThat(p.maxDeltasPerSegment()).isEqualTo(2);
        assertThat(p.buildBases()).isEqualTo(CompactionPolicy.BaseMode.NONE);
        assertThat(p.foldLateFiles()).isFalse();
        assertThat(p.tombstoneRetention()).isNull();
        assertThat(CompactionPolicy.fromOptions(p.toOptions()).toOptions()).isEqualTo(p.toOptions());
        assertThatThrownBy(() -> CompactionPolicy.fromOptions(java.util.Map.of(CompactionPolicy.BUILD_BASES, "all")))
                .hasMessageContaining("closed-segments");
        assertThatThrownBy(() -> CompactionPolicy.fromOptions(java.util.Map.of("compaction.bogus", "1")))
                .hasMessageContaining("unknown compaction option");
    }
}
