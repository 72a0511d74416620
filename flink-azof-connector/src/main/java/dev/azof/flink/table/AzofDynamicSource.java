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
package dev.azof.flink.table;

import dev.azof.core.AzofException;
import dev.azof.core.keys.BucketAssigner;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.flink.source.AzofMetadata;
import dev.azof.core.table.AzofTable;
import dev.azof.flink.source.AzofSource;
import dev.azof.flink.source.StartupMode;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.abilities.SupportsFilterPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLimitPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsLookupCustomShuffle;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsStatisticReport;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.plan.stats.TableStats;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL scan of an Azof table, as of an event time: a bounded {@link AzofSource}.
 *
 * <p>Push-downs:
 *
 * <ul>
 *   <li>Projection (top-level columns): only the projected columns are read. Declared columns
 *       are mapped to the table's columns by name.
 *   <li>Limit: each split stops early; Flink still applies the limit.
 *   <li>Filters: a predicate on a value column applies to the merged row (the newest row of a
 *       key as of the read time), so it is never pushed below the merge: a key whose newest row
 *       fails it must not show an older row that passes it. Equality / IN predicates on a
 *       single-column primary key prune buckets. Every filter is returned as remaining, so Flink
 *       re-applies all of them and correctness never depends on pruning.
 * </ul>
 */
@Internal
public final class AzofDynamicSource
        implements ScanTableSource,
                LookupTableSource,
                SupportsLookupCustomShuffle,
                SupportsProjectionPushDown,
                SupportsLimitPushDown,
                SupportsFilterPushDown,
                SupportsReadingMetadata,
                SupportsStatisticReport {

    /** A continuous read's settings ('scan.mode' = 'continuous'). */
    static final class Continuous {
        final StartupMode startupMode;
        final Long startupSnapshotId;
        final Instant startupEventTime;
        final Duration discoveryInterval;

        Continuous(
                StartupMode startupMode,
                Long startupSnapshotId,
                Instant startupEventTime,
                Duration discoveryInterval) {
            this.startupMode = startupMode;
            this.startupSnapshotId = startupSnapshotId;
            this.startupEventTime = startupEventTime;
            this.discoveryInterval = discoveryInterval;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Continuous)) {
                return false;
            }
            Continuous c = (Continuous) o;
            return startupMode == c.startupMode
                    && Objects.equals(startupSnapshotId, c.startupSnapshotId)
                    && Objects.equals(startupEventTime, c.startupEventTime)
                    && discoveryInterval.equals(c.discoveryInterval);
        }

        @Override
        public int hashCode() {
            return Objects.hash(startupMode, startupSnapshotId, startupEventTime, discoveryInterval);
        }

        @Override
        public String toString() {
            return "continuous(" + startupMode.optionValue() + ")";
        }
    }

    /** Null for an as-of read. */
    private Continuous continuous;

    /** Metadata columns appended to the rows, in order. */
    private List<AzofMetadata> metadata = new ArrayList<>();

    private final String path;
    private final AsOf asOf;
    private final Long snapshotId;
    private final TableSchema tableSchema;
    private final int bucketCount;

    /** Indexes into the table's row type, in the order of {@link #producedDataType}. */
    private int[] fields;

    private DataType producedDataType;
    private long limit = -1;

    /** 'scan.require-complete': fail, rather than warn, when reading after the watermark. */
    private boolean requireComplete;

    /** Buckets to read; null reads all. */
    private Set<Integer> buckets;

    /** The filters that restricted {@link #buckets} or set {@link #eventTimeFloor}. */
    private List<ResolvedExpression> pruningFilters = new ArrayList<>();

    /** Rows before it are filtered out: an as-of read skips files holding only such rows. */
    private Instant eventTimeFloor;

    /** 'lookup.max-versions' and 'lookup.wait-for-watermark'. */
    private long lookupMaxVersions = AzofOptions.LOOKUP_MAX_VERSIONS.defaultValue();

    private boolean lookupWaitForWatermark;

    /** 'scan.parallelism'; null: the job's default. */
    private Integer scanParallelism;

    /**
     * The table as the factory opened it to plan the query (null: open it when needed). Flink
     * asks a source for its runtime providers several times while it plans one query; each would
     * open the table again, parsing its metadata (a large table's takes tens of milliseconds) and
     * possibly pinning a newer snapshot than the last call. Shared by copies; not part of equality.
     */
    private AzofTable planned;

    /** The lookup keys of the last {@link #getLookupRuntimeProvider} call, for the partitioner. */
    private int[] lookupKeyPositions;

    AzofDynamicSource(
            String path,
            AsOf asOf,
            Long snapshotId,
            TableSchema tableSchema,
            int bucketCount,
            int[] fields,
            DataType producedDataType) {
        this.path = Objects.requireNonNull(path);
        this.asOf = Objects.requireNonNull(asOf);
        this.snapshotId = snapshotId;
        this.tableSchema = Objects.requireNonNull(tableSchema);
        this.bucketCount = bucketCount;
        this.fields = fields.clone();
        this.producedDataType = Objects.requireNonNull(producedDataType);
    }

    @Override
    public ChangelogMode getChangelogMode() {
        // A continuous read emits upserts by primary key and tombstones as deletes that mean
        // only their key (their value columns carry nothing): Flink's upsert mode with key-only
        // deletes, as upsert-kafka declares it.
        return continuous == null ? ChangelogMode.insertOnly() : ChangelogMode.upsert(true);
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        return SourceProvider.of(createSource(), scanParallelism);
    }

    /**
     * For Flink's cost-based choices in batch queries (join order, broadcast): the rows of the
     * files the read opens, an upper bound of what it emits. Unknown for streaming reads.
     */
    @Override
    public TableStats reportStatistics() {
        if (continuous != null) {
            return TableStats.UNKNOWN;
        }
        long rows = createSource().plannedRows();
        return rows < 0 ? TableStats.UNKNOWN : new TableStats(rows);
    }

    /** Builds the DataStream source; opens and plans the table. */
    @VisibleForTesting
    AzofSource createSource() {
        try {
            AzofSource.Builder builder =
                    AzofSource.builder()
                            .path(path)
                            .projectedFields(fields)
                            .buckets(buckets)
                            .metadata(metadata);
            if (continuous == null) {
                builder.asOf(asOf)
                        .eventTimeFloor(eventTimeFloor)
                        .table(planned)
                        .snapshotId(snapshotId)
                        .limit(limit)
                        .requireComplete(requireComplete);
            } else {
                // A pushed-down limit stays a hint: Flink applies it after the source too.
                builder.continuous()
                        .startupMode(continuous.startupMode)
                        .startupSnapshotId(continuous.startupSnapshotId)
                        .startupEventTime(continuous.startupEventTime)
                        .discoveryInterval(continuous.discoveryInterval);
            }
            return builder.build();
        } catch (AzofException e) {
            throw new ValidationException(
                    "cannot read the azof table at '" + path + "': " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Lookup: point-in-time joins
    // ------------------------------------------------------------------------------------------

    /**
     * A lookup join on every primary-key column, and optionally the event-time column: with it,
     * each fact gets the row as of the fact's time (a point-in-time join); without it, as of
     * 'scan.as-of' (current by default). The snapshot is pinned here, when the job is planned.
     */
    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        int[] pk = tableSchema.primaryKeyIndexes();
        int[] keyPositions = new int[pk.length];
        Arrays.fill(keyPositions, -1);
        int eventTimePosition = -1;
        int[][] keys = context.getKeys();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].length != 1) {
                throw new ValidationException("azof lookup joins do not support nested keys");
            }
            int column = fields[keys[i][0]];
            for (int k = 0; k < pk.length; k++) {
                if (pk[k] == column) {
                    keyPositions[k] = i;
                }
            }
            if (column == tableSchema.eventTimeIndex()) {
                eventTimePosition = i;
            }
        }
        for (int k = 0; k < pk.length; k++) {
            if (keyPositions[k] < 0) {
                throw new ValidationException(
                        "a lookup join on the azof table at '"
                                + path
                                + "' must equate every primary-key column "
                                + tableSchema.primaryKey()
                                + " (and, for a point-in-time join, the event-time column '"
                                + tableSchema.eventTimeColumn()
                                + "' with the fact's time); '"
                                + tableSchema.primaryKey().get(k)
                                + "' has no equality");
            }
        }
        for (int i = 0; i < keys.length; i++) {
            int column = fields[keys[i][0]];
            boolean isKey = Arrays.stream(pk).anyMatch(c -> c == column);
            if (!isKey && column != tableSchema.eventTimeIndex()) {
                throw new ValidationException(
                        "a lookup join on the azof table at '"
                                + path
                                + "' can equate only the primary key "
                                + tableSchema.primaryKey()
                                + " and the event-time column '"
                                + tableSchema.eventTimeColumn()
                                + "'; move the condition on '"
                                + tableSchema.columnNames().get(column)
                                + "' to a WHERE clause");
            }
        }
        long pinned;
        try {
            AzofTable table = planned;
            if (table == null) {
                table = snapshotId == null ? AzofTable.open(new Path(path)) : AzofTable.open(new Path(path), snapshotId);
            }
            AzofLookupFunction.checkJoinable(table);
            pinned = table.snapshot().id();
        } catch (AzofException e) {
            throw new ValidationException(
                    "cannot join the azof table at '" + path + "': " + e.getMessage(), e);
        }
        lookupKeyPositions = keyPositions;
        int precision =
                LogicalTypeChecks.getPrecision(
                        tableSchema.rowType().getTypeAt(tableSchema.eventTimeIndex()));
        return LookupFunctionProvider.of(
                new AzofLookupFunction(
                        path,
                        pinned,
                        fields,
                        keyPositions,
                        eventTimePosition,
                        precision,
                        asOf,
                        lookupMaxVersions,
                        lookupWaitForWatermark));
    }

    /**
     * With the hint {@code LOOKUP('table'='t', 'shuffle'='true')}, facts are sent to join tasks
     * by the table's bucket of their key, so that each task reads and holds only its buckets.
     */
    @Override
    public Optional<InputDataPartitioner> getPartitioner() {
        if (lookupKeyPositions == null) {
            return Optional.empty();
        }
        int[] pk = tableSchema.primaryKeyIndexes();
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int k : pk) {
            keyTypes.add(tableSchema.rowType().getTypeAt(k));
        }
        return Optional.of(
                new BucketPartitioner(
                        new BucketAssigner(keyTypes, bucketCount), lookupKeyPositions.clone()));
    }

    /** Sends a fact to the join task of its key's bucket. */
    private static final class BucketPartitioner implements InputDataPartitioner {
        private static final long serialVersionUID = 1L;
        private final BucketAssigner buckets;
        private final int[] keyPositions;

        BucketPartitioner(BucketAssigner buckets, int[] keyPositions) {
            this.buckets = buckets;
            this.keyPositions = keyPositions;
        }

        @Override
        public int partition(RowData joinKeys, int numPartitions) {
            return buckets.bucket(joinKeys, keyPositions) % numPartitions;
        }
    }

    /** Sets 'lookup.max-versions' and 'lookup.wait-for-watermark'. */
    /** The table the factory opened for this query (at 'scan.snapshot-id' when set). */
    AzofDynamicSource plannedTable(AzofTable table) {
        this.planned = table;
        return this;
    }

    AzofDynamicSource lookupOptions(long maxVersions, boolean waitForWatermark) {
        this.lookupMaxVersions = maxVersions;
        this.lookupWaitForWatermark = waitForWatermark;
        return this;
    }

    // ------------------------------------------------------------------------------------------
    // Projection
    // ------------------------------------------------------------------------------------------

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        int[] projected = new int[projectedFields.length];
        for (int i = 0; i < projectedFields.length; i++) {
            projected[i] = fields[projectedFields[i][0]];
        }
        this.fields = projected;
        this.producedDataType = producedDataType;
    }

    // ------------------------------------------------------------------------------------------
    // Metadata
    // ------------------------------------------------------------------------------------------

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> out = new LinkedHashMap<>();
        for (AzofMetadata m : AzofMetadata.values()) {
            out.put(m.key(), TypeConversions.fromLogicalToDataType(m.type()));
        }
        return out;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        List<AzofMetadata> columns = new ArrayList<>();
        for (String key : metadataKeys) {
            columns.add(AzofMetadata.of(key));
        }
        this.metadata = columns;
        this.producedDataType = producedDataType;
    }

    // ------------------------------------------------------------------------------------------
    // Limit
    // ------------------------------------------------------------------------------------------

    @Override
    public void applyLimit(long limit) {
        this.limit = limit;
    }

    // ------------------------------------------------------------------------------------------
    // Filters
    // ------------------------------------------------------------------------------------------

    @Override
    public Result applyFilters(List<ResolvedExpression> filters) {
        BucketPruning pruning = BucketPruning.forTable(tableSchema, bucketCount);
        EventTimeFloor floors = EventTimeFloor.forTable(tableSchema);
        List<ResolvedExpression> accepted = new ArrayList<>();
        for (ResolvedExpression filter : filters) {
            Set<Integer> b = pruning == null ? null : pruning.buckets(filter);
            Instant floor = floors == null ? null : floors.floor(filter);
            if (b == null && floor == null) {
                continue;
            }
            accepted.add(filter);
            if (b != null) {
                if (buckets == null) {
                    buckets = new HashSet<>(b);
                } else {
                    buckets.retainAll(b);
                }
            }
            eventTimeFloor = EventTimeFloor.later(eventTimeFloor, floor);
        }
        pruningFilters.addAll(accepted);
        // Every filter stays with Flink: pruning only skips buckets and files that cannot match.
        return Result.of(accepted, new ArrayList<>(filters));
    }

    // ------------------------------------------------------------------------------------------

    @Override
    public DynamicTableSource copy() {
        AzofDynamicSource copy =
                new AzofDynamicSource(
                        path, asOf, snapshotId, tableSchema, bucketCount, fields, producedDataType);
        copy.limit = limit;
        copy.requireComplete = requireComplete;
        copy.buckets = buckets == null ? null : new HashSet<>(buckets);
        copy.pruningFilters = new ArrayList<>(pruningFilters);
        copy.eventTimeFloor = eventTimeFloor;
        copy.continuous = continuous;
        copy.metadata = new ArrayList<>(metadata);
        copy.lookupMaxVersions = lookupMaxVersions;
        copy.lookupWaitForWatermark = lookupWaitForWatermark;
        copy.scanParallelism = scanParallelism;
        copy.lookupKeyPositions = lookupKeyPositions;
        copy.planned = planned;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Azof";
    }

    // ------------------------------------------------------------------------------------------
    // Accessors for tests
    // ------------------------------------------------------------------------------------------

    /** Makes the read continuous ('scan.mode' = 'continuous'). */
    AzofDynamicSource continuous(Continuous settings) {
        this.continuous = settings;
        return this;
    }

    @VisibleForTesting
    Continuous continuous() {
        return continuous;
    }

    @VisibleForTesting
    List<AzofMetadata> metadata() {
        return Collections.unmodifiableList(metadata);
    }

    /** Sets 'scan.require-complete'. */
    AzofDynamicSource scanParallelism(Integer parallelism) {
        this.scanParallelism = parallelism;
        return this;
    }

    AzofDynamicSource requireComplete(boolean require) {
        this.requireComplete = require;
        return this;
    }

    @VisibleForTesting
    boolean isRequireComplete() {
        return requireComplete;
    }

    @VisibleForTesting
    String path() {
        return path;
    }

    @VisibleForTesting
    AsOf asOf() {
        return asOf;
    }

    @VisibleForTesting
    Long snapshotId() {
        return snapshotId;
    }

    @VisibleForTesting
    int[] fields() {
        return fields.clone();
    }

    @VisibleForTesting
    long limit() {
        return limit;
    }

    /** The buckets to read, or null for all. */
    @VisibleForTesting
    Set<Integer> buckets() {
        return buckets == null ? null : Collections.unmodifiableSet(buckets);
    }

    /** The event-time floor from pushed filters, or null. */
    @VisibleForTesting
    Instant eventTimeFloor() {
        return eventTimeFloor;
    }

    @VisibleForTesting
    DataType producedDataType() {
        return producedDataType;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AzofDynamicSource)) {
            return false;
        }
        AzofDynamicSource that = (AzofDynamicSource) o;
        return bucketCount == that.bucketCount
                && limit == that.limit
                && requireComplete == that.requireComplete
                && lookupMaxVersions == that.lookupMaxVersions
                && lookupWaitForWatermark == that.lookupWaitForWatermark
                && Objects.equals(scanParallelism, that.scanParallelism)
                && path.equals(that.path)
                && asOf.equals(that.asOf)
                && Objects.equals(snapshotId, that.snapshotId)
                && tableSchema.equals(that.tableSchema)
                && Arrays.equals(fields, that.fields)
                && producedDataType.equals(that.producedDataType)
                && Objects.equals(buckets, that.buckets)
                && pruningFilters.equals(that.pruningFilters)
                && Objects.equals(eventTimeFloor, that.eventTimeFloor)
                && Objects.equals(continuous, that.continuous)
                && metadata.equals(that.metadata);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(path, asOf, snapshotId, bucketCount, limit, producedDataType, buckets);
        return 31 * h + Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        return "AzofDynamicSource{path="
                + path
                + ", asOf="
                + asOf
                + (snapshotId == null ? "" : ", snapshotId=" + snapshotId)
                + ", fields="
                + Arrays.toString(fields)
                + (limit < 0 ? "" : ", limit=" + limit)
                + (buckets == null ? "" : ", buckets=" + buckets)
                + (eventTimeFloor == null ? "" : ", eventTimeFloor=" + eventTimeFloor)
                + (continuous == null ? "" : ", " + continuous)
                + (metadata.isEmpty() ? "" : ", metadata=" + metadata)
                + "}";
    }
}
