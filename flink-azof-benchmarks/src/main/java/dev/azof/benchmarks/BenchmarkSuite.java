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

import dev.azof.testing.S3ProxyServer;

import org.apache.flink.runtime.util.EnvironmentInformation;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.FileWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole suite (run.sh calls it): writes the Parquet histories, then starts one JVM per
 * system and group of scenarios, collects their runs, checks that every system's as-of answers
 * agree, and writes {@code target/results.csv}, {@code target/benchmarks.md} and {@code
 * target/benchmarks-growth.png} (and, with {@code --publish DOCS}, the results section of
 * docs/benchmarks.md and its chart).
 */
public final class BenchmarkSuite {

    static final String HEAP = "2g";
    /** Interleaved rounds of the join scenarios' JVMs, see {@link #addJoinRounds}. */
    static final int JOIN_ROUNDS = 3;
    /**
     * Unreported runs that start each join JVM: the JIT-compiled systems (both Flink ones) then
     * run warm, as on a long-lived cluster, not in their first seconds of compilation.
     */
    static final int JOIN_WARM_UP_RUNS = 3;
    static final String MEMORY_HEAP = "1g";
    static final String CHART = "benchmarks-growth.png";
    static final String BEGIN = "<!-- BEGIN GENERATED RESULTS (run.sh writes this section) -->";
    static final String END = "<!-- END GENERATED RESULTS -->";

    private final BenchmarkSize size;
    private final Path moduleDir;
    private final Path target;
    private final Workspace workspace;
    private final int parallelism;
    private final int checkpointSeconds;
    private final Results results = new Results();
    private boolean memoryRunsSucceeded = true;
    private int step;
    private int steps;

    /** With --only: run only the steps whose scenarios start with this (e.g. asof-join). */
    private String only;

    private BenchmarkSuite(BenchmarkSize size, Path moduleDir, int parallelism, int checkpointSeconds) {
        this.size = size;
        this.moduleDir = moduleDir.toAbsolutePath().normalize();
        this.target = this.moduleDir.resolve("target");
        this.workspace = new Workspace(target.resolve("bench-" + size.name()));
        this.parallelism = parallelism;
        this.checkpointSeconds = checkpointSeconds;
    }

    public static void main(String[] args) throws Exception {
        String size = "default";
        String moduleDir = "flink-azof-benchmarks";
        String publish = null;
        String only = null;
        int parallelism = 2;
        int checkpointSeconds = 10;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--size":
                    size = args[i + 1];
                    break;
                case "--module-dir":
                    moduleDir = args[i + 1];
                    break;
                case "--publish":
                    publish = args[i + 1];
                    break;
                case "--only":
                    only = args[i + 1];
                    break;
                case "--parallelism":
                    parallelism = Integer.parseInt(args[i + 1]);
                    break;
                case "--checkpoint-seconds":
                    checkpointSeconds = Integer.parseInt(args[i + 1]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        BenchmarkSuite suite =
                new BenchmarkSuite(BenchmarkSize.of(size), Path.of(moduleDir), parallelism, checkpointSeconds);
        suite.only = only;
        int status = suite.run(publish == null ? null : Path.of(publish));
        System.exit(status);
    }

    private int run(Path publishDocs) throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(workspace.logs());
        writeHistories();

        String read = "asof-mid,asof-end";
        String growth = "growth-x1,growth-x4,growth-x16";
        List<Runnable> plan = new ArrayList<>();
        // Side measurement first, so the default sink's last table is the one the reads use.
        plan.add(() -> jvm("azof", "ingest", size.runs(), HEAP, null, "--azof-distribution-mode", "bucket"));
        plan.add(() -> jvm("azof", "ingest", size.runs(), HEAP, null));
        plan.add(() -> jvm("filesink-parquet", "ingest", size.runs(), HEAP, null));
        plan.add(() -> jvm("paimon", "ingest", size.runs(), HEAP, "paimon-flink"));
        plan.add(() -> jvm("iceberg", "ingest", size.runs(), HEAP, "iceberg-flink-runtime"));
        plan.add(() -> jvm("azof", read + "," + growth, size.runs(), HEAP, null));
        plan.add(() -> jvm("duckdb", read + "," + growth, size.runs(), HEAP, "duckdb_jdbc"));
        plan.add(() -> jvm("flink-sql-parquet", read + "," + growth, size.runs(), HEAP, null));
        String join = "asof-join-x1,asof-join-x16";
        addJoinRounds(plan, join);
        plan.add(() -> jvm("iceberg", read, size.runs(), HEAP, "iceberg-flink-runtime"));
        plan.add(() -> jvm("paimon", read, size.runs(), HEAP, "paimon-flink"));
        // Streaming reads: each system's scenarios in a JVM of its own (a cluster with a spare slot).
        plan.add(() -> jvm("azof", "stream-catchup", size.runs(), HEAP, null));
        plan.add(() -> jvm("paimon", "stream-catchup", size.runs(), HEAP, "paimon-flink"));
        plan.add(() -> jvm("azof", "stream-latency", 1, HEAP, null));
        plan.add(() -> jvm("paimon", "stream-latency", 1, HEAP, "paimon-flink"));
        // The memory table is written once; then every run is a fresh JVM, so its peak RSS is its own.
        plan.add(() -> memoryRuns());
        // On the S3 server, started here for these JVMs and stopped after them.
        plan.add(() -> startS3());
        plan.add(() -> jvm("azof", "s3-ingest", size.runs(), HEAP, null, s3Args()));
        plan.add(() -> jvm("filesink-parquet", "s3-ingest", size.runs(), HEAP, null, s3Args()));
        plan.add(() -> jvm("azof", "s3-asof-end", size.runs(), HEAP, null, s3Args()));
        plan.add(() -> stopS3());
        steps = plan.size() - 2; // starting and stopping the S3 server are not steps
        if (only != null) {
            plan.clear();
            if (join.startsWith(only)) {
                addJoinRounds(plan, join);
            } else if ("stream-catchup,stream-latency".startsWith(only)) {
                plan.add(() -> jvm("azof", "stream-catchup", size.runs(), HEAP, null));
                plan.add(() -> jvm("paimon", "stream-catchup", size.runs(), HEAP, "paimon-flink"));
                plan.add(() -> jvm("azof", "stream-latency", 1, HEAP, null));
                plan.add(() -> jvm("paimon", "stream-latency", 1, HEAP, "paimon-flink"));
            } else {
                throw new IllegalArgumentException(
                        "--only knows asof-join or stream, not '" + only + "'");
            }
            steps = plan.size();
        }
        try {
            for (Runnable s : plan) {
                s.run();
            }
        } finally {
            stopS3();
        }

        List<String> mismatches = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            if (s.isRead()) {
                mismatches.addAll(results.answerMismatches(s.id()));
            }
        }
        // The table on S3 holds the same history as the local one: the same answer.
        Optional<Results.Series> local = results.series(Scenario.ASOF_END.id(), "azof");
        Optional<Results.Series> onS3 = results.series(Scenario.S3_ASOF_END.id(), "azof");
        if (local.isPresent() && onS3.isPresent()) {
            String a = local.get().runs().get(0).answer();
            String b = onS3.get().runs().get(0).answer();
            if (!a.equals(b)) {
                mismatches.add("s3-asof-end: azof on S3 answered " + b + " but azof on local disk answered " + a);
            }
        }
        Files.writeString(target.resolve("results.csv"), results.csv(), StandardCharsets.UTF_8);
        GrowthChart.write(results, "size " + size.name(), target.resolve(CHART));
        List<Targets.Outcome> targets = Targets.evaluate(results, memoryRunsSucceeded);
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        String report =
                MarkdownReport.render(
                        results,
                        new MarkdownReport.RunInfo(size, parallelism, Duration.ofSeconds(checkpointSeconds),
                                HEAP, MEMORY_HEAP, versions(), wall, CHART),
                        targets,
                        mismatches);
        Files.writeString(target.resolve("benchmarks.md"), report, StandardCharsets.UTF_8);
        if (publishDocs != null) {
            publish(publishDocs, report);
        }

        System.out.println();
        System.out.println(report);
        System.out.printf(Locale.ROOT, "wrote %s, %s and %s%n", target.resolve("results.csv"),
                target.resolve("benchmarks.md"), target.resolve(CHART));
        if (!mismatches.isEmpty()) {
            System.out.println("FAILED: the systems' as-of answers differ:");
            mismatches.forEach(m -> System.out.println("  " + m));
            return 1;
        }
        if (!results.failures().isEmpty()) {
            System.out.println("FAILED: some benchmark JVMs failed (see " + workspace.logs() + ")");
            return 1;
        }
        return 0;
    }

    private S3ProxyServer s3;

    private void startS3() {
        try {
            s3 = new S3ProxyServer().start();
            s3.createBucket(S3Target.BUCKET);
            progress("S3Proxy " + S3ProxyServer.S3PROXY_VERSION + " at " + s3.endpoint() + " (transient storage)");
        } catch (IOException e) {
            results.fail("s3proxy", e.toString());
            System.out.println("      FAILED to start S3Proxy: " + e);
        }
    }

    private void stopS3() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    private String[] s3Args() {
        if (s3 == null) {
            return new String[] {"--s3-endpoint", "http://127.0.0.1:1", "--s3-access-key", "none",
                    "--s3-secret-key", "none"};
        }
        return new String[] {"--s3-endpoint", s3.endpoint(), "--s3-access-key", s3.accessKey(),
                "--s3-secret-key", s3.secretKey(), "--s3-region", S3ProxyServer.REGION};
    }

    /**
     * The join's systems in {@link #JOIN_ROUNDS} interleaved rounds of one JVM each, each JVM
     * starting with unreported warm-up runs: the goals compare the systems' times as ratios, and
     * on a shared machine a busier minute then slows every system, not the one whose block it
     * falls in.
     */
    private void addJoinRounds(List<Runnable> plan, String join) {
        int runs = joinRunsPerJvm(size);
        String warmUp = Integer.toString(JOIN_WARM_UP_RUNS);
        for (int round = 0; round < JOIN_ROUNDS; round++) {
            plan.add(() -> jvm("azof", join, runs, HEAP, null, "--warm-up-runs", warmUp));
            plan.add(() -> jvm("duckdb", join, runs, HEAP, "duckdb_jdbc", "--warm-up-runs", warmUp));
            plan.add(() -> jvm("flink-sql-parquet", join, runs, HEAP, null, "--warm-up-runs", warmUp));
        }
    }

    static int joinRunsPerJvm(BenchmarkSize size) {
        return Math.max(2, (size.runs() + JOIN_ROUNDS - 1) / JOIN_ROUNDS);
    }

    private void writeHistories() throws IOException {
        long t0 = System.nanoTime();
        progress("writing the Parquet histories (not measured)");
        ParquetHistory.write(size.mainHistory(), workspace.parquetHistory("main"), 4);
        for (int m : GrowthChart.MULTIPLIERS) {
            ParquetHistory.write(size.growthHistory(m), workspace.parquetHistory("growth-x" + m), 4);
        }
        for (Scenario s : new Scenario[] {Scenario.ASOF_JOIN_X1, Scenario.ASOF_JOIN_X16}) {
            JoinFacts.write(s.spec(size), size.joinFacts(), workspace.parquetHistory(s.facts()), 4);
        }
        System.out.printf(Locale.ROOT, "      done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void memoryRuns() {
        step++;
        String label = "azof: memory (set-up, then " + size.runs() + " fresh JVMs with -Xmx" + MEMORY_HEAP + ")";
        System.out.printf(Locale.ROOT, "[%2d/%d] %s%n", step, steps, label);
        long t0 = System.nanoTime();
        if (!launch("azof", "memory", 0, HEAP, null, "azof-memory-setup")) {
            memoryRunsSucceeded = false;
        }
        for (int run = 1; run <= size.runs() && memoryRunsSucceeded; run++) {
            if (!launch("azof", "memory", 1, MEMORY_HEAP, null, "azof-memory-run" + run)) {
                memoryRunsSucceeded = false;
            }
        }
        System.out.printf(Locale.ROOT, "      %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void jvm(String system, String scenarios, int runs, String heap, String peerJar, String... extraArgs) {
        step++;
        String label = system + (extraArgs.length == 0 || extraArgs[0].startsWith("--s3") ? "" : " " + String.join(" ", extraArgs));
        System.out.printf(Locale.ROOT, "[%2d/%d] %s: %s x%d%n", step, steps, label, scenarios, runs);
        long t0 = System.nanoTime();
        // One log per variant of a system (the bucket distribution's ingest), appended to by rounds.
        String variant = extraArgs.length > 0 && extraArgs[0].equals("--azof-distribution-mode") ? "-" + extraArgs[1] : "";
        String log = system + variant + "-" + scenarios.split(",")[0];
        launch(system, scenarios, runs, heap, peerJar, log, extraArgs);
        System.out.printf(Locale.ROOT, "      %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** Runs one benchmark JVM; returns whether it finished with every run. */
    private boolean launch(
            String system, String scenarios, int runs, String heap, String peerJar, String logName, String... extraArgs) {
        Path log = workspace.logs().resolve(logName + ".log");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx" + heap);
            if (!heap.equals(MEMORY_HEAP)) {
                // A fixed heap, as Flink gives its TaskManagers (-Xms = -Xmx): no system pays for
                // growing it. The memory runs keep -Xmx alone, so peak RSS shows what the read needs.
                cmd.add("-Xms" + heap);
            }
            cmd.add("-Djava.awt.headless=true");
            // The benchmark's own logging: the connector's test jar on the class path carries a
            // log4j2-test.properties that log4j would prefer, silencing the join's profile lines.
            cmd.add("-Dlog4j2.configurationFile=log4j2.properties");
            // Flink's S3 file system, loaded as a plugin, and the S3 server's jar (pom.xml copies them).
            cmd.add("-Dazof.flink.plugins.dir=" + target.resolve("plugins"));
            cmd.add("-Dazof.s3proxy.jar=" + target.resolve("test-servers").resolve("s3proxy.jar"));
            cmd.addAll(FlinkJvmOptions.OPENS);
            cmd.add("-cp");
            cmd.add(classpath(peerJar));
            cmd.add(BenchmarkJvm.class.getName());
            cmd.addAll(List.of("--workspace", workspace.root().toString(), "--size", size.name(),
                    "--system", system, "--scenarios", scenarios, "--runs", Integer.toString(runs),
                    "--parallelism", Integer.toString(parallelism),
                    "--checkpoint-seconds", Integer.toString(checkpointSeconds)));
            cmd.addAll(List.of(extraArgs));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process p = pb.start();
            int got = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter logOut = new PrintWriter(new FileWriter(log.toFile(), true))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (results.addRequests(line)) {
                        System.out.println("      requests " + line.substring(RunResult.REQUESTS_PREFIX.length()));
                        continue;
                    }
                    RunResult r = RunResult.parse(line);
                    if (r == null) {
                        logOut.println(line);
                        continue;
                    }
                    got++;
                    results.add(r);
                    System.out.printf(Locale.ROOT, "      %-10s %-18s %10d rows %8.3f s%s%n", r.scenario(),
                            r.system(), r.rows(), r.seconds(),
                            r.bytesRead() >= 0 ? String.format(Locale.ROOT, " %8.1f MB read", r.bytesRead() / 1e6) : "");
                }
            }
            int exit = p.waitFor();
            int expected = 0;
            for (String s : scenarios.split(",")) {
                expected += runs * Scenario.of(s).resultsPerRun();
            }
            if (exit != 0 || got != expected) {
                String why = "exit " + exit + ", " + got + " of " + expected + " runs; see " + log;
                results.fail(logName, why);
                System.out.println("      FAILED: " + why);
                return false;
            }
            return true;
        } catch (IOException | InterruptedException e) {
            results.fail(logName, e.toString());
            System.out.println("      FAILED: " + e);
            return false;
        }
    }

    private String classpath(String peerJar) throws IOException {
        List<String> entries = new ArrayList<>();
        if (peerJar != null) {
            // The peer's jar comes first: it embeds its own copies of shared libraries.
            Path peers = target.resolve("peers");
            try (Stream<Path> jars = Files.list(peers)) {
                Path jar = jars.filter(j -> j.getFileName().toString().startsWith(peerJar)).findFirst()
                        .orElseThrow(() -> new IOException("no " + peerJar + " jar in " + peers + " (build with -Ppeers)"));
                entries.add(jar.toString());
            }
        }
        entries.add(target.resolve("classes").toString());
        entries.add(Files.readString(target.resolve("classpath.txt")).trim());
        return String.join(File.pathSeparator, entries);
    }

    private String versions() throws IOException {
        List<String> parts = new ArrayList<>();
        parts.add("Flink " + EnvironmentInformation.getVersion());
        Path peers = target.resolve("peers");
        if (Files.isDirectory(peers)) {
            try (Stream<Path> jars = Files.list(peers)) {
                parts.addAll(jars.map(j -> j.getFileName().toString().replaceFirst("\\.jar$", ""))
                        .sorted().collect(Collectors.toList()));
            }
        }
        parts.add("flink-azof " + projectVersion());
        return String.join(", ", parts);
    }

    private static String projectVersion() throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = BenchmarkSuite.class.getResourceAsStream("/azof-benchmarks.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return p.getProperty("version", "unknown");
    }

    private void publish(Path docs, String report) throws IOException {
        Path md = docs.resolve("benchmarks.md");
        String text = Files.readString(md);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b < 0 || e < b) {
            throw new IOException(md + " lacks the markers of the generated section");
        }
        String updated = text.substring(0, b + BEGIN.length()) + "\n\n" + report + "\n" + text.substring(e);
        Files.writeString(md, updated, StandardCharsets.UTF_8);
        Files.copy(target.resolve(CHART), docs.resolve(CHART), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("updated " + md + " and " + docs.resolve(CHART));
    }

    private void progress(String what) {
        System.out.println("[ 0] " + what);
    }
}
