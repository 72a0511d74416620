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

import dev.azof.benchmarks.BenchCluster;
import dev.azof.benchmarks.BenchmarkSize;
import dev.azof.benchmarks.ChecksumSink;
import dev.azof.benchmarks.HistoryGenerator;
import dev.azof.benchmarks.JoinFacts;
import dev.azof.benchmarks.Scenario;
import dev.azof.benchmarks.Workspace;
import dev.azof.flink.sink.AzofSink;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a Flink job of the point-in-time join's shape costs without the join (run by hand, see
 * docs/benchmarks.md): in one JVM and cluster, alternately, the azof join of the {@code
 * asof-join-x16} scenario, the same join against a table of one row (the job's shape: the facts
 * read and shuffled, without versions to read or find), and the facts read alone. The difference
 * is what the join itself costs; the floor is what any Flink job reading those facts pays.
 */
public final class JoinFloor {

    private JoinFloor() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: JoinFloor <workspace> <size> <parallelism> <rounds>");
            System.exit(2);
        }
        Workspace workspace = new Workspace(Path.of(args[0]));
        BenchmarkSize size = BenchmarkSize.of(args[1]);
        int parallelism = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Scenario scenario = Scenario.ASOF_JOIN_X16;
        // The suite's facts, written as the suite writes them when missing.
        JoinFacts.write(scenario.spec(size), size.joinFacts(), workspace.parquetHistory(scenario.facts()), 4);
        String facts = workspace.parquetHistory(scenario.facts()).toUri().toString();
        String table = workspace.azofTable(scenario.history()).toUri().toString();
        try (BenchCluster cluster = BenchCluster.start(parallelism)) {
            String oneRowTable = oneRowTable(cluster);
            for (int r = 0; r < rounds; r++) {
                double join = run(cluster, facts, table, true);
                double oneRowJoin = run(cluster, facts, oneRowTable, true);
                double scan = run(cluster, facts, table, false);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: join %.3f s, the same join with a one-row table %.3f s, facts read alone %.3f s%n",
                        r,
                        join,
                        oneRowJoin,
                        scan);
            }
        }
    }

    /** A table of the history's schema holding one row: its join pays the job, not the lookups. */
    private static String oneRowTable(BenchCluster cluster) throws Exception {
        Path dir = Files.createTempDirectory("join-floor");
        StreamExecutionEnvironment env = cluster.env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        GenericRowData row = new GenericRowData(HistoryGenerator.ROW_TYPE.getFieldCount());
        row.setField(0, StringData.fromString("no-such-ticker"));
        row.setField(1, TimestampData.fromEpochMillis(0));
        env.fromData(InternalTypeInfo.of(HistoryGenerator.ROW_TYPE), (RowData) row)
                .sinkTo(
                        AzofSink.forRowData(HistoryGenerator.ROW_TYPE)
                                .path(dir.toUri().toString())
                                .primaryKey(HistoryGenerator.KEY)
                                .eventTimeColumn(HistoryGenerator.EVENT_TIME)
                                .buckets(AzofSystem.BUCKETS)
                                .build());
        env.execute("join floor: one-row table");
        return dir.toUri().toString();
    }

    /** Runs the join, or the facts' read alone, as the suite runs the join; prints its times. */
    private static double run(BenchCluster cluster, String facts, String table, boolean join) throws Exception {
        StreamExecutionEnvironment env = cluster.env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
        FlinkSqlAsOf.fixParallelism(tEnv);
        AzofSystem.declareJoinTables(tEnv, facts, table);
        long start = System.nanoTime();
        String query = join ? AzofSystem.joinQuery() : "SELECT CAST(fid AS STRING) AS fid, t FROM facts";
        ChecksumSink.ofRows(tEnv.toDataStream(tEnv.sqlQuery(query)));
        JobExecutionResult result = env.execute("join floor: " + (join ? "join" : "facts read alone"));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "  %s: %.3f s, of which the job ran %.3f s%n",
                join ? "join" : "facts read alone",
                seconds,
                result.getNetRuntime() / 1e3);
        return seconds;
    }
}
