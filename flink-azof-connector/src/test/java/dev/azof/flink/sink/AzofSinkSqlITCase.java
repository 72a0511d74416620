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
package dev.azof.flink.sink;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommitter;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;

import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code INSERT INTO} azof tables, then as-of queries, compared with the oracle. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AzofSinkSqlITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());

    private static final DateTimeFormatter CSV_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @TempDir java.nio.file.Path tmp;

    private static TableEnvironment streaming() {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        t.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        t.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 2);
        t.getConfig().set("execution.checkpointing.interval", "200 ms");
        return t;
    }

    private static TableEnvironment batch() {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        t.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        t.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 2);
        return t;
    }

    /** Writes events {@code [from, to)} (upserts only: a CSV source is append-only) as CSV. */
    private java.nio.file.Path csv(String name, long from, long to, int keys, int latePercent, List<Event> oracle)
            throws IOException {
        java.nio.file.Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder();
        for (long i = from; i < to; i++) {
            RowData r = SinkTestSupport.event(SEED, i, keys, latePercent);
            if (r.getRowKind() == RowKind.DELETE) {
                continue;
            }
            oracle.add(SinkTestSupport.toEvent(r, 1, i));
            sb.append(r.getString(0))
                    .append(',')
                    .append(r.getString(1))
                    .append(',')
                    .append(r.getTimestamp(2, 3).toLocalDateTime().format(CSV_TIME))
                    .append('\n');
        }
        Files.write(dir.resolve("part-0.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    private static void createCsvSource(TableEnvironment t, String name, java.nio.file.Path dir) {
        t.executeSql(
                "CREATE TEMPORARY TABLE default_catalog.default_database."
                        + name
                        + " (k STRING, v STRING, ts TIMESTAMP(3),"
                        + " WATERMARK FOR ts AS ts - INTERVAL '10' MINUTE)"
                        + " WITH ('connector' = 'filesystem', 'path' = '"
                        + dir
                        + "', 'format' = 'csv')");
    }

    private static List<List<Object>> query(TableEnvironment t, String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = t.executeSql(sql).collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < r.getArity(); i++) {
                    values.add(r.getField(i) == null ? null : r.getField(i).toString());
                }
                rows.add(values);
            }
        }
        return dev.azof.testing.Rows.sorted(rows);
    }

    private static String literal(Instant t) {
        return "TIMESTAMP '" + LocalDateTime.ofInstant(t, ZoneOffset.UTC).format(CSV_TIME) + "'";
    }

    /** The rows whose event time (the third column) is at or after {@code floor}. */
    private static List<List<Object>> fromFloor(List<List<Object>> rows, Instant floor) {
        LocalDateTime from = LocalDateTime.ofInstant(floor, ZoneOffset.UTC);
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            if (!LocalDateTime.parse((String) row.get(2)).isBefore(from)) {
                out.add(row);
            }
        }
        return out;
    }

    private static List<List<Object>> expected(List<Event> events, Instant t) {
        return AsOfOracle.expected(
                events, SinkTestSupport.micros(t), Integer.MAX_VALUE, SinkTestSupport.rowType());
    }

    /**
     * A catalog table with a WATERMARK, filled by a streaming INSERT with checkpoints from a CSV
     * file, then a second INSERT of late events; FOR SYSTEM_TIME AS OF equals the oracle.
     */
    @Test
    void streamingInsertIntoCatalogTableThenTimeTravel() throws Exception {
        Random random = new Random(SEED);
        System.out.println("AzofSinkSqlITCase seed " + SEED);
        String warehouse = tmp.resolve("warehouse").toString();
        List<Event> oracle = new ArrayList<>();
        java.nio.file.Path first = csv("first", 0, 3_000, 800, 5, oracle);

        TableEnvironment t = streaming();
        t.executeSql("CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = '" + warehouse + "')");
        t.executeSql(
                "CREATE TABLE azof.`default`.events (k STRING, v STRING, ts TIMESTAMP(3),"
                        + " PRIMARY KEY (k) NOT ENFORCED, WATERMARK FOR ts AS ts - INTERVAL '10' MINUTE)"
                        + " WITH ('segment.granularity' = 'day', 'bucket' = '2')");
        createCsvSource(t, "first_csv", first);
        t.executeSql("INSERT INTO azof.`default`.events SELECT k, v, ts FROM first_csv").await();

        Path dir = new Path(warehouse, "events");
        SnapshotStore store = new SnapshotStore(dir);
        assertThat(store.current().summary()).containsKey(SnapshotSummary.Key.WRITER_ID.key());
        assertThat(TableCommitter.recordedWatermark(store, store.current())).isNotNull();

        // Late events (days behind, into closed segments) in a second INSERT, this one with the
        // shuffle by bucket: both writes must read back as one history.
        java.nio.file.Path second = csv("second", 3_000, 4_000, 800, 60, oracle);
        createCsvSource(t, "second_csv", second);
        t.executeSql(
                        "INSERT INTO azof.`default`.events /*+ OPTIONS('sink.distribution-mode' = 'bucket') */"
                                + " SELECT k, v, ts FROM second_csv")
                .await();

        TableEnvironment q = batch();
        q.executeSql("CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = '" + warehouse + "')");
        // Flink resolves FOR SYSTEM_TIME AS OF against the current catalog.
        q.executeSql("USE CATALOG azof");
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            times.add(
                    SinkTestSupport.EPOCH
                            .minus(Duration.ofDays(4))
                            .plusSeconds(60L * random.nextInt(4_000 + 4 * 1440)));
        }
        for (Instant at : times) {
            assertThat(
                            query(
                                    q,
                                    "SELECT k, v, ts FROM events FOR SYSTEM_TIME AS OF "
                                            + literal(at)))
                    .as("as of %s (seed %s)", at, SEED)
                    .isEqualTo(expected(oracle, at));
            // A lower bound on the event time prunes files (spec 6.4); the answer must not change.
            // Flink pushes no filter into a FOR SYSTEM_TIME AS OF scan, but into one with the
            // 'scan.as-of' option.
            Instant floor = at.minus(Duration.ofMinutes(random.nextInt(3 * 1440)));
            String where = " WHERE ts >= " + literal(floor);
            String pushed = "SELECT k, v, ts FROM events /*+ OPTIONS('scan.as-of' = '" + at + "') */" + where;
            assertThat(q.explainSql(pushed)).as("the source takes the floor").contains("filter=[>=(ts, ");
            for (String fromFloor : List.of(pushed, "SELECT k, v, ts FROM events FOR SYSTEM_TIME AS OF " + literal(at) + where)) {
                assertThat(query(q, fromFloor))
                        .as("%s (seed %s)", fromFloor, SEED)
                        .isEqualTo(fromFloor(expected(oracle, at), floor));
            }
        }
        assertThat(query(q, "SELECT k, v, ts FROM events"))
                .isEqualTo(expected(oracle, null));
        assertThat(TableValidator.validate(dir)).isEmpty();
    }

    /**
     * 'sink.parallelism' sets the writers' parallelism and 'scan.parallelism' the readers' (the
     * job's default is 2): Flink's plan shows them, and the table written and read that way
     * equals the oracle.
     */
    private static final String WRITER = "target[^\"]*: Writer";

    @Test
    void parallelismOptionsSetTheWritersAndTheReaders() throws Exception {
        String path = tmp.resolve("parallelism").toString();
        List<Event> oracle = new ArrayList<>();
        java.nio.file.Path input = csv("p1", 0, 1_200, 300, 20, oracle);
        TableEnvironment t = batch();
        t.executeSql(
                "CREATE TABLE target (k STRING, v STRING, ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED)"
                        + " WITH ('connector' = 'azof', 'path' = '" + path + "', 'event-time.column' = 'ts',"
                        + " 'segment.granularity' = 'day', 'bucket' = '3')");
        createCsvSource(t, "p1", input);
        String insert = "INSERT INTO target /*+ OPTIONS('sink.parallelism' = '1') */ SELECT k, v, ts FROM p1";
        assertThat(parallelismOf(t.explainSql("INSERT INTO target SELECT k, v, ts FROM p1", ExplainDetail.JSON_EXECUTION_PLAN), WRITER))
                .isEqualTo(2);
        assertThat(parallelismOf(t.explainSql(insert, ExplainDetail.JSON_EXECUTION_PLAN), WRITER)).isEqualTo(1);
        t.executeSql(insert).await();

        String select = "SELECT k, v, ts FROM target /*+ OPTIONS('scan.parallelism' = '1') */";
        assertThat(parallelismOf(t.explainSql(select, ExplainDetail.JSON_EXECUTION_PLAN), "Source: target[^\"]*")).isEqualTo(1);
        assertThat(query(t, select)).as("seed %s", SEED).isEqualTo(expected(oracle, null));
        assertThat(TableValidator.validate(new Path(path))).isEmpty();
    }

    /** The parallelism of the one node of a JSON execution plan whose type matches {@code type}. */
    private static int parallelismOf(String plan, String type) {
        Matcher m = Pattern.compile("(?s)\"type\" : \"" + type + "\",.*?\"parallelism\" : (\\d+)").matcher(plan);
        assertThat(m.find()).as("a %s node in %s", type, plan).isTrue();
        int parallelism = Integer.parseInt(m.group(1));
        assertThat(m.find()).as("one %s node in %s", type, plan).isFalse();
        return parallelism;
    }

    /**
     * A {@code 'connector' = 'azof'} table created by its first (batch) INSERT; a second batch
     * INSERT into the same table commits too (a new job has a new writer id, so its end-of-input
     * checkpoint id is not taken for one already committed).
     */
    @Test
    void batchInsertsCreateTheTableAndCommitAtEndOfInput() throws Exception {
        String path = tmp.resolve("batch-table").toString();
        List<Event> oracle = new ArrayList<>();
        java.nio.file.Path first = csv("b1", 0, 1_500, 400, 5, oracle);
        java.nio.file.Path second = csv("b2", 1_500, 2_500, 400, 50, oracle);
        String ddl =
                "CREATE TABLE target (k STRING, v STRING, ts TIMESTAMP(3),"
                        + " PRIMARY KEY (k) NOT ENFORCED)"
                        + " WITH ('connector' = 'azof', 'path' = '"
                        + path
                        + "', 'event-time.column' = 'ts', 'segment.granularity' = 'day',"
                        + " 'bucket' = '3')";

        TableEnvironment t = batch();
        t.executeSql(ddl);
        createCsvSource(t, "b1", first);
        t.executeSql("INSERT INTO target SELECT k, v, ts FROM b1").await();
        SnapshotStore store = new SnapshotStore(new Path(path));
        assertThat(store.currentId()).isEqualTo(2);
        assertThat(store.current().bucketCount()).isEqualTo(3);

        TableEnvironment t2 = batch();
        t2.executeSql(ddl);
        createCsvSource(t2, "b2", second);
        t2.executeSql("INSERT INTO target SELECT k, v, ts FROM b2").await();
        assertThat(store.currentId()).isEqualTo(3);
        assertThat(store.read(3).summary().get(SnapshotSummary.Key.WRITER_ID.key()))
                .isNotEqualTo(store.read(2).summary().get(SnapshotSummary.Key.WRITER_ID.key()));

        Instant at = SinkTestSupport.EPOCH.plus(Duration.ofHours(20));
        String asOf = at.toString();
        assertThat(
                        query(
                                t2,
                                "SELECT k, v, ts FROM target /*+ OPTIONS('scan.as-of' = '"
                                        + asOf
                                        + "') */"))
                .isEqualTo(expected(oracle, at));
        assertThat(query(t2, "SELECT k, v, ts FROM target")).isEqualTo(expected(oracle, null));
        assertThat(TableValidator.validate(new Path(path))).isEmpty();
    }
}
