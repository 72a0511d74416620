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
package dev.azof.flink.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.azof.core.AzofException;
import dev.azof.core.compaction.SnapshotExpiration;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.AsOfReader;
import dev.azof.flink.source.reader.AzofRecord;
import dev.azof.flink.source.reader.ChangelogSplitReader;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;
import dev.azof.testing.StreamingWriter;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The startup modes of a streaming read, read through its split reader without a cluster: the
 * history so far ('full') and the state as of an event time followed by the facts after it both
 * answer as the oracle does; 'latest' starts empty; bad settings fail at build time.
 */
class ContinuousAzofSourceTest {

    @TempDir java.nio.file.Path tmp;

    @Test
    void startupModesAnswerAsTheOracle() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        String context = "seed " + seed + " (-Dazof.seed=" + seed + ")";
        Random rnd = new Random(seed);
        Path dir = new Path(tmp.resolve("t").toUri());
        StreamingWriter writer = new StreamingWriter(dir, rnd, 1 + rnd.nextInt(3), 20, null, false);
        for (int i = 0; i < 8; i++) {
            writer.commit();
            if (i == 4) {
                writer.compact();
            }
        }
        RowType rowType = StreamingWriter.SCHEMA.rowType();
        List<Event> truth = new ArrayList<>();
        for (String fact : writer.facts) {
            truth.add(StreamingWriter.toEvent(fact, truth.size()));
        }

        // full: the history so far, every fact once (compaction merged some deltas).
        List<Event> full = read(builder(dir).startupMode(StartupMode.FULL).build());
        long from = EventTimes.micros(StreamingWriter.T0);
        long to = EventTimes.micros(writer.watermark().plus(Duration.ofDays(1)));
        for (int i = 0; i < 20; i++) {
            long t = from + (long) (rnd.nextDouble() * (to - from));
            assertThat(AsOfOracle.expected(full, t, Integer.MAX_VALUE, rowType))
                    .as(context + ", full, as of " + EventTimes.instant(t))
                    .isEqualTo(AsOfOracle.expected(truth, t, Integer.MAX_VALUE, rowType));
        }

        // from-event-time: the state as of t, then the facts after t.
        long start = from + (long) (rnd.nextDouble() * (to - from));
        List<Event> fromTime =
                read(builder(dir).startupMode(StartupMode.FROM_EVENT_TIME).startupEventTime(EventTimes.instant(start)).build());
        for (int i = 0; i < 20; i++) {
            long t = i == 0 ? start : start + (long) (rnd.nextDouble() * (to - start));
            assertThat(AsOfOracle.expected(fromTime, t, Integer.MAX_VALUE, rowType))
                    .as(context + ", from " + EventTimes.instant(start) + ", as of " + EventTimes.instant(t))
                    .isEqualTo(AsOfOracle.expected(truth, t, Integer.MAX_VALUE, rowType));
        }
        assertThat(fromTime.size()).as(context).isLessThanOrEqualTo(full.size() + 20);

        // latest: nothing before the next commit.
        assertThat(builder(dir).startupMode(StartupMode.LATEST).build().splits()).isEmpty();
        // from-snapshot: its first split is of that commit.
        AzofSource fromSnapshot = builder(dir).startupMode(StartupMode.FROM_SNAPSHOT).startupSnapshotId(3L).build();
        assertThat(fromSnapshot.splits()).isEmpty();
        assertThat(fromSnapshot.isContinuous()).isTrue();
    }

    @Test
    void badSettingsFailAtBuildTime() throws Exception {
        Path dir = new Path(tmp.resolve("b").toUri());
        StreamingWriter writer = new StreamingWriter(dir, new Random(1), 1, 5, null, false);
        for (int i = 0; i < 4; i++) {
            writer.commit();
        }
        assertThatThrownBy(() -> builder(dir).asOf(AsOf.parse("2024-01-01T00:00:00Z")).build())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("takes no as-of time");
        assertThatThrownBy(() -> builder(dir).startupMode(StartupMode.FROM_SNAPSHOT).build())
                .hasMessageContaining("needs a startup snapshot id");
        assertThatThrownBy(() -> builder(dir).startupSnapshotId(2L).build())
                .hasMessageContaining("takes no startup snapshot id");
        assertThatThrownBy(() -> builder(dir).startupMode(StartupMode.FROM_SNAPSHOT).startupSnapshotId(9L).build())
                .hasMessageContaining("startup snapshot 9 does not exist");
        assertThatThrownBy(() -> AzofSource.builder().path(dir.toString()).startupMode(StartupMode.LATEST).build())
                .hasMessageContaining("settings of streaming reads");
        new SnapshotExpiration(dir).minFileAge(Duration.ZERO).retainLast(2).run();
        assertThatThrownBy(() -> builder(dir).startupMode(StartupMode.FROM_SNAPSHOT).startupSnapshotId(2L).build())
                .hasMessageContaining("startup snapshot 2 has expired");
    }

    private static AzofSource.Builder builder(Path dir) {
        return AzofSource.builder()
                .path(dir.toString())
                .continuous()
                .metadata(List.of(AzofMetadata.SNAPSHOT_ID));
    }

    /** Reads the source's initial splits as its readers would, into oracle events. */
    private static List<Event> read(AzofSource source) throws Exception {
        ChangelogSplitReader reader =
                new ChangelogSplitReader(
                        new Path(source.tableDir()),
                        source.schema(),
                        AsOfReader.allColumns(source.schema()),
                        source.metadata(),
                        7,
                        AsOfReader.PARQUET);
        List<AzofSourceSplit> splits = source.splits();
        reader.handleSplitsChanges(new SplitsAddition<>(splits));
        List<Event> out = new ArrayList<>();
        int finished = 0;
        while (finished < splits.size()) {
            RecordsWithSplitIds<AzofRecord> batch = reader.fetch();
            while (batch.nextSplit() != null) {
                AzofRecord r;
                while ((r = batch.nextRecordFromSplit()) != null) {
                    RowData row = r.row();
                    long millis = row.getTimestamp(1, 3).getMillisecond();
                    assertThat(r.timestamp()).isEqualTo(millis);
                    boolean deleted = row.getRowKind() == RowKind.DELETE;
                    String fact =
                            StreamingWriter.fact(
                                    row.getLong(3), row.getLong(0), millis, deleted, null, row.isNullAt(2) ? null : row.getString(2).toString());
                    out.add(StreamingWriter.toEvent(fact, out.size()));
                }
            }
            finished += batch.finishedSplits().size();
        }
        reader.close();
        return out;
    }
}
