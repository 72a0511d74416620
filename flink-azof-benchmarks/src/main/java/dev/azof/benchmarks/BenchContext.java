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

import dev.azof.flink.sink.DistributionMode;

import java.time.Duration;

/** What every system of one benchmark JVM shares: the size, the data, the cluster settings. */
public final class BenchContext implements AutoCloseable {

    private final BenchmarkSize size;
    private final Workspace workspace;
    private final int parallelism;
    private final Duration checkpointInterval;
    private final DistributionMode azofDistribution;
    private BenchCluster cluster;
    private S3Target s3;
    private int spareSlots;

    public BenchContext(
            BenchmarkSize size,
            Workspace workspace,
            int parallelism,
            Duration checkpointInterval,
            DistributionMode azofDistribution) {
        this.size = size;
        this.workspace = workspace;
        this.parallelism = parallelism;
        this.checkpointInterval = checkpointInterval;
        this.azofDistribution = azofDistribution;
    }

    public BenchmarkSize size() {
        return size;
    }

    public Workspace workspace() {
        return workspace;
    }

    public int parallelism() {
        return parallelism;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** The azof sink's distribution mode: the default unless an experiment asks otherwise. */
    public DistributionMode azofDistribution() {
        return azofDistribution;
    }

    /** Connects this JVM to the S3 server of the S3 scenarios (before the cluster starts). */
    public void useS3(S3Target target) {
        this.s3 = target;
    }

    /** The S3 server of the S3 scenarios. */
    public S3Target s3() {
        if (s3 == null) {
            throw new IllegalStateException("the S3 scenarios need --s3-endpoint (run.sh passes it)");
        }
        return s3;
    }

    /** The JVM's Flink cluster, started on first use (never inside a timed section). */
    public BenchCluster cluster() throws Exception {
        if (cluster == null) {
            cluster = BenchCluster.start(parallelism);
        }
        return cluster;
    }

    /**
     * The JVM's cluster with {@code spareSlots} slots beyond the parallelism, for a job that runs
     * beside another (a writer beside a streaming read); started on first use.
     */
    public BenchCluster cluster(int spareSlots) throws Exception {
        if (cluster == null) {
            cluster = BenchCluster.start(parallelism, parallelism + spareSlots);
            this.spareSlots = spareSlots;
        } else if (this.spareSlots < spareSlots) {
            throw new IllegalStateException("the cluster was started without " + spareSlots
                    + " spare slots: run this scenario in a JVM of its own");
        }
        return cluster;
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
