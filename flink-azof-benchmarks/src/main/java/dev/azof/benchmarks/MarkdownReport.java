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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders the suite's results as the markdown section of docs/benchmarks.md. */
public final class MarkdownReport {

    private MarkdownReport() {}

    /** What the report says about the run besides the results. */
    public record RunInfo(
            BenchmarkSize size,
            int parallelism,
            Duration checkpointInterval,
            String heap,
            String memoryHeap,
            String versions,
            Duration wallTime,
            String chartFile) {}

    public static String render(Results results, RunInfo info, List<Targets.Outcome> targets, List<String> mismatches) {
        StringBuilder md = new StringBuilder();
        BenchmarkSize s = info.size();
        line(md, "### Run: size `%s`, %s", s.name(), LocalDate.now());
        line(md, "");
        line(md, "- Command: `flink-azof-benchmarks/run.sh --size %s` (%d min %d s wall time, build excluded)",
                s.name(), info.wallTime().toMinutes(), info.wallTime().toSecondsPart());
        line(md, "- Machine: %s", machine());
        line(md, "- Versions: %s", info.versions());
        line(md, "- Main history: %,d rows, %,d keys, %d years, %.0f%% of rows late by up to %d days",
                s.rows(), s.keys(), s.years(), BenchmarkSize.LATE_SHARE * 100, BenchmarkSize.LATE_DAYS);
        line(md, "- Growth: %,d keys; x1 = %,d rows over 1 year, x4 and x16 the same rate over 4 and 16 years",
                s.growthKeys(), s.growthRowsPerYear());
        line(md, "- Memory: %,d keys, one row each, over one year", s.memoryKeys());
        line(md, "- Every system: its own JVM with `-Xms%s -Xmx%s` (the memory read: `-Xmx%s` alone), parallelism %d,"
                        + " checkpoints every %d s for ingest, %d runs per scenario (median [min-max])",
                info.heap(), info.heap(), info.memoryHeap(), info.parallelism(), info.checkpointInterval().toSeconds(), s.runs());
        line(md, "- Point-in-time joins: %d interleaved rounds of one JVM per system (azof, DuckDB, Flink SQL, then again),"
                        + " each JVM %d unreported warm-up runs then %d runs per scenario: a busier minute slows every system",
                BenchmarkSuite.JOIN_ROUNDS, BenchmarkSuite.JOIN_WARM_UP_RUNS, BenchmarkSuite.joinRunsPerJvm(s));
        line(md, "");

        line(md, "#### Targets (ratios of medians from this run)");
        line(md, "");
        line(md, "| target | measured | verdict |");
        line(md, "|---|---|---|");
        for (Targets.Outcome t : targets) {
            line(md, "| %s | %s | %s |", t.target(), t.measured(), t.verdict());
        }
        line(md, "");
        Targets.bucketShuffleIngest(results).ifPresent(measured -> {
            line(md, "Not a target: the azof sink with `sink.distribution-mode=bucket` (a shuffle by key bucket;"
                    + " not the default) ingests at %s of FileSink-Parquet's rate in this run (`%s` in the ingest table).",
                    measured, AzofSystem.BUCKET_SHUFFLE);
            line(md, "");
        });
        if (!mismatches.isEmpty() || !results.failures().isEmpty()) {
            line(md, "#### Problems in this run");
            line(md, "");
            for (String m : mismatches) {
                line(md, "- answer mismatch: %s", m);
            }
            results.failures().forEach((what, why) -> line(md, "- %s failed: %s", what, why));
            line(md, "");
        }

        line(md, "#### Ingest (streaming, bounded generator, checkpoints every %d s)",
                info.checkpointInterval().toSeconds());
        line(md, "");
        line(md, "| system | rows | seconds | rows/s | peak RSS MB |");
        line(md, "|---|---:|---:|---:|---:|");
        for (Results.Series r : results.scenario("ingest")) {
            line(md, "| %s | %,d | %s | %,.0f | %d |", r.system(), r.rows(), seconds(r),
                    r.medianRowsPerSecond(), r.maxPeakRssMb());
        }
        line(md, "");
        readTable(md, results, "asof-mid", "As-of read at the middle of the history");
        readTable(md, results, "asof-end", "As-of read at the end of the history");
        readTable(md, results, "asof-join-x1", "Point-in-time join, facts over the last year of x1");
        readTable(md, results, "asof-join-x16", "Point-in-time join, facts over the last year of x16");
        growthTable(md, results);
        line(md, "![As-of read time against history length](%s)", info.chartFile());
        line(md, "");
        line(md, "#### Memory (as-of read at the end, azof, `-Xmx%s`)", info.memoryHeap());
        line(md, "");
        line(md, "| system | rows | seconds | rows/s | bytes read | peak RSS MB |");
        line(md, "|---|---:|---:|---:|---:|---:|");
        for (Results.Series r : results.scenario("memory")) {
            line(md, "| %s | %,d | %s | %,.0f | %s | %d |", r.system(), r.rows(), seconds(r),
                    r.medianRowsPerSecond(), mb(r.bytesRead()), r.maxPeakRssMb());
        }
        line(md, "");
        s3Tables(md, results);
        streamTables(md, results);
        return md.toString();
    }

    /** The streaming reads: catch-up rate of a full read, and the delay from commit to rows out. */
    private static void streamTables(StringBuilder md, Results results) {
        if (results.scenario("stream-catchup").isEmpty() && results.scenario("stream-latency-last-p50").isEmpty()) {
            return;
        }
        line(md, "#### Streaming reads: catch-up of the main history from its beginning (`stream-catchup`)");
        line(md, "");
        line(md, "| system | rows out | seconds | rows/s | rate / azof | peak RSS MB |");
        line(md, "|---|---:|---:|---:|---:|---:|");
        Optional<Results.Series> azof = results.series("stream-catchup", "azof");
        for (Results.Series r : results.scenario("stream-catchup")) {
            String ratio = azof.map(a -> String.format(Locale.ROOT, "%.2f", r.medianRowsPerSecond() / a.medianRowsPerSecond()))
                    .orElse("");
            line(md, "| %s | %,d | %s | %,.0f | %s | %d |", r.system(), r.rows(), seconds(r),
                    r.medianRowsPerSecond(), ratio, r.maxPeakRssMb());
        }
        line(md, "");
        line(md, "#### Streaming reads: delay from a commit to its rows leaving the source (`stream-latency`)");
        line(md, "");
        line(md, "| system | rows (all commits) | first row p50 | first row p95 | last row p50 | last row p95 | last p50 / azof |");
        line(md, "|---|---:|---:|---:|---:|---:|---:|");
        Optional<Results.Series> azofLast = results.series("stream-latency-last-p50", "azof");
        for (Results.Series r : results.scenario("stream-latency-last-p50")) {
            String system = r.system();
            String[] stats = {"first-p50", "first-p95", "last-p50", "last-p95"};
            String[] cells = new String[stats.length];
            for (int i = 0; i < stats.length; i++) {
                cells[i] = results.series("stream-latency-" + stats[i], system)
                        .map(x -> String.format(Locale.ROOT, "%.3f s", x.medianSeconds())).orElse("");
            }
            String ratio = azofLast.map(a -> String.format(Locale.ROOT, "%.2f", r.medianSeconds() / a.medianSeconds()))
                    .orElse("");
            line(md, "| %s | %,d | %s | %s | %s | %s | %s |", system, r.rows(), cells[0], cells[1], cells[2],
                    cells[3], ratio);
        }
        line(md, "");
    }

    private static void readTable(StringBuilder md, Results results, String scenario, String title) {
        line(md, "#### %s (`%s`)", title, scenario);
        line(md, "");
        line(md, "| system | rows out | seconds | rows/s | bytes read | time / azof | peak RSS MB |");
        line(md, "|---|---:|---:|---:|---:|---:|---:|");
        Optional<Results.Series> azof = results.series(scenario, "azof");
        for (Results.Series r : results.scenario(scenario)) {
            String ratio = azof.map(a -> String.format(Locale.ROOT, "%.1fx", r.medianSeconds() / a.medianSeconds()))
                    .orElse("");
            line(md, "| %s | %,d | %s | %,.0f | %s | %s | %d |", r.system(), r.rows(), seconds(r),
                    r.medianRowsPerSecond(), mb(r.bytesRead()), ratio, r.maxPeakRssMb());
        }
        line(md, "");
    }

    /** The S3 scenarios: ingest beside FileSink, the read, and what each asked of the store. */
    private static void s3Tables(StringBuilder md, Results results) {
        if (results.scenario("s3-ingest").isEmpty() && results.scenario("s3-asof-end").isEmpty()) {
            return;
        }
        line(md, "#### On S3: S3Proxy %s on this machine (transient storage), through Flink's S3 file system",
                dev.azof.testing.S3ProxyServer.S3PROXY_VERSION);
        line(md, "");
        line(md, "| system | scenario | rows | seconds | rows/s | rate / FileSink | requests (last run) |");
        line(md, "|---|---|---:|---:|---:|---:|---|");
        Optional<Results.Series> fileSink = results.series("s3-ingest", "filesink-parquet");
        for (String scenario : new String[] {"s3-ingest", "s3-asof-end"}) {
            for (Results.Series r : results.scenario(scenario)) {
                String ratio = scenario.equals("s3-ingest")
                        ? fileSink.map(f -> String.format(Locale.ROOT, "%.2f", r.medianRowsPerSecond() / f.medianRowsPerSecond()))
                                .orElse("")
                        : "";
                String what = scenario.equals("s3-ingest") ? "ingest" : "read";
                line(md, "| %s | %s | %,d | %s | %,.0f | %s | %s |", r.system(), scenario, r.rows(), seconds(r),
                        r.medianRowsPerSecond(), ratio,
                        results.requests().getOrDefault(scenario + " " + r.system() + " " + what, "").replace("+", " "));
            }
        }
        line(md, "");
        String plan = results.requests().get("s3-asof-end azof plan");
        if (plan != null) {
            line(md, "Opening and planning the as-of read alone (the metadata path: version pointer, probe of the"
                    + " next snapshot, the snapshot): %s.", plan.replace("+", " "));
            line(md, "");
        }
    }

    private static void growthTable(StringBuilder md, Results results) {
        line(md, "#### Growth: as-of read at the end, same keys, history x1 / x4 / x16");
        line(md, "");
        line(md, "| system | x1 seconds | x4 seconds | x16 seconds | x16 / x1 | bytes read x1 | bytes read x16 |");
        line(md, "|---|---:|---:|---:|---:|---:|---:|");
        List<String> systems = new ArrayList<>();
        for (Results.Series r : results.scenario("growth-x1")) {
            systems.add(r.system());
        }
        for (String system : systems) {
            Optional<Results.Series> x1 = results.series("growth-x1", system);
            Optional<Results.Series> x4 = results.series("growth-x4", system);
            Optional<Results.Series> x16 = results.series("growth-x16", system);
            String slope = x1.isPresent() && x16.isPresent()
                    ? String.format(Locale.ROOT, "%.2fx", x16.get().medianSeconds() / x1.get().medianSeconds())
                    : "";
            line(md, "| %s | %s | %s | %s | %s | %s | %s |", system,
                    x1.map(MarkdownReport::seconds).orElse(""),
                    x4.map(MarkdownReport::seconds).orElse(""),
                    x16.map(MarkdownReport::seconds).orElse(""),
                    slope,
                    x1.map(r -> mb(r.bytesRead())).orElse(""),
                    x16.map(r -> mb(r.bytesRead())).orElse(""));
        }
        line(md, "");
    }

    private static String seconds(Results.Series r) {
        return String.format(Locale.ROOT, "%.3f [%.3f-%.3f]", r.medianSeconds(), r.minSeconds(), r.maxSeconds());
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (Exception ignored) {
            // not Linux: the rest still says enough
        }
        long memGb = -1;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    memGb = Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024;
                }
            }
        } catch (Exception ignored) {
            // see above
        }
        return String.format(Locale.ROOT, "%s, %d cores, %d GiB RAM, %s %s, Java %s (%s)", cpu,
                Runtime.getRuntime().availableProcessors(), memGb, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }
}
