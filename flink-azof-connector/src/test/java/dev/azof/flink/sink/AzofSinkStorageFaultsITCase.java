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
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.fs.Retries;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.FailingFileSystem;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.testing.MiniClusters;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink on a MiniCluster writing to {@link FailingFileSystem}: creates, writes, deletes and
 * commit points of the writers, the committer and in-job compaction fail now and then (some after
 * the bytes reached the disk). Each failure fails a task, and the job restarts from its last
 * checkpoint, or is retried inside azof; the end equals the oracle, each checkpoint published once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AzofSinkStorageFaultsITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(PARALLELISM);

    /** Override with -Dazof.test.seed=N to replay a failure. */
    private static final long SEED = Long.getLong("azof.test.seed", System.nanoTime());

    @TempDir java.nio.file.Path tmp;

    @AfterEach
    void stopFaults() {
        FailingFileSystem.stop();
    }

    @Test
    void ingestUnderStorageFaultsEqualsTheOracle() throws Exception {
        System.out.println("AzofSinkStorageFaultsITCase seed " + SEED);
        Random random = new Random(SEED);
        long count = 2_500;
        int keys = 500;
        Path dir = FailingFileSystem.wrap(tmp.resolve("events"));
        long retried = Retries.retriedSoFar();
        FailingFileSystem.inject(SEED, 0.04, 25, 5);

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(200);
        env.fromSource(
                        new DataGeneratorSource<>(
                                new SinkTestSupport.Changelog(SEED, keys, 5, 0),
                                count,
                                RateLimiterStrategy.perSecond(1_000),
                                InternalTypeInfo.of(SinkTestSupport.rowType())),
                        WatermarkStrategy.<RowData>forBoundedOutOfOrderness(Duration.ofMinutes(10))
                                .withTimestampAssigner((row, ts) -> row.getTimestamp(2, 3).getMillisecond()),
                        "changelog")
                .sinkTo(
                        AzofSink.forRowData(SinkTestSupport.schema()).deleteTime(DeleteTime.ROW)
                                .path(dir.toString())
                                .segmentGranularity("day")
                                .buckets(2)
                                .compaction(
                                        AutoCompaction.everyCommits(2)
                                                .withPolicy(CompactionPolicy.defaults().withMaxDeltasPerSegment(2)))
                                .build())
                .uid("azof-sink");
        env.execute("azof sink under storage faults");
        int injected = FailingFileSystem.totalFailures();
        System.out.println(
                "storage faults: "
                        + FailingFileSystem.failures()
                        + ", "
                        + FailingFileSystem.failuresAfterTheFact()
                        + " after the fact, "
                        + (Retries.retriedSoFar() - retried)
                        + " retried operations");
        FailingFileSystem.stop();
        assertThat(injected).as("faults injected").isPositive();

        assertThat(TableValidator.validate(dir)).isEmpty();
        SnapshotStore store = new SnapshotStore(dir);
        Set<Long> checkpoints = new HashSet<>();
        for (long id = 2; id <= store.currentId(); id++) {
            Snapshot s = store.read(id);
            String cp = s.summary().get(SnapshotSummary.Key.CHECKPOINT_ID.key());
            if (cp != null && !"compact".equals(s.summary().get(SnapshotSummary.Key.OPERATION.key()))) {
                assertThat(checkpoints.add(Long.parseLong(cp))).as("checkpoint %s published once", cp).isTrue();
            }
        }
        List<Event> events = SinkTestSupport.events(SEED, 0, count, keys, 5, 1);
        AzofTable table = AzofTable.open(dir);
        List<Instant> ts = new ArrayList<>();
        ts.add(null);
        for (int i = 0; i < 8; i++) {
            ts.add(SinkTestSupport.EPOCH.minus(Duration.ofDays(5)).plusSeconds(60L * (long) (random.nextDouble() * (count + 7 * 1440))));
        }
        for (Instant t : ts) {
            List<List<Object>> actual = SinkTestSupport.read(table, t);
            SinkTestSupport.assertNoDuplicateKeys(actual);
            assertThat(actual)
                    .as("as of %s (seed %s)", t, SEED)
                    .isEqualTo(AsOfOracle.expected(events, SinkTestSupport.micros(t), Integer.MAX_VALUE, table.rowType()));
        }
    }
}
