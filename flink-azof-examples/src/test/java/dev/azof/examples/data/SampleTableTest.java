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

package dev.azof.examples.data;

import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.plan.AsOf;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;

import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed sample table {@code test-data/tables/filings}: it is valid, it shows what it is
 * meant to show (nested segments, bases, deltas, late data, tombstones), and every as-of read of it
 * equals the brute-force answer computed from {@code test-data/events/filings.csv}.
 */
class SampleTableTest {

    private static final long SEED = 7L;

    private static Path testData;
    private static AzofTable table;
    private static List<SampleData.Event> events;

    @BeforeAll
    static void open() {
        testData = SampleData.testDataDir();
        table = AzofTable.open(testData.resolve(SampleDataGenerator.TABLE_DIR).toString());
        events = SampleData.read(testData.resolve(SampleDataGenerator.FILINGS_CSV));
    }

    @Test
    void tableValidates() {
        assertThat(TableValidator.validate(testData.resolve(SampleDataGenerator.TABLE_DIR).toString()))
                .isEmpty();
    }

    @Test
    void asOfReadsEqualTheOracleAtManyTimes() throws IOException {
        Random rnd = new Random(SEED);
        Instant from = Instant.parse("1999-10-01T00:00:00Z");
        long span = Duration.between(from, Instant.parse("2005-09-01T00:00:00Z")).toMillis();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            times.add(from.plusMillis((long) (rnd.nextDouble() * span)));
        }
        for (int i = 0; i < 20; i++) {
            // Exactly at an event time (the bound is inclusive) and just before it.
            Instant t = events.get(rnd.nextInt(events.size())).eventTime;
            times.add(t);
            times.add(t.minusMillis(1));
        }
        times.addAll(SampleDataGenerator.DEMO_AS_OF);
        for (Instant t : times) {
            assertThat(read(AsOf.at(t)))
                    .as("as of %s (seed %d)", t, SEED)
                    .isEqualTo(SampleData.asOf(events, t));
        }
        assertThat(read(AsOf.current())).as("current").isEqualTo(SampleData.asOf(events, null));
    }

    @Test
    void eventsArriveOutOfOrderWithLateCorrectionsAndDeletes() {
        int outOfOrder = 0;
        int corrections = 0;
        int lateCorrections = 0;
        int deletes = 0;
        Instant maxEventTime = Instant.MIN;
        Map<List<Object>, SampleData.Event> seen = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (SampleData.Event e : events) {
            if (e.eventTime.isBefore(maxEventTime)) {
                outOfOrder++;
            }
            maxEventTime = e.eventTime.isAfter(maxEventTime) ? e.eventTime : maxEventTime;
            List<Object> key = Arrays.asList(e.ticker, e.eventTime);
            if (seen.containsKey(key)) {
                corrections++;
                // "Late": behind the demo's 30-day watermark bound.
                if (e.eventTime.isBefore(maxEventTime.minus(Duration.ofDays(30)))) {
                    lateCorrections++;
                }
            }
            seen.put(key, e);
            deletes += e.delete ? 1 : 0;
        }
        assertThat(events).hasSizeBetween(1800, 2200);
        assertThat(outOfOrder).isGreaterThan(events.size() / 4);
        assertThat(corrections).isGreaterThan(300);
        assertThat(lateCorrections).isGreaterThan(200);
        assertThat(deletes).isGreaterThan(3);
    }

    @Test
    void tableShowsNestedSegmentsBasesDeltasAndLateData() {
        Snapshot snapshot = table.snapshot();
        assertThat(snapshot.bucketCount()).isEqualTo(SampleDataGenerator.BUCKETS);
        assertThat(snapshot.properties()).containsEntry("segment.granularity", "year,quarter");
        assertThat(snapshot.segments()).isNotEmpty();
        assertThat(snapshot.segments()).allSatisfy(year -> assertThat(year.children()).isNotEmpty());

        List<DataFile> bases = new ArrayList<>();
        List<DataFile> deltas = new ArrayList<>();
        for (Segment year : snapshot.segments()) {
            for (Segment quarter : year.children()) {
                bases.addAll(quarter.bases());
                deltas.addAll(quarter.deltas());
            }
        }
        assertThat(bases).hasSizeGreaterThanOrEqualTo(4 * SampleDataGenerator.BUCKETS);
        assertThat(deltas).hasSizeGreaterThan(50);
        // Late data: deltas committed after a base, with rows from before that base's start.
        long late =
                deltas.stream()
                        .filter(
                                d ->
                                        bases.stream()
                                                .anyMatch(
                                                        b ->
                                                                d.sequence() > b.sequence()
                                                                        && d.bucket() == b.bucket()
                                                                        && d.maxEventTime()
                                                                                .isBefore(b.start())))
                        .count();
        assertThat(late).isGreaterThan(10);
    }

    @Test
    void lateBatchCorrectsSomeDemoAnswers() {
        List<SampleData.Event> both = new ArrayList<>(events);
        both.addAll(SampleData.read(testData.resolve(SampleDataGenerator.LATE_FILINGS_CSV)));
        int changed = 0;
        int unchanged = 0;
        for (Instant t : SampleDataGenerator.DEMO_AS_OF) {
            Map<String, List<Object>> before = SampleData.asOf(events, t);
            Map<String, List<Object>> after = SampleData.asOf(both, t);
            for (String ticker : SampleDataGenerator.DEMO_TICKERS) {
                assertThat(before).as("%s as of %s", ticker, t).containsKey(ticker);
                if (before.get(ticker).equals(after.get(ticker))) {
                    unchanged++;
                } else {
                    changed++;
                }
            }
        }
        assertThat(changed).isGreaterThanOrEqualTo(2);
        assertThat(unchanged).isGreaterThanOrEqualTo(2);
    }

    /** An as-of read of the table with the format core, as ticker -> row. */
    private static Map<String, List<Object>> read(AsOf asOf) throws IOException {
        Map<String, List<Object>> out = new TreeMap<>();
        try (RowIterator it = AsOfReader.read(table, table.plan(asOf))) {
            while (it.hasNext()) {
                RowData r = it.next();
                String ticker = r.getString(0).toString();
                List<Object> row =
                        Arrays.asList(
                                ticker,
                                r.getTimestamp(1, 3).toInstant(),
                                r.isNullAt(2) ? null : r.getString(2).toString(),
                                r.isNullAt(3) ? null : r.getLong(3),
                                r.isNullAt(4) ? null : r.getLong(4),
                                r.isNullAt(5) ? null : r.getLong(5));
                assertThat(out.put(ticker, row)).as("one row per ticker: %s", ticker).isNull();
            }
        }
        return out;
    }
}
