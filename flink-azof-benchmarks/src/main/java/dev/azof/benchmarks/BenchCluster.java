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
package dev.azof.benchmarks;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader;

import java.util.List;

/**
 * One local Flink cluster per benchmark JVM, started before any clock runs, so that the timed
 * work of every Flink-based system excludes cluster start-up alike. Every system gets the same
 * slots, managed memory, parallelism and object reuse.
 */
public final class BenchCluster implements AutoCloseable {

    public static final MemorySize MANAGED_MEMORY = MemorySize.parse("256m");

    private final MiniCluster cluster;
    private final int parallelism;

    private BenchCluster(MiniCluster cluster, int parallelism) {
        this.cluster = cluster;
        this.parallelism = parallelism;
    }

    public static BenchCluster start(int parallelism) throws Exception {
        return start(parallelism, parallelism);
    }

    /** A cluster with more slots than the parallelism, for jobs that run beside another. */
    public static BenchCluster start(int parallelism, int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        conf.set(RestOptions.BIND_PORT, "0");
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        cluster.start();
        return new BenchCluster(cluster, parallelism);
    }

    /** A fresh environment whose jobs run on this cluster, at the benchmark's parallelism. */
    public StreamExecutionEnvironment env() {
        Configuration conf =
                MiniClusterPipelineExecutorServiceLoader.updateConfigurationForMiniCluster(
                        new Configuration(), List.of(), List.of());
        StreamExecutionEnvironment env =
                new StreamExecutionEnvironment(
                        new MiniClusterPipelineExecutorServiceLoader(cluster),
                        conf,
                        BenchCluster.class.getClassLoader());
        env.setParallelism(parallelism);
        // What a tuned production job sets; every system's operators copy what they keep.
        env.getConfig().enableObjectReuse();
        return env;
    }

    public int parallelism() {
        return parallelism;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
