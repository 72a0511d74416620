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

import java.util.Locale;

/**
 * One measured run, as the benchmark JVMs print it and {@code results.csv} stores it.
 *
 * @param seconds the work itself (see docs/benchmarks.md for what each system's time includes)
 * @param bytesRead bytes of the data files the read opens; -1 for ingest
 * @param peakRssMb the JVM's peak resident set size at the end of the run
 * @param answer the {@link AnswerChecksum} of a read, empty for ingest
 */
public record RunResult(
        String scenario,
        String system,
        long rows,
        double seconds,
        long bytesRead,
        long peakRssMb,
        String answer) {

    public static final String CSV_HEADER =
            "scenario,system,rows,seconds,rows_per_s,bytes_read,peak_rss_mb";

    /** The systems results.csv may name (side measurements are reported in the markdown only). */
    public static final java.util.Set<String> CSV_SYSTEMS =
            java.util.Set.of(
                    "azof",
                    "filesink-parquet",
                    "paimon",
                    "iceberg",
                    "duckdb",
                    "flink-sql-parquet",
                    "flink-sql-iceberg",
                    "flink-sql-paimon");

    private static final String PREFIX = "BENCH-RESULT ";

    /** The line that hands the suite the store requests of one run: what, then KIND=n pairs. */
    static final String REQUESTS_PREFIX = "BENCH-REQUESTS ";

    public static String requestsLine(String scenario, String system, String what, String counts) {
        return REQUESTS_PREFIX + String.join(" ", scenario, system, what, counts);
    }

    public double rowsPerSecond() {
        // A latency statistic's rows are the rows of all commits, not rows per its seconds.
        return seconds <= 0 || scenario.startsWith("stream-latency-") ? 0 : rows / seconds;
    }

    public String csvLine() {
        return String.format(
                Locale.ROOT,
                "%s,%s,%d,%.3f,%.0f,%s,%d",
                scenario,
                system,
                rows,
                seconds,
                rowsPerSecond(),
                bytesRead < 0 ? "" : Long.toString(bytesRead),
                peakRssMb);
    }

    /** The line a benchmark JVM prints to hand the result to the suite. */
    public String protocolLine() {
        return PREFIX
                + String.join(
                        " ",
                        scenario,
                        system,
                        Long.toString(rows),
                        Double.toString(seconds),
                        Long.toString(bytesRead),
                        Long.toString(peakRssMb),
                        answer.isEmpty() ? "-" : answer);
    }

    /** Parses a {@link #protocolLine()}, or returns null for any other line. */
    public static RunResult parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        String[] f = line.substring(PREFIX.length()).trim().split(" ");
        if (f.length != 7) {
            throw new IllegalArgumentException("malformed benchmark result line: " + line);
        }
        return new RunResult(
                f[0],
                f[1],
                Long.parseLong(f[2]),
                Double.parseDouble(f[3]),
                Long.parseLong(f[4]),
                Long.parseLong(f[5]),
                f[6].equals("-") ? "" : f[6]);
    }
}
