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

import dev.azof.examples.cli.RestartDefaults;
import dev.azof.examples.data.SampleDataGenerator;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The main example: streams financial filings with out-of-order and late events into an Azof
 * table on an embedded local Flink, asks "what was true as of t", then streams a batch of late
 * corrections and asks again, showing which answers changed because late data corrected history.
 *
 * <p>Steps: (1) registers the Azof catalog over a local warehouse (default {@code warehouse/demo}
 * in the repository, emptied of the demo table on every run); (2) declares a filesystem CSV table
 * over {@code test-data/events/filings.csv} with {@code WATERMARK FOR event_time AS event_time -
 * INTERVAL '30' DAY}, so restatements of old quarters arrive behind the watermark; (3) in streaming
 * mode with a checkpoint every 2 s, {@code INSERT INTO} the Azof table {@code filings} ({@code
 * PRIMARY KEY (ticker)}, {@code 'segment.granularity' = 'year,quarter'}) and waits for the job;
 * (4) prints as-of answers for a few tickers and times; (5) streams {@code
 * test-data/events/late-filings.csv} the same way and prints the answers again.
 *
 * <p>The CSV's {@code op} column says whether a line is an upsert ({@code U}) or a delete ({@code
 * D}, a delisting); the job turns it into the row kind (INSERT or DELETE) before the {@code INSERT
 * INTO}, so deletes reach the table as tombstones.
 *
 * <p>Needs the Azof sink ({@code INSERT INTO} an Azof table). Run it with {@code ./azof demo
 * [--warehouse DIR]}; results go to standard output, logs to standard error.
 */
public final class AzofDemo {

    static final String TABLE = "filings";
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final String USAGE =
            String.join(
                    "\n",
                    "Usage: azof demo [--warehouse DIR] [--test-data DIR]",
                    "",
                    "Streams test-data/events/filings.csv into the Azof table 'filings' on an",
                    "embedded local Flink, prints as-of answers, then streams",
                    "test-data/events/late-filings.csv (late corrections) and prints which answers",
                    "changed. The table is recreated on every run.",
                    "",
                    "  --warehouse DIR   the warehouse directory (default: warehouse/demo in the",
                    "                    repository)",
                    "  --test-data DIR   where the events are (default: test-data in the repository)",
                    "  -h, --help        show this help");

    private final PrintStream out;
    private final Path testData;
    private final Path warehouse;

    AzofDemo(PrintStream out, Path testData, Path warehouse) {
        this.out = out;
        this.testData = testData;
        this.warehouse = warehouse;
    }

    /** Runs the demo and exits with its exit code. */
    public static void main(String[] args) throws Exception {
        int code = run(args);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the demo (the CLI's {@code azof demo} calls this).
     *
     * @return 0 on success, 2 on a usage error; failures while running are thrown
     */
    public static int run(String[] args) throws Exception {
        Path warehouseArg = null;
        Path testDataArg = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(USAGE);
                return 0;
            } else if ((a.equals("--warehouse") || a.equals("--test-data")) && i + 1 < args.length) {
                Path p = Paths.get(args[++i]).toAbsolutePath().normalize();
                if (a.equals("--warehouse")) {
                    warehouseArg = p;
                } else {
                    testDataArg = p;
                }
            } else if (a.startsWith("--warehouse=")) {
                warehouseArg = Paths.get(a.substring("--warehouse=".length())).toAbsolutePath().normalize();
            } else if (a.startsWith("--test-data=")) {
                testDataArg = Paths.get(a.substring("--test-data=".length())).toAbsolutePath().normalize();
            } else {
                System.err.println("azof: error: unexpected argument '" + a + "' (see 'azof demo --help')");
                return 2;
            }
        }
        Path root = testDataArg != null && warehouseArg != null ? null : repositoryRoot();
        Path testData = testDataArg != null ? testDataArg : root.resolve("test-data");
        Path warehouse = warehouseArg != null ? warehouseArg : root.resolve("warehouse").resolve("demo");
        new AzofDemo(System.out, testData, warehouse).run();
        return 0;
    }

    void run() throws Exception {
        Path filings = testData.resolve(SampleDataGenerator.FILINGS_CSV);
        Path late = testData.resolve(SampleDataGenerator.LATE_FILINGS_CSV);
        for (Path p : List.of(filings, late)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("event file not found: " + p);
            }
        }
        Files.createDirectories(warehouse);

        out.println("Azof demo: event-time time travel, with late data correcting history");
        out.println("  warehouse: " + warehouse);
        out.println("  table:     azof.`default`." + TABLE + " (PRIMARY KEY ticker, segments year,quarter)");
        out.println();

        StreamTableEnvironment streaming = streamingEnvironment();
        TableEnvironment batch = batchEnvironment();
        for (TableEnvironment env : List.of(streaming, batch)) {
            env.executeSql(
                    "CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = '"
                            + warehouse.toUri()
                            + "')");
            env.executeSql("USE CATALOG azof");
        }
        streaming.executeSql("DROP TABLE IF EXISTS " + TABLE);
        streaming.executeSql(createTableSql());

        out.printf("[1/4] Streaming %d filings from %s (watermark: event_time - 30 days,"
                        + " checkpoint every %d s) ...%n",
                countEvents(filings), shown(filings), CHECKPOINT_INTERVAL.toSeconds());
        ingest(streaming, filings, "filings_events");
        out.println("      done.");
        out.println();

        out.println("[2/4] What the table says, as of event time:");
        Map<Instant, Map<String, Row>> before = asOfAnswers(batch);
        printAnswers(before, null);
        out.println();

        out.printf("[3/4] Streaming %d late corrections from %s (restatements of old quarters) ...%n",
                countEvents(late), shown(late));
        ingest(streaming, late, "late_events");
        out.println("      done.");
        out.println();

        out.println("[4/4] The same questions after the late corrections ('*' = history corrected):");
        Map<Instant, Map<String, Row>> after = asOfAnswers(batch);
        int changed = printAnswers(after, before);
        out.println();
        out.printf("%d of %d answers changed: late filings corrected what was true back then,"
                        + " without rewriting the rest of history.%n",
                changed, SampleDataGenerator.DEMO_AS_OF.size() * SampleDataGenerator.DEMO_TICKERS.size());
        out.println("Try it yourself: ./azof sql --warehouse " + warehouse + " -e \"SELECT * FROM "
                + TABLE + " FOR SYSTEM_TIME AS OF TIMESTAMP '2003-06-30 00:00:00' WHERE ticker = '"
                + SampleDataGenerator.DEMO_TICKERS.get(0) + "'\"");
    }

    static String createTableSql() {
        return "CREATE TABLE " + TABLE + " (\n"
                + "  ticker STRING NOT NULL,\n"
                + "  event_time TIMESTAMP_LTZ(3),\n"
                + "  industry STRING,\n"
                + "  revenue BIGINT,\n"
                + "  shares_diluted BIGINT,\n"
                + "  net_income BIGINT,\n"
                + "  PRIMARY KEY (ticker) NOT ENFORCED,\n"
                + "  WATERMARK FOR event_time AS event_time - INTERVAL '30' DAY\n"
                + ") WITH ('segment.granularity' = 'year,quarter')";
    }

    /** DDL of a CSV table over an event file, with the demo's watermark. */
    static String csvTableSql(String name, Path csv) {
        return "CREATE TEMPORARY TABLE default_catalog.default_database." + name + " (\n"
                + "  ticker STRING,\n"
                + "  event_time TIMESTAMP_LTZ(3),\n"
                + "  industry STRING,\n"
                + "  revenue BIGINT,\n"
                + "  shares_diluted BIGINT,\n"
                + "  net_income BIGINT,\n"
                + "  op STRING,\n"
                + "  filed_at TIMESTAMP_LTZ(3),\n"
                + "  WATERMARK FOR event_time AS event_time - INTERVAL '30' DAY\n"
                + ") WITH (\n"
                + "  'connector' = 'filesystem',\n"
                + "  'path' = '" + csv.toUri() + "',\n"
                + "  'format' = 'csv',\n"
                // The header line starts with '#'; a delete's numbers are empty fields.
                + "  'csv.allow-comments' = 'true',\n"
                + "  'csv.null-literal' = ''\n"
                + ")";
    }

    /** Streams one event file into the table and waits for the job to finish. */
    private static void ingest(StreamTableEnvironment env, Path csv, String name) throws Exception {
        env.executeSql(csvTableSql(name, csv));
        Table changes = changes(env, env.from("default_catalog.default_database." + name));
        env.createTemporaryView("default_catalog.default_database." + name + "_changes", changes);
        env.executeSql(
                        // An op = D line is a delisting at its own event time: the tombstone
                        // goes there ('sink.delete-time' = 'row'), not after the watermark.
                        "INSERT INTO " + TABLE + " /*+ OPTIONS('sink.delete-time' = 'row') */"
                                + " SELECT ticker, event_time, industry, revenue, shares_diluted,"
                                + " net_income FROM default_catalog.default_database." + name + "_changes")
                .await();
    }

    /**
     * The events as a changelog: a line with op {@code D} becomes a DELETE, any other an INSERT.
     * Event time and watermarks are kept (the rowtime travels as the records' timestamps).
     */
    static Table changes(StreamTableEnvironment env, Table events) {
        DataType rowType = events.getResolvedSchema().toPhysicalRowDataType();
        DataStream<Row> rows =
                env.toDataStream(events)
                        .map(AzofDemo::toChange)
                        .returns(ExternalTypeInfo.of(rowType))
                        .name("op to row kind");
        return env.fromChangelogStream(
                rows,
                Schema.newBuilder()
                        .fromRowDataType(rowType)
                        .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
                        .watermark("rowtime", "SOURCE_WATERMARK()")
                        .build(),
                ChangelogMode.newBuilder()
                        .addContainedKind(RowKind.INSERT)
                        .addContainedKind(RowKind.DELETE)
                        .build());
    }

    static Row toChange(Row event) {
        event.setKind("D".equals(event.getField("op")) ? RowKind.DELETE : RowKind.INSERT);
        return event;
    }

    /** As-of answers for the demo's tickers and times: time -> ticker -> (revenue, ...). */
    private static Map<Instant, Map<String, Row>> asOfAnswers(TableEnvironment batch) throws Exception {
        String tickers =
                SampleDataGenerator.DEMO_TICKERS.stream()
                        .map(t -> "'" + t + "'")
                        .collect(Collectors.joining(", "));
        Map<Instant, Map<String, Row>> out = new LinkedHashMap<>();
        for (Instant t : SampleDataGenerator.DEMO_AS_OF) {
            String sql =
                    "SELECT ticker, revenue, net_income, event_time FROM " + TABLE
                            + " FOR SYSTEM_TIME AS OF TIMESTAMP '" + DAY.format(t) + " 00:00:00'"
                            + " WHERE ticker IN (" + tickers + ")";
            Map<String, Row> answers = new TreeMap<>();
            try (CloseableIterator<Row> it = batch.executeSql(sql).collect()) {
                while (it.hasNext()) {
                    Row r = it.next();
                    answers.put((String) r.getField(0), r);
                }
            }
            out.put(t, answers);
        }
        return out;
    }

    /** Prints the answers; with {@code before}, marks and counts the changed ones. */
    private int printAnswers(Map<Instant, Map<String, Row>> answers, Map<Instant, Map<String, Row>> before) {
        int changed = 0;
        for (Map.Entry<Instant, Map<String, Row>> at : answers.entrySet()) {
            for (String ticker : SampleDataGenerator.DEMO_TICKERS) {
                Row now = at.getValue().get(ticker);
                Row was = before == null ? null : before.get(at.getKey()).get(ticker);
                boolean differs = before != null && !Objects.equals(describe(now), describe(was));
                changed += differs ? 1 : 0;
                out.printf("  %s as of %s the table said %-4s %s%s%n",
                        differs ? "*" : " ",
                        DAY.format(at.getKey()),
                        ticker,
                        describe(now),
                        differs ? "   (before: " + describe(was) + ")" : "");
            }
        }
        return changed;
    }

    private static String describe(Row r) {
        if (r == null) {
            return "nothing (no filing, or delisted)";
        }
        return String.format(Locale.ROOT, "revenue was %,d and net income %,d (period ending %s)",
                (Long) r.getField(1), (Long) r.getField(2), DAY.format((Instant) r.getField(3)));
    }

    /** An event file's path as shown: relative to the directory above test-data. */
    private String shown(Path file) {
        Path base = testData.getParent();
        return base == null ? file.toString() : base.relativize(file).toString();
    }

    private static long countEvents(Path csv) throws IOException {
        try (Stream<String> lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        }
    }

    private static StreamTableEnvironment streamingEnvironment() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        RestartDefaults.apply(conf); // a recurring failure ends the demo instead of looping
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        StreamTableEnvironment tEnv =
                StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        // Deletes go straight to the table: no upsert materializer between (it would drop a DELETE
        // whose values differ from the row it replaces).
        tEnv.getConfig()
                .set(ExecutionConfigOptions.TABLE_EXEC_SINK_UPSERT_MATERIALIZE,
                        ExecutionConfigOptions.UpsertMaterialize.NONE);
        return tEnv;
    }

    private static TableEnvironment batchEnvironment() {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        return tEnv;
    }

    /**
     * The repository root: the first directory holding {@code test-data/events}, searching upward
     * from the current directory, then from the location of this class (the CLI jar in {@code
     * flink-azof-examples/target}).
     */
    static Path repositoryRoot() {
        List<Path> starts = new ArrayList<>();
        starts.add(Paths.get("").toAbsolutePath());
        try {
            starts.add(Paths.get(AzofDemo.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: only the current directory is searched
        }
        for (Path start : starts) {
            Path root = findRoot(start);
            if (root != null) {
                return root;
            }
        }
        throw new IllegalArgumentException(
                "cannot find the repository's test-data directory above " + starts
                        + "; run from the repository or pass --test-data and --warehouse");
    }

    static Path findRoot(Path start) {
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("test-data").resolve(SampleDataGenerator.FILINGS_CSV))) {
                return p;
            }
        }
        return null;
    }
}
