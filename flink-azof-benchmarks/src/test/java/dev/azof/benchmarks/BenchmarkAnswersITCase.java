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
import dev.azof.benchmarks.systems.FlinkSqlParquetSystem;
import dev.azof.flink.sink.DistributionMode;

import dev.azof.testing.S3ProxyServer;

import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's read paths give the oracle's answer: per key, the row with the latest event
 * time at or before t among all generated rows. Covers the streaming ingest (late rows,
 * checkpoints) plus compaction behind the azof reads, and Flink SQL over the Parquet history.
 */
class BenchmarkAnswersITCase {

    private static final BenchmarkSize TINY = new BenchmarkSize("tiny", 20_000, 1_000, 2, 500, 4_000, 2_000, 1);

    @TempDir Path tmp;

    @Test
    void azofAndFlinkSqlAnswerWhatTheOracleAnswers() throws Exception {
        Workspace workspace = new Workspace(tmp);
        for (int m : GrowthChart.MULTIPLIERS) {
            ParquetHistory.write(TINY.growthHistory(m), workspace.parquetHistory("growth-x" + m), 2);
        }
        ParquetHistory.write(TINY.mainHistory(), workspace.parquetHistory("main"), 2);
        try (BenchContext ctx = new BenchContext(TINY, workspace, 2, Duration.ofMillis(200), DistributionMode.DEFAULT)) {
            AzofSystem azof = new AzofSystem(ctx);
            FlinkSqlParquetSystem flinkSql = new FlinkSqlParquetSystem(ctx);
            azof.run(Scenario.INGEST, 1);
            for (Scenario s : new Scenario[] {Scenario.ASOF_MID, Scenario.ASOF_END, Scenario.GROWTH_X4}) {
                String expected = oracle(s.spec(TINY), s.asOf(TINY).toEpochMilli());
                azof.prepare(s);
                assertThat(azof.run(s, 1).answer()).as("azof %s", s.id()).isEqualTo(expected);
                assertThat(flinkSql.run(s, 1).answer()).as("flink sql %s", s.id()).isEqualTo(expected);
            }
        }
    }

    @Test
    void azofOnS3AnswersWhatTheOracleAnswersWithoutListing() throws Exception {
        Workspace workspace = new Workspace(tmp);
        try (S3ProxyServer server = new S3ProxyServer().start();
                BenchContext ctx = new BenchContext(TINY, workspace, 2, Duration.ofMillis(200), DistributionMode.DEFAULT)) {
            server.createBucket(S3Target.BUCKET);
            ctx.useS3(S3Target.connect(server.endpoint(), server.accessKey(), server.secretKey(), S3ProxyServer.REGION));
            AzofSystem azof = new AzofSystem(ctx);
            azof.run(Scenario.S3_INGEST, 1);
            Scenario read = Scenario.S3_ASOF_END;
            azof.prepare(read);
            assertThat(azof.run(read, 1).answer())
                    .isEqualTo(oracle(read.spec(TINY), read.asOf(TINY).toEpochMilli()));
            // Opening and planning the read again: no LIST, a bounded number of requests.
            ctx.s3().resetCounts();
            dev.azof.core.table.AzofTable.open(ctx.s3().uri("azof/ingest-run1"))
                    .plan(dev.azof.core.plan.AsOf.at(read.asOf(TINY)));
            assertThat(ctx.s3().counts()).startsWith("LIST=0+");
        }
    }

    /** Brute force over every generated row. */
    private static String oracle(HistorySpec spec, long asOfMillis) {
        HistoryGenerator generator = new HistoryGenerator(spec);
        Map<String, Long> latest = new HashMap<>();
        for (long i = 0; i < spec.rows(); i++) {
            RowData row = generator.row(i);
            long t = row.getTimestamp(1, 3).getMillisecond();
            if (t <= asOfMillis) {
                latest.merge(row.getString(0).toString(), t, Math::max);
            }
        }
        AnswerChecksum answer = new AnswerChecksum();
        latest.forEach(answer::add);
        return answer.value();
    }
}
