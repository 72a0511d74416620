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

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.metadata.TableSchema;
import dev.azof.testing.MiniClusters;

import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ALTER TABLE} through the catalog in SQL: every supported change commits one schema
 * version that {@code getTable}, {@code INSERT} and {@code SELECT} then use; every refused change
 * fails naming the column or option, and commits nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AlterTableITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static TableEnvironment catalog(Path warehouse) {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 1);
        tEnv.executeSql("CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = '" + warehouse + "')");
        tEnv.executeSql("USE CATALOG azof");
        return tEnv;
    }

    private static List<Row> query(TableEnvironment tEnv, String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static SnapshotStore store(Path warehouse, String table) {
        return new SnapshotStore(new org.apache.flink.core.fs.Path(warehouse.resolve(table).toString()));
    }

    private static String columns(TableEnvironment tEnv, String table) throws Exception {
        CatalogBaseTable t =
                tEnv.getCatalog("azof").get().getTable(new ObjectPath("default", table));
        return t.getUnresolvedSchema().getColumns().toString();
    }

    /** Each supported change as SQL: the schema versions it commits, and what getTable shows. */
    @Test
    void supportedChangesCommitOneSchemaVersionEach(@TempDir Path warehouse) throws Exception {
        TableEnvironment tEnv = catalog(warehouse);
        tEnv.executeSql(
                        "CREATE TABLE t (k STRING, v INT, n STRING NOT NULL, d DECIMAL(10, 2), x STRING,"
                                + " ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED) WITH ('event-time.column' = 'ts')")
                .await();
        SnapshotStore store = store(warehouse, "t");
        // Several changes in one statement make one version.
        tEnv.executeSql("ALTER TABLE t ADD (c DOUBLE AFTER v, f BOOLEAN FIRST, z STRING)").await();
        Snapshot s = store.current();
        assertThat(s.schema().schemaId()).isEqualTo(1);
        assertThat(SnapshotSummary.of(s).operation()).isEqualTo(SnapshotSummary.ALTER);
        assertThat(s.schema().columnNames()).containsExactly("f", "k", "v", "c", "n", "d", "x", "ts", "z");
        assertThat(s.schema().column("c").id()).as("new ids follow the highest").isGreaterThan(6);

        tEnv.executeSql("ALTER TABLE t RENAME x TO x2").await();
        tEnv.executeSql("ALTER TABLE t MODIFY (v BIGINT, d DECIMAL(12, 2))").await();
        tEnv.executeSql("ALTER TABLE t MODIFY n STRING NULL").await();
        tEnv.executeSql("ALTER TABLE t DROP z").await();
        s = store.current();
        TableSchema schema = s.schema();
        assertThat(schema.schemaId()).isEqualTo(5);
        assertThat(s.schemas()).hasSize(6);
        assertThat(schema.columnNames()).containsExactly("f", "k", "v", "c", "n", "d", "x2", "ts");
        assertThat(schema.column("x2").id()).as("a rename keeps the id").isEqualTo(5);
        assertThat(schema.column("v").typeName()).isEqualTo("BIGINT");
        assertThat(schema.column("d").typeName()).isEqualTo("DECIMAL(12, 2)");
        assertThat(schema.column("n").declaredNullable()).isTrue();
        assertThat(columns(tEnv, "t")).contains("`x2` STRING", "`v` BIGINT", "`d` DECIMAL(12, 2)").doesNotContain("`z`", "`x`");

        // Options: stored with the table, shown by getTable, reset again.
        tEnv.executeSql("ALTER TABLE t SET ('sink.late-records' = 'drop', 'compaction.interval-commits' = '7')").await();
        assertThat(store.current().properties()).containsEntry("sink.late-records", "drop");
        assertThat(tEnv.getCatalog("azof").get().getTable(new ObjectPath("default", "t")).getOptions())
                .containsEntry("sink.late-records", "drop")
                .containsEntry("compaction.interval-commits", "7");
        assertThat(store.current().schema().schemaId()).as("options only: no new version").isEqualTo(5);
        tEnv.executeSql("ALTER TABLE t RESET ('sink.late-records')").await();
        assertThat(store.current().properties()).doesNotContainKey("sink.late-records").containsEntry("compaction.interval-commits", "7");
        assertThat(store.current().properties()).containsKey("segment.granularity");

        // t$schemas lists every version, the current one last; t$snapshots names each one's.
        List<Row> schemas = query(tEnv, "SELECT schema_id, is_current, columns FROM t$schemas");
        assertThat(schemas).extracting(r -> r.getField(0)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(schemas).extracting(r -> r.getField(1)).containsExactly(false, false, false, false, false, true);
        assertThat((String) schemas.get(5).getField(2)).contains("{\"id\":5,\"name\":\"x2\",\"type\":\"VARCHAR(2147483647)\",\"nullable\":true}");
        assertThat(query(tEnv, "SELECT schema_id FROM t$snapshots"))
                .extracting(r -> r.getField(0))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 5L, 5L);
        // As of snapshot 2 (after the ADD), the table had two versions.
        assertThat(query(tEnv, "SELECT schema_id FROM t$schemas /*+ OPTIONS('scan.snapshot-id' = '2') */"))
                .extracting(r -> r.getField(0))
                .containsExactly(0L, 1L);

        // The table had no data file before the changes: rows written now read back in full.
        tEnv.executeSql(
                        "INSERT INTO t VALUES (true, 'a', 10000000000, 1.5, CAST(NULL AS STRING), 3.25, 'x',"
                                + " TIMESTAMP '2024-01-01 00:00:00')")
                .await();
        assertThat(query(tEnv, "SELECT f, k, v, c, n, d, x2, ts FROM t"))
                .containsExactly(
                        Row.of(true, "a", 10_000_000_000L, 1.5, null, new java.math.BigDecimal("3.25"), "x",
                                LocalDateTime.parse("2024-01-01T00:00:00")));
        assertThat(query(tEnv, "SELECT schema_id FROM t$files")).extracting(r -> r.getField(0)).hasSize(1);
    }

    // reads of files written before the ALTER map them to the read schema
    // by field id (added column null, renamed column keeps its values, widened values converted).
    @Test
    void rowsOfEveryVersionReadInTheCurrentSchema(@TempDir Path warehouse) throws Exception {
        TableEnvironment tEnv = catalog(warehouse);
        tEnv.executeSql(
                        "CREATE TABLE h (k STRING, v INT, x STRING, ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ('event-time.column' = 'ts')")
                .await();
        tEnv.executeSql(
                        "INSERT INTO h VALUES ('a', 1, 'xa', TIMESTAMP '2024-01-01 00:00:00'),"
                                + " ('b', 2, 'xb', TIMESTAMP '2024-01-02 00:00:00')")
                .await();
        long before = store(warehouse, "h").currentId();
        tEnv.executeSql("ALTER TABLE h ADD note STRING").await();
        tEnv.executeSql("ALTER TABLE h RENAME v TO amount").await();
        tEnv.executeSql("ALTER TABLE h MODIFY amount BIGINT").await();
        tEnv.executeSql("ALTER TABLE h DROP x").await();
        tEnv.executeSql(
                        "INSERT INTO h VALUES ('b', 20000000000, TIMESTAMP '2024-01-03 00:00:00', 'new'),"
                                + " ('c', 3, TIMESTAMP '2024-01-03 00:00:00', 'n')")
                .await();
        LocalDateTime day1 = LocalDateTime.parse("2024-01-01T00:00:00");
        assertThat(query(tEnv, "SELECT k, amount, ts, note FROM h"))
                .containsExactlyInAnyOrder(
                        Row.of("a", 1L, day1, null),
                        Row.of("b", 20_000_000_000L, day1.plusDays(2), "new"),
                        Row.of("c", 3L, day1.plusDays(2), "n"));
        // As of an event time before the new rows: old rows in the current schema.
        assertThat(query(tEnv, "SELECT k, amount, note FROM h FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-02 12:00:00'"))
                .containsExactlyInAnyOrder(Row.of("a", 1L, null), Row.of("b", 2L, null));
        // t$files: the old file of version 0, the new one of version 4.
        assertThat(query(tEnv, "SELECT DISTINCT schema_id FROM h$files"))
                .extracting(r -> r.getField(0))
                .containsExactlyInAnyOrder(0L, 4L);
    }

    /** What an azof table cannot change fails naming the column or option, committing nothing. */
    @Test
    void refusedChangesNameTheProblem(@TempDir Path warehouse) throws Exception {
        TableEnvironment tEnv = catalog(warehouse);
        tEnv.executeSql(
                        "CREATE TABLE r (k STRING, v BIGINT, w STRING, ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ('event-time.column' = 'ts', 'bucket' = '2')")
                .await();
        SnapshotStore store = store(warehouse, "r");
        long before = store.currentId();
        String[][] refused = {
            {"ALTER TABLE r MODIFY v INT", "cannot MODIFY v INT"},
            {"ALTER TABLE r MODIFY v STRING", "cannot MODIFY v"},
            {"ALTER TABLE r MODIFY w STRING NOT NULL", "cannot make column 'w' NOT NULL"},
            {"ALTER TABLE r RENAME ts TO ts2", "'ts' is the event-time column"},
            {"ALTER TABLE r MODIFY ts TIMESTAMP(6)", "'ts' is the event-time column"},
            {"ALTER TABLE r DROP ts", "'ts' is the event-time column"},
            {"ALTER TABLE r RENAME k TO k2", "'k' is a primary-key column"},
            {"ALTER TABLE r MODIFY k VARCHAR(10)", "'k' is a primary-key column"},
            {"ALTER TABLE r DROP PRIMARY KEY", "cannot change the primary key [k]"},
            {"ALTER TABLE r ADD q INT NOT NULL", "an added column must be nullable"},
            {"ALTER TABLE r ADD q AS v + 1", "'q': it is a computed or metadata column"},
            {"ALTER TABLE r ADD q INT COMMENT 'why'", "do not store column comments"},
            {"ALTER TABLE r ADD w INT", "already"},
            {"ALTER TABLE r MODIFY w STRING FIRST", "cannot move column 'w'"},
            {"ALTER TABLE r ADD WATERMARK FOR ts AS ts", "does not store watermarks"},
            {"ALTER TABLE r SET ('bucket' = '8')", "cannot change 'bucket'"},
            {"ALTER TABLE r SET ('segment.granularity' = 'day')", "cannot change 'segment.granularity'"},
            {"ALTER TABLE r SET ('event-time.column' = 'v')", "cannot change 'event-time.column'"},
            {"ALTER TABLE r SET ('scan.as-of' = '2024-01-01T00:00:00Z')", "it is an option of reads"},
            {"ALTER TABLE r SET ('nope' = '1')", "cannot set option 'nope'"},
            {"ALTER TABLE r SET ('sink.buffer-rows' = 'many')", "'sink.buffer-rows'='many' is not a valid value"},
            {"ALTER TABLE r RESET ('bucket')", "cannot change 'bucket'"},
        };
        List<String> unexpected = new ArrayList<>();
        for (String[] c : refused) {
            try {
                tEnv.executeSql(c[0]).await();
                unexpected.add(c[0] + " succeeded");
            } catch (Exception e) {
                String all = messages(e);
                if (!all.contains(c[1])) {
                    unexpected.add(c[0] + " failed with " + all.replace('\n', ' '));
                }
            }
        }
        assertThat(unexpected).isEmpty();
        assertThat(store.currentId()).as("nothing committed").isEqualTo(before);
        assertThat(store.current().schema().schemaId()).isZero();

        // A read of a snapshot before an ALTER through the catalog (which shows the current
        // columns) fails saying why; a table declaring the snapshot's columns reads it.
        tEnv.executeSql("INSERT INTO r VALUES ('a', 1, 'w', TIMESTAMP '2024-01-01 00:00:00')").await();
        long written = store.currentId();
        tEnv.executeSql("ALTER TABLE r ADD note STRING").await();
        assertThatThrownBy(() -> query(tEnv, "SELECT * FROM r /*+ OPTIONS('scan.snapshot-id' = '" + written + "') */"))
                .hasStackTraceContaining("column 'note' of table azof.default.r does not exist")
                .hasStackTraceContaining("The table's schema changed after snapshot " + written)
                .hasStackTraceContaining("CREATE TEMPORARY TABLE");
        tEnv.executeSql(
                        "CREATE TEMPORARY TABLE r_then (k STRING, v BIGINT, w STRING, ts TIMESTAMP(3)) WITH ("
                                + "'connector' = 'azof', 'path' = '" + warehouse.resolve("r") + "',"
                                + " 'scan.snapshot-id' = '" + written + "')")
                .await();
        assertThat(query(tEnv, "SELECT k, v, w FROM r_then")).containsExactly(Row.of("a", 1L, "w"));
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
