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
package dev.azof.interop;

import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.EventTimes;
import dev.azof.flink.join.AzofAsOfJoin;
import dev.azof.flink.table.AzofTestTables;
import dev.azof.testing.Event;
import dev.azof.testing.MiniClusters;
import dev.azof.testing.RandomHistory;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Point-in-time joins (SQL lookup joins on key and event time, and the DataStream builder) equal
 * DuckDB's {@code ASOF LEFT JOIN ... ON f.key = a.key AND f.t >= a.event_time}, with tombstones
 * hiding their key, on a random history with late rows, ties, deletes, bases and compactions,
 * and facts before a key's first version, after its last, at exact event times and on unknown
 * keys.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PointInTimeJoinITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final int FACTS = 300;

    @TempDir static java.nio.file.Path tmp;

    private static long seed;
    private static RandomHistory history;
    private static String tableDir;
    private static List<GenericRowData> facts;
    private static RowType factType;
    /** fact id -> [event time of the joined version (epoch micros), value column], or nulls. */
    private static Map<Integer, List<String>> expected;

    @BeforeAll
    static void writeHistoryAndAskDuckDb() throws Exception {
        seed = Long.getLong("azof.seed", System.nanoTime());
        System.out.println(
                "PointInTimeJoinITCase seed " + seed + " (rerun with -Dazof.seed=" + seed + ")");
        Path dir = new Path(tmp.resolve("table").toUri());
        Random ops = new Random(seed + 1);
        Duration[] retention = {null, Duration.ZERO, Duration.ofDays(30)};
        history =
                RandomHistory.write(
                        dir,
                        seed,
                        30,
                        6,
                        50,
                        0.4,
                        (h, commit) -> {
                            if (commit % 3 == 2) {
                                new Compactor(
                                                dir,
                                                CompactionPolicy.defaults()
                                                        .withMaxDeltasPerSegment(1 + ops.nextInt(3))
                                                        .withTombstoneRetention(
                                                                retention[ops.nextInt(retention.length)]))
                                        .run();
                            }
                        });
        tableDir = new java.io.File(dir.toUri()).getPath();
        facts = randomFacts(new Random(seed + 2));
        expected = askDuckDb();
    }

    @AfterAll
    static void forget() {
        history = null;
        facts = null;
        expected = null;
    }

    private static TableSchema schema() {
        return history.schema;
    }

    private static boolean composite() {
        return schema().primaryKey().size() == 2;
    }

    /** The value column compared (besides the joined version's event time). */
    private static String valueColumn() {
        return composite() ? "score" : "name";
    }

    private static LogicalType eventTimeType() {
        return schema().rowType().getTypeAt(schema().eventTimeIndex());
    }

    /** Facts: fid, the key columns, ft (the table's event-time type). */
    private static List<GenericRowData> randomFacts(Random r) {
        List<List<Object>> keys = new ArrayList<>(new LinkedHashSet<>(eventKeys()));
        List<RowType.RowField> fields = new ArrayList<>();
        fields.add(new RowType.RowField("fid", DataTypes.INT().notNull().getLogicalType()));
        for (String k : schema().primaryKey()) {
            fields.add(new RowType.RowField(k, schema().column(k).type()));
        }
        fields.add(new RowType.RowField("ft", eventTimeType()));
        factType = new RowType(fields);
        List<GenericRowData> out = new ArrayList<>();
        for (int i = 0; i < FACTS; i++) {
            List<Object> key =
                    r.nextInt(20) == 0
                            ? (composite() ? List.of("nope", 1) : List.of(-424242L)) // unknown key
                            : keys.get(r.nextInt(keys.size()));
            GenericRowData f = new GenericRowData(fields.size());
            f.setField(0, i);
            for (int k = 0; k < key.size(); k++) {
                Object v = key.get(k);
                f.setField(1 + k, v instanceof String ? StringData.fromString((String) v) : v);
            }
            // random times over the whole history (before the first and after the last event
            // included), a third of them exactly at an event's time
            f.setField(fields.size() - 1, TimestampData.fromInstant(EventTimes.instant(history.randomAsOf(r))));
            out.add(f);
        }
        return out;
    }

    private static List<List<Object>> eventKeys() {
        List<List<Object>> keys = new ArrayList<>();
        for (Event e : history.events) {
            keys.add(e.key);
        }
        return keys;
    }

    /** DuckDB's ASOF LEFT JOIN over every event ever committed (ties: later commit, later write). */
    private static Map<Integer, List<String>> askDuckDb() throws Exception {
        List<String> keyCols = schema().primaryKey();
        String keyDefs = composite() ? "k0 VARCHAR, k1 INTEGER" : "k0 BIGINT";
        String valueType = composite() ? "DOUBLE" : "VARCHAR";
        int valueIndex = schema().indexOf(valueColumn());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            c.createStatement().execute("SET threads = 1");
            c.createStatement()
                    .execute(
                            "CREATE TABLE hist ("
                                    + keyDefs
                                    + ", t BIGINT, v "
                                    + valueType
                                    + ", deleted BOOLEAN, cmt INTEGER, arrival BIGINT)");
            c.createStatement().execute("CREATE TABLE facts (fid INTEGER, " + keyDefs + ", t BIGINT)");
            int n = keyCols.size();
            try (PreparedStatement p =
                    c.prepareStatement("INSERT INTO hist VALUES (" + "?, ".repeat(n + 4) + "?)")) {
                for (Event e : history.events) {
                    for (int k = 0; k < n; k++) {
                        p.setObject(1 + k, e.key.get(k));
                    }
                    p.setLong(n + 1, e.eventMicros);
                    Object v =
                            e.row.isNullAt(valueIndex)
                                    ? null
                                    : composite()
                                            ? (Object) e.row.getDouble(valueIndex)
                                            : e.row.getString(valueIndex).toString();
                    p.setObject(n + 2, v);
                    p.setBoolean(n + 3, e.deleted);
                    p.setInt(n + 4, e.commit);
                    p.setLong(n + 5, e.arrival);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p =
                    c.prepareStatement("INSERT INTO facts VALUES (?, " + "?, ".repeat(n) + "?)")) {
                for (GenericRowData f : facts) {
                    p.setInt(1, f.getInt(0));
                    for (int k = 0; k < n; k++) {
                        Object v = f.getField(1 + k);
                        p.setObject(2 + k, v instanceof StringData ? v.toString() : v);
                    }
                    p.setLong(n + 2, EventTimes.micros(f.getTimestamp(n + 1, 6)));
                    p.addBatch();
                }
                p.executeBatch();
            }
            String on = composite() ? "f.k0 = w.k0 AND f.k1 = w.k1" : "f.k0 = w.k0";
            String sql =
                    "WITH w AS (SELECT * FROM hist QUALIFY row_number() OVER (PARTITION BY "
                            + (composite() ? "k0, k1" : "k0")
                            + ", t ORDER BY cmt DESC, arrival DESC) = 1)"
                            + " SELECT f.fid,"
                            + " CASE WHEN w.deleted THEN NULL ELSE CAST(w.t AS VARCHAR) END,"
                            + " CASE WHEN w.deleted THEN NULL ELSE CAST(w.v AS VARCHAR) END"
                            + " FROM facts f ASOF LEFT JOIN w ON "
                            + on
                            + " AND f.t >= w.t";
            Map<Integer, List<String>> out = new TreeMap<>();
            try (var rs = c.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    String value = rs.getString(3);
                    if (value != null && composite()) {
                        value = Double.toString(Double.parseDouble(value));
                    }
                    out.put(rs.getInt(1), java.util.Arrays.asList(rs.getString(2), value));
                }
            }
            assertThat(out).hasSize(FACTS);
            // the inputs must make every case happen, or the comparison proves less than it says
            long matched = out.values().stream().filter(v -> v.get(0) != null).count();
            assertThat(matched).as("facts that find a version, seed " + seed).isGreaterThan(FACTS / 4);
            assertThat(FACTS - matched).as("facts without a row, seed " + seed).isGreaterThan(0);
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------

    @Test
    void sqlBatch() throws Exception {
        assertSqlJoin(EnvironmentSettings.inBatchMode(), "");
    }

    @Test
    void sqlStreaming() throws Exception {
        assertSqlJoin(EnvironmentSettings.inStreamingMode(), "");
    }

    @Test
    void sqlBatchShuffledByBucket() throws Exception {
        assertSqlJoin(
                EnvironmentSettings.inBatchMode(),
                "/*+ LOOKUP('table'='a', 'shuffle'='true') */ ");
    }

    @Test
    void dataStreamBuilder() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<RowData> in =
                env.fromData(new ArrayList<RowData>(facts), InternalTypeInfo.of(factType));
        int[] keyFields = composite() ? new int[] {1, 2} : new int[] {1};
        AzofAsOfJoin join =
                AzofAsOfJoin.builder()
                        .path(tableDir)
                        .factKeyFields(keyFields)
                        .factTimeField(factType.getFieldCount() - 1)
                        .maxVersions(100_000)
                        .build();
        int tsAt = factType.getFieldCount() + schema().eventTimeIndex();
        int valueAt = factType.getFieldCount() + schema().indexOf(valueColumn());
        LogicalType valueType = schema().column(valueColumn()).type();
        // a binary row stores timestamps of precision <= 3 compactly: read with the real one
        int precision = LogicalTypeChecks.getPrecision(eventTimeType());
        Map<Integer, List<String>> actual = new TreeMap<>();
        try (CloseableIterator<RowData> it = join.join(in).executeAndCollect()) {
            while (it.hasNext()) {
                RowData r = it.next();
                String t =
                        r.isNullAt(tsAt)
                                ? null
                                : Long.toString(EventTimes.micros(r.getTimestamp(tsAt, precision)));
                String v =
                        r.isNullAt(valueAt)
                                ? null
                                : valueType.getTypeRoot().name().equals("DOUBLE")
                                        ? Double.toString(r.getDouble(valueAt))
                                        : r.getString(valueAt).toString();
                actual.put(r.getInt(0), java.util.Arrays.asList(t, v));
            }
        }
        assertThat(actual).as("seed " + seed).isEqualTo(expected);
    }

    @Test
    void joinsThatAreNotOnTheKeyAreRejected() {
        String trap = AzofTestTables.writeTrapTable(tmp.resolve("trap"));
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.executeSql(
                "CREATE TABLE t (k STRING NOT NULL, v STRING, ts TIMESTAMP(3),"
                        + " PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'azof', 'path' = '"
                        + trap
                        + "')");
        tEnv.executeSql(
                "CREATE TEMPORARY VIEW f AS SELECT k, v, ts, PROCTIME() AS proc FROM (VALUES"
                        + " ('k', 'match', TIMESTAMP '2024-02-01 00:00:00')) AS x(k, v, ts)");
        String join = "SELECT f.k FROM f JOIN t FOR SYSTEM_TIME AS OF f.proc AS a ON ";
        assertThatThrownBy(() -> tEnv.executeSql(join + "f.v = a.v AND f.ts = a.ts").await())
                .hasStackTraceContaining("must equate every primary-key column [k]");
        assertThatThrownBy(() -> tEnv.executeSql(join + "f.k = a.k AND f.v = a.v").await())
                .hasStackTraceContaining("move the condition on 'v' to a WHERE clause");
    }

    private void assertSqlJoin(EnvironmentSettings settings, String hint) throws Exception {
        TableEnvironment tEnv = tableEnv(settings);
        StringBuilder on = new StringBuilder();
        for (String k : schema().primaryKey()) {
            on.append("f.`").append(k).append("` = a.`").append(k).append("` AND ");
        }
        String ts = schema().eventTimeColumn();
        String sql =
                "SELECT "
                        + hint
                        + "f.fid, a.`"
                        + ts
                        + "`, a.`"
                        + valueColumn()
                        + "` FROM facts AS f LEFT JOIN hist FOR SYSTEM_TIME AS OF f.proc AS a ON "
                        + on
                        + "f.ft = a.`"
                        + ts
                        + "`";
        Map<Integer, List<String>> actual = new TreeMap<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                Object t = r.getField(1);
                String micros =
                        t == null
                                ? null
                                : Long.toString(
                                        EventTimes.micros(
                                                t instanceof Instant
                                                        ? (Instant) t
                                                        : ((LocalDateTime) t).toInstant(ZoneOffset.UTC)));
                Object v = r.getField(2);
                actual.put((Integer) r.getField(0), java.util.Arrays.asList(micros, v == null ? null : v.toString()));
            }
        }
        assertThat(actual).as("seed " + seed + ", " + settings.isStreamingMode()).isEqualTo(expected);
    }

    private static TableEnvironment tableEnv(EnvironmentSettings settings) {
        // Facts come from a DataStream: fromValues would plan one source per row.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(
                settings.isStreamingMode()
                        ? RuntimeExecutionMode.STREAMING
                        : RuntimeExecutionMode.BATCH);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env, settings);
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 2);
        StringBuilder cols = new StringBuilder();
        for (RowType.RowField f : schema().rowType().getFields()) {
            cols.append('`').append(f.getName()).append("` ").append(f.getType().asSerializableString()).append(", ");
        }
        cols.append("PRIMARY KEY (`").append(String.join("`, `", schema().primaryKey())).append("`) NOT ENFORCED");
        tEnv.executeSql(
                "CREATE TABLE hist ("
                        + cols
                        + ") WITH ('connector' = 'azof', 'path' = '"
                        + tableDir
                        + "', 'lookup.max-versions' = '2000')");
        DataType rowType = TypeConversions.fromLogicalToDataType(factType);
        List<Row> rows = new ArrayList<>();
        for (GenericRowData f : facts) {
            Row r = new Row(f.getArity());
            r.setField(0, f.getInt(0));
            for (int k = 1; k < f.getArity() - 1; k++) {
                Object v = f.getField(k);
                r.setField(k, v instanceof StringData ? v.toString() : v);
            }
            TimestampData t = f.getTimestamp(f.getArity() - 1, 6);
            r.setField(
                    f.getArity() - 1,
                    eventTimeType().getTypeRoot().name().equals("TIMESTAMP_WITH_LOCAL_TIME_ZONE")
                            ? t.toInstant()
                            : t.toLocalDateTime());
            rows.add(r);
        }
        tEnv.createTemporaryView(
                "facts_raw", env.fromData(rows, ExternalTypeInfo.<Row>of(rowType)));
        tEnv.executeSql("CREATE TEMPORARY VIEW facts AS SELECT *, PROCTIME() AS proc FROM facts_raw");
        return tEnv;
    }
}
