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

import dev.azof.benchmarks.systems.AzofSystem;
import dev.azof.benchmarks.systems.BenchSystem;
import dev.azof.benchmarks.systems.DuckDbSystem;
import dev.azof.benchmarks.systems.FileSinkParquetSystem;
import dev.azof.benchmarks.systems.FlinkSqlParquetSystem;
import dev.azof.benchmarks.systems.IcebergSystem;
import dev.azof.benchmarks.systems.PaimonSystem;
import dev.azof.flink.sink.DistributionMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark JVM: runs the given scenarios of one system, each {@code runs} times, and prints
 * one {@link RunResult#protocolLine()} per run on stdout (logs go to stderr).
 *
 * <pre>
 * BenchmarkJvm --workspace DIR --size NAME --system NAME --scenarios a,b --runs N [--warm-up-runs W]
 *              --parallelism P --checkpoint-seconds S [--azof-distribution-mode bucket|none]
 *              [--s3-endpoint URL --s3-access-key K --s3-secret-key S [--s3-region R]]
 * </pre>
 *
 * <p>{@code --azof-distribution-mode} picks a mode other than the sink's default: the suite measures
 * ingest with {@code bucket} beside the default. {@code --warm-up-runs} runs the first scenario W
 * times more, first, and reports nothing of them (the suite's interleaved join rounds, whose JVMs
 * run each scenario only a few times).
 */
public final class BenchmarkJvm {

    private BenchmarkJvm() {}

    public static void main(String[] args) throws Exception {
        String workspace = null;
        String size = "default";
        String system = null;
        List<Scenario> scenarios = new ArrayList<>();
        int runs = 3;
        int warmUpRuns = 0;
        int parallelism = 2;
        int checkpointSeconds = 10;
        DistributionMode azofDistribution = DistributionMode.DEFAULT;
        String s3Endpoint = null;
        String s3AccessKey = null;
        String s3SecretKey = null;
        String s3Region = "us-east-1";
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--workspace":
                    workspace = value;
                    break;
                case "--size":
                    size = value;
                    break;
                case "--system":
                    system = value;
                    break;
                case "--scenarios":
                    for (String s : value.split(",")) {
                        scenarios.add(Scenario.of(s));
                    }
                    break;
                case "--runs":
                    runs = Integer.parseInt(value);
                    break;
                case "--warm-up-runs":
                    warmUpRuns = Integer.parseInt(value);
                    break;
                case "--parallelism":
                    parallelism = Integer.parseInt(value);
                    break;
                case "--checkpoint-seconds":
                    checkpointSeconds = Integer.parseInt(value);
                    break;
                case "--azof-distribution-mode":
                    azofDistribution = DistributionMode.parse(value);
                    break;
                case "--s3-endpoint":
                    s3Endpoint = value;
                    break;
                case "--s3-access-key":
                    s3AccessKey = value;
                    break;
                case "--s3-secret-key":
                    s3SecretKey = value;
                    break;
                case "--s3-region":
                    s3Region = value;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (workspace == null || system == null || scenarios.isEmpty()) {
            throw new IllegalArgumentException("--workspace, --system and --scenarios are required");
        }
        try (BenchContext ctx =
                new BenchContext(
                        BenchmarkSize.of(size),
                        new Workspace(Path.of(workspace)),
                        parallelism,
                        Duration.ofSeconds(checkpointSeconds),
                        azofDistribution)) {
            if (s3Endpoint != null) {
                // File systems first: the cluster's tasks then see s3:// as configured.
                ctx.useS3(S3Target.connect(s3Endpoint, s3AccessKey, s3SecretKey, s3Region));
            }
            BenchSystem sut = system(system, ctx);
            for (Scenario scenario : scenarios) {
                sut.prepare(scenario);
                for (int run = 1; scenario == scenarios.get(0) && run <= warmUpRuns; run++) {
                    RunResult warmUp = sut.run(scenario, run);
                    System.err.printf("warm-up run %d of %s: %.3f s%n", run, scenario.id(), warmUp.seconds());
                }
                for (int run = 1; run <= runs; run++) {
                    RunResult result = sut.run(scenario, run);
                    System.out.println(result.protocolLine());
                    System.out.flush();
                }
            }
        }
        // Flink and DuckDB may leave non-daemon threads behind.
        System.exit(0);
    }

    static BenchSystem system(String name, BenchContext ctx) {
        switch (name) {
            case "azof":
                return new AzofSystem(ctx);
            case "filesink-parquet":
                return new FileSinkParquetSystem(ctx);
            case "paimon":
                return new PaimonSystem(ctx);
            case "iceberg":
                return new IcebergSystem(ctx);
            case "duckdb":
                return new DuckDbSystem(ctx);
            case "flink-sql-parquet":
                return new FlinkSqlParquetSystem(ctx);
            default:
                throw new IllegalArgumentException("unknown system '" + name + "'");
        }
    }
}
