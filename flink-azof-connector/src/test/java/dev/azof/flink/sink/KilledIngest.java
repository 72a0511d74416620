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
package dev.azof.flink.sink;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SIGKILL scenario of the store tests (HDFS, S3): an ingest in a JVM of its own ({@link
 * IngestToKillMain}) killed mid-stream leaves a table that validates and holds whole commits of
 * the changelog; a new job re-ingesting the changelog (exact copies change no answer) then equals
 * the oracle.
 */
final class KilledIngest {

    private static final int KEYS = 500;

    private KilledIngest() {}

    /**
     * Runs the scenario on {@code dir}. {@code fileSystems}: the Flink configuration the child JVM
     * starts its file systems with (plugins from {@code azof.flink.plugins.dir}); empty when the
     * store needs none.
     */
    static void killMidStreamThenRerun(
            Path dir, long seed, java.nio.file.Path tmp, Configuration fileSystems, int parallelism)
            throws Exception {
        Random random = new Random(seed);
        File log = tmp.resolve("ingest.log").toFile();
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/java");
        command.add("-Xmx512m");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                command.add(arg);
            }
        }
        String plugins = System.getProperty("azof.flink.plugins.dir");
        if (plugins != null) {
            command.add("-Dazof.flink.plugins.dir=" + plugins);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(IngestToKillMain.class.getName());
        command.addAll(List.of(dir.toString(), Long.toString(seed), "1000000", Integer.toString(KEYS), "2000"));
        fileSystems.toMap().forEach((key, value) -> command.add(key + "=" + value));
        Process ingest = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        SnapshotStore store = new SnapshotStore(dir);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!store.exists() || store.currentId() < 4) {
                assertThat(ingest.isAlive()).as("the ingest runs (log: %s)", log).isTrue();
                assertThat(System.nanoTime()).as("the ingest commits in time (log: %s)", log).isLessThan(deadline);
                Thread.sleep(50);
            }
            // Somewhere in the middle of a checkpoint's commit, or between two.
            Thread.sleep(random.nextInt(400));
        } finally {
            ingest.destroyForcibly();
            assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        System.out.println("killed the ingest (exit " + ingest.exitValue() + ") at snapshot " + store.currentId());
        assertThat(ingest.exitValue()).as("killed, not finished").isNotZero();

        assertThat(TableValidator.validate(dir)).isEmpty();
        // What the killed job committed is whole: a prefix of the changelog, each event once.
        List<Event> raw = SinkTestSupport.rawEvents(dir, store.current());
        long highest = 0;
        for (Event e : raw) {
            highest = Math.max(highest, Long.parseLong(e.row.getString(1).toString().substring(1)));
        }
        Map<String, Integer> committed = multiset(raw);
        boolean prefix = false;
        long seen = highest + 1;
        for (long end = seen; end <= seen + 50 && !prefix; end++) {
            prefix = multiset(SinkTestSupport.events(seed, 0, end, KEYS, 5, 1)).equals(committed);
        }
        assertThat(prefix).as("the killed ingest committed a prefix, each event once (seed %s)", seed).isTrue();

        // The rerun: a new job without state re-ingests the changelog up to a bit past the kill.
        long rerun = seen + 500;
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromSource(SinkTestSupport.generator(seed, 0, rerun, KEYS, 5, 1e9), SinkTestSupport.watermarks(),
                        "rerun")
                .sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW)
                                .path(dir.toString())
                                .segmentGranularity("month")
                                .buckets(2)
                                .build());
        env.execute("azof rerun after SIGKILL");
        assertThat(TableValidator.validate(dir)).isEmpty();
        List<Event> events = SinkTestSupport.events(seed, 0, rerun, KEYS, 5, 1);
        AzofTable table = AzofTable.open(dir);
        List<Instant> times = new ArrayList<>();
        times.add(null);
        long span = events.size() + 2L * 1440;
        for (int i = 0; i < 6; i++) {
            times.add(SinkTestSupport.EPOCH.minus(Duration.ofDays(5))
                    .plusSeconds(60L * (long) (random.nextDouble() * (span + 5 * 1440))));
        }
        for (Instant t : times) {
            List<List<Object>> actual = SinkTestSupport.read(table, t);
            SinkTestSupport.assertNoDuplicateKeys(actual);
            assertThat(actual)
                    .as("as of %s (seed %s)", t, seed)
                    .isEqualTo(AsOfOracle.expected(events, SinkTestSupport.micros(t), Integer.MAX_VALUE, table.rowType()));
        }
    }

    static Map<String, Integer> multiset(List<Event> events) {
        Map<String, Integer> out = new HashMap<>();
        for (Event e : events) {
            out.merge(SinkTestSupport.fingerprint(e), 1, Integer::sum);
        }
        return out;
    }
}
