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
package dev.azof.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Flink SQL gateway ({@code org.apache.flink.table.gateway.SqlGateway}) in its own JVM, as
 * {@code bin/sql-gateway.sh} starts it: classpath lib/ and opt/ (where a distribution keeps the
 * gateway jar), {@code FLINK_CONF_DIR} pointing at the cluster's conf directory, so it submits to
 * that cluster ({@code rest.address}/{@code rest.port}), and {@code -D} dynamic properties for its
 * own REST endpoint.
 *
 * <p>The gateway is the SQL client of this test: a separate process that plans statements with
 * the distribution's planner and the connector as the cluster has it, and hands jobs to the
 * cluster over REST, like any user's SQL client does ({@code flink-sql-client} is not served for
 * most versions here; the gateway is).
 */
public final class SqlGatewayProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    // The planner and procedures (compaction) run in the gateway: enough for small tables.
    private static final String HEAP = "-Xmx1g";

    private final JvmProcess process;
    private final int port;

    private SqlGatewayProcess(JvmProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a gateway for {@code cluster} and waits until its REST endpoint answers. */
    public static SqlGatewayProcess start(StandaloneCluster cluster) {
        FlinkDistribution flink = cluster.flink();
        int port = FreePorts.pick(1).get(0);
        Path logDir = cluster.logDir();
        List<String> jvmOptions = new ArrayList<>(List.of(HEAP));
        jvmOptions.addAll(flink.jvmOptions());
        jvmOptions.addAll(
                StandaloneCluster.logSettings(cluster.confDir(), logDir.resolve("sql-gateway.log")));
        List<String> arguments =
                List.of(
                        "-Dsql-gateway.endpoint.rest.address=127.0.0.1",
                        "-Dsql-gateway.endpoint.rest.bind-address=127.0.0.1",
                        "-Dsql-gateway.endpoint.rest.port=" + port,
                        // Submit to the session cluster of the conf directory's rest.address.
                        "-Dexecution.target=remote");
        JvmProcess process =
                JvmProcess.start(
                        "sql-gateway",
                        flink.java(),
                        jvmOptions,
                        flink.gatewayClasspath(),
                        "org.apache.flink.table.gateway.SqlGateway",
                        arguments,
                        Map.of("FLINK_CONF_DIR", cluster.confDir().toString()),
                        cluster.workDir(),
                        logDir.resolve("sql-gateway.out"));
        SqlGatewayProcess gateway = new SqlGatewayProcess(process, port);
        try {
            gateway.awaitReady();
            return gateway;
        } catch (RuntimeException | Error e) {
            String output = LogFiles.tail(process.outputFile(), 30);
            String errors =
                    String.join("\n", LogFiles.lastFailureEvents(logDir.resolve("sql-gateway.log"), 3));
            gateway.close();
            throw new IllegalStateException(
                    "the SQL gateway did not start: " + e.getMessage() + "\noutput:\n" + output
                            + "\nlog errors:\n" + errors,
                    e);
        }
    }

    private void awaitReady() {
        HttpJson http = new HttpJson();
        Waits.until(
                "the SQL gateway at " + endpoint(),
                START_TIMEOUT,
                () -> {
                    process.checkAlive();
                    try {
                        return http.get(endpoint().resolve("/api_versions")).ok();
                    } catch (IOException notUpYet) {
                        return false;
                    }
                });
    }

    /** The gateway's REST endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public JvmProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
