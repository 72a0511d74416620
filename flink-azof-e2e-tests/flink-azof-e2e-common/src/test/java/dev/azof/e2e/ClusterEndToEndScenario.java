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
package dev.azof.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end scenario of issue 12 on a real standalone cluster (separate JobManager and
 * TaskManager JVMs whose classpath is a Flink distribution's lib/), driven through the SQL gateway
 * (a third JVM) over REST: the shaded connector jar, as users deploy it, must create a table
 * through the catalog, take a batch INSERT and a streaming INSERT stopped with a savepoint and
 * resumed from it, answer as-of reads through the catalog and through a path table exactly as a
 * brute-force oracle does, and keep every answer through {@code CALL azof.sys.compact}.
 *
 * <p>Subclasses say how the connector reaches the cluster (in lib/, or per session with {@code
 * ADD JAR}). The flink-X modules run the subclasses from this module's test-jar, each against its
 * own Flink version, through system properties ({@link FlinkDistribution}).
 *
 * <p>Randomness is seeded and the seed is printed and part of every failure message; rerun with
 * {@code -Dazof.e2e.seed=N}. When a statement or job fails, the message holds the gateway's root
 * cause and the cluster's (the job's exception history, the TaskManager log's errors).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterEndToEndScenario {

    static final String CONNECTOR_JAR_PROPERTY = "azof.e2e.connector.jar";
    static final String SEED_PROPERTY = "azof.e2e.seed";

    private static final String TABLE = "events";
    private static final String COLUMNS = "k, event_time, name, amount";
    private static final String PATH_TABLE = "default_catalog.default_database.events_by_path";
    private static final int RANDOM_AS_OF_READS = 3;
    private static final int STREAMING_COMMITS_BEFORE_STOP = 3;
    // 3000 ids at 150 rows/s: the streaming input lasts ~20 s, long enough to stop it midway.
    private static final int ROWS_PER_SECOND = 150;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final DateTimeFormatter SQL_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** Kept when a test fails: the cluster's logs are in it (the failure message names it). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path workDir;

    private final long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
    private Path connectorJar;
    private StandaloneCluster cluster;
    private SqlGatewayProcess gateway;
    private SqlGatewayClient client;

    /** How the connector reaches the cluster, for messages. */
    abstract String connectorDeployment();

    /** Jars the cluster's lib/ holds besides the distribution's own. */
    abstract List<Path> extraLibJars(Path connectorJar);

    /** Statements every scenario session runs first. */
    abstract List<String> sessionSetup(Path connectorJar);

    @BeforeAll
    void startClusterAndGateway() {
        FlinkDistribution distribution = FlinkDistribution.fromSystemProperties();
        connectorJar = Path.of(FlinkDistribution.requiredProperty(CONNECTOR_JAR_PROPERTY));
        System.out.printf(
                "%s: %s, connector %s, seed %d (rerun with -D%s=%d), work dir %s%n",
                getClass().getSimpleName(), distribution, connectorDeployment(), seed,
                SEED_PROPERTY, seed, workDir);
        // A copy of lib/ per test class: what this mode adds must not reach other tests.
        FlinkDistribution flink =
                distribution.withLibCopy(workDir.resolve("flink-lib"), extraLibJars(connectorJar));
        cluster = StandaloneCluster.start(flink, workDir.resolve("cluster"), Map.of());
        gateway = SqlGatewayProcess.start(cluster);
        client = SqlGatewayClient.connect(gateway.endpoint());
    }

    @AfterAll
    void stopClusterAndGateway() {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /**
     * The cluster and the gateway run a job without the connector: if this fails, the harness or
     * the distribution is broken, not the connector.
     */
    @Test
    @Order(1)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void clusterRunsAPlainJob() {
        try (SqlGatewayClient.Session session = client.openSession("plain", Map.of())) {
            Sql sql = new Sql(session);
            sql.run("SET 'execution.runtime-mode' = 'batch'");
            sql.run("SET 'table.dml-sync' = 'true'");
            sql.run("CREATE TEMPORARY TABLE plain_source (id BIGINT) WITH ("
                    + "'connector' = 'datagen', 'number-of-rows' = '1000')");
            sql.run("CREATE TEMPORARY TABLE plain_sink (id BIGINT) WITH ('connector' = 'blackhole')");
            StatementResult insert = sql.run("INSERT INTO plain_sink SELECT id FROM plain_source");
            String jobId = insert.jobId().orElseThrow();
            assertEquals("FINISHED", cluster.jobState(jobId), "state of the plain job " + jobId);
        }
    }

    @Test
    @Order(2)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void connectorScenario() {
        if (!Files.isRegularFile(connectorJar)) {
            throw new AssertionError(
                    "the shaded connector jar " + connectorJar + " does not exist: build it"
                            + " first with `mvn -B -pl flink-sql-connector-azof -am package"
                            + " -DskipTests` in the repository root");
        }
        Random random = new Random(seed);
        Path warehouse = workDir.resolve("warehouse");
        AzofTableFiles table = new AzofTableFiles(warehouse.resolve(TABLE));
        List<ScenarioRow> batchRows = ScenarioData.batchRows(random);
        List<ScenarioRow> written = new ArrayList<>(batchRows);
        written.addAll(ScenarioData.streamingRows());
        AsOfOracle oracle = new AsOfOracle(written);

        try (SqlGatewayClient.Session session =
                client.openSession("scenario", Map.of("table.local-time-zone", "UTC"))) {
            Sql sql = new Sql(session);
            for (String statement : sessionSetup(connectorJar)) {
                sql.run(statement);
            }
            createTable(sql, warehouse);
            insertBatch(sql, batchRows);
            insertStreamingWithSavepoint(sql, table);
            assertEquals(
                    (long) oracle.rowCount(),
                    table.deltaRowsOfCurrentSnapshot(),
                    "rows the commits added (every row exactly once: no loss, no duplicate across"
                            + " the savepoint)");

            sql.run("SET 'execution.runtime-mode' = 'batch'");
            sql.run("CREATE TEMPORARY TABLE " + PATH_TABLE + " ("
                    + "k STRING, event_time TIMESTAMP_LTZ(3), name STRING, amount BIGINT) WITH ("
                    + "'connector' = 'azof', 'path' = " + ScenarioData.stringLiteral(uri(table.dir()))
                    + ")");
            List<Long> asOfTimes = asOfTimes(random, written);
            assertReadsMatch(sql, oracle, asOfTimes, table, "written", "after the INSERTs");

            long beforeCompaction = table.currentSnapshotId();
            StatementResult compaction = sql.run("CALL azof.sys.compact('" + TABLE + "')");
            System.out.println("compaction: " + compaction.rows());
            assertTrue(
                    table.currentSnapshotId() > beforeCompaction && table.currentSnapshotHasBases(),
                    "compaction published a snapshot with bases (snapshot " + beforeCompaction
                            + " -> " + table.currentSnapshotId() + ")");
            assertReadsMatch(
                    sql, oracle, asOfTimes, table, "compacted", "after CALL azof.sys.compact");
        } catch (AssertionError | RuntimeException e) {
            // The same failure with the seed added: its stack and cause, not wrapped in another
            // exception whose report would repeat the whole message.
            AssertionError withSeed =
                    new AssertionError(
                            e.getMessage() + "\n(seed " + seed + ": rerun with -D" + SEED_PROPERTY
                                    + "=" + seed + "; work dir and logs kept in " + workDir + ")",
                            e.getCause());
            withSeed.setStackTrace(e.getStackTrace());
            throw withSeed;
        }
    }

    private void createTable(Sql sql, Path warehouse) {
        sql.run("CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = "
                + ScenarioData.stringLiteral(uri(warehouse)) + ")");
        sql.run("USE CATALOG azof");
        sql.run("CREATE TABLE " + TABLE + " ("
                + "k STRING NOT NULL, event_time TIMESTAMP_LTZ(3), name STRING, amount BIGINT, "
                + "PRIMARY KEY (k) NOT ENFORCED) WITH ("
                + "'bucket' = '3', 'segment.granularity' = 'year,month')");
    }

    private void insertBatch(Sql sql, List<ScenarioRow> rows) {
        sql.run("SET 'execution.runtime-mode' = 'batch'");
        sql.run("SET 'table.dml-sync' = 'true'");
        sql.run("INSERT INTO " + TABLE + " " + ScenarioData.batchQuery(rows));
    }

    /**
     * Streams the datagen sequence into the table with checkpoints, stops the job with a
     * savepoint once several checkpoints have committed, and resumes the same INSERT from the
     * savepoint until its bounded input ends.
     */
    private void insertStreamingWithSavepoint(Sql sql, AzofTableFiles table) {
        sql.run("SET 'execution.runtime-mode' = 'streaming'");
        sql.run("SET 'table.dml-sync' = 'false'");
        sql.run("SET 'execution.checkpointing.interval' = '2 s'");
        sql.run("CREATE TEMPORARY TABLE default_catalog.default_database.id_sequence ("
                + "id BIGINT, "
                + "k AS " + ScenarioData.keySql() + ", "
                + "event_time AS " + ScenarioData.eventTimeSql() + ", "
                + "WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND) WITH ("
                + "'connector' = 'datagen', 'fields.id.kind' = 'sequence', "
                + "'fields.id.start' = '0', "
                + "'fields.id.end' = '" + (ScenarioData.STREAMING_ROWS - 1) + "', "
                + "'rows-per-second' = '" + ROWS_PER_SECOND + "')");
        String insert = "INSERT INTO " + TABLE + " SELECT k, event_time, "
                + ScenarioData.nameSql() + ", " + ScenarioData.amountSql()
                + " FROM default_catalog.default_database.id_sequence";

        long snapshotBefore = table.currentSnapshotId();
        String firstJob = sql.submit(insert);
        Waits.until(
                STREAMING_COMMITS_BEFORE_STOP + " commits of streaming job " + firstJob,
                JOB_TIMEOUT,
                () -> {
                    String state = cluster.jobState(firstJob);
                    if (!"RUNNING".equals(state) && !"INITIALIZING".equals(state)
                            && !"CREATED".equals(state)) {
                        throw new AssertionError("streaming job " + firstJob + " is " + state
                                + " before it was stopped\n" + cluster.describeFailure(firstJob));
                    }
                    return table.currentSnapshotId() >= snapshotBefore + STREAMING_COMMITS_BEFORE_STOP;
                });
        StatementResult stopped = sql.run("STOP JOB '" + firstJob + "' WITH SAVEPOINT");
        String savepoint = (String) stopped.singleValue();
        cluster.awaitJobFinished(firstJob, JOB_TIMEOUT);
        long committedBeforeStop = table.deltaRowsOfCurrentSnapshot() - ScenarioData.BATCH_ROWS;
        System.out.printf(
                "stopped job %s with savepoint %s after %d streaming rows in %d commits%n",
                firstJob, savepoint, committedBeforeStop, table.currentSnapshotId() - snapshotBefore);
        assertTrue(
                committedBeforeStop < ScenarioData.STREAMING_ROWS,
                "the savepoint came before the end of the streaming input (else nothing resumes): "
                        + committedBeforeStop + " of " + ScenarioData.STREAMING_ROWS + " rows");

        sql.run("SET 'execution.savepoint.path' = " + ScenarioData.stringLiteral(savepoint));
        String resumedJob = sql.submit(insert);
        sql.run("RESET 'execution.savepoint.path'");
        cluster.awaitJobFinished(resumedJob, JOB_TIMEOUT);
        assertEquals(
                savepoint,
                cluster.restoredFrom(resumedJob).orElse("(not restored)"),
                "the resumed job restored the savepoint");
    }

    /**
     * Reads the current state and the state as of each time, through the catalog ({@code FOR
     * SYSTEM_TIME AS OF}) and through the path table (an {@code OPTIONS} hint, and a {@code
     * 'scan.as-of'} in the DDL), and compares every answer with the oracle's.
     *
     * <p>The hinted reads are the branches of one UNION ALL, tagged with their index: one job
     * instead of one per read keeps the scenario's time on reads, not on job start-ups. The
     * catalog reads run one query each: Flink's planner merges scans of one catalog table that
     * differ only in their {@code FOR SYSTEM_TIME AS OF} (the scan's digest leaves the time out),
     * so a UNION ALL of them would read every branch at one time.
     */
    private void assertReadsMatch(
            Sql sql,
            AsOfOracle oracle,
            List<Long> asOfTimes,
            AzofTableFiles table,
            String phase,
            String when) {
        List<String> catalogReads = new ArrayList<>(List.of(TABLE));
        List<String> pathReads = new ArrayList<>(List.of(PATH_TABLE));
        List<List<ScenarioRow>> expected = new ArrayList<>(List.of(oracle.current()));
        List<String> descriptions = new ArrayList<>(List.of("the current state"));
        for (long asOf : asOfTimes) {
            Instant instant = Instant.ofEpochMilli(asOf);
            catalogReads.add(TABLE + " FOR SYSTEM_TIME AS OF TIMESTAMP '"
                    + SQL_TIMESTAMP.format(instant) + "'");
            pathReads.add(PATH_TABLE + " /*+ OPTIONS('scan.as-of' = '" + instant + "') */");
            expected.add(oracle.asOf(asOf));
            descriptions.add("as of " + instant);
        }
        for (int q = 0; q < catalogReads.size(); q++) {
            assertTaggedReads(sql, List.of(catalogReads.get(q)), List.of(expected.get(q)),
                    List.of(descriptions.get(q)), "through the catalog, " + when);
        }
        assertTaggedReads(sql, pathReads, expected, descriptions, "through the path table, " + when);

        long first = asOfTimes.get(0);
        String asOfTable = "default_catalog.default_database.events_as_of_" + phase;
        sql.run("CREATE TEMPORARY TABLE " + asOfTable
                + " (k STRING, event_time TIMESTAMP_LTZ(3), name STRING, amount BIGINT) WITH ("
                + "'connector' = 'azof', 'path' = " + ScenarioData.stringLiteral(uri(table.dir()))
                + ", 'scan.as-of' = '" + Instant.ofEpochMilli(first) + "')");
        assertTaggedReads(sql, List.of(asOfTable),
                List.of(oracle.asOf(first)), List.of("as of " + Instant.ofEpochMilli(first)),
                "through 'scan.as-of' in the DDL, " + when);
    }

    /** Runs {@code SELECT q, columns FROM from[q]} for every q as one UNION ALL and checks each. */
    private void assertTaggedReads(
            Sql sql,
            List<String> from,
            List<List<ScenarioRow>> expected,
            List<String> descriptions,
            String how) {
        List<String> branches = new ArrayList<>();
        for (int q = 0; q < from.size(); q++) {
            branches.add("SELECT " + q + " AS q, " + COLUMNS + " FROM " + from.get(q));
        }
        Map<Integer, List<ScenarioRow>> actual = new TreeMap<>();
        for (List<Object> values : sql.run(String.join("\nUNION ALL ", branches)).rows()) {
            int q = ((Number) values.get(0)).intValue();
            actual.computeIfAbsent(q, k -> new ArrayList<>())
                    .add(ScenarioRow.fromResult(values.subList(1, values.size())));
        }
        for (int q = 0; q < from.size(); q++) {
            assertRows(expected.get(q), actual.getOrDefault(q, List.of()), descriptions.get(q) + " " + how);
        }
    }

    /**
     * Random times over the whole history and a day around it, plus the event time of a written
     * row (the bound is inclusive: that row must be in the answer).
     */
    private static List<Long> asOfTimes(Random random, List<ScenarioRow> written) {
        long min = written.stream().mapToLong(ScenarioRow::eventTimeMillis).min().orElseThrow();
        long max = written.stream().mapToLong(ScenarioRow::eventTimeMillis).max().orElseThrow();
        long from = min - Duration.ofDays(1).toMillis();
        long to = max + Duration.ofDays(1).toMillis();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < RANDOM_AS_OF_READS; i++) {
            times.add(from + (long) (random.nextDouble() * (to - from)));
        }
        times.add(written.get(random.nextInt(written.size())).eventTimeMillis());
        return times;
    }

    private static void assertRows(List<ScenarioRow> expected, List<ScenarioRow> actual, String what) {
        List<ScenarioRow> sorted = new ArrayList<>(actual);
        sorted.sort(Comparator.comparing(ScenarioRow::key).thenComparing(ScenarioRow::eventTimeMillis));
        if (sorted.equals(expected)) {
            return;
        }
        Map<String, ScenarioRow> expectedByKey = new TreeMap<>();
        expected.forEach(row -> expectedByKey.put(row.key(), row));
        Map<String, List<ScenarioRow>> actualByKey = new TreeMap<>();
        sorted.forEach(row -> actualByKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row));
        List<String> differences = new ArrayList<>();
        TreeSet<String> allKeys = new TreeSet<>(expectedByKey.keySet());
        allKeys.addAll(actualByKey.keySet());
        for (String key : allKeys) {
            ScenarioRow want = expectedByKey.get(key);
            List<ScenarioRow> got = actualByKey.getOrDefault(key, List.of());
            if (!(want == null ? got.isEmpty() : got.equals(List.of(want)))) {
                differences.add("key " + key + ": expected " + want + ", got " + got);
            }
        }
        throw new AssertionError(
                what + ": " + differences.size() + " keys differ from the oracle (expected "
                        + expected.size() + " rows, got " + actual.size() + "), first ones:\n  "
                        + String.join("\n  ", differences.subList(0, Math.min(10, differences.size()))));
    }

    private static String uri(Path path) {
        // file:///abs/path, without the trailing slash Path#toUri adds to existing directories.
        return "file://" + path.toAbsolutePath();
    }

    /**
     * Statements of one session; a failed statement fails the test with the gateway's root cause
     * and the cluster's.
     */
    private final class Sql {

        private final SqlGatewayClient.Session session;

        Sql(SqlGatewayClient.Session session) {
            this.session = session;
        }

        StatementResult run(String statement) {
            long start = System.nanoTime();
            try {
                return session.execute(statement, JOB_TIMEOUT);
            } catch (SqlStatementException e) {
                throw new AssertionError(e.getMessage() + "\n" + cluster.describeFailure(null), e);
            } finally {
                // A timeline in the test output: where a slow run spends its time.
                System.out.printf(
                        "%6.1f s  %s%n",
                        (System.nanoTime() - start) / 1e9,
                        statement.length() <= 100 ? statement : statement.substring(0, 100) + " [...]");
            }
        }

        /** Submits an INSERT without waiting for its job (dml-sync off); returns the job id. */
        String submit(String insert) {
            StatementResult result = run(insert);
            return result.jobId().orElseGet(() -> (String) result.singleValue());
        }

        List<ScenarioRow> rows(String query) {
            List<ScenarioRow> rows = new ArrayList<>();
            for (List<Object> values : run(query).rows()) {
                rows.add(ScenarioRow.fromResult(values));
            }
            return rows;
        }
    }
}
