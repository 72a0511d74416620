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

import dev.azof.testing.MiniClusters;
import dev.azof.testing.ReferenceTables;

import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SQL reads through {@code 'connector' = 'azof'}: reference tables and tables of this project. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AzofConnectorITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final String TABLE2_COLUMNS =
            "`key` STRING, event_time TIMESTAMP_LTZ(3), value1 STRING, value2 BIGINT,"
                    + " is_active BOOLEAN, created TIMESTAMP_LTZ(3)";

    private TableEnvironment tEnv;

    @BeforeEach
    void setUp() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 2);
    }

    private void createTable(String name, String columns, String path, String... options) {
        StringBuilder with = new StringBuilder("'connector' = 'azof', 'path' = '" + path + "'");
        for (int i = 0; i < options.length; i += 2) {
            with.append(", '").append(options[i]).append("' = '");
            with.append(options[i + 1]).append("'");
        }
        tEnv.executeSql("CREATE TABLE " + name + " (" + columns + ") WITH (" + with + ")");
    }

    private void createTable2(String name, String... options) {
        createTable(name, TABLE2_COLUMNS, ReferenceTables.table("table2"), options);
    }

    private List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        Collections.sort(rows);
        return rows;
    }

    // ------------------------------------------------------------------------------------------
    // Reference tables (answers from EXPECTED.md)
    // ------------------------------------------------------------------------------------------

    @Test
    void table2Current() throws Exception {
        createTable2("t");
        assertThat(query("SELECT `key`, value1, value2, is_active, created FROM t"))
                .containsExactly(
                        "+I[1, abc2, 100, true, 2024-01-01T00:00:00Z]",
                        "+I[2, xyz2, 222, false, 2024-01-01T00:00:00Z]",
                        "+I[3, www2, 300, false, 2024-03-01T00:00:00Z]");
        assertThat(query("SELECT `key`, event_time FROM t"))
                .containsExactly(
                        "+I[1, 2024-02-01T00:00:00Z]",
                        "+I[2, 2024-02-20T00:00:00Z]",
                        "+I[3, 2024-03-10T00:00:00Z]");
    }

    @Test
    void table2AsOf() throws Exception {
        createTable2("t", "scan.as-of", "2024-02-17T00:00:00Z");
        assertThat(query("SELECT `key`, value1, value2, is_active, created FROM t"))
                .containsExactly(
                        "+I[1, abc2, 100, true, 2024-01-01T00:00:00Z]",
                        "+I[2, xyz, 200, false, 2024-01-01T00:00:00Z]");
    }

    @Test
    void table0AndTable1() throws Exception {
        String cols = "`key` STRING, event_time TIMESTAMP_LTZ(3), `value` STRING";
        createTable("t0", cols, ReferenceTables.table("table0"));
        createTable("t1", cols, ReferenceTables.table("table1"));
        assertThat(query("SELECT `key`, `value` FROM t0"))
                .containsExactly("+I[1, abc2]", "+I[2, xyz2]", "+I[3, www2]");
        assertThat(
                        query(
                                "SELECT `key`, `value` FROM t0"
                                        + " /*+ OPTIONS('scan.as-of'='2024-02-17T00:00:00Z') */"))
                .containsExactly("+I[1, abc2]", "+I[2, xyz]");
        assertThat(query("SELECT `key`, `value` FROM t1"))
                .containsExactly("+I[1, abc4]", "+I[2, xyz3]");
        assertThat(
                        query(
                                "SELECT `key`, `value` FROM t1"
                                        + " /*+ OPTIONS('scan.as-of'='2024-06-01 00:00:00') */"))
                .containsExactly("+I[1, abc3]", "+I[2, xyz2]");
        assertThat(
                        query(
                                "SELECT `key`, `value` FROM t1"
                                        + " /*+ OPTIONS('scan.as-of'='2024-02-01T00:00:00') */"))
                .containsExactly("+I[1, abc2]");
    }

    @Test
    void projectionOfOneColumn() throws Exception {
        createTable2("t");
        assertThat(query("SELECT value1 FROM t"))
                .containsExactly("+I[abc2]", "+I[www2]", "+I[xyz2]");
        assertThat(query("SELECT `key` FROM t")).containsExactly("+I[1]", "+I[2]", "+I[3]");
        assertThat(tEnv.explainSql("SELECT value1 FROM t")).contains("project=[value1]");
    }

    @Test
    void declaredColumnsMayBeASubsetInAnyOrder() throws Exception {
        createTable(
                "t",
                "created TIMESTAMP_LTZ(3), value2 BIGINT, `key` STRING",
                ReferenceTables.table("table2"));
        assertThat(query("SELECT * FROM t"))
                .containsExactly(
                        "+I[2024-01-01T00:00:00Z, 100, 1]",
                        "+I[2024-01-01T00:00:00Z, 222, 2]",
                        "+I[2024-03-01T00:00:00Z, 300, 3]");
    }

    @Test
    void limitOne() throws Exception {
        createTable2("t");
        assertThat(query("SELECT * FROM t LIMIT 1")).hasSize(1);
        assertThat(tEnv.explainSql("SELECT * FROM t LIMIT 1")).contains("limit=[1]");
    }

    @Test
    void countStar() throws Exception {
        createTable2("t");
        assertThat(query("SELECT COUNT(*) FROM t")).containsExactly("+I[3]");
    }

    @Test
    void dynamicOptionsHint() throws Exception {
        createTable2("t");
        assertThat(
                        query(
                                "SELECT `key`, value1, value2 FROM t"
                                        + " /*+ OPTIONS('scan.as-of'='2024-02-17T00:00:00Z') */"))
                .containsExactly("+I[1, abc2, 100]", "+I[2, xyz, 200]");
    }

    @Test
    void badOptionInAHintIsAClearError() {
        createTable2("t");
        assertThatThrownBy(
                        () ->
                                query(
                                        "SELECT * FROM t"
                                                + " /*+ OPTIONS('scan.as-of'='last tuesday') */"))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("'scan.as-of'='last tuesday' is not an ISO-8601 instant");
    }

    // ------------------------------------------------------------------------------------------
    // Tables of this project
    // ------------------------------------------------------------------------------------------

    private static final String KVT = "k STRING NOT NULL, v STRING, ts TIMESTAMP(3)";

    /**
     * A predicate on a value column applies to the merged row: k's newest row is 'other', so
     * {@code v = 'match'} must not bring back k's older 'match' row.
     */
    @Test
    void valueFilterAppliesToTheMergedRow(@TempDir Path dir) throws Exception {
        createTable("t", KVT, AzofTestTables.writeTrapTable(dir));
        assertThat(query("SELECT k, v, ts FROM t WHERE v = 'match'"))
                .containsExactly("+I[j, match, 2024-01-15T00:00]");
        assertThat(
                        query(
                                "SELECT k, v, ts FROM t"
                                        + " /*+ OPTIONS('scan.as-of'='2024-02-01T00:00:00Z') */"
                                        + " WHERE v = 'match'"))
                .containsExactly(
                        "+I[j, match, 2024-01-15T00:00]", "+I[k, match, 2024-01-01T00:00]");
        assertThat(query("SELECT k, v FROM t WHERE v <> 'match' OR v IS NULL"))
                .containsExactly("+I[k, other]");
        assertThat(query("SELECT k, v FROM t WHERE k = 'k' AND v = 'match'")).isEmpty();
        // nothing is pushed into the scan, and the filter stays above it
        assertThat(tEnv.explainSql("SELECT k FROM t WHERE v = 'match'"))
                .contains("filter=[]")
                .contains("where=[(v = 'match')]");
    }

    @Test
    void snapshotIdAndBitemporalReads(@TempDir Path dir) throws Exception {
        createTable("t", KVT, AzofTestTables.writeTrapTable(dir));
        assertThat(query("SELECT k, v FROM t /*+ OPTIONS('scan.snapshot-id'='2') */"))
                .containsExactly("+I[j, match]", "+I[k, match]");
        assertThat(query("SELECT k, v FROM t /*+ OPTIONS('scan.snapshot-id'='1') */")).isEmpty();
        assertThat(
                        query(
                                "SELECT k, v FROM t /*+ OPTIONS('scan.snapshot-id'='3',"
                                        + " 'scan.as-of'='2024-02-01T00:00:00Z') */"))
                .containsExactly("+I[j, match]", "+I[k, match]");
        assertThat(query("SELECT k, v FROM t /*+ OPTIONS('scan.snapshot-id'='3') */"))
                .containsExactly("+I[j, match]", "+I[k, other]");
    }

    @Test
    void keyPredicatesPruneBucketsAndStayCorrect(@TempDir Path dir) throws Exception {
        createTable("t", KVT, AzofTestTables.writeKeysTable(dir, 20));
        assertThat(query("SELECT k, v FROM t")).hasSize(20);
        assertThat(query("SELECT k, v FROM t WHERE k = 'key3'")).containsExactly("+I[key3, val3]");
        assertThat(query("SELECT k, v FROM t WHERE k IN ('key1', 'key2', 'key17', 'nope')"))
                .containsExactly("+I[key1, val1]", "+I[key17, val17]", "+I[key2, val2]");
        assertThat(query("SELECT k, v FROM t WHERE k = 'key3' AND v = 'val4'")).isEmpty();
        assertThat(query("SELECT k, v FROM t WHERE k = 'key3' OR v = 'val4'"))
                .containsExactly("+I[key3, val3]", "+I[key4, val4]");
        // pushed for pruning, and still applied above the scan
        assertThat(tEnv.explainSql("SELECT k, v FROM t WHERE k = 'key3'"))
                .contains("filter=[=(k, _UTF-16LE'key3'")
                .contains("where=[(k = 'key3')]");
    }
}
