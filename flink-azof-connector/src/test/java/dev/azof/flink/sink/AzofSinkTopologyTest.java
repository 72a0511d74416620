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

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How Flink translates the sink with compaction: with and without a uid on the sink (SQL sets
 * none), in streaming and batch mode, and which uids the sink's operators get.
 */
class AzofSinkTopologyTest {

    @TempDir java.nio.file.Path tmp;

    private StreamGraph translate(RuntimeExecutionMode mode, String sinkUid) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, mode);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        AzofSink sink =
                AzofSink.forRowData(SinkTestSupport.schema())
                        .path(tmp.resolve("t").toString())
                        .compaction(AutoCompaction.everyCommits(2))
                        .build();
        DataStreamSink<?> out =
                env.fromSource(SinkTestSupport.generator(1, 0, 10, 5, 0, 10), SinkTestSupport.watermarks(), "changelog")
                        .uid("source")
                        .sinkTo(sink);
        if (sinkUid != null) {
            out.uid(sinkUid);
        }
        return env.getStreamGraph();
    }

    /** Operator name (without Flink's prefixes) to uid, null where Flink generates the id. */
    private static Map<String, String> uids(StreamGraph graph) {
        Map<String, String> uids = new HashMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String name = node.getOperatorName();
            String kind =
                    name.contains("Writer") ? "writer"
                            : name.contains("Committer") ? "committer"
                            : name.contains("commit aggregator") ? "aggregator"
                            : name.contains("compaction") ? "compaction"
                            : "source";
            uids.put(kind, node.getTransformationUID());
        }
        return uids;
    }

    /**
     * A SQL INSERT whose planner gives operators uids ('table.exec.uid.generation' = 'ALWAYS', as
     * compiled plans do): the sink's own operators derive theirs from the sink's.
     */
    @Test
    void sqlWithPlannerUidsGivesTheSinksOwnOperatorsUids() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.getConfig().set(ExecutionConfigOptions.TABLE_EXEC_UID_GENERATION, ExecutionConfigOptions.UidGeneration.ALWAYS);
        t.executeSql(
                "CREATE TABLE target (k STRING, v STRING, ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED) WITH"
                        + " ('connector' = 'azof', 'path' = '" + tmp.resolve("sql") + "', 'event-time.column' = 'ts',"
                        + " 'compaction.enabled' = 'true')");
        t.executeSql("CREATE TEMPORARY VIEW input AS SELECT * FROM (VALUES ('a', 'x', TIMESTAMP '2024-01-01 00:00:00'))"
                + " AS v(k, v, ts)");
        StreamStatementSet insert = t.createStatementSet();
        insert.addInsertSql("INSERT INTO target SELECT k, v, ts FROM input");
        insert.attachAsDataStream();
        Map<String, String> uids = uids(env.getStreamGraph());
        assertThat(uids.get("writer")).isNotNull();
        assertThat(uids.get("aggregator")).isEqualTo(uids.get("writer") + ": azof-commit-aggregator");
        assertThat(uids.get("compaction")).isEqualTo(uids.get("writer") + ": azof-compaction");
    }

    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void translatesWithoutAUidOnTheSinkAsSqlDoes(RuntimeExecutionMode mode) {
        Map<String, String> uids = uids(translate(mode, null));
        assertThat(uids).containsKeys("writer", "aggregator", "committer", "compaction");
        assertThat(uids.get("writer")).isNull();
        assertThat(uids.get("committer")).isNull();
        assertThat(uids.get("aggregator")).isNull();
        assertThat(uids.get("compaction")).isNull();
    }

    /** All the sink's operators' uids (and so their state in savepoints) follow the sink's. */
    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void derivesEveryOperatorsUidFromTheSinkUid(RuntimeExecutionMode mode) {
        Map<String, String> uids = uids(translate(mode, "azof-sink"));
        assertThat(uids.get("writer")).isEqualTo("azof-sink");
        assertThat(uids.get("committer")).isEqualTo("Sink Committer: azof-sink");
        // Stateful (the writer id): its state must follow the sink's uid too.
        assertThat(uids.get("aggregator")).isEqualTo("azof-sink: azof-commit-aggregator");
        assertThat(uids.get("compaction")).isEqualTo("azof-sink: azof-compaction");
    }
}
