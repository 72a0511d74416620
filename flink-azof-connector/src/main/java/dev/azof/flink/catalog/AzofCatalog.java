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
package dev.azof.flink.catalog;

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.fs.Containment;
import dev.azof.core.fs.FileOperations;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.table.AzofTable;
import dev.azof.core.table.MetadataTable;
import dev.azof.core.write.TableWriter;
import dev.azof.flink.table.AzofDynamicTableFactory;
import dev.azof.flink.table.AzofOptions;
import dev.azof.flink.table.MetadataCatalogTable;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableConfig;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionAlreadyExistsException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionSpecInvalidException;
import org.apache.flink.table.catalog.exceptions.ProcedureNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.exceptions.TablePartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.procedures.Procedure;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.DataTypeUtils;
import org.apache.flink.table.types.utils.TypeConversions;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A catalog over a warehouse directory of Azof tables: every sub-directory that holds an Azof
 * table (a {@code version.txt}) is a table, named after the directory, in the catalog's only
 * database ({@code default} unless {@code 'default-database'} says otherwise).
 *
 * <pre>{@code
 * CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = 's3://bucket/warehouse');
 * USE CATALOG azof;
 * CREATE TABLE orders (
 *   id BIGINT, amount DECIMAL(10, 2), ts TIMESTAMP(3),
 *   PRIMARY KEY (id) NOT ENFORCED,
 *   WATERMARK FOR ts AS ts
 * ) WITH ('bucket' = '8', 'segment.granularity' = 'year,quarter');
 * SELECT * FROM orders FOR SYSTEM_TIME AS OF TIMESTAMP '2024-02-17 00:00:00';
 * }</pre>
 *
 * <p>Tables are read through {@link AzofDynamicTableFactory}: {@link #getTable(ObjectPath)}
 * returns the table's columns (from its current snapshot), its primary key (tables of this
 * project; azof 0.2 tables declare none) and the options {@code 'connector' = 'azof'} and
 * {@code 'path'}. Dynamic options hints, such as {@code OPTIONS('scan.as-of' = '...')}, apply as
 * to any table.
 *
 * <h2>Time travel and the session time zone</h2>
 *
 * <p>{@code FOR SYSTEM_TIME AS OF} (FLIP-308) reads the table as of an event time: Flink
 * evaluates the expression, reads the resulting timestamp in the session time zone ({@code
 * table.local-time-zone}), cuts it to milliseconds and calls {@link #getTable(ObjectPath, long)},
 * which returns the table with {@code 'scan.as-of'} set to the bound it stands for ({@link
 * SystemTimeAsOf}):
 *
 * <ul>
 *   <li>a {@code TIMESTAMP_LTZ} event time takes the instant: with the session in {@code UTC},
 *       {@code TIMESTAMP '2024-02-17 00:00:00'} means {@code 2024-02-17T00:00:00Z}; in {@code
 *       Europe/Berlin}, {@code 2024-02-16T23:00:00Z};
 *   <li>a {@code TIMESTAMP} event time (a wall-clock time) takes the literal's wall-clock time in
 *       every session time zone, as its values are compared: the catalog reads the instant back in
 *       the session time zone of its table configuration. A literal skipped by daylight saving
 *       (and the wall-clock times Flink maps onto the same instant) is refused;
 *   <li>an event time finer than milliseconds is refused: Flink passes no more digits, and the
 *       {@code scan.as-of} hint is the way to say such a time.
 * </ul>
 *
 * <p>A catalog created with {@link #AzofCatalog(String, String)} (not through its factory) does not
 * know the session and refuses {@code FOR SYSTEM_TIME AS OF} on {@code TIMESTAMP} event times.
 *
 * <h2>Creating tables</h2>
 *
 * <p>{@code CREATE TABLE} creates an empty table directory. The table needs a {@code PRIMARY
 * KEY}; its event-time column is the one named by {@code 'event-time.column'}, else the column of
 * the {@code WATERMARK} declaration, else {@code event_time}; {@code 'bucket'} (default 4) and
 * {@code 'segment.granularity'} (default {@code month}) shape it. Only physical columns of the
 * types the format stores are allowed. The watermark and the creation options are not stored:
 * the table on disk is described by its schema. {@code DROP TABLE} deletes the directory.
 *
 * <h2>Altering tables</h2>
 *
 * <p>{@code ALTER TABLE} adds (nullable, last, {@code FIRST} or {@code AFTER c}), renames,
 * widens and drops columns and relaxes NOT NULL, as one new schema version per statement, and
 * sets or resets the write options stored with the table ({@code sink.*}, {@code compaction.*},
 * {@code expiration.*}), which {@link #getTable(ObjectPath)} returns as table options. Changes of
 * the key, the event-time column, the bucket count or segment layout, watermarks, comments,
 * column order and computed columns are refused naming the column or option ({@link
 * AlterTableChanges}). {@link #getTable(ObjectPath)} shows columns the table declares NOT NULL
 * as NOT NULL.
 *
 * <p>Procedures (run on the client, no job): {@code CALL azof.`system`.compact('t')} compacts a
 * table once ({@link CompactProcedure}), {@code CALL azof.`system`.expire('t', 10)} keeps its last
 * 10 snapshots ({@link ExpireProcedure}). {@code system} is a reserved word: quote it, or use the
 * alias {@code sys} ({@code CALL azof.sys.compact('t')}). Neither is a database of tables.
 *
 * <h2>Metadata tables</h2>
 *
 * <p>{@code t$snapshots}, {@code t$files}, {@code t$segments} and {@code t$schemas} read a
 * table's metadata ({@link MetadataTable}): {@link #getTable(ObjectPath)} returns a read-only
 * {@link MetadataCatalogTable} for them, which {@link AzofDynamicTableFactory} reads, as of the
 * current snapshot or of a {@code scan.snapshot-id} hint. They are not listed by {@link
 * #listTables(String)}; a table directory whose name holds a {@code $} is read as that table, and
 * {@code CREATE TABLE} refuses such names.
 *
 * <p>Views, functions, partitions and statistics are not supported.
 */
@PublicEvolving
public class AzofCatalog extends AbstractCatalog {

    private static final Set<String> CREATE_OPTIONS =
            AzofOptions.tableCreationOptions().stream()
                    .map(ConfigOption::key)
                    .collect(Collectors.toUnmodifiableSet());

    private final Path warehouse;

    /** The session's configuration (live), for its time zone; null if not known. */
    private final ReadableConfig session;

    public AzofCatalog(String name, String warehouse) {
        this(name, warehouse, AzofOptions.DEFAULT_DATABASE.defaultValue());
    }

    public AzofCatalog(String name, String warehouse, String defaultDatabase) {
        this(name, warehouse, defaultDatabase, null);
    }

    /**
     * A catalog that knows its session's configuration: {@code FOR SYSTEM_TIME AS OF} on tables
     * with a {@code TIMESTAMP} event time needs the session time zone (see the class comment).
     *
     * @param session the session configuration, read when a query runs (Flink hands catalog
     *     factories the live table configuration); null if unknown
     */
    public AzofCatalog(
            String name, String warehouse, String defaultDatabase, ReadableConfig session) {
        super(name, defaultDatabase);
        if (warehouse == null || warehouse.isBlank()) {
            throw new CatalogException(
                    "the azof catalog '" + name + "' needs the option 'warehouse'");
        }
        this.warehouse = new Path(warehouse);
        this.session = session;
    }

    /** The warehouse directory. */
    public Path warehouse() {
        return warehouse;
    }

    @Override
    public Optional<Factory> getFactory() {
        return Optional.of(new AzofDynamicTableFactory());
    }

    @Override
    public void open() throws CatalogException {
        try {
            FileSystem fs = fs();
            if (!fs.exists(warehouse)) {
                FileOperations.mkdirs(warehouse);
            } else if (!fs.getFileStatus(warehouse).isDir()) {
                throw new CatalogException(
                        "the warehouse of the azof catalog '"
                                + getName()
                                + "' is not a directory: "
                                + warehouse);
            }
        } catch (IOException e) {
            throw new CatalogException(
                    "cannot open the warehouse " + warehouse + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws CatalogException {}

    // ------------------------------------------------------------------------------------------
    // Databases
    // ------------------------------------------------------------------------------------------

    @Override
    public List<String> listDatabases() throws CatalogException {
        return List.of(getDefaultDatabase());
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName)
            throws DatabaseNotExistException, CatalogException {
        checkDatabase(databaseName);
        return new CatalogDatabaseImpl(
                Map.of(), "the Azof tables of the warehouse " + warehouse);
    }

    @Override
    public boolean databaseExists(String databaseName) throws CatalogException {
        return getDefaultDatabase().equals(databaseName);
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException, CatalogException {
        if (databaseExists(name)) {
            if (ignoreIfExists) {
                return;
            }
            throw new DatabaseAlreadyExistException(getName(), name);
        }
        throw new CatalogException(oneDatabase("cannot create database '" + name + "'"));
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException, CatalogException {
        if (databaseExists(name)) {
            throw new CatalogException(oneDatabase("cannot drop database '" + name + "'"));
        }
        if (!ignoreIfNotExists) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
            throws DatabaseNotExistException, CatalogException {
        if (databaseExists(name)) {
            throw new CatalogException(oneDatabase("cannot alter database '" + name + "'"));
        }
        if (!ignoreIfNotExists) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    private String oneDatabase(String what) {
        return what
                + ": the azof catalog '"
                + getName()
                + "' has one database, '"
                + getDefaultDatabase()
                + "', holding the tables of the warehouse "
                + warehouse;
    }

    private void checkDatabase(String databaseName) throws DatabaseNotExistException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Tables
    // ------------------------------------------------------------------------------------------

    @Override
    public List<String> listTables(String databaseName)
            throws DatabaseNotExistException, CatalogException {
        checkDatabase(databaseName);
        try {
            FileSystem fs = fs();
            FileStatus[] statuses = fs.exists(warehouse) ? fs.listStatus(warehouse) : null;
            List<String> tables = new ArrayList<>();
            if (statuses != null) {
                for (FileStatus status : statuses) {
                    // A link leading outside the warehouse is no table of it.
                    if (status.isDir()
                            && Containment.escape(warehouse, status.getPath()) == null
                            && isTable(status.getPath())) {
                        tables.add(status.getPath().getName());
                    }
                }
            }
            Collections.sort(tables);
            return tables;
        } catch (IOException e) {
            throw new CatalogException(
                    "cannot list the warehouse " + warehouse + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> listViews(String databaseName)
            throws DatabaseNotExistException, CatalogException {
        checkDatabase(databaseName);
        return Collections.emptyList();
    }

    @Override
    public boolean tableExists(ObjectPath tablePath) throws CatalogException {
        return databaseExists(tablePath.getDatabaseName())
                && validName(tablePath.getObjectName())
                && isTable(tableDir(tablePath));
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath tablePath)
            throws TableNotExistException, CatalogException {
        MetadataCatalogTable metadata = metadataTable(tablePath);
        if (metadata != null) {
            return metadata;
        }
        return toCatalogTable(openTable(tablePath), tableDir(tablePath));
    }

    /**
     * The metadata table {@code tablePath} names ({@code t$snapshots}, {@code t$files}, {@code
     * t$segments}, {@code t$schemas}; see {@link MetadataTable}), or null if it names none: a name
     * without {@code $}, or a table directory whose name holds one.
     *
     * @throws TableNotExistException if the table before the {@code $} does not exist
     * @throws ValidationException if the suffix names no metadata table
     */
    private MetadataCatalogTable metadataTable(ObjectPath tablePath)
            throws TableNotExistException {
        String name = tablePath.getObjectName();
        int at = name.lastIndexOf(MetadataTable.SEPARATOR);
        if (at < 0 || tableExists(tablePath)) {
            return null;
        }
        ObjectPath base = new ObjectPath(tablePath.getDatabaseName(), name.substring(0, at));
        String suffix = name.substring(at + 1);
        if (!tableExists(base)) {
            throw new TableNotExistException(getName(), base);
        }
        MetadataTable kind = MetadataTable.ofSuffix(suffix);
        if (kind == null) {
            throw new ValidationException(
                    "'"
                            + suffix
                            + "' is not a metadata table of "
                            + base.getFullName()
                            + " in the azof catalog '"
                            + getName()
                            + "': the metadata tables are "
                            + MetadataTable.suffixes()
                            + " (e.g. "
                            + base.getObjectName()
                            + MetadataTable.SEPARATOR
                            + "snapshots)");
        }
        AzofTable table = openTable(base);
        Map<String, String> options = new LinkedHashMap<>();
        options.put(FactoryUtil.CONNECTOR.key(), AzofDynamicTableFactory.IDENTIFIER);
        options.put(AzofOptions.PATH.key(), tableDir(base).toString());
        return new MetadataCatalogTable(kind, name, kind.rowType(table.schema()), options);
    }

    private AzofTable openTable(ObjectPath tablePath) throws TableNotExistException {
        if (!tableExists(tablePath)) {
            throw new TableNotExistException(getName(), tablePath);
        }
        try {
            return AzofTable.open(tableDir(tablePath));
        } catch (AzofException e) {
            throw new CatalogException(
                    "cannot read the azof table " + tablePath.getFullName() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The table as of an event time (FLIP-308 {@code FOR SYSTEM_TIME AS OF}): {@link
     * #getTable(ObjectPath)} with {@code 'scan.as-of'} set to the bound that {@code timestamp}
     * (epoch milliseconds, which Flink derived in the session time zone) stands for; see the class
     * documentation and {@link SystemTimeAsOf}.
     *
     * @throws ValidationException if the bound cannot be known exactly (a column finer than
     *     milliseconds, a wall-clock time skipped by daylight saving)
     */
    @Override
    public CatalogBaseTable getTable(ObjectPath tablePath, long timestamp)
            throws TableNotExistException, CatalogException {
        if (metadataTable(tablePath) != null) {
            throw new ValidationException(
                    "FOR SYSTEM_TIME AS OF does not apply to the metadata table "
                            + tablePath.getFullName()
                            + ": read it as of a snapshot with OPTIONS('"
                            + AzofOptions.SCAN_SNAPSHOT_ID.key()
                            + "' = '...')");
        }
        AzofTable azof = openTable(tablePath);
        TableSchema schema = azof.schema();
        String column = schema.eventTimeColumn();
        Instant asOf =
                SystemTimeAsOf.resolve(
                        timestamp,
                        schema.rowType().getTypeAt(schema.eventTimeIndex()),
                        sessionTimeZone(),
                        tablePath.getFullName(),
                        column);
        CatalogTable table = toCatalogTable(azof, tableDir(tablePath));
        Map<String, String> options = new HashMap<>(table.getOptions());
        options.put(AzofOptions.SCAN_AS_OF.key(), asOf.toString());
        // The time read at, as Flink's planner expects of a time-travel table (plans show it).
        return CatalogTable.newBuilder()
                .schema(table.getUnresolvedSchema())
                .comment(table.getComment())
                .options(options)
                .snapshot(timestamp)
                .build();
    }

    /** The session time zone now, as Flink's planner reads it; null if the session is unknown. */
    private ZoneId sessionTimeZone() {
        if (session == null) {
            return null;
        }
        if (session instanceof TableConfig) {
            return ((TableConfig) session).getLocalTimeZone();
        }
        String zone = session.get(TableConfigOptions.LOCAL_TIME_ZONE);
        return TableConfigOptions.LOCAL_TIME_ZONE.defaultValue().equals(zone)
                ? ZoneId.systemDefault()
                : ZoneId.of(zone);
    }

    private static CatalogTable toCatalogTable(AzofTable table, Path dir) {
        TableSchema schema = table.schema();
        RowType rowType = schema.rowType();
        Schema.Builder builder = Schema.newBuilder();
        for (RowType.RowField field : rowType.getFields()) {
            LogicalType type = field.getType();
            // A column the table declares NOT NULL shows so (INSERT enforces it, ALTER TABLE
            // ... MODIFY c T NULL relaxes it); azof 0.2 tables declare NOT NULL and hold nulls.
            if (!schema.isLegacy() && !schema.column(field.getName()).declaredNullable()) {
                type = type.copy(false);
            }
            builder.column(field.getName(), TypeConversions.fromLogicalToDataType(type));
        }
        if (!schema.isLegacy()) {
            builder.primaryKey(schema.primaryKey());
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put(FactoryUtil.CONNECTOR.key(), AzofDynamicTableFactory.IDENTIFIER);
        options.put(AzofOptions.PATH.key(), dir.toString());
        // Options stored by ALTER TABLE ... SET: defaults of the jobs writing the table.
        table.snapshot().properties().forEach(
                (k, v) -> {
                    if (AlterTableChanges.isStoredOption(k)) {
                        options.put(k, v);
                    }
                });
        String comment =
                (schema.isLegacy() ? "azof 0.2 table" : "azof table")
                        + ", event time '"
                        + schema.eventTimeColumn()
                        + "'";
        return CatalogTable.newBuilder()
                .schema(builder.build())
                .comment(comment)
                .options(options)
                .build();
    }

    @Override
    public void createTable(ObjectPath tablePath, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException, CatalogException {
        checkDatabase(tablePath.getDatabaseName());
        checkName(tablePath);
        if (tablePath.getObjectName().contains(MetadataTable.SEPARATOR)) {
            throw new CatalogException(
                    "cannot create "
                            + tablePath.getFullName()
                            + ": '"
                            + MetadataTable.SEPARATOR
                            + "' in a table name is reserved for metadata tables (t"
                            + MetadataTable.SEPARATOR
                            + "snapshots, ...)");
        }
        if (tableExists(tablePath)) {
            if (ignoreIfExists) {
                return;
            }
            throw new TableAlreadyExistException(getName(), tablePath);
        }
        if (table.getTableKind() != CatalogBaseTable.TableKind.TABLE) {
            throw new CatalogException(
                    "the azof catalog stores tables only, not " + table.getTableKind());
        }
        if (!(table instanceof ResolvedCatalogTable)) {
            throw new CatalogException(
                    "the azof catalog needs a resolved table to create "
                            + tablePath.getFullName());
        }
        ResolvedCatalogTable resolved = (ResolvedCatalogTable) table;
        if (resolved.isPartitioned()) {
            throw new CatalogException(
                    "cannot create "
                            + tablePath.getFullName()
                            + ": azof tables are not partitioned (remove PARTITIONED BY)");
        }
        Configuration options = createOptions(tablePath, resolved.getOptions());
        TableSchema schema = toAzofSchema(tablePath, resolved.getResolvedSchema(), options);
        int buckets = options.get(AzofOptions.BUCKET);
        Map<String, String> props = new LinkedHashMap<>();
        props.put(TableWriter.SEGMENT_GRANULARITY, options.get(AzofOptions.SEGMENT_GRANULARITY));
        // Write options given at creation are stored as ALTER TABLE ... SET stores them.
        new TreeMap<>(resolved.getOptions()).forEach(
                (k, v) -> {
                    if (AlterTableChanges.isStoredOption(k)) {
                        props.put(k, v);
                    }
                });
        try {
            TableCommits.createTable(tableDir(tablePath), schema, buckets, props);
        } catch (AzofException e) {
            throw new CatalogException(
                    "cannot create " + tablePath.getFullName() + ": " + e.getMessage(), e);
        }
    }

    /** Checks the WITH options of a new table and returns them typed. */
    private Configuration createOptions(ObjectPath tablePath, Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            if (key.equals(FactoryUtil.CONNECTOR.key())) {
                if (!AzofDynamicTableFactory.IDENTIFIER.equals(e.getValue())) {
                    throw new CatalogException(
                            "cannot create "
                                    + tablePath.getFullName()
                                    + ": the azof catalog creates azof tables only, not '"
                                    + key
                                    + "'='"
                                    + e.getValue()
                                    + "'");
                }
            } else if (AlterTableChanges.isStoredOption(key)) {
                try {
                    AlterTableChanges.checkStoredValue(key, e.getValue());
                } catch (IllegalArgumentException invalid) {
                    throw new CatalogException(
                            "cannot create "
                                    + tablePath.getFullName()
                                    + ": '"
                                    + key
                                    + "'='"
                                    + e.getValue()
                                    + "' is not a valid value: "
                                    + invalid.getMessage());
                }
            } else if (!CREATE_OPTIONS.contains(key)) {
                throw new CatalogException(
                        "cannot create "
                                + tablePath.getFullName()
                                + ": unsupported option '"
                                + key
                                + "'; the options of a new azof table are "
                                + new TreeSet<>(CREATE_OPTIONS)
                                + " and the write options stored with it (as ALTER TABLE ... SET"
                                + " stores them) "
                                + AlterTableChanges.storedKeys());
            }
        }
        Configuration conf = Configuration.fromMap(options);
        try {
            int buckets = conf.get(AzofOptions.BUCKET);
            if (buckets < 1 || buckets > Snapshot.MAX_BUCKETS) {
                // Readers reject more: such a table could be created but never written or read.
                throw new IllegalArgumentException("must be between 1 and " + Snapshot.MAX_BUCKETS);
            }
        } catch (IllegalArgumentException e) {
            throw new CatalogException(
                    "cannot create "
                            + tablePath.getFullName()
                            + ": '"
                            + AzofOptions.BUCKET.key()
                            + "'='"
                            + options.get(AzofOptions.BUCKET.key())
                            + "' is not a valid bucket count ("
                            + e.getMessage()
                            + ")"); // complete: the cause would only repeat part of it
        }
        return conf;
    }

    private TableSchema toAzofSchema(
            ObjectPath tablePath, ResolvedSchema resolved, Configuration options) {
        String name = tablePath.getFullName();
        List<Column> columns = new ArrayList<>();
        for (org.apache.flink.table.catalog.Column c : resolved.getColumns()) {
            if (!c.isPhysical()) {
                throw new CatalogException(
                        "cannot create "
                                + name
                                + ": column '"
                                + c.getName()
                                + "' is a computed or metadata column; azof tables store"
                                + " physical columns only");
            }
            LogicalType type =
                    DataTypeUtils.removeTimeAttribute(c.getDataType()).getLogicalType();
            try {
                columns.add(Column.of(c.getName(), type));
            } catch (AzofException e) {
                throw new CatalogException("cannot create " + name + ": " + e.getMessage(), e);
            }
        }
        Optional<UniqueConstraint> pk = resolved.getPrimaryKey();
        if (pk.isEmpty()) {
            throw new CatalogException(
                    "cannot create "
                            + name
                            + ": an azof table needs a primary key; declare PRIMARY KEY (...) NOT"
                            + " ENFORCED");
        }
        String eventTime = options.get(AzofOptions.EVENT_TIME_COLUMN);
        if (eventTime == null) {
            eventTime =
                    resolved.getWatermarkSpecs().isEmpty()
                            ? TableSchema.LEGACY_EVENT_TIME
                            : resolved.getWatermarkSpecs().get(0).getRowtimeAttribute();
        }
        try {
            return TableSchema.of(columns, pk.get().getColumns(), eventTime);
        } catch (AzofException e) {
            throw new CatalogException("cannot create " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void dropTable(ObjectPath tablePath, boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        if (!tableExists(tablePath)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), tablePath);
        }
        Path dir = tableDir(tablePath);
        try {
            // Never through a link: a table directory that is one is refused by tableDir().
            FileOperations.deleteTree(dir);
        } catch (IOException e) {
            throw new CatalogException(
                    "cannot drop table " + tablePath.getFullName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void renameTable(ObjectPath tablePath, String newTableName, boolean ignoreIfNotExists)
            throws TableNotExistException, TableAlreadyExistException, CatalogException {
        if (!tableExists(tablePath)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), tablePath);
        }
        ObjectPath target = new ObjectPath(tablePath.getDatabaseName(), newTableName);
        checkName(target);
        Path to = tableDir(target);
        try {
            if (fs().exists(to)) {
                throw new TableAlreadyExistException(getName(), target);
            }
            if (!fs().rename(tableDir(tablePath), to)) {
                throw new CatalogException(
                        "cannot rename " + tableDir(tablePath) + " to " + to);
            }
        } catch (IOException e) {
            throw new CatalogException(
                    "cannot rename " + tableDir(tablePath) + " to " + to + ": " + e, e);
        }
    }

    /**
     * {@code ALTER TABLE}: Flink hands the statement's changes, which become one new schema
     * version and/or changed table options in one commit ({@link TableCommits#alterTable}); see
     * {@link AlterTableChanges} for what is supported and what is refused.
     */
    @Override
    public void alterTable(
            ObjectPath tablePath,
            CatalogBaseTable newTable,
            List<TableChange> tableChanges,
            boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        if (!tableExists(tablePath)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), tablePath);
        }
        AzofTable table = openTable(tablePath);
        AlterTableChanges changes =
                AlterTableChanges.of(tablePath.getFullName(), table.schema(), tableChanges);
        commitAlter(tablePath, table, changes);
    }

    /**
     * The form without the list of changes (Flink's own statements use the one with it): only
     * options may differ; a new schema needs the changes, which a before/after pair leaves
     * ambiguous (a renamed column looks like a dropped and an added one).
     */
    @Override
    public void alterTable(
            ObjectPath tablePath, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        if (!tableExists(tablePath)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), tablePath);
        }
        AzofTable table = openTable(tablePath);
        CatalogTable current = toCatalogTable(table, tableDir(tablePath));
        if (!current.getUnresolvedSchema().toString().equals(newTable.getUnresolvedSchema().toString())) {
            throw new CatalogException(
                    "cannot alter "
                            + tablePath.getFullName()
                            + ": the azof catalog changes a schema only through ALTER TABLE"
                            + " statements (ADD, RENAME, MODIFY, DROP), which name each change");
        }
        List<TableChange> optionChanges = new ArrayList<>();
        Map<String, String> before = current.getOptions();
        Map<String, String> after = newTable.getOptions();
        after.forEach(
                (k, v) -> {
                    if (!v.equals(before.get(k))) {
                        optionChanges.add(TableChange.set(k, v));
                    }
                });
        before.keySet().stream()
                .filter(k -> !after.containsKey(k))
                .forEach(k -> optionChanges.add(TableChange.reset(k)));
        commitAlter(
                tablePath,
                table,
                AlterTableChanges.of(tablePath.getFullName(), table.schema(), optionChanges));
    }

    private void commitAlter(ObjectPath tablePath, AzofTable table, AlterTableChanges changes) {
        if (changes.isEmpty()) {
            return;
        }
        if (table.schema().isLegacy()) {
            throw new CatalogException(
                    "cannot alter "
                            + tablePath.getFullName()
                            + ": it is an azof 0.2 table, which this project reads but does not"
                            + " write");
        }
        try {
            TableCommits.alterTable(
                    new SnapshotStore(tableDir(tablePath)),
                    changes.schemaChanges,
                    changes.setOptions,
                    changes.resetOptions);
        } catch (AzofException e) {
            throw new CatalogException(
                    "cannot alter " + tablePath.getFullName() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Procedures: CALL <catalog>.system.compact('t'), CALL <catalog>.system.expire('t', n)
    // ------------------------------------------------------------------------------------------

    /**
     * The virtual database holding the procedures; it holds no tables. {@code SYSTEM} is a
     * reserved word of Flink SQL, so write {@code CALL azof.`system`.compact('t')}, or use the
     * alias {@link #SYS_DATABASE}: {@code CALL azof.sys.compact('t')}.
     */
    public static final String SYSTEM_DATABASE = "system";

    /** An alias of {@link #SYSTEM_DATABASE} that needs no quoting. */
    public static final String SYS_DATABASE = "sys";

    private static boolean isProcedureDatabase(String name) {
        return SYSTEM_DATABASE.equals(name) || SYS_DATABASE.equals(name);
    }

    @Override
    public List<String> listProcedures(String dbName)
            throws DatabaseNotExistException, CatalogException {
        if (isProcedureDatabase(dbName)) {
            return List.of(CompactProcedure.NAME, ExpireProcedure.NAME, ValidateProcedure.NAME);
        }
        checkDatabase(dbName);
        return Collections.emptyList();
    }

    @Override
    public Procedure getProcedure(ObjectPath procedurePath)
            throws ProcedureNotExistException, CatalogException {
        if (isProcedureDatabase(procedurePath.getDatabaseName())) {
            switch (procedurePath.getObjectName()) {
                case CompactProcedure.NAME:
                    return new CompactProcedure(this);
                case ExpireProcedure.NAME:
                    return new ExpireProcedure(this);
                case ValidateProcedure.NAME:
                    return new ValidateProcedure(this);
                default:
                    break;
            }
        }
        throw new ProcedureNotExistException(getName(), procedurePath);
    }

    /** The directory of the table a procedure names: {@code 't'} or {@code 'db.t'}. */
    Path procedureTable(String name) {
        if (name == null || name.isBlank()) {
            throw new TableException("name the azof table, e.g. CALL " + getName() + ".system.compact('t')");
        }
        String trimmed = name.trim();
        int dot = trimmed.indexOf('.');
        ObjectPath path =
                dot < 0
                        ? new ObjectPath(getDefaultDatabase(), trimmed)
                        : new ObjectPath(trimmed.substring(0, dot), trimmed.substring(dot + 1));
        if (!tableExists(path)) {
            throw new TableException(
                    "table '" + trimmed + "' does not exist in the azof catalog '" + getName() + "' (warehouse " + warehouse + ")");
        }
        return tableDir(path);
    }

    /**
     * The directory of a table; one that leads outside the warehouse through a symbolic link is
     * refused, for reads and deletes alike.
     */
    private Path tableDir(ObjectPath tablePath) {
        Path dir = new Path(warehouse, tablePath.getObjectName());
        String escape = Containment.escape(warehouse, dir);
        if (escape != null) {
            throw new CatalogException(
                    "table " + tablePath.getFullName() + " of the azof catalog '" + getName() + "': " + dir
                            + " " + escape);
        }
        return dir;
    }

    private boolean isTable(Path dir) {
        try {
            return new SnapshotStore(dir).exists();
        } catch (RuntimeException e) {
            throw new CatalogException("cannot access " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean validName(String name) {
        return !name.isEmpty()
                && !name.startsWith(".")
                && !name.contains("/")
                && !name.contains("\\")
                && !name.contains(":");
    }

    private void checkName(ObjectPath tablePath) {
        if (!validName(tablePath.getObjectName())) {
            throw new CatalogException(
                    "'"
                            + tablePath.getObjectName()
                            + "' cannot name an azof table: a table is a directory of the"
                            + " warehouse, so its name must not start with '.' nor contain"
                            + " '/', '\\' or ':'");
        }
    }

    private FileSystem fs() throws IOException {
        return warehouse.getFileSystem();
    }

    // ------------------------------------------------------------------------------------------
    // Partitions: azof tables are not partitioned
    // ------------------------------------------------------------------------------------------

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath)
            throws TableNotExistException, TableNotPartitionedException, CatalogException {
        return Collections.emptyList();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws TableNotExistException, TableNotPartitionedException,
                    PartitionSpecInvalidException, CatalogException {
        return Collections.emptyList();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(
            ObjectPath tablePath, List<Expression> filters)
            throws TableNotExistException, TableNotPartitionedException, CatalogException {
        return Collections.emptyList();
    }

    @Override
    public CatalogPartition getPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException, CatalogException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public boolean partitionExists(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws CatalogException {
        return false;
    }

    @Override
    public void createPartition(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogPartition partition,
            boolean ignoreIfExists)
            throws TableNotExistException, TableNotPartitionedException,
                    PartitionSpecInvalidException, PartitionAlreadyExistsException,
                    CatalogException {
        throw new UnsupportedOperationException("azof tables are not partitioned");
    }

    @Override
    public void dropPartition(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec, boolean ignoreIfNotExists)
            throws PartitionNotExistException, CatalogException {
        throw new UnsupportedOperationException("azof tables are not partitioned");
    }

    @Override
    public void alterPartition(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogPartition newPartition,
            boolean ignoreIfNotExists)
            throws PartitionNotExistException, CatalogException {
        throw new UnsupportedOperationException("azof tables are not partitioned");
    }

    // ------------------------------------------------------------------------------------------
    // Functions: not supported
    // ------------------------------------------------------------------------------------------

    @Override
    public List<String> listFunctions(String dbName)
            throws DatabaseNotExistException, CatalogException {
        checkDatabase(dbName);
        return Collections.emptyList();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath functionPath)
            throws FunctionNotExistException, CatalogException {
        throw new FunctionNotExistException(getName(), functionPath);
    }

    @Override
    public boolean functionExists(ObjectPath functionPath) throws CatalogException {
        return false;
    }

    @Override
    public void createFunction(
            ObjectPath functionPath, CatalogFunction function, boolean ignoreIfExists)
            throws FunctionAlreadyExistException, DatabaseNotExistException, CatalogException {
        throw new UnsupportedOperationException("the azof catalog does not store functions");
    }

    @Override
    public void alterFunction(
            ObjectPath functionPath, CatalogFunction newFunction, boolean ignoreIfNotExists)
            throws FunctionNotExistException, CatalogException {
        throw new UnsupportedOperationException("the azof catalog does not store functions");
    }

    @Override
    public void dropFunction(ObjectPath functionPath, boolean ignoreIfNotExists)
            throws FunctionNotExistException, CatalogException {
        if (!ignoreIfNotExists) {
            throw new FunctionNotExistException(getName(), functionPath);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Statistics: unknown
    // ------------------------------------------------------------------------------------------

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath tablePath)
            throws TableNotExistException, CatalogException {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath tablePath)
            throws TableNotExistException, CatalogException {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException, CatalogException {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException, CatalogException {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public void alterTableStatistics(
            ObjectPath tablePath, CatalogTableStatistics tableStatistics, boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        throw new UnsupportedOperationException("the azof catalog does not store statistics");
    }

    @Override
    public void alterTableColumnStatistics(
            ObjectPath tablePath,
            CatalogColumnStatistics columnStatistics,
            boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException, TablePartitionedException {
        throw new UnsupportedOperationException("the azof catalog does not store statistics");
    }

    @Override
    public void alterPartitionStatistics(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogTableStatistics partitionStatistics,
            boolean ignoreIfNotExists)
            throws PartitionNotExistException, CatalogException {
        throw new UnsupportedOperationException("the azof catalog does not store statistics");
    }

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogColumnStatistics columnStatistics,
            boolean ignoreIfNotExists)
            throws PartitionNotExistException, CatalogException {
        throw new UnsupportedOperationException("the azof catalog does not store statistics");
    }
}
