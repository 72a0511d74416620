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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.azof.testing.MiniClusters;
import dev.azof.testing.StreamingWriter;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SQL streaming reads ('scan.mode' = 'continuous', also as a hint) with metadata columns, and an
 * Azof table as the versioned table of an event-time temporal join, against the oracle.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AzofStreamingSqlITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final String COLUMNS = "id BIGINT, ts TIMESTAMP_LTZ(3), v STRING";

    @TempDir java.nio.file.Path tmp;

    private TableEnvironment tEnv;
    private long seed;
    private Random rnd;

    @BeforeEach
    void setUp() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        seed = Long.getLong("azof.seed", System.nanoTime());
        rnd = new Random(seed);
        System.out.println(getClass().getSimpleName() + ": seed " + seed + " (-Dazof.seed=" + seed + ")");
    }

    private String context() {
        return "seed " + seed + " (-Dazof.seed=" + seed + ")";
    }

    /**
     * A continuous read as a table hint, with metadata columns: while commits land, the upsert
     * changelog materializes to the table's latest fact per key in commit order, each with the
     * snapshot that committed it and whether it was late.
     */
    @Test
    void continuousReadAsHintWithMetadata() throws Exception {
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 2);
        Path dir = new Path(tmp.resolve("t").toUri());
        StreamingWriter writer = new StreamingWriter(dir, rnd, 1 + rnd.nextInt(3), 12, null, true);
        for (int i = 0; i < 3; i++) {
            writer.commit();
        }
        tEnv.executeSql(
                "CREATE TABLE t ("
                        + COLUMNS
                        + ", snap BIGINT METADATA FROM 'snapshot-id' VIRTUAL,"
                        + " ct TIMESTAMP_LTZ(3) METADATA FROM 'commit-time' VIRTUAL,"
                        + " late BOOLEAN METADATA FROM 'late' VIRTUAL,"
                        + " PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'azof', 'path' = '"
                        + dir
                        + "')");
        String query =
                "SELECT id, ts, v, snap, late, ct IS NOT NULL FROM t /*+ OPTIONS('scan.mode' = 'continuous',"
                        + " 'scan.discovery-interval' = '100ms') */";
        System.out.println(tEnv.explainSql(query, org.apache.flink.table.api.ExplainDetail.CHANGELOG_MODE));
        TableResult result = tEnv.executeSql(query);
        for (int i = 0; i < 5; i++) {
            writer.commit();
            if (i == 2) {
                writer.compact();
            }
        }
        Map<Long, String> expected = new TreeMap<>();
        for (String fact : writer.facts) {
            String[] f = fact.split("\\|", -1);
            long id = Long.parseLong(f[1]);
            if (f[3].equals("-D")) {
                expected.remove(id);
            } else {
                expected.put(id, id + "|" + Instant.ofEpochMilli(Long.parseLong(f[2])) + "|" + f[5] + "|" + f[0] + "|" + f[4] + "|true");
            }
        }
        Map<Long, String> state = new TreeMap<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (!state.equals(expected)) {
                Row r = it.next();
                long id = (Long) r.getField(0);
                if (r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER) {
                    state.put(id, id + "|" + r.getField(1) + "|" + r.getField(2) + "|" + r.getField(3) + "|" + r.getField(4) + "|" + r.getField(5));
                } else {
                    state.remove(id);
                }
            }
        }
        assertThat(state).as(context()).isEqualTo(expected);
        assertThat(writer.maintenance).as(context()).isNotEmpty();
    }

    /** A snapshot read offers the metadata columns too: the snapshot read, late unknown. */
    @Test
    void snapshotReadOffersMetadata() throws Exception {
        Path dir = new Path(tmp.resolve("m").toUri());
        StreamingWriter writer = new StreamingWriter(dir, rnd, 2, 6, null, true);
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = writer.commit();
        }
        tEnv.executeSql(
                "CREATE TABLE m (id BIGINT, snap BIGINT METADATA FROM 'snapshot-id' VIRTUAL,"
                        + " late BOOLEAN METADATA FROM 'late' VIRTUAL, PRIMARY KEY (id) NOT ENFORCED)"
                        + " WITH ('connector' = 'azof', 'path' = '"
                        + dir
                        + "')");
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql("SELECT id, snap, late FROM m").collect()) {
            it.forEachRemaining(r -> rows.add(r.getField(1) + "|" + r.getField(2)));
        }
        String expected = last + "|null";
        assertThat(rows).as(context()).isNotEmpty().allMatch(expected::equals);
    }

    @Test
    void optionsAreValidated() throws Exception {
        Path dir = new Path(tmp.resolve("v").toUri());
        new StreamingWriter(dir, rnd, 1, 5, null, true).commit();
        tEnv.executeSql(
                "CREATE TABLE nokey (" + COLUMNS + ") WITH ('connector' = 'azof', 'path' = '" + dir + "', 'scan.mode' = 'continuous')");
        assertThatThrownBy(() -> tEnv.executeSql("SELECT * FROM nokey").await())
                .hasRootCauseInstanceOf(ValidationException.class)
                .rootCause()
                .hasMessageContaining("declare PRIMARY KEY (id) NOT ENFORCED");
        tEnv.executeSql(
                "CREATE TABLE k (" + COLUMNS + ", PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'azof', 'path' = '" + dir + "')");
        assertThatThrownBy(() -> tEnv.executeSql("SELECT * FROM k /*+ OPTIONS('scan.startup.mode' = 'latest') */").await())
                .rootCause()
                .hasMessageContaining("'scan.startup.mode' is an option of continuous reads");
        assertThatThrownBy(
                        () -> tEnv.executeSql("SELECT * FROM k /*+ OPTIONS('scan.mode' = 'continuous', 'scan.startup.mode' = 'from-snapshot') */").await())
                .rootCause()
                .hasMessageContaining("needs 'scan.startup.snapshot-id'");
        assertThatThrownBy(
                        () -> tEnv.executeSql("SELECT * FROM k /*+ OPTIONS('scan.mode' = 'continuous', 'scan.as-of' = '2024-01-01T00:00:00Z') */").await())
                .rootCause()
                .hasMessageContaining("'scan.as-of' is an option of snapshot reads");
        assertThatThrownBy(
                        () -> tEnv.executeSql("SELECT * FROM k /*+ OPTIONS('scan.mode' = 'streaming') */").await())
                .rootCause()
                .hasMessageContaining("'streaming' is not a scan mode");
    }

    /**
     * An Azof table with a primary key and a watermark is the versioned table of an event-time
     * temporal join: each order joins the rate as of its own time (the oracle's answer), while
     * the rates table keeps receiving commits: most of the rates the orders need are committed
     * while the join runs. The rates' lateness stays within the watermark's delay, so no version
     * arrives after the join passed its time.
     */
    @Test
    void eventTimeTemporalJoinEqualsOracle() throws Exception {
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 1);
        temporalJoinEqualsOracle(null);
    }

    /**
     * The same join with checkpoints, failing once on a joined row after a completed checkpoint:
     * it restarts from that checkpoint (the rates' read position and the join's state) and its
     * checkpointed (exactly-once) collected output still holds each order joined once, as the
     * oracle says.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void eventTimeTemporalJoinSurvivesAFailure() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(100);
        StreamTableEnvironment streamTableEnv = StreamTableEnvironment.create(env);
        streamTableEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        tEnv = streamTableEnv;
        JOIN_FAILED.set(false);
        JOIN_CHECKPOINTED.set(false);
        JOIN_RUNNING.set(false);
        temporalJoinEqualsOracle(
                join -> {
                    DataStream<Row> joined = streamTableEnv.toDataStream(streamTableEnv.sqlQuery(join));
                    return joined.map(new FailOnceAfterCheckpoint()).returns(joined.getType()).executeAndCollect();
                });
        assertThat(JOIN_FAILED.get()).as("the join failed once, " + context()).isTrue();
    }

    static final AtomicBoolean JOIN_FAILED = new AtomicBoolean();
    static final AtomicBoolean JOIN_CHECKPOINTED = new AtomicBoolean();
    /** A checkpoint completed: the join runs, the commits that follow land while it reads. */
    static final AtomicBoolean JOIN_RUNNING = new AtomicBoolean();

    /** Passes rows on; throws once, on a row after a checkpoint that followed joined rows. */
    static final class FailOnceAfterCheckpoint implements MapFunction<Row, Row>, CheckpointListener {
        private boolean sawRows;

        @Override
        public Row map(Row row) {
            if (JOIN_CHECKPOINTED.get() && JOIN_FAILED.compareAndSet(false, true)) {
                throw new RuntimeException("expected test failure in the temporal join");
            }
            sawRows = true;
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            JOIN_RUNNING.set(true);
            if (sawRows) {
                JOIN_CHECKPOINTED.set(true);
            }
        }
    }

    /** Runs a query and gives its rows as they come. */
    private interface JoinRunner {
        CloseableIterator<Row> run(String query) throws Exception;
    }

    /**
     * Joins random orders with the rates as of their times while the rates table receives
     * commits; {@code runner} runs the join (null: {@code executeSql}).
     */
    private void temporalJoinEqualsOracle(JoinRunner runner) throws Exception {
        Path dir = new Path(tmp.resolve("rates").toUri());
        StreamingWriter rates = new StreamingWriter(dir, rnd, 1 + rnd.nextInt(3), 8, Duration.ofDays(3), false);
        int commitsBefore = 3 + rnd.nextInt(3);
        int commits = 25;
        for (int i = 0; i < commitsBefore; i++) {
            rates.commit();
        }
        // Orders up to 12 days before the rates' final watermark: the join's watermark (the rates'
        // greatest event time minus 10 days) passes them once the last commits are read.
        long from = StreamingWriter.T0.toEpochMilli();
        long to = StreamingWriter.T0.plus(StreamingWriter.STEP.multipliedBy(commits)).minus(Duration.ofDays(12)).toEpochMilli();
        List<long[]> orders = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            long[] o = {i, rnd.nextInt(8), from + (long) (rnd.nextDouble() * (to - from))};
            orders.add(o);
            csv.append(o[0]).append(',').append(o[1]).append(',').append(o[2]).append('\n');
        }
        java.nio.file.Path ordersDir = Files.createDirectories(tmp.resolve("orders"));
        Files.writeString(ordersDir.resolve("orders.csv"), csv.toString());
        tEnv.executeSql(
                "CREATE TABLE orders (oid BIGINT, rid BIGINT, ms BIGINT,"
                        + " ots AS TO_TIMESTAMP_LTZ(ms, 3), WATERMARK FOR ots AS ots)"
                        + " WITH ('connector' = 'filesystem', 'path' = '"
                        + ordersDir.toUri()
                        + "', 'format' = 'csv')");
        tEnv.executeSql(
                "CREATE TABLE rates ("
                        + COLUMNS
                        + ", PRIMARY KEY (id) NOT ENFORCED, WATERMARK FOR ts AS ts - INTERVAL '10' DAY)"
                        + " WITH ('connector' = 'azof', 'path' = '"
                        + dir
                        + "', 'scan.mode' = 'continuous', 'scan.discovery-interval' = '100ms')");
        String join =
                "SELECT o.oid, r.v FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.ots AS r"
                        + " ON o.rid = r.id";
        System.out.println(tEnv.explainSql(join, org.apache.flink.table.api.ExplainDetail.CHANGELOG_MODE));
        CloseableIterator<Row> result = runner == null ? tEnv.executeSql(join).collect() : runner.run(join);
        // The writer's commits land while the join runs, most of them before the orders' times.
        // With a failure, they wait for the running job, so that the failure comes among them.
        long deadline = System.currentTimeMillis() + 30_000;
        while (runner != null && !JOIN_RUNNING.get() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        for (int i = commitsBefore; i < commits; i++) {
            rates.commit();
            Thread.sleep(20 + rnd.nextInt(80));
        }

        Map<Long, String> expected = new TreeMap<>();
        for (long[] o : orders) {
            String[] best = null;
            for (String fact : rates.facts) {
                String[] f = fact.split("\\|", -1);
                if (Long.parseLong(f[1]) != o[1] || Long.parseLong(f[2]) > o[2]) {
                    continue;
                }
                // Later event time wins; at equal times the later commit (facts are in commit order).
                if (best == null || Long.parseLong(f[2]) >= Long.parseLong(best[2])) {
                    best = f;
                }
            }
            if (best != null && best[3].equals("+I")) {
                expected.put(o[0], best[5]);
            }
        }
        assertThat(expected.size()).as(context()).isGreaterThan(10);
        Map<Long, String> actual = new HashMap<>();
        // A join that loses rows would wait in next() for ever, deaf to the test's timeout: the
        // watchdog closes the iterator (cancelling the job), and the test fails naming the loss.
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.schedule(() -> closeQuietly(result), 50, TimeUnit.SECONDS);
        try (CloseableIterator<Row> it = result) {
            while (actual.size() < expected.size()) {
                assertThat(it.hasNext())
                        .as("rows lost: " + actual.size() + " of " + expected.size() + " orders joined, " + context())
                        .isTrue();
                Row r = it.next();
                assertThat(r.getKind()).isEqualTo(RowKind.INSERT);
                assertThat(actual.put((Long) r.getField(0), (String) r.getField(1)))
                        .as("order joined twice, " + context())
                        .isNull();
            }
        } finally {
            watchdog.shutdownNow();
        }
        assertThat(new TreeMap<>(actual)).as(context()).isEqualTo(expected);
    }

    private static void closeQuietly(CloseableIterator<Row> it) {
        try {
            it.close();
        } catch (Exception e) {
            // the test fails on the rows it lacks
        }
    }
}
