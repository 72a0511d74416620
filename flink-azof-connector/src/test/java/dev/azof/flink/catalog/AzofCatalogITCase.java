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

import dev.azof.flink.table.AzofTestTables;
import dev.azof.testing.MiniClusters;
import dev.azof.testing.ReferenceTables;

import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SQL through {@code CREATE CATALOG ... WITH ('type' = 'azof')}. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AzofCatalogITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private TableEnvironment tEnv;

    @BeforeEach
    void setUp() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 2);
    }

    private void useCatalog(String warehouse) {
        tEnv.executeSql(
                "CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = '" + warehouse + "')");
        tEnv.executeSql("USE CATALOG azof");
    }

    /** Rows in the order the query returns them. */
    private List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        return rows;
    }

    // ------------------------------------------------------------------------------------------
    // Reads of the reference tables (the reference directory is only read, never written)
    // ------------------------------------------------------------------------------------------

    @Test
    void showTables() throws Exception {
        useCatalog(ReferenceTables.dir().toString());
        assertThat(query("SHOW TABLES"))
                .containsExactly("+I[table0]", "+I[table1]", "+I[table2]");
        assertThat(query("SHOW DATABASES")).containsExactly("+I[default]");
    }

    @Test
    void describeTable() throws Exception {
        useCatalog(ReferenceTables.dir().toString());
        List<String> rows = query("DESCRIBE table2");
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).startsWith("+I[key, STRING, true");
        assertThat(rows.get(1)).startsWith("+I[event_time, TIMESTAMP_LTZ(3), true");
        assertThat(rows.get(2)).startsWith("+I[value1, STRING, true");
        assertThat(rows.get(3)).startsWith("+I[value2, BIGINT, true");
        assertThat(rows.get(4)).startsWith("+I[is_active, BOOLEAN, true");
        assertThat(rows.get(5)).startsWith("+I[created, TIMESTAMP_LTZ(3), true");
    }

    @Test
    void currentRead() throws Exception {
        useCatalog(ReferenceTables.dir().toString());
        assertThat(query("SELECT `key`, value1, value2 FROM table2 ORDER BY `key`"))
                .containsExactly("+I[1, abc2, 100]", "+I[2, xyz2, 222]", "+I[3, www2, 300]");
    }

    @Test
    void forSystemTimeAsOf() throws Exception {
        useCatalog(ReferenceTables.dir().toString());
        assertThat(
                        query(
                                "SELECT `key`, value1, value2 FROM table2 FOR SYSTEM_TIME AS OF"
                                        + " TIMESTAMP '2024-02-17 00:00:00' ORDER BY `key`"))
                .containsExactly("+I[1, abc2, 100]", "+I[2, xyz, 200]");
        assertThat(
                        query(
                                "SELECT `key`, `value` FROM table1 FOR SYSTEM_TIME AS OF"
                                        + " TIMESTAMP '2024-02-01 00:00:00' ORDER BY `key`"))
                .containsExactly("+I[1, abc2]");
    }

    @Test
    void forSystemTimeAsOfUsesTheSessionTimeZone() throws Exception {
        useCatalog(ReferenceTables.dir().toString());
        // 2024-02-01 00:30 in Berlin is 2024-01-31T23:30:00Z: key 1 still has its January row
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "Europe/Berlin");
        List<String> berlin =
                query(
                        "SELECT `key`, `value` FROM table1 FOR SYSTEM_TIME AS OF"
                                + " TIMESTAMP '2024-02-01 00:30:00' ORDER BY `key`");
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        List<String> utc =
                query(
                        "SELECT `key`, `value` FROM table1 FOR SYSTEM_TIME AS OF"
                                + " TIMESTAMP '2024-02-01 00:30:00' ORDER BY `key`");
        assertThat(utc).containsExactly("+I[1, abc2]");
        assertThat(berlin).isNotEqualTo(utc);
    }

    @Test
    void optionsHintThroughTheCatalog() throws Exception {
        useCatalog(ReferenceTables.dir().toString());
        assertThat(
                        query(
                                "SELECT `key`, value1, value2 FROM table2"
                                        + " /*+ OPTIONS('scan.as-of'='2024-02-17T00:00:00Z') */"
                                        + " ORDER BY `key`"))
                .containsExactly("+I[1, abc2, 100]", "+I[2, xyz, 200]");
    }

    @Test
    void createDatabaseIsAClearError() {
        useCatalog(ReferenceTables.dir().toString());
        assertThatThrownBy(() -> tEnv.executeSql("CREATE DATABASE other"))
                .hasStackTraceContaining("has one database");
    }

    // ------------------------------------------------------------------------------------------
    // DDL in a temporary warehouse
    // ------------------------------------------------------------------------------------------

    @Test
    void createReadAndDropATable(@TempDir Path warehouse) throws Exception {
        useCatalog(warehouse.toString());
        tEnv.executeSql(
                        "CREATE TABLE orders ("
                                + " id BIGINT, amount DECIMAL(10, 2), ts TIMESTAMP(3),"
                                + " PRIMARY KEY (id) NOT ENFORCED,"
                                + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND"
                                + ") WITH ('bucket' = '2')")
                .await();
        assertThat(Files.exists(warehouse.resolve("orders/version.txt"))).isTrue();
        assertThat(query("SHOW TABLES")).containsExactly("+I[orders]");
        assertThat(query("SELECT * FROM orders")).isEmpty();
        assertThat(
                        query(
                                "SELECT * FROM orders FOR SYSTEM_TIME AS OF"
                                        + " TIMESTAMP '2024-01-01 00:00:00'"))
                .isEmpty();
        List<String> describe = query("DESCRIBE orders");
        assertThat(describe.get(0)).startsWith("+I[id, BIGINT, false, PRI(id)");

        tEnv.executeSql("DROP TABLE orders").await();
        assertThat(query("SHOW TABLES")).isEmpty();
        assertThat(Files.exists(warehouse.resolve("orders"))).isFalse();
    }

    @Test
    void createTableWithoutPrimaryKeyIsAClearError(@TempDir Path warehouse) throws Exception {
        useCatalog(warehouse.toString());
        assertThatThrownBy(
                        () ->
                                tEnv.executeSql(
                                        "CREATE TABLE t (id BIGINT, event_time TIMESTAMP(3))"))
                .hasStackTraceContaining("needs a primary key")
                .hasStackTraceContaining("PRIMARY KEY");
        assertThat(query("SHOW TABLES")).isEmpty();
    }

    @Test
    void createTableIfNotExists(@TempDir Path warehouse) throws Exception {
        useCatalog(warehouse.toString());
        String ddl =
                "CREATE TABLE IF NOT EXISTS t (id STRING, event_time TIMESTAMP_LTZ(3),"
                        + " PRIMARY KEY (id) NOT ENFORCED)";
        tEnv.executeSql(ddl).await();
        tEnv.executeSql(ddl).await();
        assertThat(query("SHOW TABLES")).containsExactly("+I[t]");
    }
}
