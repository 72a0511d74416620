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

import dev.azof.core.io.ParquetRowReader;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.Event;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded, deterministic changelog (event {@code i} is a pure function of seed and i) with
 * out-of-order and late events, deletes and exact duplicates, and helpers to compare a table
 * with the oracle.
 */
final class SinkTestSupport {

    /** The changelog's event-time watermarks: 10 minutes of out-of-orderness. */
    static WatermarkStrategy<RowData> watermarks() {
        return WatermarkStrategy.<RowData>forBoundedOutOfOrderness(Duration.ofMinutes(10))
                .withTimestampAssigner((row, ts) -> row.getTimestamp(2, 3).getMillisecond());
    }

    /** A source of {@code count} changelog events from event {@code from}, at most {@code perSecond}. */
    static DataGeneratorSource<RowData> generator(
            long seed, long from, long count, int keys, int latePercent, double perSecond) {
        return new DataGeneratorSource<>(
                new Changelog(seed, keys, latePercent, from),
                count,
                RateLimiterStrategy.perSecond(perSecond),
                InternalTypeInfo.of(rowType()));
    }

    static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private SinkTestSupport() {}

    static TableSchema schema() {
        return TableSchema.of(
                List.of(
                        Column.of("k", new VarCharType(false, VarCharType.MAX_LENGTH)),
                        Column.of("v", new VarCharType(true, VarCharType.MAX_LENGTH)),
                        Column.of("ts", new TimestampType(true, 3))),
                List.of("k"),
                "ts");
    }

    static RowType rowType() {
        return schema().rowType();
    }

    /** The generator: see {@link #event(long, long, int, int)}. */
    static final class Changelog implements GeneratorFunction<Long, RowData> {
        private static final long serialVersionUID = 1L;
        private final long seed;
        private final int keys;
        private final int latePercent;
        private final long offset;

        /** Emits events {@code offset, offset + 1, ...}. */
        Changelog(long seed, int keys, int latePercent, long offset) {
            this.seed = seed;
            this.keys = keys;
            this.latePercent = latePercent;
            this.offset = offset;
        }

        @Override
        public RowData map(Long index) {
            return event(seed, offset + index, keys, latePercent);
        }
    }

    /**
     * Event {@code i}: key {@code k<random>}, minute {@code i} plus a lag (up to 30 minutes back,
     * or {@code latePercent}% of the time 1 to 5 days back: late, into closed segments), with
     * {@code i} milliseconds added so that no two events share key and time; 10% deletes; 3% are
     * exact copies of a recent event (duplicate deliveries).
     */
    static RowData event(long seed, long i, int keys, int latePercent) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        if (i > 50 && r.nextInt(100) < 3) {
            return event(seed, i - 1 - r.nextInt(50), keys, latePercent);
        }
        String key = "k" + r.nextInt(keys);
        long lagMinutes =
                r.nextInt(100) < latePercent ? 1440 + r.nextInt(4 * 1440) : r.nextInt(31);
        long millis = EPOCH.toEpochMilli() + (i - lagMinutes) * 60_000L + i;
        GenericRowData row =
                GenericRowData.of(
                        StringData.fromString(key),
                        StringData.fromString("v" + i),
                        TimestampData.fromEpochMillis(millis));
        if (r.nextInt(100) < 10) {
            row.setRowKind(RowKind.DELETE);
        }
        return row;
    }

    static List<Event> events(long seed, long from, long to, int keys, int latePercent, int commit) {
        List<Event> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(toEvent(event(seed, i, keys, latePercent), commit, i));
        }
        return out;
    }

    static Event toEvent(RowData row, int commit, long arrival) {
        RowData plain = GenericRowData.of(row.getString(0), row.getString(1), row.getTimestamp(2, 3));
        return new Event(
                List.of(row.getString(0).toString()),
                EventTimes.micros(row.getTimestamp(2, 3)),
                plain,
                row.getRowKind() == RowKind.DELETE,
                commit,
                arrival);
    }

    /** The table read as of {@code t} (null: current), rendered for comparison. */
    static List<List<Object>> read(AzofTable table, Instant t) throws IOException {
        List<RowData> rows = new ArrayList<>();
        RowDataSerializer copier = new RowDataSerializer(table.rowType());
        try (RowIterator it =
                AsOfReader.read(table, table.plan(t == null ? AsOf.current() : AsOf.at(t)))) {
            while (it.hasNext()) {
                rows.add(copier.copy(it.next()));
            }
        }
        return AsOfOracle.actual(rows, table.rowType());
    }

    static long micros(Instant t) {
        return t == null ? Long.MAX_VALUE : EventTimes.micros(t);
    }

    /** Every row of every file of a snapshot, as oracle events (commit = the file's sequence). */
    static List<Event> rawEvents(Path dir, Snapshot snapshot) throws IOException {
        List<Event> out = new ArrayList<>();
        long arrival = 0;
        List<DataFile> files = new ArrayList<>(snapshot.allFiles());
        // Within a sequence, a later path is a later write (the writer names spills in order).
        files.sort((a, b) -> a.sequence() != b.sequence() ? Long.compare(a.sequence(), b.sequence()) : a.path().compareTo(b.path()));
        RowType fileType = snapshot.schema().fileRowType();
        for (DataFile f : files) {
            try (ParquetRowReader reader = ParquetRowReader.open(new Path(dir, f.path()), fileType)) {
                while (reader.hasNext()) {
                    RowData row = changelogRow(reader.next());
                    out.add(toEvent(row, (int) f.sequence(), arrival++));
                }
            }
        }
        return out;
    }

    /** The rows of the files a writer's commit added (sequence = the snapshot's id), in file order. */
    static List<Event> eventsAddedBy(Path dir, Snapshot s) throws IOException {
        List<Event> out = new ArrayList<>();
        for (DataFile f : s.allFiles()) {
            if (f.sequence() != s.id()) {
                continue;
            }
            try (ParquetRowReader reader = ParquetRowReader.open(new Path(dir, f.path()), s.schema().fileRowType())) {
                while (reader.hasNext()) {
                    RowData row = changelogRow(reader.next());
                    out.add(toEvent(row, (int) s.id(), out.size()));
                }
            }
        }
        return out;
    }

    /** A row of a data file (the file schema: columns, then the tombstone flag) as a changelog row. */
    static RowData changelogRow(RowData fileRow) {
        GenericRowData row =
                GenericRowData.of(
                        StringData.fromString(fileRow.getString(0).toString()),
                        fileRow.isNullAt(1) ? null : StringData.fromString(fileRow.getString(1).toString()),
                        fileRow.getTimestamp(2, 3));
        if (fileRow.getBoolean(3)) {
            row.setRowKind(RowKind.DELETE);
        }
        return row;
    }

    /** Events as a multiset of their {@link #fingerprint}s: what was committed, each how often. */
    static Map<String, Integer> fingerprints(List<Event> events) {
        Map<String, Integer> out = new HashMap<>();
        for (Event e : events) {
            out.merge(fingerprint(e), 1, Integer::sum);
        }
        return out;
    }

    /**
     * The table read now and as of {@code times} random instants, from before the latest late row
     * (5 days back) to {@code minutesPastEpoch} after the epoch, equals the oracle of {@code all}.
     */
    static void assertReadsEqualTheOracle(Path dir, List<Event> all, long seed, int times, int minutesPastEpoch)
            throws IOException {
        AzofTable table = AzofTable.open(dir);
        Random random = new Random(seed);
        List<Instant> at = new ArrayList<>();
        at.add(null);
        for (int i = 0; i < times; i++) {
            at.add(EPOCH.plusSeconds(60L * (random.nextInt(minutesPastEpoch + 5_400) - 5_400)));
        }
        for (Instant t : at) {
            assertThat(read(table, t))
                    .as("as of %s (seed %s)", t, seed)
                    .isEqualTo(AsOfOracle.expected(all, micros(t), Integer.MAX_VALUE, table.rowType()));
        }
    }

    /** An event rendered with all its fields, to check that committed rows were generated. */
    static String fingerprint(Event e) {
        return e.key + "@" + e.eventMicros + "@" + dev.azof.testing.Rows.values(e.row, rowType()) + "@" + e.deleted;
    }

    /** Fails unless every key appears once. */
    static void assertNoDuplicateKeys(List<List<Object>> rows) {
        Set<Object> keys = new HashSet<>();
        for (List<Object> r : rows) {
            if (!keys.add(r.get(0))) {
                throw new AssertionError("key " + r.get(0) + " appears twice");
            }
        }
    }
}
