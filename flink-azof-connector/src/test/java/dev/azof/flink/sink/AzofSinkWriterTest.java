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
package dev.azof.flink.sink;

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.table.AzofTable;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AzofSinkWriter} without a cluster: changelog, late data, spills, errors. */
class AzofSinkWriterTest {

    @TempDir java.nio.file.Path tmp;

    private String path() {
        return tmp.resolve("t").toString();
    }

    /** A writer of delete events at their own time, as the changelog of SinkTestSupport has. */
    private AzofSinkWriter writer(LateRecords late, int bufferRows) {
        return writer(late, DeleteTime.ROW, bufferRows);
    }

    private AzofSinkWriter writer(LateRecords late, DeleteTime deleteTime, int bufferRows) {
        return new AzofSinkWriter(
                path(),
                new TableSpec(SinkTestSupport.schema(), 2, Map.of(TableWriter.SEGMENT_GRANULARITY, "day")),
                SinkTestSupport.rowType(),
                late,
                deleteTime,
                bufferRows,
                0,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup());
    }

    private static RowData row(RowKind kind, String k, String v, String ts) {
        GenericRowData r =
                GenericRowData.of(
                        k == null ? null : StringData.fromString(k),
                        StringData.fromString(v),
                        ts == null ? null : TimestampData.fromInstant(Instant.parse(ts)));
        r.setRowKind(kind);
        return r;
    }

    private long checkpoint;

    private void commit(AzofSinkWriter w, TableCommitter committer) throws Exception {
        Collection<AzofCommittable> results = w.prepareCommit();
        List<PendingFile> files = new ArrayList<>();
        for (AzofCommittable c : results) {
            files.addAll(c.files());
        }
        committer.commit("writer", TableCommitter.UNKNOWN_START, ++checkpoint, null, files);
    }

    private TableCommitter committer() {
        return new TableCommitter(
                new Path(path()),
                new TableSpec(SinkTestSupport.schema(), 2, Map.of(TableWriter.SEGMENT_GRANULARITY, "day")));
    }

    private List<List<Object>> read(String asOf) throws Exception {
        return SinkTestSupport.read(AzofTable.open(path()), asOf == null ? null : Instant.parse(asOf));
    }

    @Test
    void changelogUpsertsDeletesAndIgnoresUpdateBefore() throws Exception {
        AzofSinkWriter w = writer(LateRecords.KEEP, 100);
        TableCommitter c = committer();
        w.write(row(RowKind.INSERT, "a", "1", "2024-01-01T10:00:00Z"), null);
        w.write(row(RowKind.INSERT, "b", "1", "2024-01-01T10:00:00Z"), null);
        w.write(row(RowKind.UPDATE_BEFORE, "a", "1", "2024-01-01T10:00:00Z"), null);
        w.write(row(RowKind.UPDATE_AFTER, "a", "2", "2024-01-02T10:00:00Z"), null);
        w.write(row(RowKind.DELETE, "b", "1", "2024-01-03T10:00:00Z"), null);
        commit(w, c);
        assertThat(read("2024-01-01T12:00:00Z"))
                .containsExactly(
                        List.of("a", "1", "2024-01-01T10:00"), List.of("b", "1", "2024-01-01T10:00"));
        assertThat(read("2024-01-02T12:00:00Z"))
                .containsExactly(
                        List.of("a", "2", "2024-01-02T10:00"), List.of("b", "1", "2024-01-01T10:00"));
        assertThat(read(null)).containsExactly(List.of("a", "2", "2024-01-02T10:00"));
    }

    @Test
    void retractionsEndTheRowJustAfterTheWatermarkAndUpdatesWriteNoTombstone() throws Exception {
        AzofSinkWriter w = writer(LateRecords.FAIL, DeleteTime.WATERMARK, 100);
        TableCommitter c = committer();
        // No watermark yet: a retraction ends its row just after the row's own time.
        w.write(row(RowKind.INSERT, "a", "1", "2024-01-01T10:00:00Z"), null);
        w.write(row(RowKind.UPDATE_BEFORE, "a", "1", "2024-01-01T10:00:00Z"), null);
        commit(w, c);
        assertThat(read("2024-01-01T10:00:00Z")).containsExactly(List.of("a", "1", "2024-01-01T10:00"));
        assertThat(read("2024-01-01T10:00:00.001Z")).isEmpty();

        w.write(row(RowKind.INSERT, "b", "1", "2024-01-02T10:00:00Z"), null);
        w.write(row(RowKind.INSERT, "c", "1", "2024-01-02T10:00:00Z"), null);
        w.write(row(RowKind.INSERT, "d", "1", "2024-01-02T10:00:00Z"), null);
        w.writeWatermark(new Watermark(Instant.parse("2024-01-04T00:00:00Z").toEpochMilli()));
        // UPDATE_BEFORE then UPDATE_AFTER: an update, the old row stays in history.
        w.write(row(RowKind.UPDATE_BEFORE, "b", "1", "2024-01-02T10:00:00Z"), null);
        w.write(row(RowKind.INSERT, "e", "1", "2024-01-04T10:00:00Z"), null);
        w.write(row(RowKind.UPDATE_AFTER, "b", "2", "2024-01-05T10:00:00Z"), null);
        // A lone UPDATE_BEFORE (its UPDATE_AFTER was filtered out) and a DELETE: tombstones just
        // after the watermark, never late, whatever the retracted row's time.
        w.write(row(RowKind.UPDATE_BEFORE, "c", "1", "2024-01-02T10:00:00Z"), null);
        w.write(row(RowKind.DELETE, "d", "1", "2024-01-02T10:00:00Z"), null);
        // DELETE then INSERT of one key in one checkpoint: an update.
        w.write(row(RowKind.DELETE, "e", "1", "2024-01-04T10:00:00Z"), null);
        w.write(row(RowKind.INSERT, "e", "2", "2024-01-06T10:00:00Z"), null);
        assertThat(w.lateRecords()).isZero();
        commit(w, c);
        assertThat(read("2024-01-04T00:00:00Z"))
                .containsExactly(
                        List.of("b", "1", "2024-01-02T10:00"),
                        List.of("c", "1", "2024-01-02T10:00"),
                        List.of("d", "1", "2024-01-02T10:00"));
        assertThat(read("2024-01-04T00:00:00.001Z")).containsExactly(List.of("b", "1", "2024-01-02T10:00"));
        assertThat(read("2024-01-05T00:00:00Z"))
                .containsExactly(List.of("b", "1", "2024-01-02T10:00"), List.of("e", "1", "2024-01-04T10:00"));
        assertThat(read(null))
                .containsExactly(List.of("b", "2", "2024-01-05T10:00"), List.of("e", "2", "2024-01-06T10:00"));
    }

    /**
     * An UPDATE_BEFORE and its UPDATE_AFTER in different checkpoints (a source that emits them as
     * separate records, docs/spec.md 7.5): the key reads as deleted from just after the watermark
     * up to the new row's time; the old row stays in history before that.
     */
    @Test
    void updateSplitByACheckpointReadsAsDeletionUntilTheNewRow() throws Exception {
        AzofSinkWriter w = writer(LateRecords.FAIL, DeleteTime.WATERMARK, 100);
        TableCommitter c = committer();
        w.write(row(RowKind.INSERT, "a", "1", "2024-01-01T10:00:00Z"), null);
        w.writeWatermark(new Watermark(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli()));
        w.write(row(RowKind.UPDATE_BEFORE, "a", "1", "2024-01-01T10:00:00Z"), null);
        commit(w, c);
        w.write(row(RowKind.UPDATE_AFTER, "a", "2", "2024-01-03T10:00:00Z"), null);
        commit(w, c);
        assertThat(read("2024-01-02T00:00:00Z")).containsExactly(List.of("a", "1", "2024-01-01T10:00"));
        assertThat(read("2024-01-02T00:00:00.001Z")).isEmpty();
        assertThat(read("2024-01-03T09:59:59Z")).isEmpty();
        assertThat(read("2024-01-03T10:00:00Z")).containsExactly(List.of("a", "2", "2024-01-03T10:00"));
    }

    @Test
    void rowDeleteTimeWritesEveryDeleteAtItsOwnTime() throws Exception {
        AzofSinkWriter w = writer(LateRecords.KEEP, DeleteTime.ROW, 100);
        TableCommitter c = committer();
        w.write(row(RowKind.INSERT, "a", "1", "2024-01-01T10:00:00Z"), null);
        w.write(row(RowKind.DELETE, "a", "1", "2024-01-03T00:00:00Z"), null);
        w.write(row(RowKind.INSERT, "a", "2", "2024-01-05T00:00:00Z"), null);
        // A lone UPDATE_BEFORE is a retraction at its own time too.
        w.write(row(RowKind.INSERT, "b", "1", "2024-01-01T10:00:00Z"), null);
        w.write(row(RowKind.UPDATE_BEFORE, "b", "1", "2024-01-02T00:00:00Z"), null);
        commit(w, c);
        assertThat(read("2024-01-02T12:00:00Z")).containsExactly(List.of("a", "1", "2024-01-01T10:00"));
        assertThat(read("2024-01-04T00:00:00Z")).isEmpty();
        assertThat(read(null)).containsExactly(List.of("a", "2", "2024-01-05T00:00"));
    }

    @Test
    void lateIsJudgedAgainstTheTablesRecordedWatermarkToo() throws Exception {
        TableCommitter c = committer();
        AzofSinkWriter first = writer(LateRecords.KEEP, 100);
        first.write(row(RowKind.INSERT, "a", "1", "2024-05-01T00:00:00Z"), null);
        List<PendingFile> files = new ArrayList<>(first.prepareCommit().iterator().next().files());
        c.commit("batch", TableCommitter.UNKNOWN_START, 1, Instant.parse("2024-05-01T00:00:00Z").toEpochMilli(), files);

        // A new job, no watermark of its own yet: four months behind the table is late.
        AzofSinkWriter fail = writer(LateRecords.FAIL, 100);
        fail.write(row(RowKind.INSERT, "b", "on time", "2024-05-01T00:00:00.001Z"), null);
        assertThatThrownBy(
                        () -> fail.write(row(RowKind.INSERT, "a", "old", "2024-01-02T00:00:00Z"), null))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("late record")
                .hasMessageContaining("the table's recorded watermark 2024-05-01T00:00:00Z");
        AzofSinkWriter drop = writer(LateRecords.DROP, 100);
        drop.write(row(RowKind.INSERT, "a", "old", "2024-05-01T00:00:00Z"), null);
        assertThat(drop.lateRecords()).isEqualTo(1);
        assertThat(drop.maxLatenessMs()).isZero();
    }

    @Test
    void lateRecordsAreKeptAndVisibleFromTheirEventTime() throws Exception {
        AzofSinkWriter w = writer(LateRecords.KEEP, 100);
        TableCommitter c = committer();
        w.write(row(RowKind.INSERT, "a", "new", "2024-01-05T00:00:00Z"), null);
        w.writeWatermark(new Watermark(Instant.parse("2024-01-05T00:00:00Z").toEpochMilli()));
        commit(w, c);
        // Late by three days: its day segment closed long ago.
        w.write(row(RowKind.INSERT, "a", "old", "2024-01-02T00:00:00Z"), null);
        w.write(row(RowKind.INSERT, "b", "late", "2024-01-02T00:00:00Z"), null);
        assertThat(w.lateRecords()).isEqualTo(2);
        assertThat(w.maxLatenessMs()).isEqualTo(3 * 24 * 3600 * 1000L);
        commit(w, c);
        assertThat(read("2024-01-03T00:00:00Z"))
                .containsExactly(
                        List.of("a", "old", "2024-01-02T00:00"), List.of("b", "late", "2024-01-02T00:00"));
        assertThat(read(null))
                .containsExactly(
                        List.of("a", "new", "2024-01-05T00:00"), List.of("b", "late", "2024-01-02T00:00"));
    }

    @Test
    void lateRecordsDroppedOrFailing() throws Exception {
        AzofSinkWriter drop = writer(LateRecords.DROP, 100);
        drop.writeWatermark(new Watermark(Instant.parse("2024-01-05T00:00:00Z").toEpochMilli()));
        drop.write(row(RowKind.INSERT, "a", "late", "2024-01-02T00:00:00Z"), null);
        drop.write(row(RowKind.INSERT, "b", "on time", "2024-01-06T00:00:00Z"), null);
        assertThat(drop.lateRecords()).isEqualTo(1);
        commit(drop, committer());
        assertThat(read(null)).containsExactly(List.of("b", "on time", "2024-01-06T00:00"));

        AzofSinkWriter fail = writer(LateRecords.FAIL, 100);
        fail.writeWatermark(new Watermark(Instant.parse("2024-01-05T00:00:00Z").toEpochMilli()));
        assertThatThrownBy(
                        () -> fail.write(row(RowKind.INSERT, "a", "late", "2024-01-02T00:00:00Z"), null))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("late record")
                .hasMessageContaining("key (k=a)")
                .hasMessageContaining("event time 2024-01-02T00:00:00Z");
    }

    @Test
    void nullKeyOrEventTimeIsAClearError() {
        AzofSinkWriter w = writer(LateRecords.KEEP, 100);
        assertThatThrownBy(() -> w.write(row(RowKind.INSERT, null, "x", "2024-01-02T00:00:00Z"), null))
                .hasMessageContaining("null primary key column 'k'");
        assertThatThrownBy(() -> w.write(row(RowKind.INSERT, "a", "x", null), null))
                .hasMessageContaining("without event time (column 'ts' is null, key (k=a))");
    }

    @Test
    void spillsBelongToTheCheckpointAndKeepArrivalOrder() throws Exception {
        AzofSinkWriter w = writer(LateRecords.KEEP, 3);
        TableCommitter c = committer();
        // Same key and event time in successive spills: the later write wins the tie.
        for (int i = 0; i < 10; i++) {
            w.write(row(RowKind.INSERT, "a", "v" + i, "2024-01-01T00:00:00Z"), null);
        }
        Collection<AzofCommittable> results = w.prepareCommit();
        assertThat(results).hasSize(1);
        assertThat(results.iterator().next().files()).hasSize(4);
        List<PendingFile> files = new ArrayList<>(results.iterator().next().files());
        c.commit("writer", TableCommitter.UNKNOWN_START, 1, null, files);
        assertThat(read(null)).containsExactly(List.of("a", "v9", "2024-01-01T00:00"));
    }

    @Test
    void duplicateDeliveriesChangeNoAnswer() throws Exception {
        long seed = 7;
        List<RowData> input = new ArrayList<>();
        for (long i = 0; i < 400; i++) {
            input.add(SinkTestSupport.event(seed, i, 40, 20));
        }
        List<Event> oracle = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            oracle.add(SinkTestSupport.toEvent(input.get(i), 1, i));
        }
        AzofSinkWriter w = writer(LateRecords.KEEP, 50);
        TableCommitter c = committer();
        for (int i = 0; i < input.size(); i++) {
            w.write(input.get(i), null);
            if (i % 3 == 0) {
                // Deliver again, later, in another checkpoint.
                w.write(input.get(i / 2), null);
            }
            if (i % 97 == 0) {
                commit(w, c);
            }
        }
        commit(w, c);
        AzofTable table = AzofTable.open(path());
        for (String t :
                List.of("2024-01-01T03:00:00Z", "2024-01-01T05:00:00Z", "2023-12-30T00:00:00Z")) {
            Instant at = Instant.parse(t);
            assertThat(SinkTestSupport.read(table, at))
                    .as("as of %s", t)
                    .isEqualTo(
                            AsOfOracle.expected(
                                    oracle, SinkTestSupport.micros(at), 1, SinkTestSupport.rowType()));
        }
    }

    @Test
    void schemaMismatchFailsBeforeAnyFileIsWritten() {
        TableCommits.createTable(new Path(path()), dev.azof.flink.table.AzofTestTables.schema(), 2, Map.of());
        // Same names, but v is BIGINT in the rows written.
        org.apache.flink.table.types.logical.RowType other =
                org.apache.flink.table.types.logical.RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            new org.apache.flink.table.types.logical.VarCharType(false, Integer.MAX_VALUE),
                            new org.apache.flink.table.types.logical.BigIntType(),
                            new org.apache.flink.table.types.logical.TimestampType(3)
                        },
                        new String[] {"k", "v", "ts"});
        assertThatThrownBy(
                        () ->
                                AzofSink.forRowData(other)
                                        .path(path())
                                        .primaryKey("k")
                                        .eventTimeColumn("ts")
                                        .build())
                .hasMessageContaining("do not match its schema")
                .hasMessageContaining("column 'v' as STRING, not BIGINT");
        assertThat(new File(path(), "data")).doesNotExist();
        assertThat(new SnapshotStore(new Path(path())).currentId()).isEqualTo(1);
    }

    @Test
    void missingPrimaryKeyIsAClearError() {
        assertThatThrownBy(() -> AzofSink.forRowData(SinkTestSupport.rowType()).path(path()).build())
                .hasMessageContaining("needs a primary key");
    }
}
