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
package dev.azof.flink.join;

import dev.azof.core.AzofException;
import dev.azof.core.keys.BucketAssigner;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.PointInTimeLookup;
import dev.azof.core.table.AzofTable;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.util.ArrayList;
import java.util.List;

/**
 * A point-in-time join in the DataStream API: every fact joined with the Azof table's row of the
 * fact's key as of the fact's own event time (a left join: no row, or a deleted key, gives
 * nulls). The same join as SQL's {@code JOIN t FOR SYSTEM_TIME AS OF f.proc ON f.k = t.k AND
 * f.ts = t.ts} (docs/connector.md, "Point-in-time joins").
 *
 * <pre>{@code
 * DataStream<RowData> joined =
 *         AzofAsOfJoin.builder()
 *                 .path("/data/prices")
 *                 .factKeyFields(0)      // the fact's key columns, in primary-key order
 *                 .factTimeField(2)      // the fact's event time (TIMESTAMP or TIMESTAMP_LTZ)
 *                 .build()
 *                 .join(facts);          // facts: RowData with InternalTypeInfo
 * }</pre>
 *
 * <p>Facts are partitioned by the table's bucket of their key, so each task reads only its
 * buckets' versions, once per event-time window (see {@link PointInTimeLookup}). The snapshot is
 * pinned when {@link Builder#build()} runs: answers depend on the facts' times and the table's
 * commits up to then, never on processing time. Output rows are the fact's columns followed by
 * the table's columns.
 */
@PublicEvolving
public final class AzofAsOfJoin {

    private final String path;
    private final long snapshotId;
    private final TableSchema schema;
    private final int bucketCount;
    private final int[] factKeyFields;
    private final int factTimeField;
    private final long maxVersions;

    private AzofAsOfJoin(Builder b, AzofTable table) {
        this.path = b.path;
        this.snapshotId = table.snapshot().id();
        this.schema = table.schema();
        this.bucketCount = table.snapshot().bucketCount();
        this.factKeyFields = b.factKeyFields.clone();
        this.factTimeField = b.factTimeField;
        this.maxVersions = b.maxVersions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The snapshot the join answers from. */
    public long snapshotId() {
        return snapshotId;
    }

    /** The table's row type: the columns appended to each fact. */
    public RowType tableRowType() {
        return schema.rowType();
    }

    /** Joins the facts; their type must be an {@link InternalTypeInfo} of a row type. */
    public DataStream<RowData> join(DataStream<RowData> facts) {
        if (!(facts.getType() instanceof InternalTypeInfo)
                || !(((InternalTypeInfo<?>) facts.getType()).toLogicalType() instanceof RowType)) {
            throw new IllegalArgumentException(
                    "the facts of an Azof point-in-time join must be RowData with an"
                            + " InternalTypeInfo of a row type (InternalTypeInfo.of(rowType)); got "
                            + facts.getType());
        }
        RowType factType = (RowType) ((InternalTypeInfo<?>) facts.getType()).toLogicalType();
        int[] pk = schema.primaryKeyIndexes();
        if (factKeyFields.length != pk.length) {
            throw new IllegalArgumentException(
                    "the table's primary key "
                            + schema.primaryKey()
                            + " has "
                            + pk.length
                            + " columns; factKeyFields names "
                            + factKeyFields.length);
        }
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int k = 0; k < pk.length; k++) {
            LogicalType tableType = schema.rowType().getTypeAt(pk[k]);
            LogicalType factKeyType = factType.getTypeAt(factKeyFields[k]);
            if (!tableType.copy(true).equals(factKeyType.copy(true))) {
                throw new IllegalArgumentException(
                        "fact field "
                                + factKeyFields[k]
                                + " is "
                                + factKeyType
                                + " but key column '"
                                + schema.primaryKey().get(k)
                                + "' is "
                                + tableType);
            }
            keyTypes.add(tableType);
        }
        LogicalType timeType = factType.getTypeAt(factTimeField);
        if (!timeType.is(LogicalTypeFamily.TIMESTAMP)) {
            throw new IllegalArgumentException(
                    "fact field " + factTimeField + " must be a TIMESTAMP, is " + timeType);
        }
        List<RowType.RowField> out = new ArrayList<>(factType.getFields());
        for (RowType.RowField f : schema.rowType().getFields()) {
            out.add(new RowType.RowField("azof_" + f.getName(), f.getType().copy(true)));
        }
        BucketAssigner buckets = new BucketAssigner(keyTypes, bucketCount);
        int[] keys = factKeyFields.clone();
        return facts.partitionCustom(new ByBucket(), new BucketOf(buckets, keys))
                .map(
                        new JoinFunction(
                                path,
                                snapshotId,
                                keys,
                                factTimeField,
                                LogicalTypeChecks.getPrecision(timeType),
                                schema.columns().size(),
                                maxVersions))
                .returns(InternalTypeInfo.of(new RowType(out)))
                .name("Azof point-in-time join " + path);
    }

    /** A fact's bucket in the table. */
    private static final class BucketOf implements KeySelector<RowData, Integer> {
        private static final long serialVersionUID = 1L;
        private final BucketAssigner buckets;
        private final int[] keyFields;

        BucketOf(BucketAssigner buckets, int[] keyFields) {
            this.buckets = buckets;
            this.keyFields = keyFields;
        }

        @Override
        public Integer getKey(RowData fact) {
            return buckets.bucket(fact, keyFields);
        }
    }

    private static final class ByBucket implements Partitioner<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(Integer bucket, int numPartitions) {
            return bucket % numPartitions;
        }
    }

    private static final class JoinFunction extends RichMapFunction<RowData, RowData> {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final long snapshotId;
        private final int[] keyFields;
        private final int timeField;
        private final int timePrecision;
        private final int tableArity;
        private final long maxVersions;
        private transient PointInTimeLookup lookup;
        private transient RowData nulls;

        JoinFunction(
                String path,
                long snapshotId,
                int[] keyFields,
                int timeField,
                int timePrecision,
                int tableArity,
                long maxVersions) {
            this.path = path;
            this.snapshotId = snapshotId;
            this.keyFields = keyFields;
            this.timeField = timeField;
            this.timePrecision = timePrecision;
            this.tableArity = tableArity;
            this.maxVersions = maxVersions;
        }

        @Override
        public void open(OpenContext context) {
            AzofTable table = AzofTable.open(new Path(path), snapshotId);
            lookup =
                    new PointInTimeLookup(
                            table.dir(),
                            table.snapshot(),
                            AsOfReader.allColumns(table.schema()),
                            keyFields,
                            maxVersions,
                            AsOfReader.PARQUET);
            nulls = new GenericRowData(tableArity);
        }

        @Override
        public RowData map(RowData fact) {
            RowData row = null;
            if (!fact.isNullAt(timeField)) {
                row =
                        lookup.lookup(
                                fact, EventTimes.micros(fact.getTimestamp(timeField, timePrecision)));
            }
            return new JoinedRowData(fact, row == null ? nulls : row);
        }
    }

    /** Builds an {@link AzofAsOfJoin}; opens the table and pins its current snapshot. */
    @PublicEvolving
    public static final class Builder {
        private String path;
        private int[] factKeyFields;
        private int factTimeField = -1;
        private long maxVersions = 5_000_000L;

        private Builder() {}

        /** The table's directory. */
        public Builder path(String tableDir) {
            this.path = tableDir;
            return this;
        }

        /** Positions of the fact's key fields, in the table's primary-key order. */
        public Builder factKeyFields(int... positions) {
            this.factKeyFields = positions.clone();
            return this;
        }

        /** Position of the fact's event time. */
        public Builder factTimeField(int position) {
            this.factTimeField = position;
            return this;
        }

        /** Versions each task keeps in memory (as 'lookup.max-versions'). */
        public Builder maxVersions(long versions) {
            this.maxVersions = versions;
            return this;
        }

        public AzofAsOfJoin build() {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("path must name the directory of an azof table");
            }
            if (factKeyFields == null || factKeyFields.length == 0) {
                throw new IllegalArgumentException("factKeyFields must name the fact's key fields");
            }
            if (factTimeField < 0) {
                throw new IllegalArgumentException("factTimeField must name the fact's event time");
            }
            if (maxVersions < 1) {
                throw new IllegalArgumentException("maxVersions must be positive");
            }
            AzofTable table = AzofTable.open(new Path(path));
            if (table.snapshot().isLegacy()) {
                throw new AzofException(
                        "point-in-time joins need a table of format version 1 (azof 0.2 tables"
                                + " resolve keys by file order, not by event time)");
            }
            return new AzofAsOfJoin(this, table);
        }
    }
}
