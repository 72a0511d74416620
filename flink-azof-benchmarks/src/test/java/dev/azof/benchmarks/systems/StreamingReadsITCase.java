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

import dev.azof.benchmarks.AnswerChecksum;
import dev.azof.benchmarks.BenchContext;
import dev.azof.benchmarks.BenchmarkSize;
import dev.azof.benchmarks.HistoryGenerator;
import dev.azof.benchmarks.HistorySpec;
import dev.azof.benchmarks.RunResult;
import dev.azof.benchmarks.Scenario;
import dev.azof.benchmarks.Workspace;
import dev.azof.flink.sink.DistributionMode;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming-read scenarios count what they claim: azof's full read emits exactly the
 * history's rows (the fingerprint of every generated row, computed here by brute force), the latency run
 * sees every row of every commit, and a reader emitting rows twice fails its run instead of
 * looking fast. Paimon's side runs the same code in the suite (its jar is not on this classpath).
 */
class StreamingReadsITCase {

    private static final BenchmarkSize TINY = new BenchmarkSize("tiny", 20_000, 1_000, 2, 500, 4_000, 2_000, 1);

    @TempDir Path tmp;

    @Test
    void fullReadEmitsTheWholeHistoryAndLatencySeesEveryCommit() throws Exception {
        try (BenchContext ctx = new BenchContext(TINY, new Workspace(tmp), 2, Duration.ofMillis(200), DistributionMode.DEFAULT)) {
            AzofSystem azof = new AzofSystem(ctx);
            azof.prepare(Scenario.STREAM_CATCHUP);
            RunResult catchUp = azof.run(Scenario.STREAM_CATCHUP, 1);
            assertThat(catchUp.rows()).isEqualTo(TINY.rows());
            assertThat(catchUp.answer()).isEqualTo(oracle(TINY.mainHistory()));
            assertThat(catchUp.seconds()).isPositive();

            azof.prepare(Scenario.STREAM_LATENCY);
            RunResult latency = azof.run(Scenario.STREAM_LATENCY, 1);
            assertThat(latency.scenario()).isEqualTo("stream-latency-last-p95");
            assertThat(latency.rows()).isEqualTo((long) StreamingReads.commits(ctx) * StreamingReads.ROWS_PER_COMMIT);
            // Measured from the commit's recorded time: rows cannot leave before it.
            assertThat(latency.seconds()).isGreaterThanOrEqualTo(0).isLessThan(60);
        }
    }

    @Test
    void aReaderThatDuplicatesRowsFailsTheRun() throws Exception {
        try (BenchContext ctx = new BenchContext(TINY, new Workspace(tmp), 2, Duration.ofMillis(200), DistributionMode.DEFAULT)) {
            StreamingReads twice = new AzofStreamingReads(ctx) {
                @Override
                protected void addRead(StreamExecutionEnvironment env, String table, boolean fromBeginning) {
                    super.addRead(env, table, fromBeginning);
                    super.addRead(env, table, fromBeginning);
                }
            };
            twice.prepare(Scenario.STREAM_CATCHUP);
            assertThatThrownBy(() -> twice.run(Scenario.STREAM_CATCHUP))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("azof stream-catchup: ");
        }
    }

    @Test
    void percentilesAreNearestRank() {
        double[] v = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
        assertThat(StreamingReads.percentile(v, 50)).isEqualTo(5);
        assertThat(StreamingReads.percentile(v, 95)).isEqualTo(10);
        assertThat(StreamingReads.percentile(new double[] {0.2}, 95)).isEqualTo(0.2);
    }

    private static String oracle(HistorySpec spec) {
        HistoryGenerator generator = new HistoryGenerator(spec);
        AnswerChecksum all = new AnswerChecksum();
        for (long i = 0; i < spec.rows(); i++) {
            RowData row = generator.row(i);
            all.add(row.getString(0).toString(), row.getTimestamp(1, 3).getMillisecond());
        }
        return all.value();
    }
}
