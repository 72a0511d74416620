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

package dev.azof.examples.demo;

import dev.azof.core.plan.AsOf;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.examples.data.SampleData;
import dev.azof.examples.data.SampleDataGenerator;
import dev.azof.flink.table.AzofDynamicTableFactory;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The demo job on an embedded local Flink. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AzofDemoITCase {

    @TempDir Path tmp;

    /** The CSV source with its watermark reads every line; ops become INSERT and DELETE rows. */
    @Test
    void eventsBecomeAChangelogOfInsertsAndDeletes() throws Exception {
        Path csv = SampleData.testDataDir().resolve(SampleDataGenerator.FILINGS_CSV);
        List<SampleData.Event> expected = SampleData.read(csv);
        StreamTableEnvironment env =
                StreamTableEnvironment.create(
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        EnvironmentSettings.inStreamingMode());
        env.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        env.executeSql(AzofDemo.csvTableSql("events", csv));
        int inserts = 0;
        int deletes = 0;
        List<String> tickers = new ArrayList<>();
        try (CloseableIterator<Row> it =
                AzofDemo.changes(env, env.from("default_catalog.default_database.events"))
                        .execute()
                        .collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                if (r.getKind() == RowKind.DELETE) {
                    deletes++;
                } else {
                    assertThat(r.getKind()).isEqualTo(RowKind.INSERT);
                    inserts++;
                }
                assertThat(r.getField("event_time")).isInstanceOf(Instant.class);
                assertThat(r.getField("rowtime")).isEqualTo(r.getField("event_time"));
                tickers.add((String) r.getField("ticker"));
            }
        }
        long expectedDeletes = expected.stream().filter(e -> e.delete).count();
        assertThat(deletes).isEqualTo(expectedDeletes).isPositive();
        assertThat(inserts + deletes).isEqualTo(expected.size());
        assertThat(tickers).doesNotContain("ticker", "# ticker");
    }

    @Test
    void helpAndUsageErrors() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertThat(AzofDemo.run(new String[] {"--help"})).isZero();
        } finally {
            System.setOut(saved);
        }
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("--warehouse DIR");
        assertThat(AzofDemo.run(new String[] {"--bogus"})).isEqualTo(2);
    }

    @Test
    void findsTheRepositoryRootFromBelowIt() {
        Path root = SampleData.testDataDir().getParent();
        assertThat(AzofDemo.findRoot(root.resolve("flink-azof-examples/src"))).isEqualTo(root);
        assertThat(AzofDemo.findRoot(tmp)).isNull();
    }

    /**
     * The whole demo, once the Azof sink exists (skipped before): afterwards, every as-of answer
     * of the table equals the oracle computed from both event files.
     */
    @Test
    void demoCorrectsHistoryWithLateData() throws Exception {
        assumeTrue(
                DynamicTableSinkFactory.class.isAssignableFrom(AzofDynamicTableFactory.class),
                "the Azof sink is not part of this build yet");
        Path testData = SampleData.testDataDir();
        Path warehouse = tmp.resolve("warehouse");
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        int code;
        try {
            code =
                    AzofDemo.run(
                            new String[] {
                                "--warehouse", warehouse.toString(), "--test-data", testData.toString()
                            });
        } finally {
            System.setOut(saved);
        }
        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isZero();
        assertThat(output).contains("[4/4]").contains("* as of");

        Path table = warehouse.resolve(AzofDemo.TABLE);
        assertThat(TableValidator.validate(table.toString())).isEmpty();
        List<SampleData.Event> events =
                new ArrayList<>(SampleData.read(testData.resolve(SampleDataGenerator.FILINGS_CSV)));
        events.addAll(SampleData.read(testData.resolve(SampleDataGenerator.LATE_FILINGS_CSV)));
        AzofTable azof = AzofTable.open(table.toString());
        for (Instant t : SampleDataGenerator.DEMO_AS_OF) {
            assertThat(read(azof, AsOf.at(t))).as("as of %s", t).isEqualTo(SampleData.asOf(events, t));
        }
        assertThat(read(azof, AsOf.current())).isEqualTo(SampleData.asOf(events, null));
    }

    private static Map<String, List<Object>> read(AzofTable table, AsOf asOf) throws Exception {
        Map<String, List<Object>> out = new TreeMap<>();
        try (RowIterator it = AsOfReader.read(table, table.plan(asOf))) {
            while (it.hasNext()) {
                RowData r = it.next();
                out.put(
                        r.getString(0).toString(),
                        Arrays.asList(
                                r.getString(0).toString(),
                                r.getTimestamp(1, 3).toInstant(),
                                r.isNullAt(2) ? null : r.getString(2).toString(),
                                r.isNullAt(3) ? null : r.getLong(3),
                                r.isNullAt(4) ? null : r.getLong(4),
                                r.isNullAt(5) ? null : r.getLong(5)));
            }
        }
        return out;
    }
}
