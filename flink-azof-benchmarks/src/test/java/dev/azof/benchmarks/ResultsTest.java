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

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsTest {

    @Test
    void protocolLinesRoundTripAndCsvHasTheIssuesHeader() {
        RunResult r = new RunResult("asof-end", "azof", 200_000, 0.5, 6_100_000, 512, "200000:abc");
        assertThat(RunResult.parse(r.protocolLine())).isEqualTo(r);
        assertThat(RunResult.parse("some log line")).isNull();
        assertThatThrownBy(() -> RunResult.parse("BENCH-RESULT a b")).isInstanceOf(IllegalArgumentException.class);

        Results results = new Results();
        results.add(r);
        results.add(new RunResult("ingest", "azof", 1000, 2.0, -1, 100, ""));
        results.add(new RunResult("ingest", "azof-distribution-bucket", 1000, 1.0, -1, 100, ""));
        List<String> lines = results.csv().lines().toList();
        assertThat(lines.get(0)).isEqualTo("scenario,system,rows,seconds,rows_per_s,bytes_read,peak_rss_mb");
        assertThat(lines.get(1)).isEqualTo("asof-end,azof,200000,0.500,400000,6100000,512");
        assertThat(lines.get(2)).isEqualTo("ingest,azof,1000,2.000,500,,100");
        // Side measurements are not systems of the issue's CSV.
        assertThat(lines).hasSize(3);
    }

    @Test
    void bucketShuffleIngestIsReportedBesideTheTargets() {
        Results results = new Results();
        assertThat(Targets.bucketShuffleIngest(results)).isEmpty();
        results.add(new RunResult("ingest", "filesink-parquet", 1000, 1.0, -1, 1, ""));
        results.add(new RunResult("ingest", "azof-distribution-bucket", 1000, 1.25, -1, 1, ""));
        results.add(new RunResult("ingest", "azof", 1000, 2.0, -1, 1, ""));
        assertThat(Targets.bucketShuffleIngest(results)).contains("0.800x");
        assertThat(Targets.evaluate(results, true).get(0).measured()).startsWith("0.500x");
    }

    @Test
    void seriesReportMedianMinAndMax() {
        Results results = new Results();
        for (double s : new double[] {3.0, 1.0, 2.0}) {
            results.add(new RunResult("asof-mid", "duckdb", 10, s, 1, 1, "10:1"));
        }
        Results.Series series = results.series("asof-mid", "duckdb").orElseThrow();
        assertThat(series.medianSeconds()).isEqualTo(2.0);
        assertThat(series.minSeconds()).isEqualTo(1.0);
        assertThat(series.maxSeconds()).isEqualTo(3.0);
        assertThat(Results.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void differingAnswersAreReportedOnce() {
        Results results = new Results();
        results.add(new RunResult("asof-end", "duckdb", 10, 1, 1, 1, "10:1"));
        results.add(new RunResult("asof-end", "azof", 10, 1, 1, 1, "10:1"));
        assertThat(results.answerMismatches("asof-end")).isEmpty();
        results.add(new RunResult("asof-end", "flink-sql-parquet", 9, 1, 1, 1, "9:7"));
        results.add(new RunResult("asof-end", "flink-sql-parquet", 9, 1, 1, 1, "9:7"));
        assertThat(results.answerMismatches("asof-end")).hasSize(1);
        assertThat(results.answerMismatches("asof-end").get(0)).contains("flink-sql-parquet", "9:7", "10:1");
    }

    @Test
    void targetsCompareMediansAndSayWhatIsMissing() {
        Results results = new Results();
        results.add(new RunResult("ingest", "azof", 1000, 1.0, -1, 1, ""));
        results.add(new RunResult("ingest", "filesink-parquet", 1000, 1.0, -1, 1, ""));
        results.add(new RunResult("ingest", "paimon", 1000, 1.0, -1, 1, ""));
        results.add(new RunResult("growth-x1", "azof", 10, 1.0, 1, 1, "a"));
        results.add(new RunResult("growth-x16", "azof", 10, 1.6, 1, 1, "a"));
        results.add(new RunResult("growth-x16", "duckdb", 10, 8.0, 1, 1, "a"));
        List<Targets.Outcome> outcomes = Targets.evaluate(results, true);
        assertThat(outcomes.get(0).met()).isTrue(); // 1.0x >= 0.8x
        assertThat(outcomes.get(1).met()).isFalse(); // 1.0x < 1.5x
        assertThat(outcomes.get(2).met()).isNull(); // no Flink SQL read
        assertThat(outcomes.get(3).met()).isTrue(); // 8.0 / 1.6 = 5x
        assertThat(outcomes.get(5).met()).isFalse(); // 1.6x > 1.5x
        assertThat(outcomes.get(6).met()).isNull(); // no memory run
    }
}
