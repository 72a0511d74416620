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

import dev.azof.core.commit.SnapshotPublisher;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.fs.Retries;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.FailingFileSystem;
import dev.azof.testing.TestScale;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.commit.TableCommits;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Storage faults (issue 14, point 5): the table lives on {@link FailingFileSystem}, which fails a
 * seeded fraction of creates, writes, reads, renames, deletes and commit-point writes, half of
 * the writes after they happened. A writer commits checkpoints through {@link TableCommitter} the
 * way the sink does (after a failure a new committer retries the same files, or the files are
 * written again), compactions and expirations run in between, and reads run throughout.
 *
 * <p>Every failure must be one the file system injected (no other error, no silent loss); reads
 * that succeed equal the oracle of what was committed; each checkpoint is published once; and at
 * the end the table validates and equals the oracle at random times.
 */
class StorageFaultsPropertyTest {

    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final int MAX_ATTEMPTS = 40;

    @TempDir java.nio.file.Path tmp;

    @AfterEach
    void stopFaults() {
        FailingFileSystem.stop();
    }

    private static TableSchema schema() {
        return TableSchema.of(
                List.of(
                        Column.of("k", new VarCharType(false, VarCharType.MAX_LENGTH)),
                        Column.of("v", new VarCharType(true, VarCharType.MAX_LENGTH)),
                        Column.of("ts", new TimestampType(true, 3))),
                List.of("k"),
                "ts");
    }

    @Test
    void ingestCompactionAndExpirationUnderFaultsEqualTheOracle() throws Exception {
        long master = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("StorageFaultsPropertyTest master seed " + master + " (rerun with -Dazof.seed=" + master + ")");
        Random seeds = new Random(master);
        int failures = 0;
        int afterTheFact = 0;
        long retriedBefore = Retries.retriedSoFar();
        int[] work = new int[3];
        for (int round = 0; round < TestScale.rounds(2); round++) {
            long seed = seeds.nextLong();
            String context = "master seed " + master + ", round " + round + ", seed " + seed;
            Path dir = FailingFileSystem.wrap(tmp.resolve("t" + round));
            failures += runRound(dir, seed, context, work);
            afterTheFact += FailingFileSystem.failuresAfterTheFact();
        }
        System.out.println(
                "StorageFaultsPropertyTest: "
                        + failures
                        + " injected failures ("
                        + afterTheFact
                        + " after the operation happened), "
                        + (Retries.retriedSoFar() - retriedBefore)
                        + " retried operations, "
                        + work[0]
                        + " commits, "
                        + work[1]
                        + " compactions, "
                        + work[2]
                        + " expirations");
        assertThat(failures).as("faults injected").isGreaterThan(10);
        assertThat(afterTheFact).as("faults after the fact").isPositive();
        assertThat(Retries.retriedSoFar()).as("retried operations").isGreaterThan(retriedBefore);
    }

    @Test
    void aCreationCutShortBeforeItsPointerIsFinishedByTheNextWriter() throws Exception {
        Path dir = new Path(tmp.resolve("cut-short").toUri());
        TableSpec spec = new TableSpec(schema(), 2, Map.of(TableWriter.SEGMENT_GRANULARITY, "day"));
        Snapshot first =
                new Snapshot(
                        Snapshot.CURRENT_FORMAT, 1, null, 0, schema(), 2, List.of(),
                        Map.of(TableWriter.SEGMENT_GRANULARITY, "day"), Map.of("operation", "create"));
        // s1.json published, the pointer never written: not a table yet for readers.
        SnapshotPublisher.publishSnapshot(new SnapshotStore(dir), first);
        assertThat(new SnapshotStore(dir).exists()).isFalse();
        assertThat(TableCommits.createIfMissing(spec, dir).id()).isEqualTo(1);
        assertThat(new SnapshotStore(dir).readPointer()).isEqualTo(1);
        assertThat(TableValidator.validate(dir)).isEmpty();
    }

    private int runRound(Path dir, long seed, String context, int[] work) throws Exception {
        Random r = new Random(seed);
        TableSpec spec =
                new TableSpec(schema(), 1 + r.nextInt(3), Map.of(TableWriter.SEGMENT_GRANULARITY, "day"));
        // The table is created by the first commit, under faults too.
        FailingFileSystem.inject(seed, 0.06, 120, 3);
        String writer = UUID.randomUUID().toString();
        long start = 0;
        TableCommitter committer = new TableCommitter(dir, spec);
        List<Event> committed = new ArrayList<>();
        Set<Long> checkpointsSeen = new HashSet<>();
        long[] scanned = {0};
        int keys = 40 + r.nextInt(60);
        long arrival = 0;
        int checkpoints = 12;
        for (int c = 1; c <= checkpoints; c++) {
            String step = context + ", checkpoint " + c;
            List<RowData> rows = new ArrayList<>();
            List<Event> batch = new ArrayList<>();
            int n = 20 + r.nextInt(60);
            for (int i = 0; i < n; i++) {
                long index = arrival++;
                // Minute c*60 plus a lag: mostly recent, sometimes days late; the index keeps
                // (key, time) unique.
                long lagMinutes = r.nextInt(10) == 0 ? 1440 + r.nextInt(3 * 1440) : r.nextInt(90);
                long millis = EPOCH.toEpochMilli() + (c * 360L - lagMinutes) * 60_000L + index;
                String key = "k" + r.nextInt(keys);
                boolean deleted = r.nextInt(10) == 0;
                GenericRowData row =
                        GenericRowData.of(
                                StringData.fromString(key),
                                r.nextInt(8) == 0 ? null : StringData.fromString("v" + index),
                                TimestampData.fromEpochMillis(millis));
                rows.add(GenericRowData.of(row.getField(0), row.getField(1), row.getField(2), deleted));
                batch.add(new Event(List.of(key), EventTimes.micros(row.getTimestamp(2, 3)), row, deleted, c, index));
            }
            long watermark = EPOCH.toEpochMilli() + (c * 360L - 100) * 60_000L;
            List<PendingFile> files = null;
            for (int attempt = 1; ; attempt++) {
                assertThat(attempt).as(step + ": attempts").isLessThanOrEqualTo(MAX_ATTEMPTS);
                try {
                    if (files == null) {
                        files = new TableWriter(dir, TableCommits.resolve(spec, dir)).writeDeltas(rows);
                    }
                    committer.commit(writer, start, c, watermark, files);
                    break;
                } catch (Exception e) {
                    assertInjected(step, e);
                    // A restarted task: a new committer retries the same committable; files the
                    // writer did not finish are written again under new names.
                    committer = new TableCommitter(dir, spec);
                }
            }
            work[0]++;
            committed.addAll(batch);
            checkEachCheckpointOnce(dir, writer, checkpointsSeen, scanned, step);
            if (r.nextInt(2) == 0) {
                CompactionPolicy policy =
                        CompactionPolicy.defaults().withMaxDeltasPerSegment(1 + r.nextInt(3));
                // As a scheduler would: a failed compaction is run again, a few times.
                for (int attempt = 0; attempt < 3; attempt++) {
                    try {
                        new Compactor(dir, policy).run();
                        work[1]++;
                        break;
                    } catch (Exception e) {
                        assertInjected(step + ", compaction", e);
                    }
                }
            }
            if (r.nextInt(4) == 0) {
                try {
                    new SnapshotExpiration(dir).minFileAge(Duration.ZERO).retainLast(1 + r.nextInt(3)).run();
                    work[2]++;
                } catch (Exception e) {
                    assertInjected(step + ", expiration", e);
                }
            }
            // A read under faults either fails with an injected fault or equals the oracle.
            long t = randomAsOf(r, c);
            try {
                assertThat(read(dir, t)).as(step + ", read under faults as of " + t).isEqualTo(expected(committed, t));
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                assertInjected(step + ", read", e);
            }
        }
        int injected = FailingFileSystem.totalFailures();
        System.out.println(context + ": failures " + FailingFileSystem.failures());
        FailingFileSystem.stop();

        assertThat(TableValidator.validate(dir, true)).as(context).isEmpty();
        checkEachCheckpointOnce(dir, writer, checkpointsSeen, scanned, context);
        for (int q = 0; q < 10; q++) {
            long t = q == 0 ? Long.MAX_VALUE : randomAsOf(r, checkpoints);
            assertThat(read(dir, t)).as(context + ", as of " + t).isEqualTo(expected(committed, t));
        }
        return injected;
    }

    /** Every append snapshot published since the last look carries a checkpoint not seen before. */
    private static void checkEachCheckpointOnce(
            Path dir, String writer, Set<Long> seen, long[] scanned, String step) {
        SnapshotStore store = new SnapshotStore(dir);
        long current = store.currentId();
        for (long id = scanned[0] + 1; id <= current; id++) {
            Snapshot s = store.readIfExists(id);
            if (s != null && writer.equals(s.summary().get(SnapshotSummary.Key.WRITER_ID.key()))) {
                long cp = Long.parseLong(s.summary().get(SnapshotSummary.Key.CHECKPOINT_ID.key()));
                assertThat(seen.add(cp)).as(step + ": checkpoint " + cp + " published twice (snapshot " + id + ")").isTrue();
            }
        }
        scanned[0] = Math.max(scanned[0], current);
    }

    /** A failure is acceptable only as one the file system injected, named in the chain. */
    private static void assertInjected(String step, Exception e) {
        if (ExceptionUtils.findThrowableWithMessage(e, "injected").isEmpty()) {
            throw new AssertionError(step + ": a failure that was not injected", e);
        }
    }

    private static long randomAsOf(Random r, int checkpoints) {
        long minutes = -4 * 1440 + (long) (r.nextDouble() * (checkpoints * 360L + 5 * 1440));
        return EventTimes.micros(EPOCH.plusSeconds(60 * minutes));
    }

    private static List<List<Object>> expected(List<Event> events, long t) {
        return AsOfOracle.expected(events, t, Integer.MAX_VALUE, schema().rowType());
    }

    private static List<List<Object>> read(Path dir, long t) throws Exception {
        AzofTable table = AzofTable.open(dir);
        AsOf asOf = t == Long.MAX_VALUE ? AsOf.current() : AsOf.at(EventTimes.instant(t));
        List<RowData> rows = new ArrayList<>();
        RowDataSerializer copier = new RowDataSerializer(table.rowType());
        try (RowIterator it = AsOfReader.read(table, table.plan(asOf))) {
            while (it.hasNext()) {
                rows.add(copier.copy(it.next()));
            }
        }
        return AsOfOracle.actual(rows, table.rowType());
    }
}
