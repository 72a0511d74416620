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

import dev.azof.testing.CountingHttpProxy;
import dev.azof.testing.FlinkPlugins;

import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The S3-compatible server of the S3 scenarios as one benchmark JVM sees it: Flink's S3 file
 * system (a plugin) and azof's commit point configured for it, every request passing through a
 * {@link CountingHttpProxy}, so that a run can report what it asked of the store.
 */
public final class S3Target implements AutoCloseable {

    /** The bucket the suite creates for the S3 scenarios. */
    public static final String BUCKET = "bench";

    private final CountingHttpProxy proxy;

    private S3Target(CountingHttpProxy proxy) {
        this.proxy = proxy;
    }

    /** Starts the counting proxy in front of {@code endpoint} and initializes file systems. */
    public static S3Target connect(String endpoint, String accessKey, String secretKey, String region)
            throws IOException {
        CountingHttpProxy proxy = CountingHttpProxy.inFrontOf(endpoint);
        Configuration config = new Configuration();
        config.setString("s3.endpoint", proxy.endpoint());
        config.setString("s3.endpoint.region", region);
        config.setString("s3.path.style.access", "true");
        config.setString("s3.access-key", accessKey);
        config.setString("s3.secret-key", secretKey);
        FlinkPlugins.initializeFileSystems(config);
        return new S3Target(proxy);
    }

    /** A location in the benchmark bucket, {@code s3://bench/<path>}. */
    public String uri(String path) {
        return "s3://" + BUCKET + "/" + path;
    }

    public void resetCounts() {
        proxy.reset();
    }

    /** The requests since the last reset, as {@code KIND=n} pairs joined by '+', e.g. {@code GET=3+HEAD=2}. */
    public String counts() {
        Map<String, Long> counts = proxy.counts();
        StringJoiner joined = new StringJoiner("+");
        for (String kind : new String[] {"LIST", "HEAD", "GET", "PUT", "POST", "DELETE"}) {
            joined.add(kind + "=" + counts.getOrDefault(kind, 0L));
        }
        return joined.toString();
    }

    @Override
    public void close() throws IOException {
        proxy.close();
    }
}
