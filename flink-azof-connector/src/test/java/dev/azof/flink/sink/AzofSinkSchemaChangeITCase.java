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
import dev.azof.core.io.ParquetRowReader;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.table.AzofTable;
import dev.azof.flink.catalog.AzofCatalog;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sink's schema rule (docs/connector.md, "ALTER TABLE"): a streaming job writing a table goes
 * on across an {@code ALTER TABLE ... ADD} and {@code RENAME} committed mid-job, also through a
 * failover after it, writing the schema version it planned with; its commits keep the table's
 * current schema; a new job declaring the old columns fails naming the difference.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AzofSinkSchemaChangeITCase {

    private static final long SEED = Long.getLong("azof.seed", System.nanoTime());
    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(PARALLELISM);

    /** Set once the ALTER TABLE committed; the mapper then fails once (a failover after it). */
    private static final AtomicBoolean ALTERED = new AtomicBoolean();

    private static final AtomicBoolean FAILED_AFTER_ALTER = new AtomicBoolean();

    @TempDir java.nio.file.Path warehouse;

    /** The finished job: the table, the generated events and the snapshot of the ALTER. */
    private static final class Run {
        final Path dir;
        final List<Event> generated;
        final long altered;

        Run(Path dir, List<Event> generated, long altered) {
            this.dir = dir;
            this.generated = generated;
            this.altered = altered;
        }
    }

    @Test
    void jobGoesOnWithItsSchemaVersionAcrossAlterTable() throws Exception {
        Run run = runJobAcrossAlterTable();
        SnapshotStore store = new SnapshotStore(run.dir);
        Snapshot current = store.current();
        assertThat(current.schema().schemaId()).isEqualTo(2);
        assertThat(current.schema().columnNames()).containsExactly("k", "v2", "ts", "note");

        // The job committed after the ALTER, and no commit reverted it.
        int appendsAfter = 0;
        for (long id = run.altered + 1; id <= store.currentId(); id++) {
            Snapshot s = store.read(id);
            assertThat(s.schema().sameVersionAs(current.schema())).as("snapshot %s", id).isTrue();
            if (SnapshotSummary.APPEND.equals(SnapshotSummary.of(s).operation())
                    && !s.allFiles().equals(store.read(id - 1).allFiles())) {
                appendsAfter++;
            }
        }
        assertThat(appendsAfter).as("appends with files after the ALTER").isPositive();
        assertThat(FAILED_AFTER_ALTER).as("a failover after the ALTER").isTrue();

        // Exactly once: the committed rows are the generated ones, read in the job's version.
        TableSchema written = current.schema(0);
        assertThat(SinkTestSupport.fingerprints(rawEvents(run.dir, current, written))).isEqualTo(SinkTestSupport.fingerprints(run.generated));

        // A new job declaring the old columns fails, naming the difference ...
        assertThatThrownBy(
                        () -> AzofSink.forRowData(SinkTestSupport.schema()).path(run.dir.toString()).build())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("do not match its schema")
                .hasMessageContaining("column 'v2' that the rows lack")
                .hasMessageContaining("column 'note' that the rows lack")
                .hasMessageContaining("no column 'v'");
        // ... and one declaring the current columns writes the current version.
        AzofSink sink = AzofSink.forRowData(current.schema().rowType()).path(run.dir.toString()).primaryKey("k").eventTimeColumn("ts").build();
        assertThat(sink.schema().sameVersionAs(current.schema())).isTrue();
    }

    // files tagged with the version their writer wrote (TableWriter), and
    // reads mapping them to the current schema by field id (v renamed v2, note null).
    @Test
    void readsAfterTheJobEqualTheOracleInTheCurrentSchema() throws Exception {
        Run run = runJobAcrossAlterTable();
        SnapshotStore store = new SnapshotStore(run.dir);
        Snapshot current = store.current();
        for (DataFile f : current.allFiles()) {
            assertThat(f.schemaId()).as("file %s, written by the job planned with schema 0", f.path()).isZero();
        }
        TableSchema written = current.schema(0);
        List<Event> raw = rawEvents(run.dir, current, written);
        AzofTable table = AzofTable.open(run.dir);
        Random random = new Random(SEED);
        for (int i = 0; i < 6; i++) {
            Instant t = i == 0 ? null : SinkTestSupport.EPOCH.plusSeconds(60L * random.nextInt(COUNT));
            List<List<Object>> expected = new ArrayList<>();
            for (List<Object> row :
                    AsOfOracle.expected(raw, SinkTestSupport.micros(t), Integer.MAX_VALUE, written.rowType())) {
                List<Object> withNote = new ArrayList<>(row);
                withNote.add(null);
                expected.add(withNote);
            }
            assertThat(SinkTestSupport.read(table, t)).as("as of %s, seed %s", t, SEED).isEqualTo(expected);
        }
    }

    private static final int COUNT = 3_000;

    private Run runJobAcrossAlterTable() throws Exception {
        System.out.println("AzofSinkSchemaChangeITCase seed " + SEED);
        ALTERED.set(false);
        FAILED_AFTER_ALTER.set(false);
        int keys = 300;
        Path dir = new Path(warehouse.resolve("t").toString());
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(150);
        env.fromSource(SinkTestSupport.generator(SEED, 0, COUNT, keys, 5, 1_000), SinkTestSupport.watermarks(), "changelog")
                .map(new FailOnceAfterAlter())
                .returns(InternalTypeInfo.of(SinkTestSupport.rowType()))
                .sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema())
                                .deleteTime(DeleteTime.ROW)
                                .path(dir.toString())
                                .segmentGranularity("day")
                                .buckets(2)
                                .build());
        JobClient job = env.executeAsync("azof sink across ALTER TABLE");

        // ALTER TABLE through the catalog once the job has committed twice, well before its end.
        SnapshotStore store = new SnapshotStore(dir);
        while (!store.exists() || store.currentId() < 3) {
            assertThat(job.getJobExecutionResult()).as("the job ended before two commits").isNotDone();
            Thread.sleep(20);
        }
        AzofCatalog catalog = new AzofCatalog("azof", warehouse.toString());
        catalog.open();
        ObjectPath table = new ObjectPath("default", "t");
        catalog.alterTable(table, null, List.of(TableChange.add(Column.physical("note", DataTypes.STRING()))), false);
        catalog.alterTable(
                table,
                null,
                List.of(TableChange.modifyColumnName(Column.physical("v", DataTypes.STRING()), "v2")),
                false);
        long altered = store.currentId();
        assertThat(job.getJobExecutionResult()).as("the job ended before the ALTER").isNotDone();
        ALTERED.set(true);
        job.getJobExecutionResult().get();
        return new Run(dir, SinkTestSupport.events(SEED, 0, COUNT, keys, 5, 1), altered);
    }

    private static final class FailOnceAfterAlter implements MapFunction<RowData, RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public RowData map(RowData row) {
            if (ALTERED.get() && FAILED_AFTER_ALTER.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after the ALTER TABLE");
            }
            return row;
        }
    }

    /** Every row of every file, read in the schema version {@code version} (the job's). */
    private static List<Event> rawEvents(Path dir, Snapshot snapshot, TableSchema version) throws IOException {
        List<Event> out = new ArrayList<>();
        for (DataFile f : snapshot.allFiles()) {
            try (ParquetRowReader reader = ParquetRowReader.open(new Path(dir, f.path()), version.fileRowType())) {
                while (reader.hasNext()) {
                    out.add(SinkTestSupport.toEvent(SinkTestSupport.changelogRow(reader.next()), (int) f.sequence(), 0));
                }
            }
        }
        return out;
    }

}
