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
import dev.azof.core.commit.TableCommits;
import dev.azof.core.io.IoLibraries;
import dev.azof.core.keys.BucketAssigner;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.write.SegmentGranularity;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.transformations.PhysicalTransformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a changelog of {@link RowData} into an Azof table, exactly once, as the table's single
 * writer.
 *
 * <pre>{@code
 * DataStream<RowData> changes = ...; // INSERT / UPDATE_AFTER upsert, DELETE deletes
 * changes.sinkTo(
 *         AzofSink.forRowData(rowType)
 *                 .path("s3://bucket/warehouse/orders")
 *                 .primaryKey("order_id")
 *                 .eventTimeColumn("ts")
 *                 .segmentGranularity("year,quarter")
 *                 .build())
 *        .uid("azof-orders"); // the uids of all the sink's operators derive from it
 * }</pre>
 *
 * <p><b>Topology.</b> By default each writer takes the rows of its upstream subtask, chained to
 * it; with {@link DistributionMode#BUCKET} rows are first shuffled by key bucket, so each bucket
 * has one writer ({@link DistributionMode}); then
 *
 * <pre>
 *   writers (parallel) --files--> aggregator (parallelism 1) --one committable--> committer (subtask 0)
 * </pre>
 *
 * Writers buffer rows and, at every checkpoint (and at end of input), write them as key-sorted
 * Parquet delta files per (leaf segment, bucket), spilling early when {@code bufferRows} rows are
 * buffered. The aggregator merges all writers' files of a checkpoint into one committable that
 * carries the job's writer id (kept in the aggregator's state), the checkpoint id and the sink's
 * watermark. The committer publishes it as one snapshot after the checkpoint completes.
 *
 * <p>With {@link Builder#compaction(AutoCompaction)} enabled, the committed committables flow on
 * to a compaction operator (parallelism 1) that compacts the table in the background after every N
 * commits ({@link AzofCompactionOperator}); compaction failures are logged, never fail the job.
 *
 * <p><b>Guarantees.</b>
 *
 * <ul>
 *   <li>Exactly once: a snapshot records its writer id and checkpoint id; after a failure or a
 *       restore (also from a savepoint into a new job) committables already published are
 *       recognized and skipped. Files of failed attempts are never referenced, so never visible.
 *       With a uid on the sink, every operator of its topology (also the aggregator, whose state
 *       holds the writer id) has a uid derived from it, so savepoints restore into changed jobs.
 *   <li>Atomic: a checkpoint's files appear in one snapshot; readers see all of them or none.
 *   <li>Single writer: a second job committing to the same table makes the sink fail with an
 *       error instead of interleaving histories.
 *   <li>Late data: records at or behind the watermark (the job's or the table's recorded one,
 *       whichever is larger) are kept by default ({@link LateRecords}); every as-of read at or
 *       after their event time sees them. Each commit records the watermark, i.e. up to which
 *       event time the table is complete; at end of input, the greatest event time the job
 *       wrote.
 *   <li>Changelogs: INSERT and UPDATE_AFTER upsert; a DELETE, or an UPDATE_BEFORE that no
 *       upsert of its key follows in the checkpoint, writes a tombstone at the time {@link
 *       DeleteTime} says.
 *   <li>Bounded input commits at end of input, in batch and streaming mode.
 * </ul>
 *
 * <p>The first write creates the table (schema, buckets and segment layout from the builder); if
 * the table exists, its schema must match the rows (an error names the difference) and its
 * buckets and layout are used.
 *
 * <p><b>Schema changes while the job runs.</b> {@link Builder#build()} binds the sink to the
 * table's current schema version. An {@code ALTER TABLE} committed while the job runs does not
 * stop it: the job goes on writing rows of the version it planned with (its files are tagged
 * with that version, and reads map them to the current schema: an added column reads as null),
 * also after a failover, and its commits keep the table's current schema. A new job (or a job
 * re-planned from a savepoint) plans with the current schema.
 */
@PublicEvolving
public final class AzofSink
        implements Sink<RowData>,
                SupportsPreWriteTopology<RowData>,
                SupportsPreCommitTopology<AzofCommittable, AzofCommittable>,
                SupportsCommitter<AzofCommittable>,
                SupportsPostCommitTopology<AzofCommittable> {

    private static final long serialVersionUID = 1L;

    /** Uids of the sink's own operators, which Flink prefixes with the sink's uid. */
    static final String AGGREGATOR_UID = "azof-commit-aggregator";

    static final String COMPACTION_UID = "azof-compaction";

    private final String path;
    private final TableSpec spec;
    private final RowType inputType;
    private final LateRecords lateRecords;
    private final DeleteTime deleteTime;
    private final int bufferRows;
    private final int buckets;
    private final DistributionMode distributionMode;
    private final AutoCompaction compaction;

    private AzofSink(
            String path,
            TableSpec spec,
            RowType inputType,
            LateRecords lateRecords,
            DeleteTime deleteTime,
            int bufferRows,
            int buckets,
            DistributionMode distributionMode,
            AutoCompaction compaction) {
        this.path = path;
        this.spec = spec;
        this.inputType = inputType;
        this.lateRecords = lateRecords;
        this.deleteTime = deleteTime;
        this.bufferRows = bufferRows;
        this.buckets = buckets;
        this.distributionMode = distributionMode;
        this.compaction = compaction;
    }

    /** A builder for rows of this type; name the key and event-time columns on the builder. */
    public static Builder forRowData(RowType rowType) {
        return new Builder(rowType, null);
    }

    /** A builder for rows of the schema's row type, key and event time taken from the schema. */
    public static Builder forRowData(TableSchema schema) {
        return new Builder(schema.rowType(), schema);
    }

    public String path() {
        return path;
    }

    public TableSchema schema() {
        return spec.schema();
    }

    public LateRecords lateRecords() {
        return lateRecords;
    }

    public DeleteTime deleteTime() {
        return deleteTime;
    }

    public int bufferRows() {
        return bufferRows;
    }

    public DistributionMode distributionMode() {
        return distributionMode;
    }

    public AutoCompaction compaction() {
        return compaction;
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) {
        IoLibraries.requireOnClasspath();
        return new AzofSinkWriter(
                path,
                spec,
                inputType,
                lateRecords,
                deleteTime,
                bufferRows,
                context.getTaskInfo().getIndexOfThisSubtask(),
                context.metricGroup());
    }

    @Override
    public DataStream<RowData> addPreWriteTopology(DataStream<RowData> input) {
        if (distributionMode == DistributionMode.NONE) {
            return input;
        }
        TableSchema schema = spec.schema();
        List<LogicalType> keyTypes = new ArrayList<>();
        int[] keyIndexes = new int[schema.primaryKey().size()];
        for (int i = 0; i < keyIndexes.length; i++) {
            keyIndexes[i] = inputType.getFieldNames().indexOf(schema.primaryKey().get(i));
            keyTypes.add(inputType.getTypeAt(keyIndexes[i]));
        }
        return input.partitionCustom(new BucketPartitioner(), new BucketOf(keyTypes, keyIndexes, buckets));
    }

    @Override
    public DataStream<CommittableMessage<AzofCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<AzofCommittable>> writeResults) {
        TypeInformation<CommittableMessage<AzofCommittable>> type =
                CommittableMessageTypeInfo.of(AzofCommittableSerializer::new);
        SingleOutputStreamOperator<CommittableMessage<AzofCommittable>> aggregated =
                writeResults
                        .global()
                        .transform("Azof commit aggregator: " + path, type, new AzofCommitAggregator(path))
                        .setParallelism(1)
                        .setMaxParallelism(1);
        uidIfTheSinkHasOne(aggregated, writeResults, AGGREGATOR_UID);
        // The committer runs at the sink's parallelism; send everything to its subtask 0 so
        // exactly one task publishes.
        return aggregated.global();
    }

    /**
     * Gives an operator of the sink's own topology a uid when the sink has one, so that its state
     * (the aggregator's writer id) restores from a savepoint into a job whose graph changed;
     * Flink prefixes it with the sink's uid ({@code "<sink uid>: " + uid}). Flink derives uids for
     * the writer and committer only, and generates the others' ids from their place in the graph.
     * A sink without a uid (SQL INSERTs set none) keeps generated ids: Flink refuses a uid inside
     * the topology of a sink that has none. {@code upstream} is the writer's or committer's output
     * (behind the exchange Flink adds): those operators have the sink's uid, or one derived from
     * it, by the time Flink asks for the topologies.
     */
    private static void uidIfTheSinkHasOne(
            SingleOutputStreamOperator<?> operator, DataStream<?> upstream, String uid) {
        Transformation<?> t = upstream.getTransformation();
        while (!(t instanceof PhysicalTransformation) && t.getInputs().size() == 1) {
            t = t.getInputs().get(0);
        }
        if (t.getUid() != null && !t.getUid().isEmpty()) {
            operator.uid(uid);
        }
    }

    @Override
    public SimpleVersionedSerializer<AzofCommittable> getWriteResultSerializer() {
        return new AzofCommittableSerializer();
    }

    @Override
    public Committer<AzofCommittable> createCommitter(CommitterInitContext context) {
        IoLibraries.requireOnClasspath();
        return new AzofCommitter(path, spec, context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<AzofCommittable> getCommittableSerializer() {
        return new AzofCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<AzofCommittable>> committed) {
        if (!compaction.enabled()) {
            return;
        }
        SingleOutputStreamOperator<Void> compacting =
                committed
                        .global()
                        .transform(
                                "Azof compaction: " + path,
                                BasicTypeInfo.VOID_TYPE_INFO,
                                new AzofCompactionOperator(path, compaction))
                        .setParallelism(1)
                        .setMaxParallelism(1);
        // Stateless: the uid only lets jobs with pipeline.auto-generate-uids = false run it.
        uidIfTheSinkHasOne(compacting, committed, COMPACTION_UID);
    }

    @Override
    public String toString() {
        return "AzofSink{path=" + path + ", schema=" + spec.schema() + ", compaction=" + compaction + "}";
    }

    /** Routes a row to the writer of its key's bucket. */
    private static final class BucketOf implements KeySelector<RowData, Integer> {
        private static final long serialVersionUID = 1L;
        private final BucketAssigner assigner;
        private final int[] keyIndexes;

        BucketOf(List<LogicalType> keyTypes, int[] keyIndexes, int buckets) {
            this.assigner = new BucketAssigner(keyTypes, buckets);
            this.keyIndexes = keyIndexes;
        }

        @Override
        public Integer getKey(RowData row) {
            for (int k : keyIndexes) {
                if (row.isNullAt(k)) {
                    // The writer reports the null key with a clear error.
                    return 0;
                }
            }
            return assigner.bucket(row, keyIndexes);
        }
    }

    private static final class BucketPartitioner implements Partitioner<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(Integer bucket, int numPartitions) {
            return bucket % numPartitions;
        }
    }

    /** Builds an {@link AzofSink}; see the class documentation. */
    @PublicEvolving
    public static final class Builder {
        private final RowType rowType;
        private final TableSchema schema;
        private String path;
        private List<String> primaryKey;
        private String eventTimeColumn;
        private String segmentGranularity = TableWriter.DEFAULT_GRANULARITY;
        private int buckets = 4;
        private LateRecords lateRecords = LateRecords.KEEP;
        private DeleteTime deleteTime = DeleteTime.WATERMARK;
        private int bufferRows = 100_000;
        private DistributionMode distributionMode = DistributionMode.DEFAULT;
        private AutoCompaction compaction = AutoCompaction.disabled();

        private Builder(RowType rowType, TableSchema schema) {
            this.rowType = rowType;
            this.schema = schema;
        }

        /** The table directory (any Flink file system URI). Required. */
        public Builder path(String tableDir) {
            this.path = tableDir;
            return this;
        }

        /** The key columns, in key order. Required unless the builder started from a schema. */
        public Builder primaryKey(String... columns) {
            this.primaryKey = columns == null ? null : Arrays.asList(columns);
            return this;
        }

        /** The event-time column (TIMESTAMP or TIMESTAMP_LTZ); default {@code event_time}. */
        public Builder eventTimeColumn(String column) {
            this.eventTimeColumn = column;
            return this;
        }

        /** Segment layout of a new table, coarse to fine (e.g. {@code year,quarter}). */
        public Builder segmentGranularity(String layout) {
            this.segmentGranularity = layout;
            return this;
        }

        /** Bucket count of a new table; default 4. */
        public Builder buckets(int buckets) {
            this.buckets = buckets;
            return this;
        }

        /** What to do with late records; default {@link LateRecords#KEEP}. */
        public Builder lateRecords(LateRecords policy) {
            this.lateRecords = policy;
            return this;
        }

        /**
         * Where a deletion's event time comes from; default {@link DeleteTime#WATERMARK}, right for
         * retractions of Flink's operators and CDC before-images. Use {@link DeleteTime#ROW} for
         * delete events that carry the time of the deletion.
         */
        public Builder deleteTime(DeleteTime rule) {
            this.deleteTime = rule;
            return this;
        }

        /** Rows a writer buffers before it spills them to files; default 100000. */
        public Builder bufferRows(int rows) {
            this.bufferRows = rows;
            return this;
        }

        /** How rows reach the writers; default {@link DistributionMode#DEFAULT} (no shuffle). */
        public Builder distributionMode(DistributionMode mode) {
            this.distributionMode = mode;
            return this;
        }

        /**
         * Automatic compaction after commits (default {@link AutoCompaction#disabled()}), e.g.
         * {@code AutoCompaction.everyCommits(10).withPolicy(...)}.
         */
        public Builder compaction(AutoCompaction settings) {
            this.compaction = settings;
            return this;
        }

        /**
         * Validates the configuration and, if the table exists, that its schema matches the rows.
         *
         * @throws AzofException with a message naming the problem
         */
        public AzofSink build() {
            IoLibraries.requireOnClasspath();
            if (path == null || path.isBlank()) {
                throw new AzofException("the Azof sink needs the table path: call path(...)");
            }
            if (lateRecords == null) {
                throw new AzofException("the late-records policy must not be null");
            }
            if (deleteTime == null) {
                throw new AzofException("the delete-time rule must not be null");
            }
            if (distributionMode == null) {
                throw new AzofException("the distribution mode must not be null");
            }
            if (bufferRows < 1) {
                throw new AzofException("the sink buffer must hold at least 1 row, not " + bufferRows);
            }
            SegmentGranularity.parseLayout(segmentGranularity);
            TableSchema tableSchema = schema == null ? schemaOfRows() : schemaWithOverrides();
            TableSpec spec =
                    new TableSpec(
                            tableSchema,
                            buckets,
                            Map.of(TableWriter.SEGMENT_GRANULARITY, segmentGranularity));
            // Fails now (on the client, before any file is written) if an existing table differs.
            Snapshot resolved = TableCommits.resolve(spec, new Path(path));
            // The job writes the schema version it planned with, whatever ALTER TABLE does later.
            TableSpec bound = spec.boundTo(new Path(path), resolved);
            return new AzofSink(
                    path,
                    bound,
                    rowType,
                    lateRecords,
                    deleteTime,
                    bufferRows,
                    resolved.bucketCount(),
                    distributionMode,
                    compaction == null ? AutoCompaction.disabled() : compaction);
        }

        private TableSchema schemaOfRows() {
            if (primaryKey == null || primaryKey.isEmpty()) {
                throw new AzofException(
                        "the Azof sink for "
                                + path
                                + " needs a primary key: call primaryKey(...) (SQL: declare"
                                + " PRIMARY KEY (...) NOT ENFORCED)");
            }
            List<Column> columns = new ArrayList<>();
            for (RowType.RowField f : rowType.getFields()) {
                columns.add(Column.of(f.getName(), f.getType()));
            }
            String eventTime = eventTimeColumn == null ? TableSchema.LEGACY_EVENT_TIME : eventTimeColumn;
            return TableSchema.of(columns, primaryKey, eventTime);
        }

        private TableSchema schemaWithOverrides() {
            if (primaryKey == null && eventTimeColumn == null) {
                return schema;
            }
            return TableSchema.of(
                    schema.columns(),
                    primaryKey == null ? schema.primaryKey() : primaryKey,
                    eventTimeColumn == null ? schema.eventTimeColumn() : eventTimeColumn);
        }
    }
}
