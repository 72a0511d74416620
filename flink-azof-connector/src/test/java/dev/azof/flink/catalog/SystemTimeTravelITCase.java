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
import dev.azof.core.commit.TableCommits;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.write.TableWriter;
import dev.azof.testing.MiniClusters;

import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code FOR SYSTEM_TIME AS OF} through the catalog, against the oracle, in the session time
 * zones UTC, Europe/Berlin (positive offset) and America/New_York (negative offset), around their
 * daylight-saving changes (SystemTimeAsOfTest covers more zones without a cluster): a {@code
 * TIMESTAMP} event time answers the same SQL text the same in every zone (the literal is a
 * wall-clock time), a {@code TIMESTAMP_LTZ} one reads the literal as an instant in the session
 * zone, and event times finer than milliseconds are refused in favour of the {@code scan.as-of}
 * hint, which keeps every digit.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SystemTimeTravelITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final List<String> ZONES =
            List.of("UTC", "Europe/Berlin", "America/New_York");

    /** Spring-forward and fall-back nights of Berlin and New York in 2024, in UTC. */
    private static final List<Instant> TRANSITIONS =
            List.of(
                    Instant.parse("2024-03-10T07:00:00Z"),
                    Instant.parse("2024-03-31T01:00:00Z"),
                    Instant.parse("2024-10-27T01:00:00Z"),
                    Instant.parse("2024-11-03T06:00:00Z"));

    /** Copies of each random table: one per read of a query (see {@link #select}). */
    private static final int COPIES = 11;

    private static final DateTimeFormatter LITERAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @TempDir static java.nio.file.Path warehouse;

    private static long seed;
    private static Random rnd;

    /** Per table, its events: key, event time (epoch micros, as compared), value, tombstone. */
    private static final Map<String, List<long[]>> EVENTS = new HashMap<>();

    private TableEnvironment tEnv;

    @BeforeAll
    static void writeTables() throws Exception {
        seed = System.nanoTime();
        System.out.println("SystemTimeTravelITCase seed " + seed);
        rnd = new Random(seed);
        writeRandomTable("wall3", new TimestampType(3));
        writeRandomTable("ltz3", new LocalZonedTimestampType(3));
        // The issue's example: rows 0.5 ms and 0.501 ms after midnight.
        for (String name : new String[] {"wall6", "ltz6"}) {
            LogicalType type =
                    name.startsWith("wall") ? new TimestampType(6) : new LocalZonedTimestampType(6);
            Path dir = new Path(warehouse.resolve(name).toString());
            Snapshot snap = TableCommits.createTable(dir, schema(type), 2, Map.of());
            commit(
                    dir,
                    snap,
                    List.of(
                            row(1, Instant.parse("2024-01-01T00:00:00.000500Z"), 10, false),
                            row(2, Instant.parse("2024-01-01T00:00:00.000501Z"), 20, false)));
        }
    }

    @BeforeEach
    void setUp() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 2);
        tEnv.executeSql(
                "CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = '" + warehouse + "')");
        tEnv.executeSql("USE CATALOG azof");
    }

    private static TableSchema schema(LogicalType eventTime) {
        return TableSchema.of(
                List.of(
                        Column.of("k", new BigIntType(false)),
                        Column.of("ts", eventTime),
                        Column.of("v", new IntType())),
                List.of("k"),
                "ts");
    }

    private static RowData row(long k, Instant ts, int v, boolean deleted) {
        return GenericRowData.of(k, TimestampData.fromInstant(ts), v, deleted);
    }

    private static Snapshot commit(Path dir, Snapshot snap, List<RowData> rows) throws Exception {
        return TableCommits.commitFiles(
                new SnapshotStore(dir), snap, new TableWriter(dir, snap).writeDeltas(rows), Map.of());
    }

    /**
     * 400 events of 25 keys within a day of the transitions, millisecond event times, in three
     * commits in random (so out-of-order and late) arrival order, with tombstones.
     */
    private static void writeRandomTable(String name, LogicalType type) throws Exception {
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Instant near = TRANSITIONS.get(rnd.nextInt(TRANSITIONS.size()));
            long micros =
                    (near.toEpochMilli() + (long) ((rnd.nextDouble() - 0.5) * 2 * 86_400_000L)) * 1000;
            events.add(new long[] {rnd.nextInt(25), micros, rnd.nextInt(1000), rnd.nextInt(10) == 0 ? 1 : 0});
        }
        for (int copy = 0; copy < COPIES; copy++) {
            Path dir = new Path(warehouse.resolve(name + "_" + copy).toString());
            Snapshot snap =
                    TableCommits.createTable(dir, schema(type), 2, Map.of("segment.granularity", "day"));
            for (int c = 0; c < 3; c++) {
                List<RowData> rows = new ArrayList<>();
                for (long[] e : events.subList(c * 400 / 3, (c + 1) * 400 / 3)) {
                    rows.add(row(e[0], micros(e[1]), (int) e[2], e[3] == 1));
                }
                snap = commit(dir, snap, rows);
            }
        }
        // Arrival order breaks ties of (key, event time): make event times unique per key.
        Map<String, long[]> unique = new HashMap<>();
        for (long[] e : events) {
            unique.put(e[0] + "@" + e[1], e);
        }
        EVENTS.put(name, new ArrayList<>(unique.values()));
        assertThat(unique).as("no repeated (key, event time) in %s", name).hasSize(400);
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /** The oracle: per key, the latest event with event time <= bound, unless a tombstone. */
    private static List<String> expected(String table, String tag, long boundMicros) {
        Map<Long, long[]> winners = new HashMap<>();
        for (long[] e : EVENTS.get(table)) {
            if (e[1] <= boundMicros) {
                long[] w = winners.get(e[0]);
                if (w == null || e[1] > w[1]) {
                    winners.put(e[0], e);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (long[] w : winners.values()) {
            if (w[3] == 0) {
                out.add("+I[" + tag + ", " + w[0] + ", " + w[2] + "]");
            }
        }
        return out;
    }

    private static long microsOf(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        Collections.sort(rows);
        return rows;
    }

    /** Wall-clock literals: at events (the bound is inclusive), random ones, DST corner cases. */
    private static List<LocalDateTime> literals(String table, ZoneId zoneOfEvents) {
        List<LocalDateTime> out = new ArrayList<>();
        List<long[]> events = EVENTS.get(table);
        for (int i = 0; i < 3; i++) {
            out.add(LocalDateTime.ofInstant(micros(events.get(rnd.nextInt(events.size()))[1]), zoneOfEvents));
        }
        for (int i = 0; i < 3; i++) {
            Instant near = TRANSITIONS.get(rnd.nextInt(TRANSITIONS.size()));
            out.add(
                    LocalDateTime.ofInstant(near, ZoneOffset.UTC)
                            .plusNanos((long) ((rnd.nextDouble() - 0.5) * 2 * 86_400_000L) * 1_000_000L));
        }
        // Berlin: skipped (02:30), right after the gap (03:30), repeated (02:30 in October).
        out.add(LocalDateTime.parse("2024-03-31T02:30:00"));
        out.add(LocalDateTime.parse("2024-03-31T03:30:00"));
        out.add(LocalDateTime.parse("2024-10-27T02:30:00"));
        // New York: skipped and repeated hours.
        out.add(LocalDateTime.parse("2024-03-10T02:15:00"));
        out.add(LocalDateTime.parse("2024-11-03T01:45:00"));
        return out;
    }

    /** Whether another wall-clock time reaches the catalog as the same instant (brute force). */
    private static boolean ambiguous(LocalDateTime literal, ZoneId zone) {
        Instant at = literal.atZone(zone).toInstant();
        for (int minutes = -120; minutes <= 120; minutes += 15) {
            if (minutes != 0 && literal.plusMinutes(minutes).atZone(zone).toInstant().equals(at)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Read {@code i} of a query, as of {@code literal}, tagged. Flink 2.1 plans two FOR SYSTEM_TIME
     * AS OF scans of one table that differ only in time as one scan (see docs/connector.md), so
     * read {@code i} reads copy {@code i} of the table.
     */
    private static String select(String table, int i, LocalDateTime literal) {
        return "SELECT 'q"
                + i
                + "' AS tag, k, v FROM "
                + table
                + "_"
                + i
                + " FOR SYSTEM_TIME AS OF TIMESTAMP '"
                + LITERAL.format(literal)
                + "'";
    }

    @Test
    void wallClockEventTimeAnswersTheSameSqlTheSameInEveryZone() throws Exception {
        List<LocalDateTime> literals = literals("wall3", ZoneOffset.UTC);
        Map<String, List<String>> answers = new HashMap<>();
        for (String zone : ZONES) {
            ZoneId zoneId = ZoneId.of(zone);
            tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, zone);
            List<String> selects = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < literals.size(); i++) {
                LocalDateTime literal = literals.get(i);
                String tag = "q" + i;
                int n = i;
                if (ambiguous(literal, zoneId)) {
                    assertThatThrownBy(() -> query(select("wall3", n, literal)))
                            .as("%s in %s", literal, zone)
                            .hasStackTraceContaining("daylight saving")
                            .hasStackTraceContaining("'scan.as-of'");
                    continue;
                }
                selects.add(select("wall3", n, literal));
                // TIMESTAMP event times compare as UTC wall clock, whatever the session zone.
                long bound = microsOf(literal.toInstant(ZoneOffset.UTC));
                expected.addAll(expected("wall3", tag, bound));
                answers.computeIfAbsent(tag, t -> new ArrayList<>());
            }
            List<String> actual = query(String.join(" UNION ALL ", selects));
            Collections.sort(expected);
            assertThat(actual).as("session zone %s, seed %d", zone, seed).isEqualTo(expected);
        }
        // Berlin refused its skipped and just-after-gap hours; UTC answered them.
        assertThat(ambiguous(LocalDateTime.parse("2024-03-31T02:30:00"), ZoneId.of("Europe/Berlin"))).isTrue();
        assertThat(ambiguous(LocalDateTime.parse("2024-03-31T03:30:00"), ZoneId.of("Europe/Berlin"))).isTrue();
        assertThat(ambiguous(LocalDateTime.parse("2024-10-27T02:30:00"), ZoneId.of("Europe/Berlin"))).isFalse();
    }

    @Test
    void instantEventTimeReadsTheLiteralInTheSessionZone() throws Exception {
        for (String zone : ZONES) {
            ZoneId zoneId = ZoneId.of(zone);
            tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, zone);
            List<LocalDateTime> literals = literals("ltz3", zoneId);
            List<String> selects = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < literals.size(); i++) {
                String tag = "q" + i;
                selects.add(select("ltz3", i, literals.get(i)));
                // Flink's rule: the literal is a time in the session zone (a skipped time moves on).
                long bound = microsOf(literals.get(i).atZone(zoneId).toInstant());
                expected.addAll(expected("ltz3", tag, bound));
            }
            List<String> actual = query(String.join(" UNION ALL ", selects));
            Collections.sort(expected);
            assertThat(actual).as("session zone %s, seed %d", zone, seed).isEqualTo(expected);
        }
    }

    @Test
    void eventTimesFinerThanMillisecondsAreRefusedAndTheHintKeepsTheirDigits() throws Exception {
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        for (String table : new String[] {"wall6", "ltz6"}) {
            assertThatThrownBy(
                            () ->
                                    query(
                                            "SELECT k FROM "
                                                    + table
                                                    + " FOR SYSTEM_TIME AS OF TIMESTAMP"
                                                    + " '2024-01-01 00:00:00.000500'"))
                    .as(table)
                    .hasStackTraceContaining("milliseconds")
                    .hasStackTraceContaining("OPTIONS('scan.as-of'");
            assertThat(
                            query(
                                    "SELECT k, v FROM "
                                            + table
                                            + " /*+ OPTIONS('scan.as-of'="
                                            + "'2024-01-01T00:00:00.000500Z') */"))
                    .as(table)
                    .containsExactly("+I[1, 10]");
        }
        // Millisecond event times: sub-millisecond digits of the literal change no answer.
        assertThat(new TreeSet<>(query(select("ltz3", 0, LocalDateTime.parse("2024-03-31T01:00:00.000999")))))
                .isEqualTo(new TreeSet<>(query(select("ltz3", 0, LocalDateTime.parse("2024-03-31T01:00:00")))));
    }
}
