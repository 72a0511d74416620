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
package dev.azof.testing;

import org.apache.flink.core.fs.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.UUID;

/**
 * Hadoop's in-process HDFS (a NameNode and one DataNode) for one test class: {@link #start()} in
 * {@code @BeforeAll}, {@link #close()} in {@code @AfterAll}. Tables live under {@link #newDir},
 * addressed as {@code hdfs://127.0.0.1:<port>/...} through Flink's Hadoop file system.
 */
public final class HdfsCluster implements AutoCloseable {

    private final MiniDFSCluster cluster;
    private final File baseDir;

    private HdfsCluster(MiniDFSCluster cluster, File baseDir) {
        this.cluster = cluster;
        this.baseDir = baseDir;
    }

    public static HdfsCluster start() throws IOException {
        File base = Files.createTempDirectory("azof-hdfs").toFile();
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getAbsolutePath());
        // Small blocks and no web UI: a test cluster that starts quickly.
        conf.setBoolean("dfs.webhdfs.enabled", false);
        conf.setLong("dfs.blocksize", 1L << 20);
        conf.setInt("dfs.replication", 1);
        MiniDFSCluster cluster =
                new MiniDFSCluster.Builder(conf, base).numDataNodes(1).format(true).build();
        cluster.waitActive();
        return new HdfsCluster(cluster, base);
    }

    /**
     * Flink configuration for processes that use this cluster (a MiniCluster's, or given to
     * {@code FileSystem.initialize}): Flink hands {@code flink.hadoop.*} keys to its Hadoop file
     * system. HDFS clients poll for a closed file's completion from 400 ms on by default; a test
     * cluster completes files within milliseconds.
     */
    public static org.apache.flink.configuration.Configuration flinkConfiguration() {
        org.apache.flink.configuration.Configuration conf =
                new org.apache.flink.configuration.Configuration();
        conf.setString("flink.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10");
        return conf;
    }

    /** {@code hdfs://127.0.0.1:<port>} */
    public String uri() {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    /** A fresh directory name (not created) under the cluster's root. */
    public Path newDir(String name) {
        return new Path(uri() + "/" + name + "-" + UUID.randomUUID());
    }

    @Override
    public void close() throws IOException {
        cluster.shutdown(true);
        org.apache.flink.util.FileUtils.deleteDirectoryQuietly(baseDir);
    }
}
