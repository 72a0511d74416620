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
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.io.IoLibraries;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.ScanTask;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.table.AzofTable;
import dev.azof.flink.source.enumerator.AzofEnumeratorState;
import dev.azof.flink.source.enumerator.AzofEnumeratorStateSerializer;
import dev.azof.flink.source.enumerator.StaticAzofSplitEnumerator;
import dev.azof.flink.source.reader.AzofSourceReader;
import dev.azof.flink.source.reader.AzofSplitReader;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.AzofSourceSplitSerializer;

import org.apache.flink.annotation.PublicEvolving;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A bounded Flink source that reads an Azof table as of an event time: per key, the row with the
 * greatest event time at or before that time ("current" reads take the latest row of every key).
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

    private AzofSource(
            String tableDir,
            long snapshotId,
            TableSchema schema,
            AsOf asOf,
            int[] projection,
            long limit,
            List<ScanTask> tasks) {
        this.tableDir = tableDir;
        this.snapshotId = snapshotId;
        this.schema = schema;
        this.asOf = asOf;
        this.projection = projection;
        this.limit = limit;
        this.producedRowType = project(schema.rowType(), projection);
        this.tasks = Collections.unmodifiableList(new ArrayList<>(tasks));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<AzofSourceSplit, AzofEnumeratorState> createEnumerator(
            SplitEnumeratorContext<AzofSourceSplit> context) {
        return new StaticAzofSplitEnumerator(context, splits());
    }

    @Override
    public SplitEnumerator<AzofSourceSplit, AzofEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<AzofSourceSplit> context, AzofEnumeratorState state) {
        return new StaticAzofSplitEnumerator(context, state.remainingSplits());
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
        return new AzofSourceReader(
                () -> new AzofSplitReader(dir, schema, asOf, projection, limit), context);
    }

    /** The type of the rows emitted: the projected columns, in projection order. */
    public RowType producedRowType() {
        return producedRowType;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return InternalTypeInfo.of(producedRowType);
    }

    /** The splits of the plan: one per task, in plan order. */
    @VisibleForTesting
    public List<AzofSourceSplit> splits() {
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
                + ", splits="
                + tasks.size()
                + "}";
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
        private int[] projectedFields;
        private String[] selectedNames;
        private long limit = -1;
        private Set<Integer> buckets;
        private boolean requireComplete;

        private Builder() {}

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
            AzofTable table =
                    snapshotId == null
                            ? AzofTable.open(path)
                            : AzofTable.open(new Path(path), snapshotId);
            checkComplete(table);
            TableSchema schema = table.schema();
            int[] projection = resolveProjection(schema);
            List<ScanTask> tasks = new ArrayList<>();
            for (ScanTask t : table.plan(asOf).tasks()) {
                if (buckets == null
                        || t.bucket() == DataFile.NO_BUCKET
                        || buckets.contains(t.bucket())) {
                    tasks.add(t);
                }
            }
            return new AzofSource(
                    table.dir().toString(),
                    table.snapshot().id(),
                    schema,
                    asOf,
                    projection,
                    limit,
                    tasks);
        }

        /**
         * Compares the as-of time with the watermark the table's writer recorded: later answers
         * may still change when on-time data arrives. Current reads are not checked: they read
         * whatever has arrived by definition.
         */
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
