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
package dev.azof.flink.source;

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.incremental.CommitChanges;
import dev.azof.core.incremental.IncrementalPlanner;
import dev.azof.core.io.IoLibraries;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.plan.ScanTask;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.table.AzofTable;
import dev.azof.flink.source.enumerator.AzofEnumeratorState;
import dev.azof.flink.source.enumerator.AzofEnumeratorStateSerializer;
import dev.azof.flink.source.enumerator.ContinuousAzofSplitEnumerator;
import dev.azof.flink.source.enumerator.StaticAzofSplitEnumerator;
import dev.azof.flink.source.reader.AzofRecordEmitter;
import dev.azof.flink.source.reader.AzofSourceReader;
import dev.azof.flink.source.reader.AzofSplitReader;
import dev.azof.flink.source.reader.ChangelogSourceReader;
import dev.azof.flink.source.reader.ChangelogSplitReader;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.AzofSourceSplitSerializer;
import dev.azof.flink.source.split.SplitOrigin;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Flink source of an Azof table. By default bounded: it reads the table as of an event time,
 * per key the row with the greatest event time at or before that time ("current" reads take the
 * latest row of every key). With {@link Builder#continuous()} it is unbounded and follows the
 * table's commits as a changelog (see "Streaming reads" below).
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * AzofSource source =
 *         AzofSource.builder()
 *                 .path("/warehouse/filings")
 *                 .asOf(AsOf.parse("2024-06-01T00:00:00Z"))
 *                 .select("id", "amount")
 *                 .build();
 * DataStream<RowData> rows =
 *         env.fromSource(source, WatermarkStrategy.noWatermarks(), "azof filings");
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>The table is opened and planned in {@link Builder#build()}: the snapshot read is fixed
 *       then (the current one, or the one asked for), and a bad path, snapshot, column or as-of
 *       time fails there with an {@link AzofException}, not when the job runs. Later commits to
 *       the table are not seen by the job.
 *   <li>Each task of the plan (the files of one bucket) is one split; tasks share no key, so
 *       splits are read in parallel and every key is emitted at most once, by one reader.
 *   <li>Exactly-once on failure recovery: a split's checkpoint records how many of its rows were
 *       emitted, and a restored reader re-reads the task and skips as many.
 *   <li>Rows are {@link RowData} of {@link #producedRowType()}, in no guaranteed order.
 *   <li>{@link Builder#limit(long)} caps the rows of each split, not of the whole read.
 * </ul>
 *
 * <p><b>Streaming reads</b> ({@link Builder#continuous()}): the source emits the facts the table
 * holds and every new commit's, as changes: an upsert as {@link
 * org.apache.flink.types.RowKind#INSERT}, a tombstone as {@link
 * org.apache.flink.types.RowKind#DELETE}, each with its event time as the record's timestamp.
 * Where it starts is the {@link StartupMode}; it looks for new snapshots every {@link
 * Builder#discoveryInterval(Duration)}. Maintenance commits (compaction) emit nothing. Every
 * committed fact is emitted exactly once across failovers and restores: the position (the last
 * snapshot turned into splits) and the unassigned splits are in the enumerator's checkpointed
 * state, a split's progress in its reader's. Splits are one commit's files of one bucket; a
 * bucket's splits go to one reader in commit order, so one key's changes leave in commit order.
 * Memory is bounded: files are streamed, one at a time per reader.
 *
 * <pre>{@code
 * AzofSource changes =
 *         AzofSource.builder()
 *                 .path("/warehouse/rates")
 *                 .continuous()
 *                 .startupMode(StartupMode.LATEST)
 *                 .discoveryInterval(Duration.ofSeconds(5))
 *                 .build();
 * }</pre>
 *
 * <p>Needs the format core on the task managers' classpath and access to the table directory
 * through a Flink file system.
 */
@PublicEvolving
public final class AzofSource
        implements Source<RowData, AzofSourceSplit, AzofEnumeratorState>,
                ResultTypeQueryable<RowData> {

    private static final long serialVersionUID = 1L;

    // Everything the readers need travels in this object (Java-serialized into the job graph).
    private final String tableDir;
    private final long snapshotId;
    private final TableSchema schema;
    private final AsOf asOf;
    private final int[] projection;
    private final long limit;
    private final RowType producedRowType;
    private final List<ScanTask> tasks;
    private final List<AzofMetadata> metadata;
    private final long snapshotMillis;
    /** The streaming read's settings; null for an as-of (bounded) read. */
    private final Streaming streaming;

    private AzofSource(
            String tableDir,
            long snapshotId,
            long snapshotMillis,
            TableSchema schema,
            AsOf asOf,
            int[] projection,
            long limit,
            List<ScanTask> tasks,
            List<AzofMetadata> metadata,
            Streaming streaming) {
        this.tableDir = tableDir;
        this.snapshotId = snapshotId;
        this.snapshotMillis = snapshotMillis;
        this.schema = schema;
        this.asOf = asOf;
        this.projection = projection;
        this.limit = limit;
        this.metadata = Collections.unmodifiableList(new ArrayList<>(metadata));
        this.producedRowType = withMetadata(project(schema.rowType(), projection), metadata);
        this.tasks = Collections.unmodifiableList(new ArrayList<>(tasks));
        this.streaming = streaming;
    }

    /**
     * A streaming read's settings, fixed when the source was built: where it starts (the
     * position and the splits of the history to emit first) and how it follows new commits.
     */
    private static final class Streaming implements Serializable {
        private static final long serialVersionUID = 1L;

        final long startPosition;
        final long startWatermarkMillis;
        final List<InitialSplit> initialSplits;
        final long discoveryIntervalMillis;
        final HashSet<Integer> buckets;

        Streaming(
                long startPosition,
                long startWatermarkMillis,
                List<InitialSplit> initialSplits,
                long discoveryIntervalMillis,
                Set<Integer> buckets) {
            this.startPosition = startPosition;
            this.startWatermarkMillis = startWatermarkMillis;
            this.initialSplits = new ArrayList<>(initialSplits);
            this.discoveryIntervalMillis = discoveryIntervalMillis;
            this.buckets = buckets == null ? null : new HashSet<>(buckets);
        }
    }

    /** A split to emit before new commits, in a Java-serializable form (splits are not). */
    private static final class InitialSplit implements Serializable {
        private static final long serialVersionUID = 1L;

        final String id;
        final ScanTask task;
        final SplitOrigin origin;

        InitialSplit(String id, ScanTask task, SplitOrigin origin) {
            this.id = id;
            this.task = task;
            this.origin = origin;
        }

        AzofSourceSplit toSplit() {
            return new AzofSourceSplit(id, task, 0, origin);
        }
    }

    /** The splits of commit {@code c}'s facts, one per bucket (only the kept buckets). */
    private static List<InitialSplit> changeSplits(
            String prefix, CommitChanges c, Set<Integer> buckets, long afterMicros) {
        List<InitialSplit> out = new ArrayList<>();
        long before =
                c.watermarkBefore() == null ? SplitOrigin.NONE : EventTimes.micros(c.watermarkBefore());
        SplitOrigin origin =
                new SplitOrigin(SplitOrigin.Kind.CHANGES, c.snapshotId(), c.commitMillis(), before, afterMicros);
        for (Map.Entry<Integer, List<DataFile>> e : c.deltasByBucket().entrySet()) {
            if (buckets == null || buckets.contains(e.getKey())) {
                out.add(
                        new InitialSplit(
                                prefix + c.snapshotId() + "-b" + e.getKey(),
                                new ScanTask(
                                        e.getKey(),
                                        ScanTask.MergeMode.LATEST_EVENT_TIME,
                                        e.getValue(),
                                        schemasOf(c.schemas(), e.getValue())),
                                origin));
            }
        }
        return out;
    }

    /** The versions among {@code schemas} that {@code files} name. */
    private static Map<Integer, TableSchema> schemasOf(
            Map<Integer, TableSchema> schemas, List<DataFile> files) {
        Map<Integer, TableSchema> out = new java.util.TreeMap<>();
        for (DataFile f : files) {
            TableSchema s = schemas.get(f.schemaId());
            if (s != null) {
                out.put(f.schemaId(), s);
            }
        }
        return out;
    }

    private static List<AzofSourceSplit> toSplits(List<InitialSplit> splits) {
        List<AzofSourceSplit> out = new ArrayList<>(splits.size());
        for (InitialSplit s : splits) {
            out.add(s.toSplit());
        }
        return out;
    }

    /** How often a streaming read looks for new snapshots unless told otherwise. */
    public static final Duration DEFAULT_DISCOVERY_INTERVAL = Duration.ofSeconds(5);

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Boundedness getBoundedness() {
        return streaming == null ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    /** Whether the source follows the table's commits (unbounded). */
    public boolean isContinuous() {
        return streaming != null;
    }

    @Override
    public SplitEnumerator<AzofSourceSplit, AzofEnumeratorState> createEnumerator(
            SplitEnumeratorContext<AzofSourceSplit> context) {
        if (streaming != null) {
            return continuousEnumerator(
                    context,
                    toSplits(streaming.initialSplits),
                    streaming.startPosition,
                    streaming.startWatermarkMillis);
        }
        return new StaticAzofSplitEnumerator(context, splits());
    }

    @Override
    public SplitEnumerator<AzofSourceSplit, AzofEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<AzofSourceSplit> context, AzofEnumeratorState state) {
        if (streaming != null) {
            if (state.position() == AzofEnumeratorState.NO_POSITION) {
                throw new AzofException(
                        "the state restored into the streaming Azof source of "
                                + tableDir
                                + " is an as-of read's (no position): a bounded read's"
                                + " savepoint cannot start a streaming read");
            }
            return continuousEnumerator(
                    context, state.remainingSplits(), state.position(), state.watermarkMillis());
        }
        if (state.position() != AzofEnumeratorState.NO_POSITION) {
            throw new AzofException(
                    "the state restored into the as-of Azof source of "
                            + tableDir
                            + " is a streaming read's (position "
                            + state.position()
                            + "): set the scan mode to continuous to resume it");
        }
        return new StaticAzofSplitEnumerator(context, state.remainingSplits());
    }

    private SplitEnumerator<AzofSourceSplit, AzofEnumeratorState> continuousEnumerator(
            SplitEnumeratorContext<AzofSourceSplit> context,
            List<AzofSourceSplit> pending,
            long position,
            long watermarkMillis) {
        Set<Integer> buckets = streaming.buckets;
        return new ContinuousAzofSplitEnumerator(
                context,
                new Path(tableDir),
                streaming.discoveryIntervalMillis,
                c -> toSplits(changeSplits("c", c, buckets, SplitOrigin.NONE)),
                pending,
                position,
                watermarkMillis);
    }

    /**
     * A watermark strategy that adds no watermarks of its own, so that a streaming read's job
     * sees the table's recorded watermark as the source emits it (after the rows of the commits
     * it covers). {@code WatermarkStrategy.noWatermarks()} would drop it.
     */
    public static WatermarkStrategy<RowData> tableWatermarks() {
        return WatermarkStrategy.<RowData>forGenerator(ctx -> new SourceWatermarksOnly())
                .withTimestampAssigner((row, recordTimestamp) -> recordTimestamp);
    }

    /** Emits nothing: the source's own watermarks are the only ones. */
    private static final class SourceWatermarksOnly implements WatermarkGenerator<RowData> {
        @Override
        public void onEvent(RowData event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    @Override
    public SimpleVersionedSerializer<AzofSourceSplit> getSplitSerializer() {
        return AzofSourceSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<AzofEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new AzofEnumeratorStateSerializer();
    }

    @Override
    public SourceReader<RowData, AzofSourceSplit> createReader(SourceReaderContext context) {
        IoLibraries.requireOnClasspath();
        Path dir = new Path(tableDir);
        if (streaming != null) {
            return new ChangelogSourceReader(
                    () ->
                            new ChangelogSplitReader(
                                    dir,
                                    schema,
                                    projection,
                                    metadata,
                                    AzofSplitReader.DEFAULT_BATCH_SIZE,
                                    AsOfReader.PARQUET),
                    context);
        }
        Object[] suffix = new Object[metadata.size()];
        SplitOrigin origin =
                new SplitOrigin(SplitOrigin.Kind.STATE, snapshotId, snapshotMillis, SplitOrigin.NONE, SplitOrigin.NONE);
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = metadata.get(i).value(origin, 0);
        }
        return new AzofSourceReader(
                () -> new AzofSplitReader(dir, schema, asOf, projection, limit),
                new AzofRecordEmitter(suffix),
                context);
    }

    /** The metadata columns appended to every row, in order. */
    public List<AzofMetadata> metadata() {
        return metadata;
    }

    /** The type of the rows emitted: the projected columns, in projection order. */
    public RowType producedRowType() {
        return producedRowType;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return InternalTypeInfo.of(producedRowType);
    }

    /**
     * The splits of the plan: one per task, in plan order; for a streaming read, the splits it
     * emits before following new commits.
     */
    @VisibleForTesting
    public List<AzofSourceSplit> splits() {
        if (streaming != null) {
            return toSplits(streaming.initialSplits);
        }
        List<AzofSourceSplit> splits = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            ScanTask t = tasks.get(i);
            splits.add(AzofSourceSplit.of(i + "-bucket-" + t.bucket(), t));
        }
        return splits;
    }

    /** The schema of the table (all columns, not only the projected ones). */
    public TableSchema schema() {
        return schema;
    }

    public String tableDir() {
        return tableDir;
    }

    /** The snapshot the source reads, fixed when it was built. */
    public long snapshotId() {
        return snapshotId;
    }

    public AsOf asOf() {
        return asOf;
    }

    public long limit() {
        return limit;
    }

    /**
     * The rows of the files an as-of read opens (versions and tombstones included, so at least
     * as many as it emits), from the table's metadata; -1 when unknown (a streaming read, or
     * files of azof 0.2 tables, whose metadata has no row counts).
     */
    public long plannedRows() {
        if (streaming != null) {
            return -1;
        }
        long rows = 0;
        for (ScanTask t : tasks) {
            for (DataFile f : t.files()) {
                if (f.rows() < 0) {
                    return -1;
                }
                rows += f.rows();
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return "AzofSource{"
                + tableDir
                + ", snapshot="
                + snapshotId
                + ", asOf="
                + asOf
                + ", fields="
                + producedRowType.getFieldNames()
                + (limit >= 0 ? ", limit=" + limit : "")
                + (metadata.isEmpty() ? "" : ", metadata=" + metadata)
                + (streaming == null
                        ? ", splits=" + tasks.size()
                        : ", continuous from snapshot "
                                + streaming.startPosition
                                + " after "
                                + streaming.initialSplits.size()
                                + " splits")
                + "}";
    }

    private static RowType withMetadata(RowType row, List<AzofMetadata> metadata) {
        if (metadata.isEmpty()) {
            return row;
        }
        List<RowType.RowField> fields = new ArrayList<>(row.getFields());
        for (AzofMetadata m : metadata) {
            fields.add(new RowType.RowField(m.key(), m.type()));
        }
        return new RowType(fields);
    }

    private static RowType project(RowType full, int[] projection) {
        List<RowType.RowField> fields = new ArrayList<>(projection.length);
        for (int i : projection) {
            fields.add(full.getFields().get(i));
        }
        return new RowType(fields);
    }

    /** Builds an {@link AzofSource}; see the class documentation for an example. */
    @PublicEvolving
    public static final class Builder {
        private static final Logger LOG = LoggerFactory.getLogger(AzofSource.class);

        private String path;
        private AsOf asOf = AsOf.current();
        private Long snapshotId;
        private AzofTable opened;
        private int[] projectedFields;
        private String[] selectedNames;
        private long limit = -1;
        private Set<Integer> buckets;
        private Instant eventTimeFloor;
        private boolean requireComplete;
        private ScanMode scanMode = ScanMode.SNAPSHOT;
        private StartupMode startupMode;
        private Long startupSnapshotId;
        private Instant startupEventTime;
        private Duration discoveryInterval = DEFAULT_DISCOVERY_INTERVAL;
        private List<AzofMetadata> metadata = List.of();

        private Builder() {}

        /** Follows the table's commits: {@code scanMode(ScanMode.CONTINUOUS)}. */
        public Builder continuous() {
            return scanMode(ScanMode.CONTINUOUS);
        }

        /** Bounded as-of read (the default) or a streaming read of the table's commits. */
        public Builder scanMode(ScanMode mode) {
            this.scanMode = mode == null ? ScanMode.SNAPSHOT : mode;
            return this;
        }

        /** Where a streaming read starts; default {@link StartupMode#FULL}. */
        public Builder startupMode(StartupMode mode) {
            this.startupMode = mode;
            return this;
        }

        /** The first snapshot of {@link StartupMode#FROM_SNAPSHOT} (its commit is emitted). */
        public Builder startupSnapshotId(Long id) {
            this.startupSnapshotId = id;
            return this;
        }

        /** The event time of {@link StartupMode#FROM_EVENT_TIME}. */
        public Builder startupEventTime(Instant eventTime) {
            this.startupEventTime = eventTime;
            return this;
        }

        /** How often a streaming read looks for new snapshots; default 5 s. */
        public Builder discoveryInterval(Duration interval) {
            this.discoveryInterval = interval == null ? DEFAULT_DISCOVERY_INTERVAL : interval;
            return this;
        }

        /** Metadata columns appended to every row after the selected columns, in this order. */
        public Builder metadata(List<AzofMetadata> columns) {
            this.metadata = columns == null ? List.of() : new ArrayList<>(columns);
            return this;
        }

        /**
         * Whether an as-of read after the table's recorded watermark (the event time up to which
         * its writer declared it complete) fails instead of logging a warning; default false.
         */
        public Builder requireComplete(boolean require) {
            this.requireComplete = require;
            return this;
        }

        /** The table directory (any Flink file system URI). Required. */
        public Builder path(String tableDir) {
            this.path = tableDir;
            return this;
        }

        /** The event time to read as of; default {@link AsOf#current()}. */
        public Builder asOf(AsOf asOf) {
            this.asOf = asOf == null ? AsOf.current() : asOf;
            return this;
        }

        /**
         * Reads the snapshot this opened table holds instead of opening {@link #path}'s current
         * (or {@link #snapshotId}'s) snapshot: sources and lookups planned together read one
         * snapshot, and a large table's metadata is parsed once. Its directory must be {@link
         * #path}'s; a bounded read only (a streaming read follows the table's commits itself).
         */
        public Builder table(AzofTable opened) {
            this.opened = opened;
            return this;
        }

        /** The snapshot to read; null (the default) reads the current snapshot. */
        public Builder snapshotId(Long id) {
            this.snapshotId = id;
            return this;
        }

        /**
         * The columns to emit, as indexes into the table's {@code rowType()}, in output order;
         * null (the default) emits every column. Exclusive with {@link #select(String...)}.
         */
        public Builder projectedFields(int[] indexes) {
            this.projectedFields = indexes == null ? null : indexes.clone();
            return this;
        }

        /** The columns to emit, by name, in output order. Exclusive with projectedFields. */
        public Builder select(String... columnNames) {
            this.selectedNames = columnNames == null ? null : columnNames.clone();
            return this;
        }

        /** Each split stops after {@code n} rows; negative (the default) means no limit. */
        public Builder limit(long n) {
            this.limit = n < 0 ? -1 : n;
            return this;
        }

        /**
         * Reads only the tasks of these buckets (pruning by key); null (the default) reads all.
         * Tasks of azof 0.2 tables are not bucketed and are always read.
         */
        public Builder buckets(Set<Integer> keep) {
            this.buckets = keep == null ? null : new HashSet<>(keep);
            return this;
        }

        /**
         * Skips the files whose rows all have event times before {@code floor}: for a read whose
         * rows are then filtered to event times at or after it (what SQL pushes down from {@code
         * WHERE event_time >= ...}); the rows before the floor it still emits are the caller's to
         * drop. As-of reads of tables of this project only; null (the default) skips nothing.
         */
        public Builder eventTimeFloor(Instant floor) {
            this.eventTimeFloor = floor;
            return this;
        }

        /** Opens the table and plans the read; fails with {@link AzofException} on bad input. */
        public AzofSource build() {
            IoLibraries.requireOnClasspath();
            if (path == null || path.isBlank()) {
                throw new AzofException("the Azof source needs the table path: call path(...)");
            }
            if (projectedFields != null && selectedNames != null) {
                throw new AzofException(
                        "the Azof source takes either projectedFields(...) or select(...), not both");
            }
            if (scanMode == ScanMode.CONTINUOUS) {
                return buildContinuous();
            }
            if (startupMode != null || startupSnapshotId != null || startupEventTime != null) {
                throw new AzofException(
                        "the startup mode, snapshot and event time are settings of streaming reads:"
                                + " set the scan mode to continuous (table "
                                + path
                                + ")");
            }
            AzofTable table;
            if (opened != null) {
                table = checkOpened();
            } else {
                table = snapshotId == null ? AzofTable.open(path) : AzofTable.open(new Path(path), snapshotId);
            }
            checkComplete(table);
            TableSchema schema = table.schema();
            int[] projection = resolveProjection(schema);
            ScanPlan plan = table.plan(asOf);
            if (eventTimeFloor != null) {
                plan = plan.withoutRowsBefore(eventTimeFloor);
            }
            List<ScanTask> tasks = new ArrayList<>();
            for (ScanTask t : plan.tasks()) {
                if (buckets == null
                        || t.bucket() == DataFile.NO_BUCKET
                        || buckets.contains(t.bucket())) {
                    tasks.add(t);
                }
            }
            return new AzofSource(
                    table.dir().toString(),
                    table.snapshot().id(),
                    table.snapshot().timestampMillis(),
                    schema,
                    asOf,
                    projection,
                    limit,
                    tasks,
                    metadata,
                    null);
        }

        private AzofSource buildContinuous() {
            String context = " (table " + path + ")";
            if (!asOf.isCurrent() || snapshotId != null) {
                throw new AzofException(
                        "a streaming read follows the table's commits; it takes no as-of time or"
                                + " snapshot id: start it from an event time or a snapshot with the"
                                + " startup mode instead"
                                + context);
            }
            if (limit >= 0) {
                throw new AzofException("a streaming read takes no limit" + context);
            }
            if (eventTimeFloor != null) {
                throw new AzofException("a streaming read takes no event-time floor" + context);
            }
            if (discoveryInterval.isNegative() || discoveryInterval.isZero()) {
                throw new AzofException(
                        "the discovery interval must be positive, not " + discoveryInterval + context);
            }
            StartupMode mode = startupMode == null ? StartupMode.FULL : startupMode;
            if ((startupSnapshotId != null) != (mode == StartupMode.FROM_SNAPSHOT)) {
                throw new AzofException(
                        "startup mode "
                                + mode.optionValue()
                                + (startupSnapshotId == null
                                        ? " needs a startup snapshot id"
                                        : " takes no startup snapshot id (only from-snapshot does)")
                                + context);
            }
            if ((startupEventTime != null) != (mode == StartupMode.FROM_EVENT_TIME)) {
                throw new AzofException(
                        "startup mode "
                                + mode.optionValue()
                                + (startupEventTime == null
                                        ? " needs a startup event time"
                                        : " takes no startup event time (only from-event-time does)")
                                + context);
            }
            AzofTable table = AzofTable.open(path);
            Snapshot current = table.snapshot();
            if (current.isLegacy()) {
                throw new AzofException(
                        "azof 0.2 tables cannot be read as a stream: their files record no commit;"
                                + " read them as of a time instead"
                                + context);
            }
            TableSchema schema = table.schema();
            int[] projection = resolveProjection(schema);
            SnapshotStore store = table.store();
            List<InitialSplit> initial = new ArrayList<>();
            long position = current.id();
            Instant startWatermark = TableCommitter.recordedWatermark(store, current);
            switch (mode) {
                case FULL:
                    for (CommitChanges c : IncrementalPlanner.factsOf(store, current, null)) {
                        initial.addAll(changeSplits("h", c, buckets, SplitOrigin.NONE));
                    }
                    break;
                case LATEST:
                    break;
                case FROM_SNAPSHOT:
                    long first = startupSnapshotId;
                    if (first < 1 || first > current.id() + 1) {
                        throw new AzofException(
                                "startup snapshot "
                                        + first
                                        + " does not exist (snapshots are 1.."
                                        + current.id()
                                        + "; "
                                        + (current.id() + 1)
                                        + " starts with the next commit)"
                                        + context);
                    }
                    if (first <= current.id() && store.readIfExists(first) == null) {
                        throw new AzofException(
                                "startup snapshot "
                                        + first
                                        + " has expired (snapshot expiration removed it); the"
                                        + " oldest commits that can be followed are the retained"
                                        + " ones"
                                        + context);
                    }
                    position = first - 1;
                    Snapshot before = position > 0 ? store.readIfExists(position) : null;
                    startWatermark = before == null ? null : TableCommitter.recordedWatermark(store, before);
                    break;
                case FROM_EVENT_TIME:
                    long t = EventTimes.micros(startupEventTime);
                    SplitOrigin state =
                            new SplitOrigin(
                                    SplitOrigin.Kind.STATE,
                                    current.id(),
                                    current.timestampMillis(),
                                    SplitOrigin.NONE,
                                    t);
                    for (ScanTask task : table.plan(AsOf.at(startupEventTime)).tasks()) {
                        if (buckets == null || buckets.contains(task.bucket())) {
                            initial.add(new InitialSplit("a" + current.id() + "-b" + task.bucket(), task, state));
                        }
                    }
                    for (CommitChanges c : IncrementalPlanner.factsOf(store, current, t)) {
                        initial.addAll(changeSplits("h", c, buckets, t));
                    }
                    break;
                default:
                    throw new IllegalStateException(mode.name());
            }
            return new AzofSource(
                    table.dir().toString(),
                    current.id(),
                    current.timestampMillis(),
                    schema,
                    AsOf.current(),
                    projection,
                    -1,
                    List.of(),
                    metadata,
                    new Streaming(
                            position,
                            startWatermark == null
                                    ? AzofEnumeratorState.NO_WATERMARK
                                    : ContinuousAzofSplitEnumerator.millis(startWatermark),
                            initial,
                            discoveryInterval.toMillis(),
                            buckets));
        }

        /**
         * Compares the as-of time with the watermark the table's writer recorded: later answers
         * may still change when on-time data arrives. Current reads are not checked: they read
         * whatever has arrived by definition.
         */
        /** The opened table, when it is the table and snapshot this builder names. */
        private AzofTable checkOpened() {
            if (!opened.dir().equals(new Path(path))) {
                throw new AzofException(
                        "the Azof source was given the opened table " + opened.dir() + " to read " + path);
            }
            if (snapshotId != null && snapshotId != opened.snapshot().id()) {
                throw new AzofException(
                        "the Azof source was given snapshot " + opened.snapshot().id() + " of " + path
                                + " to read snapshot " + snapshotId);
            }
            return opened;
        }

        private void checkComplete(AzofTable table) {
            if (asOf.isCurrent() || table.snapshot().isLegacy()) {
                return;
            }
            Instant watermark = TableCommitter.recordedWatermark(table.store(), table.snapshot());
            if (watermark != null && !asOf.instant().isAfter(watermark)) {
                return;
            }
            String message =
                    "reading table "
                            + path
                            + " as of "
                            + asOf.instant()
                            + (watermark == null
                                    ? ", but the table records no watermark"
                                    : ", after its recorded watermark " + watermark)
                            + ": the table may not be complete up to that time, so the answer may"
                            + " change when more on-time data is committed";
            if (requireComplete) {
                throw new AzofException(message + " (read option scan.require-complete is true)");
            }
            if (WarnOnce.first(message)) {
                LOG.warn(message);
            }
        }

        private int[] resolveProjection(TableSchema schema) {
            int columns = schema.columns().size();
            int[] projection;
            if (selectedNames != null) {
                projection = new int[selectedNames.length];
                for (int i = 0; i < selectedNames.length; i++) {
                    int at = schema.indexOf(selectedNames[i]);
                    if (at < 0) {
                        throw new AzofException(
                                "column '"
                                        + selectedNames[i]
                                        + "' is not a column of table "
                                        + path
                                        + " (columns: "
                                        + schema.columnNames()
                                        + ")");
                    }
                    projection[i] = at;
                }
            } else if (projectedFields != null) {
                projection = projectedFields;
                for (int i : projection) {
                    if (i < 0 || i >= columns) {
                        throw new AzofException(
                                "projected field index "
                                        + i
                                        + " is out of range: table "
                                        + path
                                        + " has "
                                        + columns
                                        + " columns");
                    }
                }
            } else {
                return AsOfReader.allColumns(schema);
            }
            Set<Integer> seen = new LinkedHashSet<>();
            for (int i : projection) {
                if (!seen.add(i)) {
                    throw new AzofException(
                            "column '"
                                    + schema.columns().get(i).name()
                                    + "' is projected twice: "
                                    + Arrays.toString(projection));
                }
            }
            return projection;
        }
    }

}
