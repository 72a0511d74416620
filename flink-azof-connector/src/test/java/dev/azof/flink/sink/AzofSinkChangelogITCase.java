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

import dev.azof.core.plan.EventTimes;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.Rows;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deletes from Flink changelogs (docs/spec.md, section 7.5): an updating query (GROUP BY, with and
 * without a HAVING that retracts), a CDC changelog with before-images and delete events that carry
 * their time, written through SQL; every as-of answer equals the oracle's.
 *
 * <p>Two oracles. The <em>changelog</em> oracle replays what the sink receives under the
 * documented rule (a retraction's tombstone just after the watermark at its arrival): exact at
 * every time. The <em>query</em> oracle is what the query's result was as of t (the query over
 * the input with event time at or before t): the table equals it at every input event time, since
 * the inputs are in event-time order and a tombstone lies after the watermark and not after the
 * (on-time) event that caused it. Between the watermark and that event the table may already show
 * the deletion: that window is what 'watermark' cannot know.
 *
 * <p>Deterministic: parallelism 1, one watermark after every record (the greatest event time so
 * far), no checkpoints (one commit at end of input). Seed: -Dazof.seed.
 */
@Timeout(180)
class AzofSinkChangelogITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension();

    private static final long SEED = Long.getLong("azof.seed", System.nanoTime());
    private static final Instant EPOCH = Instant.parse("2001-01-01T00:00:00Z");
    private static final long MS = 1000; // micros

    @TempDir java.nio.file.Path tmp;

    /** A watermark after every record: the greatest event time so far. */
    static final class EveryRecord<T> implements WatermarkGenerator<T> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(T event, long timestamp, WatermarkOutput output) {
            if (timestamp > max) {
                max = timestamp;
                output.emitWatermark(new Watermark(max));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    private static StreamTableEnvironment tableEnv() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        return t;
    }

    private static DataStream<Row> stream(StreamTableEnvironment t, List<Row> rows, TypeInformation<Row> type) {
        StreamExecutionEnvironment env =
                ((org.apache.flink.table.api.bridge.java.internal.StreamTableEnvironmentImpl) t).execEnv();
        return env.fromData(type, rows.toArray(new Row[0]))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Row>forGenerator(ctx -> new EveryRecord<>())
                                .withTimestampAssigner((r, ts) -> ((Instant) r.getField("et")).toEpochMilli()));
    }

    private static Schema withSourceWatermark() {
        return Schema.newBuilder()
                .columnByMetadata("rt", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                .watermark("rt", "SOURCE_WATERMARK()")
                .build();
    }

    private String createTable(StreamTableEnvironment t, String name, String columns, String options) {
        String path = tmp.resolve(name).toString();
        t.executeSql(
                "CREATE TABLE " + name + " (" + columns + ", PRIMARY KEY (k) NOT ENFORCED) WITH ("
                        + "'connector' = 'azof', 'path' = '" + path + "', 'event-time.column' = 'et',"
                        + " 'segment.granularity' = 'month', 'bucket' = '2'" + options + ")");
        return path;
    }

    private static Instant at(long micros) {
        return EventTimes.instant(micros);
    }

    private static long micros(Instant t) {
        return EventTimes.micros(t);
    }

    /** Input in event-time order: strictly increasing times (1 s to 3 h apart), random keys. */
    private static List<long[]> inOrderInput(Random random, int count, int keys) {
        List<long[]> out = new ArrayList<>();
        long t = micros(EPOCH);
        for (int i = 0; i < count; i++) {
            t += (1 + random.nextInt(3 * 3600)) * 1_000_000L;
            out.add(new long[] {random.nextInt(keys), t});
        }
        return out;
    }

    private static void assertAsOf(
            String path, RowType type, List<Event> facts, TreeSet<Long> times, String what) throws Exception {
        AzofTable table = AzofTable.open(path);
        for (long t : times) {
            assertThat(SinkTestSupport.read(table, at(t)))
                    .as("%s as of %s (seed %s)", what, at(t), SEED)
                    .isEqualTo(AsOfOracle.expected(facts, t, Integer.MAX_VALUE, type));
        }
        assertThat(SinkTestSupport.read(table, null))
                .as("%s current (seed %s)", what, SEED)
                .isEqualTo(AsOfOracle.expected(facts, Long.MAX_VALUE, Integer.MAX_VALUE, type));
        assertThat(TableValidator.validate(new Path(path))).isEmpty();
    }

    /** At most {@code n} of the times, at random: each read costs. */
    private static TreeSet<Long> sample(Random random, TreeSet<Long> times, int n) {
        List<Long> all = new ArrayList<>(times);
        java.util.Collections.shuffle(all, random);
        return new TreeSet<>(all.subList(0, Math.min(n, all.size())));
    }

    private static Event fact(String key, long et, Long count, boolean deleted, long arrival) {
        GenericRowData row =
                GenericRowData.of(
                        StringData.fromString(key),
                        TimestampData.fromEpochMillis(Math.floorDiv(et, MS)),
                        count);
        return new Event(List.of(key), et, row, deleted, 1, arrival);
    }

    /**
     * {@code SELECT k, MAX(et), COUNT(*) ... GROUP BY k}, and the same with {@code HAVING
     * COUNT(*) < 2} (the example: the sink receives a lone UPDATE_BEFORE when a key's
     * second row arrives, and the key must leave the table), in one job.
     */
    @Test
    void updatingQueryWithAndWithoutHaving() throws Exception {
        Random random = new Random(SEED);
        System.out.println("AzofSinkChangelogITCase.updatingQuery seed " + SEED);
        List<long[]> input = inOrderInput(random, 300, 40);
        List<Row> rows = new ArrayList<>();
        for (long[] in : input) {
            rows.add(Row.of("k" + in[0], at(in[1])));
        }
        StreamTableEnvironment t = tableEnv();
        TypeInformation<Row> type = Types.ROW_NAMED(new String[] {"k", "et"}, Types.STRING, Types.INSTANT);
        t.createTemporaryView("src", t.fromDataStream(stream(t, rows, type), withSourceWatermark()));
        String columns = "k STRING NOT NULL, et TIMESTAMP_LTZ(3), n BIGINT";
        String all = createTable(t, "per_key", columns, "");
        String having = createTable(t, "single", columns, "");
        StatementSet set = t.createStatementSet();
        set.addInsertSql(
                "INSERT INTO per_key SELECT k, CAST(MAX(et) AS TIMESTAMP_LTZ(3)), COUNT(*) FROM src GROUP BY k");
        set.addInsertSql(
                "INSERT INTO single SELECT k, CAST(MAX(et) AS TIMESTAMP_LTZ(3)), COUNT(*) FROM src"
                        + " GROUP BY k HAVING COUNT(*) < 2");
        long started = System.nanoTime();
        String plan = set.explain(ExplainDetail.CHANGELOG_MODE);
        System.out.println(plan);
        set.execute().await();
        System.out.printf("job %.1f s%n", (System.nanoTime() - started) / 1e9);

        // The changelog oracle, by replaying the query in arrival order under the sink's rule.
        List<Event> allFacts = new ArrayList<>();
        List<Event> havingFacts = new ArrayList<>();
        List<Event> tombstones = new ArrayList<>();
        Map<String, long[]> state = new HashMap<>(); // key -> {max et, count}
        long watermark = Long.MIN_VALUE; // micros
        long arrival = 0;
        TreeSet<Long> times = new TreeSet<>();
        for (long[] in : input) {
            String k = "k" + in[0];
            long[] old = state.get(k);
            long[] now = old == null ? new long[] {in[1], 1} : new long[] {Math.max(old[0], in[1]), old[1] + 1};
            state.put(k, now);
            allFacts.add(fact(k, now[0], now[1], false, arrival++));
            if (now[1] == 1) {
                havingFacts.add(fact(k, now[0], 1L, false, arrival++));
            } else if (now[1] == 2) {
                // A lone UPDATE_BEFORE: a tombstone just after the watermark, and after the row.
                long tombstone = Math.max(old[0] + MS, watermark == Long.MIN_VALUE ? 0 : watermark + MS);
                tombstones.add(fact(k, tombstone, null, true, 0));
                times.add(tombstone);
                times.add(tombstone - MS);
            }
            watermark = Math.max(watermark, in[1]);
            times.add(in[1]);
            times.add(in[1] - MS);
        }
        // Tombstones are written when the checkpoint ends: after every row of it.
        for (Event e : tombstones) {
            havingFacts.add(new Event(e.key, e.eventMicros, e.row, true, 1, arrival++));
        }
        RowType rowType = AzofTable.open(all).rowType();
        times = sample(random, times, 40);
        assertAsOf(all, rowType, allFacts, times, "GROUP BY");
        assertAsOf(having, rowType, havingFacts, times, "GROUP BY ... HAVING");
        System.out.printf("changelog oracle %.1f s%n", (System.nanoTime() - started) / 1e9);

        // The query oracle at input event times: the query over the input up to then.
        AzofTable single = AzofTable.open(having);
        AzofTable perKey = AzofTable.open(all);
        for (int i = 0; i < input.size(); i += 1 + random.nextInt(12)) {
            long time = input.get(i)[1];
            Map<String, long[]> prefix = new HashMap<>();
            for (long[] r : input) {
                if (r[1] <= time) {
                    prefix.merge("k" + r[0], new long[] {r[1], 1}, (a, b) -> new long[] {Math.max(a[0], b[0]), a[1] + b[1]});
                }
            }
            List<List<Object>> expectedAll = new ArrayList<>();
            List<List<Object>> expectedHaving = new ArrayList<>();
            for (Map.Entry<String, long[]> e : prefix.entrySet()) {
                List<Object> row = Rows.values(fact(e.getKey(), e.getValue()[0], e.getValue()[1], false, 0).row, rowType);
                expectedAll.add(row);
                if (e.getValue()[1] < 2) {
                    expectedHaving.add(row);
                }
            }
            assertThat(SinkTestSupport.read(perKey, at(time)))
                    .as("GROUP BY as of input time %s (seed %s)", at(time), SEED)
                    .isEqualTo(Rows.sorted(expectedAll));
            assertThat(SinkTestSupport.read(single, at(time)))
                    .as("HAVING as of input time %s (seed %s)", at(time), SEED)
                    .isEqualTo(Rows.sorted(expectedHaving));
        }
        // The case, end state: only keys with a single row remain.
        long singles = state.values().stream().filter(s -> s[1] == 1).count();
        assertThat(SinkTestSupport.read(single, null)).hasSize((int) singles);
        assertThat(tombstones).as("the input must make keys leave the HAVING").isNotEmpty();
    }

    /**
     * A CDC changelog with before-images (-U/+U pairs and -D rows that carry the old row's event
     * time) under the default 'watermark' rule, and a stream of delete events at their own time
     * (the demo's op = D lines: out of order, some days late) under 'row', in one job.
     */
    @Test
    void cdcChangelogAndDeleteEvents() throws Exception {
        Random random = new Random(SEED + 1);
        System.out.println("AzofSinkChangelogITCase.cdcChangelogAndDeleteEvents seed " + (SEED + 1));
        // The CDC changelog: operations at increasing times tau; a deleted key never returns.
        List<Row> cdc = new ArrayList<>();
        List<Event> cdcFacts = new ArrayList<>();
        Map<String, long[]> live = new HashMap<>(); // key -> {value, event time}
        List<Long> opTimes = new ArrayList<>(); // per changelog row: its operation's time
        TreeSet<Long> taus = new TreeSet<>();
        List<String> order = new ArrayList<>();
        long tau = micros(EPOCH);
        long watermark = Long.MIN_VALUE;
        long arrival = 0;
        int nextKey = 0;
        int deletes = 0;
        TreeSet<Long> times = new TreeSet<>();
        List<Event> tombstones = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            tau += (1 + random.nextInt(3600)) * 1_000_000L;
            int choice = random.nextInt(10);
            if (live.size() < 5 || choice < 4) {
                String k = "c" + nextKey++;
                live.put(k, new long[] {i, tau});
                order.add(k);
                cdc.add(Row.ofKind(RowKind.INSERT, k, at(tau), (long) i));
                opTimes.add(tau);
                watermark = Math.max(watermark, tau);
                taus.add(tau);
                cdcFacts.add(fact(k, tau, (long) i, false, arrival++));
            } else {
                String k = order.get(random.nextInt(order.size()));
                long[] old = live.get(k);
                if (choice < 8) {
                    cdc.add(Row.ofKind(RowKind.UPDATE_BEFORE, k, at(old[1]), old[0]));
                    cdc.add(Row.ofKind(RowKind.UPDATE_AFTER, k, at(tau), (long) i));
                    opTimes.add(tau);
                    opTimes.add(tau);
                    watermark = Math.max(watermark, tau);
                    taus.add(tau);
                    live.put(k, new long[] {i, tau});
                    cdcFacts.add(fact(k, tau, (long) i, false, arrival++));
                } else {
                    cdc.add(Row.ofKind(RowKind.DELETE, k, at(old[1]), old[0]));
                    opTimes.add(tau);
                    live.remove(k);
                    order.remove(k);
                    long tombstone = Math.max(old[1], watermark) + MS;
                    tombstones.add(fact(k, tombstone, null, true, 0));
                    times.add(tombstone);
                    times.add(tombstone - MS);
                    deletes++;
                }
            }
            // The watermark after every record is the greatest event time so far: a before-image
            // carries an older time, so only inserts and updates move it (above).
            times.add(tau);
        }
        for (Event e : tombstones) {
            cdcFacts.add(new Event(e.key, e.eventMicros, e.row, true, 1, arrival++));
        }

        // Delete events at their own time, out of order: up to 10 hours, 10% of them days late.
        List<Row> events = new ArrayList<>();
        List<Event> eventFacts = new ArrayList<>();
        TreeSet<Long> eventTimes = new TreeSet<>();
        for (int i = 0; i < 250; i++) {
            String k = "e" + random.nextInt(25);
            long lagHours = random.nextInt(10) == 0 ? 24 * (1 + random.nextInt(5)) : random.nextInt(10);
            long et = micros(EPOCH) + (i - lagHours) * 3_600_000_000L + i * MS;
            boolean delete = random.nextInt(100) < 15;
            long n = i;
            events.add(Row.ofKind(delete ? RowKind.DELETE : RowKind.INSERT, k, at(et), n));
            eventFacts.add(fact(k, et, delete ? null : n, delete, i));
            eventTimes.add(et);
            eventTimes.add(et - MS);
        }

        StreamTableEnvironment t = tableEnv();
        // Changes go straight to the sink: Flink's upsert materializer would drop a DELETE whose
        // values differ from the row it deletes (a delete event carries its own time).
        t.getConfig().set("table.exec.sink.upsert-materialize", "NONE");
        TypeInformation<Row> type =
                Types.ROW_NAMED(new String[] {"k", "et", "n"}, Types.STRING, Types.INSTANT, Types.LONG);
        t.createTemporaryView(
                "cdc", t.fromChangelogStream(stream(t, cdc, type), withSourceWatermark(), ChangelogMode.all()));
        t.createTemporaryView(
                "events",
                t.fromChangelogStream(
                        stream(t, events, type),
                        withSourceWatermark(),
                        ChangelogMode.newBuilder()
                                .addContainedKind(RowKind.INSERT)
                                .addContainedKind(RowKind.DELETE)
                                .build()));
        String columns = "k STRING NOT NULL, et TIMESTAMP_LTZ(3), n BIGINT";
        String cdcTable = createTable(t, "cdc_t", columns, "");
        String eventTable = createTable(t, "event_t", columns, ", 'sink.delete-time' = 'row'");
        StatementSet set = t.createStatementSet();
        set.addInsertSql("INSERT INTO cdc_t SELECT k, CAST(et AS TIMESTAMP_LTZ(3)), n FROM cdc");
        set.addInsertSql("INSERT INTO event_t SELECT k, CAST(et AS TIMESTAMP_LTZ(3)), n FROM events");
        System.out.println(set.explain(ExplainDetail.CHANGELOG_MODE));
        set.execute().await();

        RowType rowType = AzofTable.open(cdcTable).rowType();
        assertThat(deletes).as("the changelog must delete keys").isPositive();
        assertAsOf(cdcTable, rowType, cdcFacts, sample(random, times, 40), "CDC");
        assertAsOf(eventTable, rowType, eventFacts, sample(random, eventTimes, 40), "delete events");

        // The query oracle for the CDC table at operation times: the source table as of then
        // (every key's latest version whose operation happened at or before t). A deletion's
        // own time is not in the changelog: its tombstone lies after the watermark (the last
        // insert or update before it) and not after it, so the answers agree at the times of
        // inserts and updates.
        AzofTable table = AzofTable.open(cdcTable);
        for (long time : sample(random, taus, 20)) {
            Map<String, Event> state = new HashMap<>();
            for (int j = 0; j < cdc.size(); j++) {
                Row r = cdc.get(j);
                long et = micros((Instant) r.getField(1));
                String k = (String) r.getField(0);
                if (opTimes.get(j) > time || r.getKind() == RowKind.UPDATE_BEFORE) {
                    continue;
                }
                if (r.getKind() == RowKind.DELETE) {
                    state.remove(k);
                } else {
                    state.put(k, fact(k, et, (Long) r.getField(2), false, 0));
                }
            }
            List<List<Object>> expected = new ArrayList<>();
            for (Event e : state.values()) {
                expected.add(Rows.values(e.row, rowType));
            }
            assertThat(SinkTestSupport.read(table, at(time)))
                    .as("CDC as of %s, the source's state then (seed %s)", at(time), SEED + 1)
                    .isEqualTo(Rows.sorted(expected));
        }
    }

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicInteger PASSED = new AtomicInteger();
    static final AtomicInteger PASSED_AFTER_FAILURE = new AtomicInteger();
    /** The changelog of each operation, by operation index: read by the job (same JVM). */
    static volatile List<List<RowData>> operations;

    /**
     * The CDC changelog (with lone UPDATE_BEFOREs) under the default rule, written by a streaming job with checkpoints that
     * fails once (on an UPDATE_AFTER, after its UPDATE_BEFORE passed and after a completed
     * checkpoint), is stopped with a savepoint and finished by a new job restored from it: every
     * as-of answer equals the changelog oracle, and the table holds exactly the oracle's facts.
     *
     * <p>The source emits operations; each becomes its rows in one call (as CDC connectors emit a
     * before- and after-image together), so a checkpoint barrier never separates an
     * UPDATE_BEFORE from its UPDATE_AFTER; the failure may.
     */
    @Test
    void cdcChangelogAcrossFailureAndSavepointRestore() throws Exception {
        long seed = SEED + 2;
        Random random = new Random(seed);
        System.out.println("AzofSinkChangelogITCase.cdcChangelogAcrossFailureAndSavepointRestore seed " + seed);
        RowType rowType =
                RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            new org.apache.flink.table.types.logical.VarCharType(false, Integer.MAX_VALUE),
                            new org.apache.flink.table.types.logical.LocalZonedTimestampType(3),
                            new org.apache.flink.table.types.logical.BigIntType()
                        },
                        new String[] {"k", "et", "n"});
        List<List<RowData>> ops = new ArrayList<>();
        List<Event> facts = new ArrayList<>();
        Map<String, long[]> live = new HashMap<>(); // key -> {value, event time}
        List<String> order = new ArrayList<>();
        TreeSet<Long> times = new TreeSet<>();
        long tau = micros(EPOCH);
        long watermark = Long.MIN_VALUE;
        long arrival = 0;
        int nextKey = 0;
        int deletes = 0;
        for (int i = 0; i < 300; i++) {
            tau += (1 + random.nextInt(3600)) * 1_000_000L;
            int choice = random.nextInt(10);
            if (live.size() < 5 || choice < 4) {
                String k = "c" + nextKey++;
                live.put(k, new long[] {i, tau});
                order.add(k);
                ops.add(List.of(cdcRow(RowKind.INSERT, k, tau, i)));
                watermark = Math.max(watermark, tau);
                facts.add(fact(k, tau, (long) i, false, arrival++));
            } else {
                String k = order.get(random.nextInt(order.size()));
                long[] old = live.get(k);
                if (choice < 8) {
                    ops.add(List.of(cdcRow(RowKind.UPDATE_BEFORE, k, old[1], old[0]), cdcRow(RowKind.UPDATE_AFTER, k, tau, i)));
                    watermark = Math.max(watermark, tau);
                    live.put(k, new long[] {i, tau});
                    facts.add(fact(k, tau, (long) i, false, arrival++));
                } else {
                    // A DELETE, or a lone UPDATE_BEFORE (as a HAVING that drops the key emits).
                    RowKind kind = random.nextBoolean() ? RowKind.DELETE : RowKind.UPDATE_BEFORE;
                    ops.add(List.of(cdcRow(kind, k, old[1], old[0])));
                    live.remove(k);
                    order.remove(k);
                    // A deleted key never returns: where its tombstone lies among the rows of
                    // its checkpoint does not matter.
                    long tombstone = Math.max(old[1], watermark) + MS;
                    facts.add(fact(k, tombstone, null, true, arrival++));
                    times.add(tombstone);
                    times.add(tombstone - MS);
                    deletes++;
                }
            }
            times.add(tau);
            times.add(tau - MS);
        }
        assertThat(deletes).as("the changelog must delete keys").isPositive();
        operations = ops;
        FAILED.set(false);
        CHECKPOINTED.set(false);
        PASSED.set(0);
        PASSED_AFTER_FAILURE.set(0);
        String path = tmp.resolve("cdc_failover").toString();

        // 1. A job that fails once, then is stopped with a savepoint half-way.
        org.apache.flink.core.execution.JobClient first = cdcJob(rowType, path, null).executeAsync("cdc, fails once");
        long deadline = System.currentTimeMillis() + 60_000;
        // Rows pass after the restart: the job runs again (a savepoint needs running tasks).
        while (!(PASSED_AFTER_FAILURE.get() > 10 && PASSED.get() > ops.size() / 2)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(FAILED.get()).as("the first job failed once (seed %s)", seed).isTrue();
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                tmp.resolve("sp").toUri().toString(),
                                org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
                        .get(60, java.util.concurrent.TimeUnit.SECONDS);
        long committedBefore = AzofTable.open(path).snapshot().id();

        // 2. A new job restored from the savepoint finishes the input.
        cdcJob(rowType, path, savepoint).execute("cdc, restored");

        assertThat(AzofTable.open(path).snapshot().id())
                .as("the restored job committed more (seed %s)", seed)
                .isGreaterThan(committedBefore);
        RowType tableType = AzofTable.open(path).rowType();
        assertAsOf(path, tableType, facts, sample(random, times, 40), "CDC across failure and restore");
        // Nothing duplicated: an as-of read cannot see a second copy of a fact.
        long rows = 0;
        for (dev.azof.core.metadata.DataFile f : AzofTable.open(path).snapshot().allFiles()) {
            rows += f.rows();
        }
        assertThat(rows).as("facts in the table (seed %s)", seed).isEqualTo(facts.size());
    }

    private static RowData cdcRow(RowKind kind, String k, long et, long n) {
        GenericRowData row =
                GenericRowData.ofKind(kind, StringData.fromString(k), TimestampData.fromEpochMillis(Math.floorDiv(et, MS)), n);
        return row;
    }

    private StreamExecutionEnvironment cdcJob(RowType rowType, String path, String savepoint) {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        if (savepoint != null) {
            conf.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(100);
        org.apache.flink.api.common.typeinfo.TypeInformation<RowData> rowInfo =
                org.apache.flink.table.runtime.typeutils.InternalTypeInfo.of(rowType);
        int count = operations.size();
        env.fromSource(
                        new org.apache.flink.connector.datagen.source.DataGeneratorSource<>(
                                index -> index.intValue(),
                                count,
                                org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy.perSecond(250),
                                Types.INT),
                        WatermarkStrategy.noWatermarks(),
                        "operations")
                .uid("operations")
                .flatMap(new ExpandOperation())
                .returns(rowInfo)
                .uid("expand")
                .map(new FailOnceOnUpdateAfter())
                .returns(rowInfo)
                .uid("fail-once")
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<RowData>forGenerator(ctx -> new EveryRecord<>())
                                .withTimestampAssigner((r, ts) -> r.getTimestamp(1, 3).getMillisecond()))
                .uid("watermarks")
                .sinkTo(
                        AzofSink.forRowData(rowType)
                                .path(path)
                                .primaryKey("k")
                                .eventTimeColumn("et")
                                .segmentGranularity("month")
                                .buckets(2)
                                .build())
                .uid("azof");
        return env;
    }

    /** An operation's rows, emitted in one call: a barrier never falls between them. */
    static final class ExpandOperation implements org.apache.flink.api.common.functions.FlatMapFunction<Integer, RowData> {
        @Override
        public void flatMap(Integer index, org.apache.flink.util.Collector<RowData> out) {
            for (RowData row : operations.get(index)) {
                out.collect(row);
            }
        }
    }

    /** Fails once, on an UPDATE_AFTER (its UPDATE_BEFORE went on), after a completed checkpoint. */
    static final class FailOnceOnUpdateAfter
            implements org.apache.flink.api.common.functions.MapFunction<RowData, RowData>,
                    org.apache.flink.api.common.state.CheckpointListener {
        private boolean sawRows;

        @Override
        public RowData map(RowData row) {
            if (row.getRowKind() == RowKind.UPDATE_AFTER && CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
                throw new RuntimeException("expected test failure between an UPDATE_BEFORE and its UPDATE_AFTER");
            }
            sawRows = true;
            PASSED.incrementAndGet();
            if (FAILED.get()) {
                PASSED_AFTER_FAILURE.incrementAndGet();
            }
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (sawRows) {
                CHECKPOINTED.set(true);
            }
        }
    }
}
