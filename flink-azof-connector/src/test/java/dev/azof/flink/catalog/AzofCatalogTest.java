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

import dev.azof.core.table.AzofTable;
import dev.azof.flink.table.AzofDynamicTableFactory;
import dev.azof.flink.table.AzofTestTables;
import dev.azof.testing.ReferenceTables;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.factories.FactoryUtil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AzofCatalog} without a cluster: metadata of reference tables, create and drop. */
class AzofCatalogTest {

    private static AzofCatalog open(String warehouse) {
        AzofCatalog catalog = new AzofCatalog("azof", warehouse);
        catalog.open();
        return catalog;
    }

    private static ObjectPath path(String table) {
        return new ObjectPath("default", table);
    }

    @Test
    void factoryCreatesTheCatalog() {
        Map<String, String> options = new HashMap<>();
        options.put("type", "azof");
        options.put("warehouse", ReferenceTables.dir().toString());
        options.put("default-database", "ref");
        Catalog catalog =
                FactoryUtil.createCatalog(
                        "c", options, new Configuration(), getClass().getClassLoader());
        assertThat(catalog).isInstanceOf(AzofCatalog.class);
        assertThat(catalog.getDefaultDatabase()).isEqualTo("ref");
        assertThat(catalog.getFactory()).containsInstanceOf(AzofDynamicTableFactory.class);
    }

    @Test
    void factoryNeedsAWarehouse() {
        Map<String, String> options = new HashMap<>();
        options.put("type", "azof");
        assertThatThrownBy(
                        () ->
                                FactoryUtil.createCatalog(
                                        "c",
                                        options,
                                        new Configuration(),
                                        getClass().getClassLoader()))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("warehouse");
    }

    @Test
    void oneDatabase() {
        AzofCatalog catalog = open(ReferenceTables.dir().toString());
        assertThat(catalog.listDatabases()).containsExactly("default");
        assertThat(catalog.databaseExists("default")).isTrue();
        assertThat(catalog.databaseExists("other")).isFalse();
        assertThatThrownBy(
                        () ->
                                catalog.createDatabase(
                                        "other", new CatalogDatabaseImpl(Map.of(), null), false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("has one database");
        assertThat(catalog.tableExists(new ObjectPath("other", "table2"))).isFalse();
    }

    @Test
    void listsAndDescribesReferenceTables() throws Exception {
        AzofCatalog catalog = open(ReferenceTables.dir().toString());
        assertThat(catalog.listTables("default")).containsExactly("table0", "table1", "table2");
        assertThat(catalog.listViews("default")).isEmpty();
        assertThat(catalog.tableExists(path("table2"))).isTrue();
        assertThat(catalog.tableExists(path("nope"))).isFalse();

        CatalogTable table = (CatalogTable) catalog.getTable(path("table2"));
        Schema schema = table.getUnresolvedSchema();
        assertThat(schema.getColumns())
                .extracting(Schema.UnresolvedColumn::getName)
                .containsExactly("key", "event_time", "value1", "value2", "is_active", "created");
        assertThat(schema.getColumns().get(3).toString()).contains("BIGINT");
        assertThat(schema.getPrimaryKey()).isEmpty();
        assertThat(table.getOptions())
                .containsEntry("connector", "azof")
                .containsEntry("path", ReferenceTables.table("table2"))
                .doesNotContainKey("scan.as-of");
        assertThatThrownBy(() -> catalog.getTable(path("nope")))
                .isInstanceOf(TableNotExistException.class);
    }

    @Test
    void timeTravelSetsAsOf() throws Exception {
        AzofCatalog catalog = open(ReferenceTables.dir().toString());
        long millis = Instant.parse("2024-02-17T00:00:00Z").toEpochMilli();
        CatalogBaseTable table = catalog.getTable(path("table2"), millis);
        assertThat(table.getOptions())
                .containsEntry("scan.as-of", "2024-02-17T00:00:00Z")
                .containsEntry("path", ReferenceTables.table("table2"));
    }

    private static ResolvedCatalogTable table(
            ResolvedSchema schema, Map<String, String> options) {
        CatalogTable origin =
                CatalogTable.newBuilder()
                        .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                        .options(options)
                        .build();
        return new ResolvedCatalogTable(origin, schema);
    }

    private static ResolvedSchema schemaWithKey(String eventTimeName) {
        return new ResolvedSchema(
                List.of(
                        Column.physical("id", DataTypes.BIGINT().notNull()),
                        Column.physical("amount", DataTypes.DECIMAL(10, 2)),
                        Column.physical(eventTimeName, DataTypes.TIMESTAMP(3))),
                List.of(),
                UniqueConstraint.primaryKey("PK_id", List.of("id")),
                List.of());
    }

    /**
     * The form of alterTable without changes: options may change (stored, returned by getTable);
     * a different schema is refused, as is any change of an azof 0.2 table.
     */
    @Test
    void alterTableWithoutChangesListChangesOptionsOnly(@TempDir Path warehouse) throws Exception {
        AzofCatalog catalog = open(warehouse.toString());
        catalog.createTable(path("orders"), table(schemaWithKey("event_time"), Map.of()), false);
        CatalogTable before = (CatalogTable) catalog.getTable(path("orders"));
        Map<String, String> options = new HashMap<>(before.getOptions());
        options.put("sink.buffer-rows", "500");
        catalog.alterTable(path("orders"), before.copy(options), false);
        CatalogTable after = (CatalogTable) catalog.getTable(path("orders"));
        assertThat(after.getOptions()).containsEntry("sink.buffer-rows", "500");
        assertThat(AzofTable.open(warehouse.resolve("orders").toString()).schema().schemaId()).isZero();
        catalog.alterTable(path("orders"), before, false);
        assertThat(catalog.getTable(path("orders")).getOptions()).doesNotContainKey("sink.buffer-rows");

        CatalogTable otherSchema =
                CatalogTable.newBuilder()
                        .schema(Schema.newBuilder().fromSchema(before.getUnresolvedSchema()).column("extra", DataTypes.INT()).build())
                        .options(before.getOptions())
                        .build();
        assertThatThrownBy(() -> catalog.alterTable(path("orders"), otherSchema, false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("changes a schema only through ALTER TABLE statements");
        assertThatThrownBy(() -> catalog.alterTable(path("nope"), before, false))
                .isInstanceOf(TableNotExistException.class);
        catalog.alterTable(path("nope"), before, true);

        AzofCatalog reference = open(ReferenceTables.dir().toString());
        CatalogTable legacy = (CatalogTable) reference.getTable(path("table2"));
        Map<String, String> legacyOptions = new HashMap<>(legacy.getOptions());
        legacyOptions.put("sink.buffer-rows", "500");
        assertThatThrownBy(() -> reference.alterTable(path("table2"), legacy.copy(legacyOptions), false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("azof 0.2 table");
    }

    @Test
    void createsGetsAndDropsATable(@TempDir Path warehouse) throws Exception {
        AzofCatalog catalog = open(warehouse.toString());
        catalog.createTable(path("orders"), table(schemaWithKey("event_time"), Map.of()), false);
        assertThat(catalog.listTables("default")).containsExactly("orders");
        assertThat(Files.exists(warehouse.resolve("orders/version.txt"))).isTrue();

        AzofTable created = AzofTable.open(warehouse.resolve("orders").toString());
        assertThat(created.snapshot().bucketCount()).isEqualTo(4);
        assertThat(created.schema().eventTimeColumn()).isEqualTo("event_time");
        assertThat(created.schema().primaryKey()).containsExactly("id");
        assertThat(created.snapshot().properties()).containsEntry("segment.granularity", "month");

        CatalogTable table = (CatalogTable) catalog.getTable(path("orders"));
        assertThat(table.getUnresolvedSchema().getPrimaryKey()).isPresent();
        assertThat(table.getUnresolvedSchema().getPrimaryKey().get().getColumnNames())
                .containsExactly("id");
        assertThat(table.getUnresolvedSchema().getColumns().get(0).toString())
                .contains("NOT NULL");

        assertThatThrownBy(
                        () ->
                                catalog.createTable(
                                        path("orders"),
                                        table(schemaWithKey("event_time"), Map.of()),
                                        false))
                .isInstanceOf(TableAlreadyExistException.class);
        catalog.createTable(path("orders"), table(schemaWithKey("event_time"), Map.of()), true);

        catalog.dropTable(path("orders"), false);
        assertThat(catalog.listTables("default")).isEmpty();
        assertThat(Files.exists(warehouse.resolve("orders"))).isFalse();
        assertThatThrownBy(() -> catalog.dropTable(path("orders"), false))
                .isInstanceOf(TableNotExistException.class);
        catalog.dropTable(path("orders"), true);
    }

    @Test
    void creationOptions(@TempDir Path warehouse) throws Exception {
        AzofCatalog catalog = open(warehouse.toString());
        Map<String, String> options = new HashMap<>();
        options.put("bucket", "8");
        options.put("segment.granularity", "year,quarter");
        options.put("event-time.column", "ts");
        catalog.createTable(path("t"), table(schemaWithKey("ts"), options), false);
        AzofTable created = AzofTable.open(warehouse.resolve("t").toString());
        assertThat(created.snapshot().bucketCount()).isEqualTo(8);
        assertThat(created.schema().eventTimeColumn()).isEqualTo("ts");
        assertThat(created.snapshot().properties())
                .containsEntry("segment.granularity", "year,quarter");
    }

    @Test
    void writeOptionsGivenAtCreationAreStoredAsAlterTableSetStoresThem(@TempDir Path warehouse)
            throws Exception {
        AzofCatalog catalog = open(warehouse.toString());
        Map<String, String> options = new HashMap<>();
        options.put("event-time.column", "ts");
        options.put("compaction.enabled", "true");
        options.put("compaction.interval-commits", "3");
        catalog.createTable(path("t"), table(schemaWithKey("ts"), options), false);
        assertThat(catalog.getTable(path("t")).getOptions())
                .containsEntry("compaction.enabled", "true")
                .containsEntry("compaction.interval-commits", "3");

        assertThatThrownBy(
                        () ->
                                catalog.createTable(
                                        path("u"),
                                        table(schemaWithKey("event_time"), Map.of("compaction.interval-commits", "often")),
                                        false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("'compaction.interval-commits'='often' is not a valid value");
        assertThatThrownBy(
                        () ->
                                catalog.createTable(
                                        path("u"),
                                        table(schemaWithKey("event_time"), Map.of("scan.as-of", "2024-01-01T00:00:00Z")),
                                        false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("unsupported option 'scan.as-of'")
                .hasMessageContaining("compaction.enabled");
        assertThat(catalog.tableExists(path("u"))).isFalse();
    }

    @Test
    void creationErrors(@TempDir Path warehouse) throws Exception {
        AzofCatalog catalog = open(warehouse.toString());
        ResolvedSchema noKey =
                ResolvedSchema.of(
                        Column.physical("id", DataTypes.BIGINT()),
                        Column.physical("event_time", DataTypes.TIMESTAMP(3)));
        assertThatThrownBy(() -> catalog.createTable(path("t"), table(noKey, Map.of()), false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("PRIMARY KEY");
        assertThatThrownBy(
                        () ->
                                catalog.createTable(
                                        path("t"), table(schemaWithKey("ts"), Map.of()), false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("event-time column 'event_time'");
        ResolvedSchema array =
                new ResolvedSchema(
                        List.of(
                                Column.physical("id", DataTypes.BIGINT().notNull()),
                                Column.physical("tags", DataTypes.ARRAY(DataTypes.INT())),
                                Column.physical("event_time", DataTypes.TIMESTAMP(3))),
                        List.of(),
                        UniqueConstraint.primaryKey("PK_id", List.of("id")),
                        List.of());
        assertThatThrownBy(() -> catalog.createTable(path("t"), table(array, Map.of()), false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("unsupported data_type")
                .hasMessageContaining("'tags'");
        assertThatThrownBy(
                        () ->
                                catalog.createTable(
                                        path("t"),
                                        table(schemaWithKey("event_time"), Map.of("path", "/x")),
                                        false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("unsupported option 'path'");
        assertThatThrownBy(
                        () ->
                                catalog.createTable(
                                        path("t"),
                                        table(schemaWithKey("event_time"), Map.of("bucket", "0")),
                                        false))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("'bucket'='0'");
        assertThat(catalog.listTables("default")).isEmpty();
    }
}
