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
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Durations;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.table.AzofTable;
import dev.azof.flink.sink.AutoCompaction;
import dev.azof.flink.sink.AzofSink;
import dev.azof.flink.sink.DistributionMode;
import dev.azof.flink.sink.DeleteTime;
import dev.azof.flink.sink.LateRecords;
import dev.azof.flink.source.ScanMode;
import dev.azof.flink.source.StartupMode;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.utils.DataTypeUtils;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Creates the SQL source of Azof tables: {@code CREATE TABLE t (...) WITH ('connector' = 'azof',
 * 'path' = '...')}.
 *
 * <p>Options are those of {@link AzofOptions}. Besides the usual validation (unknown keys,
 * missing {@code path}, values that do not parse), the factory checks {@code scan.as-of} and
 * {@code scan.snapshot-id}, opens the table and checks every declared column against it: the
 * column must exist in the table, with the same type up to nullability. Declared columns are
 * matched to the table's columns by name, so a DDL may list a subset of them in any order.
 *
 * <p>The same factory creates the sink of {@code INSERT INTO}: an upsert sink keyed by the DDL's
 * PRIMARY KEY, whose event-time column is {@code event-time.column}, else the column of the
 * WATERMARK declaration, else {@code event_time}. The first write creates the table (with {@code
 * bucket} and {@code segment.granularity}); an existing table must have the declared schema, and
 * its own key and event-time column win over the defaults.
 */
@PublicEvolving
public class AzofDynamicTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    public static final String IDENTIFIER = "azof";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new LinkedHashSet<>(AzofOptions.tableOptions());
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>();
        options.addAll(AzofOptions.scanOptions());
        options.addAll(AzofOptions.lookupOptions());
        options.addAll(AzofOptions.sinkOptions());
        options.addAll(AzofOptions.compactionOptions());
        options.addAll(AzofOptions.tableCreationOptions());
        return options;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        if (context.getCatalogTable().getOrigin() instanceof MetadataCatalogTable) {
            MetadataCatalogTable metadata =
                    (MetadataCatalogTable) context.getCatalogTable().getOrigin();
            throw new ValidationException(
                    "cannot write into "
                            + context.getObjectIdentifier().asSummaryString()
                            + ": '"
                            + metadata.kind().suffix()
                            + "' is a metadata table of an azof table, read only");
        }
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String path = options.get(AzofOptions.PATH);
        if (path == null || path.isBlank()) {
            throw new ValidationException(
                    "'" + AzofOptions.PATH.key() + "' must name the directory of an azof table");
        }
        String name = context.getObjectIdentifier().asSummaryString();
        ResolvedSchema resolved = context.getCatalogTable().getResolvedSchema();
        // Rowtime attributes are a query-time property; the table stores plain timestamps.
        RowType rowType =
                (RowType)
                        DataTypeUtils.removeTimeAttribute(context.getPhysicalRowDataType())
                                .getLogicalType();
        List<RowType.RowField> fields = new ArrayList<>();
        for (RowType.RowField f : rowType.getFields()) {
            LogicalType t = f.getType();
            if (t instanceof TimestampType) {
                t = new TimestampType(t.isNullable(), ((TimestampType) t).getPrecision());
            } else if (t instanceof LocalZonedTimestampType) {
                t = new LocalZonedTimestampType(t.isNullable(), ((LocalZonedTimestampType) t).getPrecision());
            }
            fields.add(new RowType.RowField(f.getName(), t));
        }
        rowType = new RowType(fields);

        // An existing table decides its key and event time; the DDL must agree with its columns.
        Snapshot existing = existingSnapshot(path);
        List<String> primaryKey;
        String eventTime = options.get(AzofOptions.EVENT_TIME_COLUMN);
        Optional<UniqueConstraint> pk = resolved.getPrimaryKey();
        if (pk.isPresent()) {
            primaryKey = pk.get().getColumns();
        } else if (existing != null && !existing.isLegacy()) {
            primaryKey = existing.schema().primaryKey();
        } else {
            throw new ValidationException(
                    "table "
                            + name
                            + " needs a primary key to be written: declare PRIMARY KEY (...) NOT"
                            + " ENFORCED (the azof sink upserts by key)");
        }
        if (eventTime == null) {
            if (!resolved.getWatermarkSpecs().isEmpty()) {
                eventTime = resolved.getWatermarkSpecs().get(0).getRowtimeAttribute();
            } else if (existing != null && !existing.isLegacy()) {
                eventTime = existing.schema().eventTimeColumn();
            } else {
                eventTime = TableSchema.LEGACY_EVENT_TIME;
            }
        }
        LateRecords late = parsed(options, AzofOptions.SINK_LATE_RECORDS, LateRecords::parse);
        DeleteTime deleteTime = parsed(options, AzofOptions.SINK_DELETE_TIME, DeleteTime::parse);
        DistributionMode distribution =
                parsed(options, AzofOptions.SINK_DISTRIBUTION_MODE, DistributionMode::parse);
        int bufferRows = options.get(AzofOptions.SINK_BUFFER_ROWS);
        if (bufferRows < 1) {
            throw new ValidationException(
                    "'"
                            + AzofOptions.SINK_BUFFER_ROWS.key()
                            + "'='"
                            + bufferRows
                            + "' must be at least 1");
        }
        Integer parallelism = parallelism(options, AzofOptions.SINK_PARALLELISM);
        AzofSink sink;
        try {
            sink =
                    AzofSink.forRowData(rowType)
                            .path(path)
                            .primaryKey(primaryKey.toArray(new String[0]))
                            .eventTimeColumn(eventTime)
                            .segmentGranularity(options.get(AzofOptions.SEGMENT_GRANULARITY))
                            .buckets(options.get(AzofOptions.BUCKET))
                            .lateRecords(late)
                            .deleteTime(deleteTime)
                            .bufferRows(bufferRows)
                            .distributionMode(distribution)
                            .compaction(autoCompaction(options))
                            .build();
        } catch (AzofException e) {
            throw new ValidationException(
                    "cannot write table " + name + " (azof table at '" + path + "'): " + e.getMessage(),
                    e);
        }
        return new AzofDynamicSink(sink, parallelism);
    }

    /** The sink's automatic compaction from the {@code compaction.*} and {@code expiration.*} options. */
    static AutoCompaction autoCompaction(ReadableConfig options) {
        if (!options.get(AzofOptions.COMPACTION_ENABLED)) {
            return AutoCompaction.disabled();
        }
        try {
            Map<String, String> policy = new LinkedHashMap<>();
            policy.put(
                    CompactionPolicy.MAX_DELTAS_PER_SEGMENT,
                    Integer.toString(options.get(AzofOptions.COMPACTION_MAX_DELTAS_PER_SEGMENT)));
            policy.put(CompactionPolicy.BUILD_BASES, options.get(AzofOptions.COMPACTION_BUILD_BASES));
            policy.put(
                    CompactionPolicy.FOLD_LATE_FILES,
                    Boolean.toString(options.get(AzofOptions.COMPACTION_FOLD_LATE_FILES)));
            policy.put(
                    CompactionPolicy.TOMBSTONE_RETENTION,
                    options.get(AzofOptions.COMPACTION_TOMBSTONE_RETENTION));
            AutoCompaction a =
                    AutoCompaction.everyCommits(options.get(AzofOptions.COMPACTION_INTERVAL_COMMITS))
                            .withPolicy(CompactionPolicy.fromOptions(policy));
            Integer retainLast = options.get(AzofOptions.EXPIRATION_RETAIN_LAST);
            if (retainLast != null) {
                a = a.withExpiration(
                        retainLast, Durations.parse(options.get(AzofOptions.EXPIRATION_MIN_FILE_AGE)));
            }
            return a;
        } catch (AzofException e) {
            throw new ValidationException("invalid compaction options: " + e.getMessage(), e);
        }
    }

    /** The table's current snapshot, or null if the directory holds no table yet. */
    private static Snapshot existingSnapshot(String path) {
        try {
            SnapshotStore store = new SnapshotStore(new Path(path));
            return store.currentIfAny();
        } catch (RuntimeException e) {
            throw new ValidationException(
                    "'" + AzofOptions.PATH.key() + "'='" + path + "' cannot be accessed: " + e, e);
        }
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        if (context.getCatalogTable().getOrigin() instanceof MetadataCatalogTable) {
            return createMetadataSource(
                    (MetadataCatalogTable) context.getCatalogTable().getOrigin(), context);
        }
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();

        String path = options.get(AzofOptions.PATH);
        if (path == null || path.isBlank()) {
            throw new ValidationException(
                    "'" + AzofOptions.PATH.key() + "' must name the directory of an azof table");
        }
        AsOf asOf = asOf(options);
        Long snapshotId = snapshotId(options);
        AzofTable table = openTable(path, snapshotId);
        DataType physical = context.getPhysicalRowDataType();
        int[] fields;
        try {
            fields =
                    mapColumns(
                            (RowType) physical.getLogicalType(),
                            table.schema(),
                            path,
                            context.getObjectIdentifier().asSummaryString());
        } catch (ValidationException e) {
            throw snapshotId == null ? e : olderSchema(e, path, snapshotId, table);
        }
        return new AzofDynamicSource(
                        path,
                        asOf,
                        snapshotId,
                        table.schema(),
                        table.snapshot().bucketCount(),
                        fields,
                        physical)
                .requireComplete(options.get(AzofOptions.SCAN_REQUIRE_COMPLETE))
                .continuous(continuous(options, context, table))
                .lookupOptions(
                        options.get(AzofOptions.LOOKUP_MAX_VERSIONS),
                        options.get(AzofOptions.LOOKUP_WAIT_FOR_WATERMARK))
                .scanParallelism(parallelism(options, AzofOptions.SCAN_PARALLELISM))
                .plannedTable(table);
    }

    /**
     * The settings of a continuous read ('scan.mode' = 'continuous'), cross-checked; null for a
     * snapshot read, which takes none of them.
     */
    static AzofDynamicSource.Continuous continuous(
            ReadableConfig options, Context context, AzofTable table) {
        ScanMode mode;
        try {
            mode = ScanMode.parse(options.get(AzofOptions.SCAN_MODE));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("'" + AzofOptions.SCAN_MODE.key() + "': " + e.getMessage());
        }
        List<ConfigOption<?>> startup =
                List.of(
                        AzofOptions.SCAN_STARTUP_MODE,
                        AzofOptions.SCAN_STARTUP_SNAPSHOT_ID,
                        AzofOptions.SCAN_STARTUP_EVENT_TIME,
                        AzofOptions.SCAN_DISCOVERY_INTERVAL);
        if (mode == ScanMode.SNAPSHOT) {
            for (ConfigOption<?> o : startup) {
                if (options.getOptional(o).isPresent()) {
                    throw new ValidationException(
                            "'"
                                    + o.key()
                                    + "' is an option of continuous reads: set '"
                                    + AzofOptions.SCAN_MODE.key()
                                    + "' = 'continuous'");
                }
            }
            return null;
        }
        for (ConfigOption<?> o : List.of(AzofOptions.SCAN_AS_OF, AzofOptions.SCAN_SNAPSHOT_ID)) {
            if (options.getOptional(o).isPresent()) {
                throw new ValidationException(
                        "'"
                                + o.key()
                                + "' is an option of snapshot reads; a continuous read starts where '"
                                + AzofOptions.SCAN_STARTUP_MODE.key()
                                + "' says ('from-event-time', 'from-snapshot')");
            }
        }
        StartupMode startupMode;
        try {
            startupMode = StartupMode.parse(options.get(AzofOptions.SCAN_STARTUP_MODE));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "'" + AzofOptions.SCAN_STARTUP_MODE.key() + "': " + e.getMessage());
        }
        Long startupSnapshot = options.get(AzofOptions.SCAN_STARTUP_SNAPSHOT_ID);
        String eventTimeText = options.get(AzofOptions.SCAN_STARTUP_EVENT_TIME);
        requireWith(startupMode, StartupMode.FROM_SNAPSHOT, AzofOptions.SCAN_STARTUP_SNAPSHOT_ID, startupSnapshot);
        requireWith(startupMode, StartupMode.FROM_EVENT_TIME, AzofOptions.SCAN_STARTUP_EVENT_TIME, eventTimeText);
        java.time.Instant eventTime = null;
        if (eventTimeText != null) {
            try {
                eventTime = AsOf.parse(eventTimeText).instant();
            } catch (AzofException e) {
                throw new ValidationException(
                        "'" + AzofOptions.SCAN_STARTUP_EVENT_TIME.key() + "'='" + eventTimeText + "': " + e.getMessage(), e);
            }
        }
        java.time.Duration interval = options.get(AzofOptions.SCAN_DISCOVERY_INTERVAL);
        if (interval.isNegative() || interval.isZero()) {
            throw new ValidationException(
                    "'" + AzofOptions.SCAN_DISCOVERY_INTERVAL.key() + "'='" + interval + "' must be positive");
        }
        // The changelog is an upsert stream by the table's key: Flink needs it declared.
        List<String> tableKey = table.schema().primaryKey();
        List<String> declared =
                context.getCatalogTable().getResolvedSchema().getPrimaryKey()
                        .map(k -> k.getColumns())
                        .orElse(null);
        if (declared == null || !declared.equals(tableKey)) {
            throw new ValidationException(
                    "a continuous read of "
                            + context.getObjectIdentifier().asSummaryString()
                            + " emits an upsert changelog keyed by the table's primary key "
                            + tableKey
                            + ": declare PRIMARY KEY ("
                            + String.join(", ", tableKey)
                            + ") NOT ENFORCED in its DDL"
                            + (declared == null ? "" : " (it declares " + declared + ")"));
        }
        return new AzofDynamicSource.Continuous(startupMode, startupSnapshot, eventTime, interval);
    }

    private static void requireWith(StartupMode mode, StartupMode needs, ConfigOption<?> option, Object value) {
        if ((mode == needs) != (value != null)) {
            throw new ValidationException(
                    "'"
                            + AzofOptions.SCAN_STARTUP_MODE.key()
                            + "'='"
                            + mode.optionValue()
                            + "' "
                            + (value == null ? "needs '" + option.key() + "'" : "takes no '" + option.key() + "' (only '" + needs.optionValue() + "' does)"));
        }
    }

    /**
     * The scan of a metadata table ({@code t$files}, ...): it accepts {@code scan.snapshot-id}
     * only, and checks that the snapshot can be read now, so a wrong id fails at planning.
     */
    private static DynamicTableSource createMetadataSource(
            MetadataCatalogTable metadata, Context context) {
        Map<String, String> options = context.getCatalogTable().getOptions();
        Set<String> allowed =
                Set.of(
                        FactoryUtil.CONNECTOR.key(),
                        AzofOptions.PATH.key(),
                        AzofOptions.SCAN_SNAPSHOT_ID.key());
        for (String key : options.keySet()) {
            if (!allowed.contains(key)) {
                throw new ValidationException(
                        "option '"
                                + key
                                + "' does not apply to the metadata table "
                                + context.getObjectIdentifier().asSummaryString()
                                + "; it accepts '"
                                + AzofOptions.SCAN_SNAPSHOT_ID.key()
                                + "' only");
            }
        }
        ReadableConfig config = Configuration.fromMap(options);
        String path = config.get(AzofOptions.PATH);
        Long snapshotId;
        try {
            snapshotId = snapshotId(config);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "'" + AzofOptions.SCAN_SNAPSHOT_ID.key() + "' of "
                            + context.getObjectIdentifier().asSummaryString() + ": " + e.getMessage(),
                    e);
        }
        openTable(path, snapshotId);
        return new AzofMetadataSource(metadata.kind(), path, snapshotId);
    }

    /** The as-of time of {@code scan.as-of}; current when unset. */
    static AsOf asOf(ReadableConfig options) {
        String text = options.get(AzofOptions.SCAN_AS_OF);
        if (text == null) {
            return AsOf.current();
        }
        try {
            return AsOf.parse(text);
        } catch (AzofException e) {
            String prefix = "'" + text + "'";
            String reason =
                    e.getMessage() != null && e.getMessage().startsWith(prefix)
                            ? e.getMessage().substring(prefix.length())
                            : ": " + e.getMessage();
            throw new ValidationException(
                    "'" + AzofOptions.SCAN_AS_OF.key() + "'='" + text + "'" + reason, e);
        }
    }

    /** The snapshot id of {@code scan.snapshot-id}; null when unset. */
    static Long snapshotId(ReadableConfig options) {
        Long id = options.get(AzofOptions.SCAN_SNAPSHOT_ID);
        if (id != null && id < 1) {
            throw new ValidationException(
                    "'"
                            + AzofOptions.SCAN_SNAPSHOT_ID.key()
                            + "'='"
                            + id
                            + "' is not a snapshot id: snapshot ids start at 1");
        }
        return id;
    }

    /** Opens the table (at the snapshot, if given); a clear {@link ValidationException} if not. */
    static AzofTable openTable(String path, Long snapshotId) {
        Path dir = new Path(path);
        boolean exists;
        try {
            exists = new SnapshotStore(dir).exists();
        } catch (RuntimeException e) {
            throw new ValidationException(
                    "'" + AzofOptions.PATH.key() + "'='" + path + "' cannot be accessed: " + e, e);
        }
        if (!exists) {
            throw new ValidationException(
                    "'"
                            + AzofOptions.PATH.key()
                            + "'='"
                            + path
                            + "' is not an azof table: it has no "
                            + SnapshotStore.VERSION_FILE);
        }
        try {
            return snapshotId == null ? AzofTable.open(dir) : AzofTable.open(dir, snapshotId);
        } catch (AzofException e) {
            String where =
                    snapshotId == null
                            ? ""
                            : " with '"
                                    + AzofOptions.SCAN_SNAPSHOT_ID.key()
                                    + "'='"
                                    + snapshotId
                                    + "'";
            throw new ValidationException(
                    "cannot read the azof table '"
                            + AzofOptions.PATH.key()
                            + "'='"
                            + path
                            + "'"
                            + where
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The error of a read with {@code scan.snapshot-id} whose declared columns are not the
     * snapshot's: when the table's schema changed since (ALTER TABLE), it says so and how to read
     * the snapshot as it looked then. A catalog shows the current columns (Flink asks it before it
     * applies hints), so such a read needs a table declaring the snapshot's columns.
     */
    private static ValidationException olderSchema(
            ValidationException e, String path, long snapshotId, AzofTable table) {
        Snapshot current;
        try {
            current = new SnapshotStore(new Path(path)).currentIfAny();
        } catch (RuntimeException ignored) {
            return e;
        }
        TableSchema then = table.schema();
        if (current == null || current.schema().schemaId() == then.schemaId()) {
            return e;
        }
        return new ValidationException(
                e.getMessage()
                        + ". The table's schema changed after snapshot "
                        + snapshotId
                        + " (ALTER TABLE: schema "
                        + then.schemaId()
                        + " then, "
                        + current.schema().schemaId()
                        + " now), and a read of snapshot "
                        + snapshotId
                        + " sees its columns as they were: "
                        + describe(then.rowType())
                        + ". A catalog shows the current columns; to read the snapshot, declare"
                        + " its columns: CREATE TEMPORARY TABLE t_"
                        + snapshotId
                        + " (...) WITH ('connector' = 'azof', 'path' = '"
                        + path
                        + "', '"
                        + AzofOptions.SCAN_SNAPSHOT_ID.key()
                        + "' = '"
                        + snapshotId
                        + "')",
                e);
    }

    /**
     * Maps the declared columns to indexes of the table's row type, by name, checking that each
     * exists with the same type up to nullability.
     */
    static int[] mapColumns(RowType declared, TableSchema schema, String path, String tableName) {
        RowType stored = schema.rowType();
        List<String> declaredNames = declared.getFieldNames();
        int[] fields = new int[declaredNames.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fields.length; i++) {
            String name = declaredNames.get(i);
            if (!seen.add(name)) {
                throw new ValidationException(
                        "column '" + name + "' of table " + tableName + " is declared twice");
            }
            int at = schema.indexOf(name);
            if (at < 0) {
                throw new ValidationException(
                        "column '"
                                + name
                                + "' of table "
                                + tableName
                                + " does not exist in the azof table at '"
                                + path
                                + "' (its columns: "
                                + describe(stored)
                                + ")");
            }
            LogicalType want = declared.getTypeAt(i);
            LogicalType have = stored.getTypeAt(at);
            if (!want.copy(true).equals(have.copy(true))) {
                throw new ValidationException(
                        "column '"
                                + name
                                + "' of table "
                                + tableName
                                + " is declared as "
                                + want.copy(true).asSummaryString()
                                + " but the azof table at '"
                                + path
                                + "' stores it as "
                                + have.copy(true).asSummaryString()
                                + " (types must match; only nullability may differ)");
            }
            fields[i] = at;
        }
        return fields;
    }

    /** A parallelism option's value, null if unset. */
    private static Integer parallelism(ReadableConfig options, ConfigOption<Integer> option) {
        Integer parallelism = options.get(option);
        if (parallelism != null && parallelism < 1) {
            throw new ValidationException(
                    "'" + option.key() + "'='" + parallelism + "' must be at least 1 (or unset)");
        }
        return parallelism;
    }

    /** The value of a string option, parsed; a bad value fails validation naming the option. */
    private static <T> T parsed(
            ReadableConfig options, ConfigOption<String> option, Function<String, T> parse) {
        try {
            return parse.apply(options.get(option));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("'" + option.key() + "'=" + e.getMessage(), e);
        }
    }

    private static String describe(RowType type) {
        StringBuilder sb = new StringBuilder();
        for (RowType.RowField f : type.getFields()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(f.getName()).append(' ').append(f.getType().copy(true).asSummaryString());
        }
        return sb.toString();
    }
}
