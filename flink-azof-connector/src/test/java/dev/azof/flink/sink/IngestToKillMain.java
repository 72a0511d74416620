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

import dev.azof.testing.FlinkPlugins;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;


/**
 * A streaming ingest of {@link SinkTestSupport}'s changelog into an azof table, in a JVM of its
 * own so that a test can kill it with SIGKILL mid-stream: {@code IngestToKillMain <table> <seed>
 * <count> <keys> <events per second> [key=value ...]}; the optional pairs are the Flink
 * configuration its file systems start with (the S3 server's, say), loaded with their plugins.
 */
public final class IngestToKillMain {

    private IngestToKillMain() {}

    public static void main(String[] args) throws Exception {
        String table = args[0];
        long seed = Long.parseLong(args[1]);
        long count = Long.parseLong(args[2]);
        int keys = Integer.parseInt(args[3]);
        double perSecond = Double.parseDouble(args[4]);
        if (args.length > 5) {
            Configuration fileSystems = new Configuration();
            for (int i = 5; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                fileSystems.setString(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
            FlinkPlugins.initializeFileSystems(fileSystems);
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // One source subtask: the events committed are then a prefix of the changelog.
        env.setParallelism(1);
        env.enableCheckpointing(200);
        env.fromSource(
                        SinkTestSupport.generator(seed, 0, count, keys, 5, perSecond),
                        SinkTestSupport.watermarks(),
                        "changelog")
                .sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW)
                                .path(table)
                                .segmentGranularity("month")
                                .buckets(2)
                                .build());
        System.out.println("ingest starting: " + table);
        env.execute("azof ingest to be killed");
        System.out.println("ingest finished");
    }
}
