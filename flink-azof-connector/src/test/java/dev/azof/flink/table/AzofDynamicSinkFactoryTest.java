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
package dev.azof.flink.table;

import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.flink.sink.AutoCompaction;
import dev.azof.flink.sink.DeleteTime;
import dev.azof.flink.sink.DistributionMode;
import dev.azof.flink.sink.LateRecords;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ParallelismProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.runtime.connector.sink.SinkRuntimeProviderContext;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AzofDynamicTableFactory} as a sink factory. */
class AzofDynamicSinkFactoryTest {

    private static final ResolvedSchema KEYED =
            new ResolvedSchema(
                    List.of(
                            Column.physical("k", DataTypes.STRING().notNull()),
                            Column.physical("v", DataTypes.STRING()),
                            Column.physical("ts", DataTypes.TIMESTAMP(3))),
                    List.of(),
                    UniqueConstraint.primaryKey("pk", List.of("k")),
                    List.of());

    private static Map<String, String> options(Path dir) {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "azof");
        options.put("path", dir.resolve("t").toString());
        options.put("event-time.column", "ts");
        return options;
    }

    @Test
    void createsAnUpsertSink(@TempDir Path dir) {
        Map<String, String> options = options(dir);
        options.put("sink.late-records", "drop");
        options.put("sink.buffer-rows", "10");
        DynamicTableSink sink = FactoryMocks.createTableSink(KEYED, options);
        assertThat(sink).isInstanceOf(AzofDynamicSink.class);
        AzofDynamicSink azof = (AzofDynamicSink) sink;
        assertThat(azof.sink().lateRecords()).isEqualTo(LateRecords.DROP);
        assertThat(azof.sink().deleteTime()).isEqualTo(DeleteTime.WATERMARK);
        assertThat(azof.sink().bufferRows()).isEqualTo(10);
        assertThat(azof.sink().distributionMode()).isEqualTo(DistributionMode.NONE);
        assertThat(azof.sink().schema().primaryKey()).containsExactly("k");
        assertThat(azof.sink().schema().eventTimeColumn()).isEqualTo("ts");
        ChangelogMode updating = sink.getChangelogMode(ChangelogMode.all());
        assertThat(updating.contains(RowKind.UPDATE_BEFORE)).isFalse();
        assertThat(updating.contains(RowKind.UPDATE_AFTER)).isTrue();
        assertThat(updating.contains(RowKind.DELETE)).isTrue();
        // An insert-only query is written as one: Flink 2.3 refuses an upsert sink for it.
        assertThat(sink.getChangelogMode(ChangelogMode.insertOnly())).isEqualTo(ChangelogMode.insertOnly());
    }

    @Test
    void deleteTimeOption(@TempDir Path dir) {
        Map<String, String> options = options(dir);
        options.put("sink.delete-time", "ROW");
        assertThat(((AzofDynamicSink) FactoryMocks.createTableSink(KEYED, options)).sink().deleteTime())
                .isEqualTo(DeleteTime.ROW);
        options.put("sink.delete-time", "arrival");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(KEYED, options))
                .hasStackTraceContaining("'arrival' is not a delete-time rule: use row or watermark");
    }

    @Test
    void compactionOptionsConfigureTheSinksCompaction(@TempDir Path dir) {
        AzofDynamicSink plain = (AzofDynamicSink) FactoryMocks.createTableSink(KEYED, options(dir));
        assertThat(plain.sink().compaction().enabled()).isFalse();

        Map<String, String> options = options(dir);
        options.put("compaction.enabled", "true");
        options.put("compaction.interval-commits", "3");
        options.put("compaction.max-deltas-per-segment", "2");
        options.put("compaction.build-bases", "none");
        options.put("compaction.fold-late-files", "false");
        options.put("compaction.tombstone-retention", "forever");
        options.put("expiration.retain-last", "5");
        options.put("expiration.min-file-age", "2h");
        AutoCompaction c = ((AzofDynamicSink) FactoryMocks.createTableSink(KEYED, options)).sink().compaction();
        assertThat(c.enabled()).isTrue();
        assertThat(c.intervalCommits()).isEqualTo(3);
        assertThat(c.policy().maxDeltasPerSegment()).isEqualTo(2);
        assertThat(c.policy().buildBases()).isEqualTo(CompactionPolicy.BaseMode.NONE);
        assertThat(c.policy().foldLateFiles()).isFalse();
        assertThat(c.policy().tombstoneRetention()).isNull();
        assertThat(c.expireRetainLast()).isEqualTo(5);
        assertThat(c.expireMinFileAge()).isEqualTo(Duration.ofHours(2));

        options.put("expiration.retain-last", "1");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(KEYED, options))
                .hasStackTraceContaining("invalid compaction options")
                .hasStackTraceContaining("'expiration.retain-last' must keep at least 2 snapshots, not 1");
        options.remove("expiration.retain-last");
        options.put("compaction.interval-commits", "0");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(KEYED, options))
                .hasStackTraceContaining("'compaction.interval-commits' must be at least 1 commit, not 0");
        options.put("compaction.interval-commits", "3");
        options.put("compaction.build-bases", "sometimes");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(KEYED, options))
                .hasStackTraceContaining("'sometimes' is not a value of compaction.build-bases");
    }

    @Test
    void missingPrimaryKeyIsAnError(@TempDir Path dir) {
        ResolvedSchema noKey =
                ResolvedSchema.of(
                        Column.physical("k", DataTypes.STRING()),
                        Column.physical("ts", DataTypes.TIMESTAMP(3)));
        assertThatThrownBy(() -> FactoryMocks.createTableSink(noKey, options(dir)))
                .hasRootCauseInstanceOf(ValidationException.class)
                .hasStackTraceContaining("needs a primary key to be written");
    }

    @Test
    void badLatePolicyIsAnError(@TempDir Path dir) {
        Map<String, String> options = options(dir);
        options.put("sink.late-records", "ignore");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(KEYED, options))
                .hasStackTraceContaining(
                        "'sink.late-records'='ignore' is not a late-records policy: use keep, drop or fail");
    }

    @Test
    void distributionModeIsParsed(@TempDir Path dir) {
        Map<String, String> options = options(dir);
        options.put("sink.distribution-mode", "Bucket");
        AzofDynamicSink sink = (AzofDynamicSink) FactoryMocks.createTableSink(KEYED, options);
        assertThat(sink.sink().distributionMode()).isEqualTo(DistributionMode.BUCKET);

        options.put("sink.distribution-mode", "hash");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(KEYED, options))
                .hasStackTraceContaining(
                        "'sink.distribution-mode'='hash' is not a distribution mode: use bucket or none");
    }

    @Test
    void sinkParallelismGoesToTheProvider(@TempDir Path dir) {
        Map<String, String> options = options(dir);
        assertThat(parallelism(FactoryMocks.createTableSink(KEYED, options))).isEmpty();

        options.put("sink.parallelism", "3");
        assertThat(parallelism(FactoryMocks.createTableSink(KEYED, options))).contains(3);

        options.put("sink.parallelism", "0");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(KEYED, options))
                .hasStackTraceContaining("'sink.parallelism'='0' must be at least 1");
    }

    private static Optional<Integer> parallelism(DynamicTableSink sink) {
        return ((ParallelismProvider) sink.getSinkRuntimeProvider(new SinkRuntimeProviderContext(false)))
                .getParallelism();
    }

    @Test
    void eventTimeDefaultsToEventTimeColumn(@TempDir Path dir) {
        Map<String, String> options = options(dir);
        options.remove("event-time.column");
        assertThatThrownBy(() -> FactoryMocks.createTableSink(KEYED, options))
                .hasStackTraceContaining("event-time column 'event_time' is not a column");
    }
}
