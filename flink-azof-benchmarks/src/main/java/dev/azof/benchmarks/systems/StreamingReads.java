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
package dev.azof.benchmarks.systems;

import dev.azof.benchmarks.AnswerChecksum;
import dev.azof.benchmarks.BenchContext;
import dev.azof.benchmarks.HistoryGenerator;
import dev.azof.benchmarks.HistorySpec;
import dev.azof.benchmarks.HistoryStream;
import dev.azof.benchmarks.ProcessMemory;
import dev.azof.benchmarks.RunResult;
import dev.azof.benchmarks.Scenario;
import dev.azof.benchmarks.StreamProbe;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.types.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The streaming-read scenarios, the same for every system: only the table's DDL, the read's
 * options and where a commit's time is found differ (the subclasses in {@link AzofSystem} and
 * {@link PaimonSystem}).
 *
 * <ul>
 *   <li>{@code stream-catchup}: the main history, written by one bounded {@code INSERT} (set-up),
 *       read by a streaming {@code SELECT} from the beginning; timed from the job's submission to
 *       the arrival of the history's last row behind the source, then the job is cancelled.
 *   <li>{@code stream-latency}: a streaming {@code SELECT} started at the latest snapshot, while
 *       this thread commits {@link #COMMITS_SMALL} (or more) small batches, one bounded {@code
 *       INSERT} job each, about one per second; per commit, the delay from the time the commit
 *       recorded in its snapshot to the first and to the last of its rows arriving behind the
 *       source.
 * </ul>
 *
 * Both read with Flink SQL into {@code toChangelogStream(.., ChangelogMode.upsert())}, so the
 * planner adds no normalization step to either, and the rows are counted by a {@link StreamProbe}
 * chained to the source. A run fails unless exactly the rows written arrived.
 */
public abstract class StreamingReads {

    /** Discovery interval of both systems' streaming reads in {@code stream-latency}. */
    public static final Duration DISCOVERY = Duration.ofMillis(100);

    public static final int COMMITS_SMALL = 10;
    public static final int ROWS_PER_COMMIT = 1_000;
    /** Pause between the end of one commit and the start of the next writer job. */
    public static final Duration COMMIT_PAUSE = Duration.ofSeconds(1);

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** The latency scenario's reader and one writer job run at once. */
    public static final int WRITER_SLOTS = 1;

    protected final BenchContext ctx;

    protected StreamingReads(BenchContext ctx) {
        this.ctx = ctx;
    }

    protected abstract String system();

    /** Catalog or temporary-table statements every table environment runs first. */
    protected abstract String[] setup(String table);

    /** Statements that create the table, empty (dropping a former one). */
    protected abstract String[] create(String table) throws Exception;

    /** The name under which {@link #setup} makes the table reachable. */
    protected abstract String tableName(String table);

    /** The table's primary key columns. */
    protected abstract String[] primaryKey();

    /** The SELECT of a streaming read from the beginning (true) or the latest snapshot. */
    protected abstract String select(String table, boolean fromBeginning);

    /** The commit times of the latency scenario's commits, in commit order, or null if the rows carry them. */
    protected abstract long[] commitTimes(String table) throws Exception;

    /** Commits of one latency run: 10 for {@code small}, 30 for the larger sizes, 3 for tests. */
    public static int commits(BenchContext ctx) {
        long rows = ctx.size().rows();
        return rows < 100_000 ? 3 : rows >= 1_000_000 ? 3 * COMMITS_SMALL : COMMITS_SMALL;
    }

    public void prepare(Scenario scenario) throws Exception {
        if (scenario == Scenario.STREAM_CATCHUP) {
            StreamExecutionEnvironment env = ctx.cluster(WRITER_SLOTS).env();
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
            StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
            execute(tEnv, create("catchup"));
            execute(tEnv, setup("catchup"));
            HistorySpec spec = ctx.size().mainHistory();
            tEnv.createTemporaryView("history", tEnv.fromDataStream(HistoryStream.create(env, spec)));
            tEnv.executeSql("INSERT INTO " + tableName("catchup") + " SELECT * FROM history").await();
        }
    }

    public RunResult run(Scenario scenario) throws Exception {
        return scenario == Scenario.STREAM_CATCHUP ? catchUp() : latency();
    }

    private RunResult catchUp() throws Exception {
        HistorySpec spec = ctx.size().mainHistory();
        StreamProbe.reset();
        StreamExecutionEnvironment env = reader("catchup", true);
        long start = System.nanoTime();
        JobClient job = env.executeAsync(system() + " stream-catchup");
        waitFor(() -> StreamProbe.rows(), spec.rows(), job);
        double seconds = (StreamProbe.lastArrivalNanos() - start) / 1e9;
        job.cancel().get(1, TimeUnit.MINUTES);
        checkRows(Scenario.STREAM_CATCHUP, spec.rows());
        String expected = expectedAnswer(spec);
        if (!StreamProbe.answer().equals(expected)) {
            throw new IllegalStateException(system() + " stream-catchup: the rows that left the source have the"
                    + " fingerprint " + StreamProbe.answer() + ", the history's is " + expected);
        }
        return new RunResult(Scenario.STREAM_CATCHUP.id(), system(), StreamProbe.rows(), seconds, -1,
                ProcessMemory.peakRssMb(), StreamProbe.answer());
    }

    private RunResult latency() throws Exception {
        int commits = commits(ctx);
        StreamExecutionEnvironment writerEnv = ctx.cluster(WRITER_SLOTS).env();
        writerEnv.setRuntimeMode(RuntimeExecutionMode.BATCH);
        writerEnv.setParallelism(1);
        StreamTableEnvironment writer = StreamTableEnvironment.create(writerEnv);
        execute(writer, create("latency"));
        execute(writer, setup("latency"));
        // A first commit, so that the table exists and "latest" has a snapshot to start after.
        commit(writer, writerEnv, -1);

        StreamProbe.reset();
        JobClient job = reader("latency", false).executeAsync(system() + " stream-latency");
        waitUntilRunning(job);
        // The enumerator picks its start snapshot once running; a commit before that would be missed.
        Thread.sleep(3_000);
        for (int c = 0; c < commits; c++) {
            commit(writer, writerEnv, c);
            Thread.sleep(COMMIT_PAUSE.toMillis());
        }
        long expected = (long) commits * ROWS_PER_COMMIT;
        waitFor(() -> StreamProbe.rows(), expected, job);
        job.cancel().get(1, TimeUnit.MINUTES);
        checkRows(Scenario.STREAM_LATENCY, expected);

        Map<Long, StreamProbe.Commit> arrivals = StreamProbe.commits();
        long[] times = commitTimes("latency");
        double[] first = new double[commits];
        double[] last = new double[commits];
        for (int c = 0; c < commits; c++) {
            StreamProbe.Commit a = arrivals.get((long) c);
            if (a == null || a.rows != ROWS_PER_COMMIT) {
                throw new IllegalStateException(system() + " stream-latency: commit " + c + " arrived with "
                        + (a == null ? 0 : a.rows) + " rows, expected " + ROWS_PER_COMMIT);
            }
            long committed = times == null ? a.commitMillis : times[c];
            first[c] = (a.firstArrivalMillis - committed) / 1000.0;
            last[c] = (a.lastArrivalMillis - committed) / 1000.0;
            System.err.printf(Locale.ROOT, "%s commit %d at %d: first row after %.3f s, last after %.3f s%n",
                    system(), c, committed, first[c], last[c]);
        }
        // One result line per statistic: the suite stores them as scenarios of their own.
        String[] ids = {"first-p50", "first-p95", "last-p50", "last-p95"};
        double[] values = {percentile(first, 50), percentile(first, 95), percentile(last, 50), percentile(last, 95)};
        for (int i = 0; i < 3; i++) {
            System.out.println(new RunResult(Scenario.STREAM_LATENCY.id() + "-" + ids[i], system(), expected,
                    values[i], -1, ProcessMemory.peakRssMb(), "").protocolLine());
        }
        return new RunResult(Scenario.STREAM_LATENCY.id() + "-" + ids[3], system(), expected, values[3], -1,
                ProcessMemory.peakRssMb(), "");
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, int p) {
        double[] v = values.clone();
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    private StreamExecutionEnvironment reader(String table, boolean fromBeginning) {
        StreamExecutionEnvironment env;
        try {
            env = ctx.cluster(WRITER_SLOTS).env();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        addRead(env, table, fromBeginning);
        System.err.println(system() + " streaming read job:\n" + env.getExecutionPlan());
        return env;
    }

    /**
     * Adds the streaming read, into a {@link StreamProbe} recorder chained to the source. By
     * default a Flink SQL query, turned into an upsert stream keyed like the table (Paimon's then
     * reaches the probe without a ChangelogNormalize step).
     */
    protected void addRead(StreamExecutionEnvironment env, String table, boolean fromBeginning) {
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        execute(tEnv, setup(table));
        Table rows = tEnv.sqlQuery(select(table, fromBeginning));
        // An upsert stream keyed like the table, deletes by key: no ChangelogNormalize behind the source.
        Schema schema = Schema.newBuilder().fromResolvedSchema(rows.getResolvedSchema()).primaryKey(primaryKey()).build();
        DataStream<Row> changes = tEnv.toChangelogStream(rows, schema, ChangelogMode.upsert(true));
        changes.flatMap(StreamProbe.recorder(!fromBeginning)).name("probe").sinkTo(new DiscardingSink<>());
    }

    /** One bounded INSERT of commit {@code c}'s rows (tag c in {@code revenue}): one commit. */
    private void commit(StreamTableEnvironment tEnv, StreamExecutionEnvironment env, int c) throws Exception {
        DataStream<RowData> rows = env.fromSequence(0, ROWS_PER_COMMIT - 1)
                .map(new CommitRows(c))
                .returns(InternalTypeInfo.of(HistoryGenerator.ROW_TYPE));
        String view = "commit_" + (c + 1);
        tEnv.createTemporaryView(view, tEnv.fromDataStream(rows));
        tEnv.executeSql("INSERT INTO " + tableName("latency") + " SELECT * FROM " + view).await();
    }

    private void checkRows(Scenario scenario, long expected) throws InterruptedException {
        // Cancelled: anything still in flight has arrived; more rows than written would be duplicates.
        Thread.sleep(200);
        if (StreamProbe.rows() != expected || StreamProbe.otherRows() != 0) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s %s: %d upserts and %d other rows left the source, expected %d upserts",
                    system(), scenario.id(), StreamProbe.rows(), StreamProbe.otherRows(), expected));
        }
    }

    private static void waitFor(LongSupplier count, long expected, JobClient job) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (count.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                job.cancel();
                throw new IllegalStateException("timed out after " + TIMEOUT + ": " + count.getAsLong()
                        + " of " + expected + " rows arrived");
            }
            JobStatus status = job.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                throw new IllegalStateException("the streaming read ended (" + status + ") after "
                        + count.getAsLong() + " of " + expected + " rows");
            }
            Thread.sleep(5);
        }
    }

    private static void waitUntilRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline || job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the streaming read did not start: " + job.getJobStatus().get());
            }
            Thread.sleep(20);
        }
    }

    static void execute(StreamTableEnvironment tEnv, String... statements) {
        for (String s : statements) {
            tEnv.executeSql(s);
        }
    }

    /** Commit {@code c}'s rows: keys 0..n-1, event times c seconds after the history's start. */
    private static final class CommitRows implements MapFunction<Long, RowData> {
        private static final long serialVersionUID = 1L;
        private final long commit;

        CommitRows(long commit) {
            this.commit = commit;
        }

        @Override
        public RowData map(Long j) {
            long eventTime = HistorySpec.START.toEpochMilli() + (commit + 1) * 1000L + j % 1000;
            return GenericRowData.of(StringData.fromString(HistoryGenerator.ticker(j)),
                    TimestampData.fromEpochMillis(eventTime), commit, 0L, 0L);
        }
    }

    /** The fingerprint a full read of {@code spec}'s history must have. */
    public static String expectedAnswer(HistorySpec spec) {
        HistoryGenerator generator = new HistoryGenerator(spec);
        AnswerChecksum answer = new AnswerChecksum();
        for (long i = 0; i < spec.rows(); i++) {
            RowData row = generator.row(i);
            answer.add(row.getString(0).toString(), row.getTimestamp(1, 3).getMillisecond());
        }
        return answer.value();
    }
}
