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
package dev.azof.core.commit;

import dev.azof.core.metadata.Snapshot;
import dev.azof.core.plan.AsOf;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;
import dev.azof.flink.table.AzofTestTables;
import dev.azof.testing.CountingFileSystem;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exactly-once commit protocol of {@link TableCommitter}. */
class TableCommitterTest {

    @TempDir java.nio.file.Path tmp;

    @AfterEach
    void removeHook() {
        TableCommitter.setTestHook(null);
    }

    private Path table() {
        return new Path(tmp.resolve("t").toAbsolutePath().toString());
    }

    private static TableSpec spec() {
        return new TableSpec(AzofTestTables.schema(), 2, Map.of(TableWriter.SEGMENT_GRANULARITY, "month"));
    }

    private List<PendingFile> files(RowData... rows) throws IOException {
        Snapshot snap = TableCommits.resolve(spec(), table());
        return new TableWriter(table(), snap).writeDeltas(List.of(rows));
    }

    private static List<String> read(Path dir, String asOf) throws IOException {
        AzofTable t = AzofTable.open(dir);
        List<String> out = new ArrayList<>();
        try (RowIterator it = AsOfReader.read(t, t.plan(AsOf.parse(asOf)))) {
            while (it.hasNext()) {
                RowData r = it.next();
                out.add(r.getString(0) + "=" + r.getString(1));
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void createsTableOnFirstCommitAndRecordsSummary() throws Exception {
        TableCommitter c = new TableCommitter(table(), spec());
        TableCommitter.Result r =
                c.commit(
                        "w1",
                        TableCommitter.UNKNOWN_START,
                        1,
                        Instant.parse("2024-01-10T00:00:00Z").toEpochMilli(),
                        files(AzofTestTables.row("a", "1", "2024-01-05T00:00:00Z")));
        assertThat(r.outcome()).isEqualTo(TableCommitter.Outcome.COMMITTED);
        Snapshot s = new SnapshotStore(table()).current();
        assertThat(s.id()).isEqualTo(2);
        assertThat(s.summary())
                .containsEntry("operation", "append")
                .containsEntry("writer-id", "w1")
                .containsEntry("checkpoint-id", "1")
                .containsEntry("watermark", "2024-01-10T00:00:00Z")
                .containsEntry("added-files", "1")
                .containsEntry("added-rows", "1");
        assertThat(s.allFiles()).allMatch(f -> f.sequence() == 2);
        assertThat(TableValidator.validate(table())).isEmpty();
    }

    @Test
    void sameCommittableTwiceIsPublishedOnce() throws Exception {
        List<PendingFile> f = files(AzofTestTables.row("a", "1", "2024-01-05T00:00:00Z"));
        TableCommitter first = new TableCommitter(table(), spec());
        assertThat(first.commit("w1", TableCommitter.UNKNOWN_START, 7, null, f).outcome())
                .isEqualTo(TableCommitter.Outcome.COMMITTED);
        // The same committer retried, and a new committer after a restore (same writer id,
        // possibly in a new job): both recognize the commit.
        assertThat(first.commit("w1", TableCommitter.UNKNOWN_START, 7, null, f).outcome())
                .isEqualTo(TableCommitter.Outcome.ALREADY_COMMITTED);
        TableCommitter restored = new TableCommitter(table(), spec());
        assertThat(restored.commit("w1", TableCommitter.UNKNOWN_START, 7, null, f).outcome())
                .isEqualTo(TableCommitter.Outcome.ALREADY_COMMITTED);
        assertThat(restored.commit("w1", TableCommitter.UNKNOWN_START, 5, null, f).outcome())
                .isEqualTo(TableCommitter.Outcome.ALREADY_COMMITTED);
        assertThat(new SnapshotStore(table()).currentId()).isEqualTo(2);
        // A later checkpoint of the same writer commits.
        List<PendingFile> g = files(AzofTestTables.row("b", "2", "2024-01-06T00:00:00Z"));
        assertThat(restored.commit("w1", TableCommitter.UNKNOWN_START, 8, null, g).outcome())
                .isEqualTo(TableCommitter.Outcome.COMMITTED);
        assertThat(read(table(), "2024-02-01T00:00:00Z")).containsExactly("a=1", "b=2");
    }

    @Test
    void newWriterIdWithSameCheckpointIdCommits() throws Exception {
        // A second batch job: its end-of-input checkpoint id equals the first job's.
        TableCommitter c1 = new TableCommitter(table(), spec());
        c1.commit("job1", TableCommitter.UNKNOWN_START, 1, null, files(AzofTestTables.row("a", "1", "2024-01-05T00:00:00Z")));
        TableCommitter c2 = new TableCommitter(table(), spec());
        assertThat(
                        c2.commit(
                                        "job2",
                                        TableCommitter.UNKNOWN_START,
                                        1,
                                        null,
                                        files(AzofTestTables.row("a", "2", "2024-01-07T00:00:00Z")))
                                .outcome())
                .isEqualTo(TableCommitter.Outcome.COMMITTED);
        assertThat(read(table(), "2024-02-01T00:00:00Z")).containsExactly("a=2");
    }

    @Test
    void secondWriterFailsWithClearError() throws Exception {
        TableCommitter a = new TableCommitter(table(), spec());
        TableCommitter b = new TableCommitter(table(), spec());
        a.commit("writer-a", TableCommitter.UNKNOWN_START, 1, null, files(AzofTestTables.row("a", "1", "2024-01-05T00:00:00Z")));
        // b's first commit: a previous writer is fine (a new job taking over).
        b.commit("writer-b", TableCommitter.UNKNOWN_START, 1, null, files(AzofTestTables.row("b", "1", "2024-01-05T00:00:00Z")));
        assertThatThrownBy(
                        () ->
                                a.commit(
                                        "writer-a",
                                        TableCommitter.UNKNOWN_START,
                                        2,
                                        null,
                                        files(AzofTestTables.row("c", "1", "2024-01-05T00:00:00Z"))))
                .isInstanceOf(WriterFencedException.class)
                .hasMessageContaining("is written by another job: writer writer-b committed snapshot 3")
                .hasMessageContaining("a table has a single writer");
    }

    // ------------------------------------------------------------------ fencing (spec 7.1)

    private long commit(TableCommitter c, String writer, long startedAt, long checkpoint, String key)
            throws IOException {
        TableCommitter.Result r =
                c.commit(
                        writer,
                        startedAt,
                        checkpoint,
                        null,
                        files(AzofTestTables.row(key, writer + "-" + checkpoint, "2024-01-05T00:00:00Z")));
        assertThat(r.outcome()).isEqualTo(TableCommitter.Outcome.COMMITTED);
        return r.snapshot().id();
    }

    private long current() {
        return new SnapshotStore(table()).currentId();
    }

    /** A commit of the compaction's publish path that replaces nothing. */
    private void maintenanceCommit() {
        SnapshotStore store = new SnapshotStore(table());
        dev.azof.core.compaction.Compactor.publishReplace(
                store, store.current(), List.of(), List.of(), Map.of("operation", "compact"), 0);
    }

    @Test
    void aNewWriterFailsWhileTheIncumbentKeepsCommitting() throws Exception {
        TableCommitter a = new TableCommitter(table(), spec());
        commit(a, "writer-a", 0, 1, "a");
        long bStart = current(); // a new job starts while a runs
        TableCommitter b = new TableCommitter(table(), spec());
        commit(a, "writer-a", 0, 2, "a");

        assertThatThrownBy(() -> commit(b, "writer-b", bStart, 1, "b"))
                .isInstanceOf(WriterFencedException.class)
                .hasMessageContaining("writer writer-a committed snapshot 3 after this job's writer writer-b started (at snapshot 2)")
                .hasMessageContaining("start this job without state");
        // Restarts of the new job (restored or not yet checkpointed) cannot bring it in either.
        assertThatThrownBy(() -> commit(new TableCommitter(table(), spec()), "writer-b", bStart, 1, "b"))
                .isInstanceOf(WriterFencedException.class);
        commit(a, "writer-a", 0, 3, "a");
        assertThat(read(table(), "2024-02-01T00:00:00Z")).containsExactly("a=writer-a-3");
    }

    @Test
    void aNewJobTakesOverAStoppedWriterWhichIsThenFencedForGood() throws Exception {
        TableCommitter a = new TableCommitter(table(), spec());
        commit(a, "writer-a", 0, 1, "a");
        commit(a, "writer-a", 0, 2, "a");
        // a stops; a new job (no state) starts and commits.
        long bStart = current();
        commit(new TableCommitter(table(), spec()), "writer-b", bStart, 1, "b");

        // a restored from its checkpoint or a savepoint: fenced, also for what it committed.
        for (long checkpoint : new long[] {2, 3}) {
            assertThatThrownBy(() -> commit(new TableCommitter(table(), spec()), "writer-a", 0, checkpoint, "a"))
                    .isInstanceOf(WriterFencedException.class)
                    .hasMessageContaining("writer writer-b committed snapshot 4");
        }
        // a new job again (no state) takes over from b once b stopped.
        commit(new TableCommitter(table(), spec()), "writer-c", current(), 1, "c");
        assertThat(read(table(), "2024-02-01T00:00:00Z"))
                .containsExactly("a=writer-a-2", "b=writer-b-1", "c=writer-c-1");
    }

    @Test
    void aRestoredWriterNobodyReplacedContinuesAndSkipsWhatItCommitted() throws Exception {
        commit(new TableCommitter(table(), spec()), "writer-a", 0, 1, "a");
        // A failover before the first commit of another fresh writer that never committed.
        long unused = current();
        TableCommitter restored = new TableCommitter(table(), spec());
        assertThat(restored.commit("writer-a", 0, 1, null, files()).outcome())
                .isEqualTo(TableCommitter.Outcome.ALREADY_COMMITTED);
        commit(restored, "writer-a", 0, 2, "a");
        assertThat(unused).isEqualTo(2);
        assertThat(read(table(), "2024-02-01T00:00:00Z")).containsExactly("a=writer-a-2");
    }

    @Test
    void lineageSurvivesCompactionsAndExpirationForDedupeAndFencing() throws Exception {
        TableCommitter a = new TableCommitter(table(), spec());
        for (int cp = 1; cp <= 3; cp++) {
            commit(a, "writer-a", 0, cp, "k" + cp);
            // Compactions between commits, then expiration keeping only the last two snapshots:
            // no snapshot of writer-a itself is left.
            maintenanceCommit();
            maintenanceCommit();
            new dev.azof.core.compaction.SnapshotExpiration(table())
                    .retainLast(2)
                    .minFileAge(java.time.Duration.ZERO)
                    .run();
        }
        SnapshotStore store = new SnapshotStore(table());
        Snapshot current = store.current();
        assertThat(current.summary())
                .containsEntry("operation", "compact")
                .containsEntry("last-writer-id", "writer-a")
                .containsEntry("last-checkpoint-id", "3");
        assertThat(store.readIfExists(current.id() - 2)).isNull();

        // A restore retries checkpoints 2 and 3: both recognized; checkpoint 4 commits once.
        TableCommitter restored = new TableCommitter(table(), spec());
        for (long cp : new long[] {2, 3}) {
            assertThat(restored.commit("writer-a", 0, cp, null, files(AzofTestTables.row("x", "dup", "2024-01-05T00:00:00Z"))).outcome())
                    .isEqualTo(TableCommitter.Outcome.ALREADY_COMMITTED);
        }
        commit(restored, "writer-a", 0, 4, "k4");
        assertThat(read(table(), "2024-02-01T00:00:00Z"))
                .containsExactly("k1=writer-a-1", "k2=writer-a-2", "k3=writer-a-3", "k4=writer-a-4");

        // A takeover hidden behind compactions and expiration still fences the old writer.
        commit(new TableCommitter(table(), spec()), "writer-b", current(), 1, "b");
        maintenanceCommit();
        new dev.azof.core.compaction.SnapshotExpiration(table()).retainLast(2).minFileAge(java.time.Duration.ZERO).run();
        assertThatThrownBy(() -> commit(new TableCommitter(table(), spec()), "writer-a", 0, 5, "k5"))
                .isInstanceOf(WriterFencedException.class);
    }

    /**
     * A restore's dedupe reads the current snapshot only (spec 7.1, "What a dedupe reads"): the
     * same number of snapshot files after 3 and after 30 checkpoints, with compactions and
     * expirations between the commits. Counted on {@link CountingFileSystem}.
     */
    @Test
    void restoreDedupeReadsTheCurrentSnapshotOnlyWhateverTheHistory() throws Exception {
        TableCommitter a = new TableCommitter(table(), spec());
        Map<Integer, Map<String, Long>> costs = new java.util.TreeMap<>();
        for (int cp = 1; cp <= 30; cp++) {
            commit(a, "writer-a", 0, cp, "k" + cp);
            maintenanceCommit();
            if (cp % 3 == 0) {
                new dev.azof.core.compaction.SnapshotExpiration(table())
                        .retainLast(2 + cp % 4)
                        .minFileAge(java.time.Duration.ZERO)
                        .run();
            }
            if (cp == 3 || cp == 30) {
                // A restored job replays its last committables: recognized, nothing written.
                TableCommitter restored =
                        new TableCommitter(CountingFileSystem.of(table()), spec());
                CountingFileSystem.reset();
                for (long replay : new long[] {cp - 1, cp}) {
                    assertThat(restored.commit("writer-a", 0, replay, null, List.of()).outcome())
                            .isEqualTo(TableCommitter.Outcome.ALREADY_COMMITTED);
                }
                costs.put(cp, CountingFileSystem.counts());
                long n = current();
                // Per replayed committable: pointer, s<N>, probe of s<N+1>; nothing else.
                assertThat(CountingFileSystem.counts())
                        .containsOnlyKeys("open version.txt", "open s" + n + ".json", "open s" + (n + 1) + ".json")
                        .containsEntry("open version.txt", 2L)
                        .containsEntry("open s" + n + ".json", 2L)
                        .containsEntry("open s" + (n + 1) + ".json", 2L);
            }
        }
        System.out.println("restore dedupe cost by history length: " + costs);
    }

    /**
     * Snapshots of older writers that carry no lineage are scanned back, but over at most {@link
     * WriterLineage#MAX_SCAN_BACK} snapshots.
     */
    @Test
    void lineageScanOverSnapshotsOfOlderWritersIsBounded() throws Exception {
        commit(new TableCommitter(table(), spec()), "writer-a", 0, 1, "a");
        SnapshotStore store = new SnapshotStore(table());
        for (int i = 0; i < 30; i++) {
            olderVersionsCompaction(store);
        }
        SnapshotStore counted = new SnapshotStore(CountingFileSystem.of(table()));
        CountingFileSystem.reset();
        WriterLineage lineage = WriterLineage.of(counted, counted.current());
        assertThat(lineage.writerId()).isEqualTo("writer-a");
        assertThat(lineage.checkpointId()).isEqualTo(1);
        assertThat(CountingFileSystem.count("open", "s\\d+\\.json")).isEqualTo(2 + 30);

        for (int i = 0; i < WriterLineage.MAX_SCAN_BACK; i++) {
            olderVersionsCompaction(store);
        }
        CountingFileSystem.reset();
        assertThat(WriterLineage.of(counted, counted.current())).isNull();
        assertThat(CountingFileSystem.count("open", "s\\d+\\.json"))
                .isEqualTo(2 + WriterLineage.MAX_SCAN_BACK);
    }

    /** A replace commit as versions before lineage wrote it: no lineage keys. */
    private static void olderVersionsCompaction(SnapshotStore store) {
        Snapshot s = store.current();
        SnapshotPublisher.publish(
                store, s.next(s.id() + 1, 0, s.segments(), Map.of("operation", "compact")));
    }

    @Test
    void raceOnTheSnapshotNameIsAConcurrentCommit() throws Exception {
        TableCommitter a = new TableCommitter(table(), spec());
        a.commit("writer-a", TableCommitter.UNKNOWN_START, 1, null, files(AzofTestTables.row("a", "1", "2024-01-05T00:00:00Z")));
        List<PendingFile> f = files(AzofTestTables.row("b", "1", "2024-01-05T00:00:00Z"));
        // Another writer publishes s3 right after a resolved s2 as current.
        TableCommitter.setTestHook(null);
        Snapshot s2 = new SnapshotStore(table()).current();
        SnapshotPublisher.publishSnapshot(
                new SnapshotStore(table()),
                TableWriter.nextSnapshot(s2, List.of(), Map.of("writer-id", "intruder"), 0));
        assertThatThrownBy(() -> a.commit("writer-a", TableCommitter.UNKNOWN_START, 2, null, f))
                .isInstanceOf(ConcurrentCommitException.class)
                .hasMessageContaining("single writer");
    }

    @Test
    void maintenanceSnapshotsBetweenCommitsAreNotAnotherWriter() throws Exception {
        TableCommitter a = new TableCommitter(table(), spec());
        a.commit("writer-a", TableCommitter.UNKNOWN_START, 1, null, files(AzofTestTables.row("a", "1", "2024-01-05T00:00:00Z")));
        SnapshotStore store = new SnapshotStore(table());
        Snapshot s2 = store.current();
        SnapshotPublisher.publish(
                store, TableWriter.nextSnapshot(s2, List.of(), Map.of("operation", "compact"), 0));
        assertThat(
                        a.commit(
                                        "writer-a",
                                        TableCommitter.UNKNOWN_START,
                                        2,
                                        null,
                                        files(AzofTestTables.row("b", "1", "2024-01-06T00:00:00Z")))
                                .outcome())
                .isEqualTo(TableCommitter.Outcome.COMMITTED);
        assertThat(store.currentId()).isEqualTo(4);
        assertThat(read(table(), "2024-02-01T00:00:00Z")).containsExactly("a=1", "b=1");
    }

    @Test
    void commitRebasesOnMaintenanceCommitsThatWinTheRace() throws Exception {
        TableCommitter a = new TableCommitter(table(), spec());
        a.commit("writer-a", TableCommitter.UNKNOWN_START, 1, null, files(AzofTestTables.row("a", "0", "2024-01-05T00:00:00Z")));
        List<List<PendingFile>> batches = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            batches.add(files(AzofTestTables.row("k" + i, "" + i, "2024-01-05T00:00:00Z")));
        }
        SnapshotStore store = new SnapshotStore(table());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
        Thread maintenance =
                new Thread(
                        () -> {
                            while (!stop.get()) {
                                try {
                                    // What a compaction publishes: a replace commit, which
                                    // carries the writer's lineage forward.
                                    dev.azof.core.compaction.Compactor.publishReplace(
                                            store,
                                            store.current(),
                                            List.of(),
                                            List.of(),
                                            Map.of("operation", "compact"),
                                            0);
                                    published.incrementAndGet();
                                } catch (ConcurrentCommitException lost) {
                                    // the sink won this id
                                }
                                try {
                                    Thread.sleep(1);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
        maintenance.start();
        try {
            for (int i = 1; i <= 40; i++) {
                assertThat(a.commit("writer-a", TableCommitter.UNKNOWN_START, 1 + i, null, batches.get(i - 1)).outcome())
                        .isEqualTo(TableCommitter.Outcome.COMMITTED);
            }
        } finally {
            stop.set(true);
            maintenance.join();
        }
        assertThat(published.get()).isPositive();
        assertThat(read(table(), "2024-02-01T00:00:00Z")).hasSize(41);
        assertThat(TableValidator.validate(table())).isEmpty();
    }

    @Test
    void crashBetweenSnapshotAndPointerLosesNothingAndIsNotRepeated() throws Exception {
        List<PendingFile> f = files(AzofTestTables.row("a", "1", "2024-01-05T00:00:00Z"));
        TableCommitter.setTestHook(
                (dir, id) -> {
                    throw new IllegalStateException("injected crash before pointer of s" + id);
                });
        TableCommitter c = new TableCommitter(table(), spec());
        assertThatThrownBy(() -> c.commit("w", TableCommitter.UNKNOWN_START, 3, null, f)).hasMessageContaining("injected");
        TableCommitter.setTestHook(null);
        SnapshotStore store = new SnapshotStore(table());
        assertThat(store.readPointer()).isEqualTo(1);
        assertThat(store.currentId()).isEqualTo(2);
        // The restarted committer retries the same committable: recognized, not repeated.
        assertThat(new TableCommitter(table(), spec()).commit("w", TableCommitter.UNKNOWN_START, 3, null, f).outcome())
                .isEqualTo(TableCommitter.Outcome.ALREADY_COMMITTED);
        assertThat(store.currentId()).isEqualTo(2);
        assertThat(read(table(), "2024-02-01T00:00:00Z")).containsExactly("a=1");
        assertThat(TableValidator.validate(table())).isEmpty();
    }

    @Test
    void watermarkNeverRegressesAndEmptyCommitsAreSkipped() throws Exception {
        TableCommitter c = new TableCommitter(table(), spec());
        long jan10 = Instant.parse("2024-01-10T00:00:00Z").toEpochMilli();
        c.commit("w", TableCommitter.UNKNOWN_START, 1, jan10, files(AzofTestTables.row("a", "1", "2024-01-05T00:00:00Z")));
        assertThat(c.commit("w", TableCommitter.UNKNOWN_START, 2, jan10 - 1000, List.of()).outcome())
                .isEqualTo(TableCommitter.Outcome.NOTHING_TO_COMMIT);
        c.commit("w", TableCommitter.UNKNOWN_START, 3, jan10 - 1000, files(AzofTestTables.row("b", "1", "2024-01-01T00:00:00Z")));
        SnapshotStore store = new SnapshotStore(table());
        assertThat(TableCommitter.recordedWatermark(store, store.current()))
                .isEqualTo(Instant.ofEpochMilli(jan10));
        // Watermark progress alone is worth a snapshot: the table is complete up to later.
        assertThat(c.commit("w", TableCommitter.UNKNOWN_START, 4, jan10 + 1000, List.of()).outcome())
                .isEqualTo(TableCommitter.Outcome.COMMITTED);
        // Flink's end-of-input watermark is no watermark: it would make every later row late.
        assertThat(c.commit("w", TableCommitter.UNKNOWN_START, 5, Long.MAX_VALUE, List.of()).outcome())
                .isEqualTo(TableCommitter.Outcome.NOTHING_TO_COMMIT);
        assertThat(TableCommitter.recordedWatermark(store, store.current()))
                .isEqualTo(Instant.ofEpochMilli(jan10 + 1000));
    }

    @Test
    void theEndOfTimeThatOlderVersionsRecordedIsIgnored() throws Exception {
        TableCommitter c = new TableCommitter(table(), spec());
        long jan10 = Instant.parse("2024-01-10T00:00:00Z").toEpochMilli();
        c.commit("w", TableCommitter.UNKNOWN_START, 1, jan10, files(AzofTestTables.row("a", "1", "2024-01-05T00:00:00Z")));
        SnapshotStore store = new SnapshotStore(table());
        // What an older version's bounded job recorded at its end of input.
        Snapshot legacy =
                TableCommits.commitFiles(
                        store,
                        store.current(),
                        List.of(),
                        Map.of("operation", "append", "watermark", TableCommitter.MAX_WATERMARK.toString()));
        assertThat(TableCommitter.watermarkOf(legacy)).isNull();
        assertThat(TableCommitter.recordedWatermark(store, store.current()))
                .isEqualTo(Instant.ofEpochMilli(jan10));
        // The next commit records its own watermark again.
        c.commit("w", TableCommitter.UNKNOWN_START, 2, jan10 + 1000, List.of());
        assertThat(TableCommitter.recordedWatermark(store, store.current()))
                .isEqualTo(Instant.ofEpochMilli(jan10 + 1000));
    }

    @Test
    void compactionCarriesTheWatermarkSoItSurvivesExpiration() throws Exception {
        TableCommitter c = new TableCommitter(table(), spec());
        long jan10 = Instant.parse("2024-01-10T00:00:00Z").toEpochMilli();
        for (int i = 1; i <= 3; i++) {
            c.commit("w", TableCommitter.UNKNOWN_START, i, jan10, files(AzofTestTables.row("a", Integer.toString(i), "2024-01-0" + i + "T00:00:00Z")));
        }
        new dev.azof.core.compaction.Compactor(
                        table(), dev.azof.core.compaction.CompactionPolicy.defaults().withMaxDeltasPerSegment(1))
                .run();
        SnapshotStore store = new SnapshotStore(table());
        Snapshot compacted = store.current();
        assertThat(compacted.summary()).containsEntry("operation", "compact");
        assertThat(compacted.summary()).containsEntry("watermark", Instant.ofEpochMilli(jan10).toString());
        // With every sink snapshot expired, the table still knows up to when it is complete.
        for (long id = 1; id < compacted.id(); id++) {
            java.nio.file.Files.delete(java.nio.file.Paths.get(store.snapshotPath(id).toUri().getPath()));
        }
        assertThat(TableCommitter.recordedWatermark(store, store.current()))
                .isEqualTo(Instant.ofEpochMilli(jan10));
    }

    @Test
    void schemaMismatchIsAClearError() {
        TableCommits.createTable(table(), AzofTestTables.schema(), 2, Map.of());
        dev.azof.core.metadata.TableSchema other =
                dev.azof.core.metadata.TableSchema.of(
                        List.of(
                                dev.azof.core.metadata.Column.of(
                                        "k",
                                        new org.apache.flink.table.types.logical.VarCharType(
                                                false, Integer.MAX_VALUE)),
                                dev.azof.core.metadata.Column.of(
                                        "v", new org.apache.flink.table.types.logical.BigIntType()),
                                dev.azof.core.metadata.Column.of(
                                        "ts",
                                        new org.apache.flink.table.types.logical.TimestampType(3))),
                        List.of("k"),
                        "ts");
        assertThatThrownBy(() -> TableCommits.resolve(new TableSpec(other, 2, Map.of()), table()))
                .hasMessageContaining("do not match its schema")
                .hasMessageContaining("column 'v' as STRING, not BIGINT");
    }
}
