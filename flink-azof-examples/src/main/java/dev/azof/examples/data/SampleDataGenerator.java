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

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.io.FooterChecksum;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.SegmentTree;
import dev.azof.core.write.TableWriter;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.FileUtils;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Writes the sample data of {@code test-data/}, the same bytes on every run (fixed seed, fixed
 * file names, fixed commit times):
 *
 * <ul>
 *   <li>{@code events/filings.csv}: about 2,000 quarterly financial filings of 80 made-up
 *       companies (2000 to 2004), in <b>arrival order</b>: filings arrive weeks after the fiscal
 *       period they describe (so out of order in event time), some are amended soon after, some
 *       restated years later (late corrections of old quarters), and a few companies are delisted
 *       (a delete) and some of them listed again;
 *   <li>{@code events/late-filings.csv}: a second, smaller batch of restatements that arrives after
 *       all of the first file;
 *   <li>{@code tables/filings/}: an Azof table (format version 1) holding the events of the first
 *       file, written with the format core in commits of two years of arrivals each that follow arrival order, with bases
 *       built for some quarters, so that it shows nested year/quarter segments, bases, deltas and
 *       late data.
 * </ul>
 *
 * <p>CSV layout: a header line starting with {@code #} (Flink's CSV format skips it with {@code
 * 'csv.allow-comments' = 'true'}), then {@code
 * ticker,event_time,industry,revenue,shares_diluted,net_income,op,filed_at}. {@code event_time} is
 * the end of the fiscal period the filing describes, {@code filed_at} when it arrived, both UTC as
 * {@code 2003-06-30 00:00:00Z} (the form Flink's CSV format reads as {@code TIMESTAMP_LTZ}). {@code
 * op} is {@code U} (upsert) or {@code D} (delete: the company is delisted from {@code event_time}
 * on; its numbers are empty). A restatement has the same ticker and event time as the filing it
 * corrects and arrives later: the later arrival wins.
 *
 * <p>Regenerate from the repository root with {@code mvn -q -B -pl flink-azof-examples -am test-compile
 * exec:java@sample-data}.
 */
public final class SampleDataGenerator {

    /** The seed of everything random here. */
    public static final long SEED = 20030630L;

    public static final String FILINGS_CSV = "events/filings.csv";
    public static final String LATE_FILINGS_CSV = "events/late-filings.csv";
    public static final String TABLE_DIR = "tables/filings";

    /** The CSV header line (a comment line for Flink's CSV format). */
    public static final String CSV_HEADER =
            "# ticker,event_time,industry,revenue,shares_diluted,net_income,op,filed_at";

    /** Tickers the demo asks about; the late batch corrects some of their answers. */
    public static final List<String> DEMO_TICKERS = List.of("ACMR", "BLVD", "CSTL");

    /** Event times the demo asks about. */
    public static final List<Instant> DEMO_AS_OF =
            List.of(
                    Instant.parse("2002-12-31T00:00:00Z"),
                    Instant.parse("2003-06-30T00:00:00Z"),
                    Instant.parse("2004-12-31T00:00:00Z"));

    /** Segment layout of the sample table. */
    public static final String GRANULARITY = "year,quarter";

    public static final int BUCKETS = 4;

    /** Quarter starts for which bases are built, once their data has mostly arrived. */
    private static final List<Instant> BASE_QUARTERS =
            List.of(
                    Instant.parse("2002-01-01T00:00:00Z"),
                    Instant.parse("2003-01-01T00:00:00Z"),
                    Instant.parse("2003-07-01T00:00:00Z"),
                    Instant.parse("2004-01-01T00:00:00Z"));

    private static final Instant TABLE_CREATED = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATE_BATCH_START = Instant.parse("2010-01-04T09:00:00Z");
    private static final int QUARTERS = 20; // fiscal quarters of 2000 to 2004
    private static final int COMMIT_YEARS = 2;

    private static final DateTimeFormatter CSV_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    // Made-up tickers: any resemblance to a listed company is a coincidence.
    private static final String[] TICKERS = {
        "ACMR", "BLVD", "CSTL", "DNVR", "ELMW", "FRGE", "GLDN", "HRBR",
        "IRON", "JSPR", "KSTR", "LUMQ", "MPLE", "NRTH", "OKRX", "PNCL",
        "QRTZ", "RVRS", "SLTE", "TNDR", "UPLN", "VRDE", "WLLW", "XNTH",
        "YRRW", "ZPHR", "ALDR", "BRKN", "CDRS", "DLTA", "EMBR", "FLNT",
        "GRVS", "HLLX", "INDG", "JNPQ", "KLPS", "LRCH", "MRLN", "NMBS",
        "ORCD", "PRSM", "QUIL", "RDGE", "SPRC", "TMBR", "UMBR", "VLTA",
        "WDGE", "XCLQ", "YELO", "ZNTH", "ASTR", "BYTE", "CRSN", "DUNE",
        "ECHQ", "FJRD", "GYRO", "HALQ", "IVRY", "JADE", "KRMA", "LYNX",
        "MOSQ", "NOVQ", "OPAL", "PIKQ", "QUNT", "ROOK", "SAGQ", "TIDQ",
        "URSQ", "VIGR", "WAVQ", "XYLO", "YAWL", "ZEST", "ARCQ", "BOLQ"
    };

    private static final String[] INDUSTRIES = {
        "Technology", "Healthcare", "Financials", "Energy", "Industrials",
        "Consumer Staples", "Consumer Discretionary", "Utilities", "Materials", "Telecom"
    };

    private SampleDataGenerator() {}

    /** Writes the sample data into the directory given as the only argument (default test-data). */
    public static void main(String[] args) throws IOException {
        if (args.length > 1) {
            System.err.println("usage: SampleDataGenerator [TEST_DATA_DIR]");
            System.exit(2);
        }
        Path dir = Paths.get(args.length == 1 ? args[0] : "test-data").toAbsolutePath().normalize();
        generate(dir);
        System.err.println("sample data written to " + dir);
    }

    /**
     * Writes the event files and the sample table into {@code testDataDir}, replacing what a
     * previous run wrote there ({@code events/filings.csv}, {@code events/late-filings.csv} and
     * the directory {@code tables/filings}); nothing else in the directory is touched.
     */
    public static void generate(Path testDataDir) throws IOException {
        Random rnd = new Random(SEED);
        List<Filing> filings = filings(rnd);
        List<Filing> late = lateFilings(rnd, filings);

        Files.createDirectories(testDataDir.resolve("events"));
        writeCsv(testDataDir.resolve(FILINGS_CSV), filings);
        writeCsv(testDataDir.resolve(LATE_FILINGS_CSV), late);

        Path table = testDataDir.resolve(TABLE_DIR);
        FileUtils.deleteDirectory(table.toFile());
        Files.createDirectories(table.getParent());
        writeTable(table, filings);
        canonicalizeParquetFooters(table);
        recordChecksums(table);
    }

    /** The schema of the sample table. */
    public static TableSchema schema() {
        return TableSchema.of(
                List.of(
                        Column.of("ticker", new VarCharType(false, VarCharType.MAX_LENGTH)),
                        Column.of("event_time", new LocalZonedTimestampType(false, 3)),
                        Column.of("industry", new VarCharType(VarCharType.MAX_LENGTH)),
                        Column.of("revenue", new BigIntType()),
                        Column.of("shares_diluted", new BigIntType()),
                        Column.of("net_income", new BigIntType())),
                List.of("ticker"),
                "event_time");
    }

    // ------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------

    /** One filing (or delisting), as a line of the CSV. */
    static final class Filing {
        final String ticker;
        final Instant eventTime;
        final String industry;
        final Long revenue;
        final Long shares;
        final Long netIncome;
        final boolean delete;
        final Instant filedAt;
        final int generated; // generation order, to break ties of filedAt

        Filing(
                String ticker,
                Instant eventTime,
                String industry,
                Long revenue,
                Long shares,
                Long netIncome,
                boolean delete,
                Instant filedAt,
                int generated) {
            this.ticker = ticker;
            this.eventTime = eventTime;
            this.industry = industry;
            this.revenue = revenue;
            this.shares = shares;
            this.netIncome = netIncome;
            this.delete = delete;
            this.filedAt = filedAt;
            this.generated = generated;
        }
    }

    /** A company's fixed traits. */
    private static final class Company {
        String ticker;
        String industry;
        int fiscalOffset; // months after the calendar quarter its fiscal quarters end
        int firstQuarter;
        int delistQuarter = Integer.MAX_VALUE; // no filings from this quarter on ...
        int relistQuarter = Integer.MAX_VALUE; // ... until this one
        double revenue;
        double margin;
        double shares;
    }

    private static List<Filing> filings(Random rnd) {
        List<Company> companies = new ArrayList<>();
        for (int i = 0; i < TICKERS.length; i++) {
            Company c = new Company();
            c.ticker = TICKERS[i];
            c.industry = INDUSTRIES[rnd.nextInt(INDUSTRIES.length)];
            // The demo's companies report calendar quarters for the whole period.
            boolean demo = DEMO_TICKERS.contains(c.ticker);
            c.fiscalOffset = demo ? 0 : rnd.nextInt(3);
            c.firstQuarter = demo || i < 60 ? 0 : 2 + rnd.nextInt(12);
            c.revenue = Math.exp(Math.log(2e7) + rnd.nextDouble() * Math.log(250));
            c.margin = -0.05 + rnd.nextDouble() * 0.25;
            c.shares = Math.exp(Math.log(3e7) + rnd.nextDouble() * Math.log(100));
            companies.add(c);
        }
        // A few companies are delisted; some of them list again later.
        for (int i = 0; i < 6; i++) {
            Company c = companies.get(10 + i * 7);
            c.delistQuarter = Math.max(c.firstQuarter + 4, 8 + rnd.nextInt(10));
            if (i % 3 == 0) {
                c.relistQuarter = Math.min(QUARTERS - 1, c.delistQuarter + 3 + rnd.nextInt(3));
            }
        }

        List<Filing> out = new ArrayList<>();
        int[] generated = {0};
        for (Company c : companies) {
            for (int q = c.firstQuarter; q < QUARTERS; q++) {
                Instant periodEnd = periodEnd(q, c.fiscalOffset);
                if (q == c.delistQuarter) {
                    Instant delisted = periodEnd.plus(Duration.ofDays(-60 + rnd.nextInt(40)));
                    out.add(
                            new Filing(
                                    c.ticker,
                                    delisted,
                                    c.industry,
                                    null,
                                    null,
                                    null,
                                    true,
                                    delisted.plus(Duration.ofHours(24 + rnd.nextInt(96))),
                                    generated[0]++));
                }
                if (q >= c.delistQuarter && q < c.relistQuarter) {
                    continue;
                }
                // Next quarter's numbers: growth with noise, a margin around the company's own.
                c.revenue *= 1 + 0.02 + rnd.nextGaussian() * 0.06;
                c.shares *= 1 + rnd.nextGaussian() * 0.01;
                long revenue = roundThousands(c.revenue);
                long shares = roundThousands(c.shares);
                long netIncome = roundThousands(c.revenue * (c.margin + rnd.nextGaussian() * 0.03));
                Instant filed = periodEnd.plus(filingLag(rnd, 25, 75));
                out.add(
                        new Filing(
                                c.ticker,
                                periodEnd,
                                c.industry,
                                revenue,
                                shares,
                                netIncome,
                                false,
                                filed,
                                generated[0]++));
                if (rnd.nextDouble() < 0.12) {
                    // An amendment a few weeks later: small fixes.
                    long amended = roundThousands(revenue * (1 + (rnd.nextDouble() - 0.5) * 0.02));
                    out.add(
                            new Filing(
                                    c.ticker,
                                    periodEnd,
                                    c.industry,
                                    amended,
                                    roundThousands(shares * (1 + rnd.nextDouble() * 0.01)),
                                    netIncome,
                                    false,
                                    filed.plus(filingLag(rnd, 5, 40)),
                                    generated[0]++));
                }
                if (rnd.nextDouble() < 0.3) {
                    // A restatement, months or years later: the late corrections.
                    out.add(restatement(rnd, c.ticker, periodEnd, c.industry, revenue, shares,
                            netIncome, periodEnd.plus(filingLag(rnd, 120, 600)), generated[0]++));
                }
            }
        }
        out.sort(Comparator.comparing((Filing f) -> f.filedAt).thenComparingInt(f -> f.generated));
        return out;
    }

    private static List<Filing> lateFilings(Random rnd, List<Filing> filings) {
        List<Filing> originals = new ArrayList<>();
        for (Filing f : filings) {
            if (!f.delete) {
                originals.add(f);
            }
        }
        List<Filing> out = new ArrayList<>();
        Instant filed = LATE_BATCH_START;
        int generated = 0;
        // Corrections the demo shows: the answer for a demo ticker at a demo time is restated.
        for (int i = 0; i < 2; i++) {
            Filing winner = winner(filings, DEMO_TICKERS.get(i), DEMO_AS_OF.get(1 - i));
            filed = filed.plus(filingLag(rnd, 0, 3));
            out.add(restatement(rnd, winner.ticker, winner.eventTime, winner.industry,
                    winner.revenue, winner.shares, winner.netIncome, filed, generated++));
        }
        for (int i = 0; i < 150; i++) {
            Filing f = originals.get(rnd.nextInt(originals.size()));
            filed = filed.plus(filingLag(rnd, 0, 3));
            out.add(restatement(rnd, f.ticker, f.eventTime, f.industry, f.revenue, f.shares,
                    f.netIncome, filed, generated++));
        }
        return out;
    }

    /** The filing that answers "as of t" for a ticker: greatest event time <= t, later arrival. */
    private static Filing winner(List<Filing> filings, String ticker, Instant t) {
        Filing w = null;
        for (Filing f : filings) {
            if (f.ticker.equals(ticker) && !f.eventTime.isAfter(t)
                    && (w == null || !f.eventTime.isBefore(w.eventTime))) {
                w = f;
            }
        }
        if (w == null || w.delete) {
            throw new IllegalStateException("demo ticker " + ticker + " has no row as of " + t);
        }
        return w;
    }

    private static Filing restatement(
            Random rnd,
            String ticker,
            Instant eventTime,
            String industry,
            long revenue,
            long shares,
            long netIncome,
            Instant filed,
            int generated) {
        long restatedRevenue = roundThousands(revenue * (0.85 + rnd.nextDouble() * 0.18));
        long restatedIncome =
                roundThousands(netIncome - Math.abs(revenue) * (0.005 + rnd.nextDouble() * 0.05));
        long restatedShares =
                rnd.nextBoolean() ? shares : roundThousands(shares * (1 + rnd.nextDouble() * 0.02));
        return new Filing(ticker, eventTime, industry, restatedRevenue, restatedShares,
                restatedIncome, false, filed, generated);
    }

    /** The end (00:00 UTC of the last day) of fiscal quarter {@code q} of a company. */
    private static Instant periodEnd(int q, int fiscalOffset) {
        YearMonth month = YearMonth.of(2000, 3).plusMonths(3L * q + fiscalOffset);
        return month.atEndOfMonth().atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** A random delay of {@code minDays} to {@code maxDays} days, at a whole second. */
    private static Duration filingLag(Random rnd, int minDays, int maxDays) {
        long seconds = (long) minDays * 86_400 + rnd.nextInt((maxDays - minDays) * 86_400 + 1);
        return Duration.ofSeconds(seconds);
    }

    private static long roundThousands(double v) {
        return Math.round(v / 1000.0) * 1000;
    }

    private static void writeCsv(Path file, List<Filing> filings) throws IOException {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Filing f : filings) {
            sb.append(f.ticker).append(',')
                    .append(CSV_TIME.format(f.eventTime)).append(',')
                    .append(f.industry).append(',')
                    .append(f.revenue == null ? "" : f.revenue.toString()).append(',')
                    .append(f.shares == null ? "" : f.shares.toString()).append(',')
                    .append(f.netIncome == null ? "" : f.netIncome.toString()).append(',')
                    .append(f.delete ? 'D' : 'U').append(',')
                    .append(CSV_TIME.format(f.filedAt)).append('\n');
        }
        Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------
    // The sample table
    // ------------------------------------------------------------------------------------------

    /**
     * Commits the filings two years of arrivals at a time, in arrival order, so that the table's tie rule
     * (later commit, then later row) agrees with arrival order; builds bases for {@link
     * #BASE_QUARTERS} once half a year of filings after the quarter start has arrived.
     */
    private static void writeTable(Path dir, List<Filing> filings) throws IOException {
        org.apache.flink.core.fs.Path tableDir = new org.apache.flink.core.fs.Path(dir.toUri());
        Map<String, String> props = new LinkedHashMap<>();
        props.put(TableWriter.SEGMENT_GRANULARITY, GRANULARITY);
        Snapshot snapshot =
                TableCommits.createTable(
                        tableDir, schema(), BUCKETS, props, TABLE_CREATED.toEpochMilli());
        SnapshotStore store = new SnapshotStore(tableDir);
        int[] fileCounter = {0};
        TableWriter writer =
                new TableWriter(tableDir, snapshot)
                        .withUniqueNames(() -> String.format(Locale.ROOT, "%05d", ++fileCounter[0]));

        // One commit per two years of arrivals, like a (very slow) checkpoint interval.
        Map<Integer, List<Filing>> byWindow = new TreeMap<>();
        for (Filing f : filings) {
            int year = LocalDateTime.ofInstant(f.filedAt, ZoneOffset.UTC).getYear();
            byWindow.computeIfAbsent(year - year % COMMIT_YEARS, y -> new ArrayList<>()).add(f);
        }
        List<Instant> basesToBuild = new ArrayList<>(BASE_QUARTERS);
        for (Map.Entry<Integer, List<Filing>> window : byWindow.entrySet()) {
            Instant windowEnd =
                    LocalDate.of(window.getKey() + COMMIT_YEARS, 1, 1)
                            .atStartOfDay()
                            .toInstant(ZoneOffset.UTC);
            List<RowData> rows = new ArrayList<>();
            for (Filing f : window.getValue()) {
                rows.add(fileRow(f));
            }
            List<PendingFile> files = writer.writeDeltas(rows);
            // The generator's own keys stay free-form: readers ignore keys they do not know.
            SnapshotSummary summary =
                    new SnapshotSummary()
                            .operation(SnapshotSummary.APPEND)
                            .put("source", FILINGS_CSV)
                            .put("filed-before", windowEnd.toString())
                            .put("records", Integer.toString(rows.size()));
            snapshot =
                    TableCommits.commitFiles(
                            store, snapshot, files, summary.toMap(), windowEnd.toEpochMilli());

            // Bases of the quarters whose first half year of filings has arrived, in one commit.
            List<PendingFile> bases = new ArrayList<>();
            List<String> segments = new ArrayList<>();
            for (Instant start : new ArrayList<>(basesToBuild)) {
                if (!start.plus(Duration.ofDays(182)).isAfter(windowEnd)) {
                    basesToBuild.remove(start);
                    bases.addAll(writer.buildBases(snapshot, start));
                    segments.add(SegmentTree.leafId(start, writer.layout()));
                }
            }
            if (!bases.isEmpty()) {
                SnapshotSummary baseSummary =
                        new SnapshotSummary()
                                .operation(SnapshotSummary.BUILD_BASES)
                                .put(SnapshotSummary.Key.SEGMENTS, String.join(",", segments));
                snapshot =
                        TableCommits.commitFiles(
                                store,
                                snapshot,
                                bases,
                                baseSummary.toMap(),
                                windowEnd.toEpochMilli() + 60_000);
            }
        }
    }

    /**
     * Makes the Parquet files independent of the JVM run that wrote them. parquet-mr collects the
     * encodings of a column chunk in a {@code HashSet} of enum constants, whose iteration order
     * follows identity hash codes and so changes from one JVM to the next; the footer lists them in
     * that order. This sorts those lists (and the encoding statistics) in every footer. Sorting
     * changes neither the footer's length nor the file's size, so the sizes recorded in the
     * snapshots stay right; readers do not care about the order. The footer checksum is computed
     * again over the sorted footer.
     */
    static void canonicalizeParquetFooters(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> paths = Files.walk(dir)) {
            files = paths.filter(p -> p.toString().endsWith(".parquet")).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            int n = bytes.length;
            if (n < 12 || bytes[n - 4] != 'P' || bytes[n - 3] != 'A' || bytes[n - 2] != 'R'
                    || bytes[n - 1] != '1') {
                throw new IOException(file + " is not a Parquet file");
            }
            int length = (bytes[n - 8] & 0xff) | (bytes[n - 7] & 0xff) << 8
                    | (bytes[n - 6] & 0xff) << 16 | (bytes[n - 5] & 0xff) << 24;
            int start = n - 8 - length;
            FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(bytes, start, length));
            for (RowGroup group : footer.getRow_groups()) {
                for (ColumnChunk chunk : group.getColumns()) {
                    ColumnMetaData meta = chunk.getMeta_data();
                    if (meta.isSetEncodings()) {
                        meta.getEncodings().sort(Comparator.comparingInt(e -> e.getValue()));
                    }
                    if (meta.isSetEncoding_stats()) {
                        meta.getEncoding_stats().sort(
                                Comparator.comparingInt((PageEncodingStats s) -> s.getPage_type().getValue())
                                        .thenComparingInt(s -> s.getEncoding().getValue())
                                        .thenComparingInt(PageEncodingStats::getCount));
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(length);
            Util.writeFileMetaData(footer, out);
            if (out.size() != length) {
                throw new IOException(
                        "the sorted footer of " + file + " has " + out.size() + " bytes, not " + length);
            }
            System.arraycopy(out.toByteArray(), 0, bytes, start, length);
            // The footer's own checksum covered the unsorted bytes.
            FooterChecksum.reseal(bytes);
            Files.write(file, bytes);
        }
    }

    /**
     * Sets the {@code crc32c} of every file in every snapshot to the CRC-32C of its bytes as they
     * are now: sorting the footers changed them after the writer recorded its checksum.
     */
    static void recordChecksums(Path table) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Path> snapshots;
        try (Stream<Path> paths = Files.list(table)) {
            snapshots = paths.filter(p -> p.getFileName().toString().matches("s\\d+\\.json")).sorted()
                    .collect(Collectors.toList());
        }
        for (Path snapshot : snapshots) {
            JsonNode root = json.readTree(snapshot.toFile());
            for (JsonNode file : root.findParents("crc32c")) {
                CRC32C crc = new CRC32C();
                crc.update(Files.readAllBytes(table.resolve(file.get("file").asText())));
                ((ObjectNode) file).put("crc32c", crc.getValue());
            }
            Files.write(snapshot, json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A row in the table's file layout: the columns, then the tombstone flag. */
    private static RowData fileRow(Filing f) {
        return GenericRowData.of(
                StringData.fromString(f.ticker),
                TimestampData.fromInstant(f.eventTime),
                StringData.fromString(f.industry),
                f.revenue,
                f.shares,
                f.netIncome,
                f.delete);
    }
}
