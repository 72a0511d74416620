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

package dev.azof.examples.cli;

import dev.azof.testing.S3ProxyServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every table command of {@code azof} on an {@code s3://} warehouse served by S3Proxy, configured
 * only with {@code -D} flags, as the README shows: random out-of-order and late rows written with
 * {@code sql}, then {@code scan}, {@code sql} time travel, {@code plan}, {@code validate}, {@code
 * compact} and {@code expire}, each answer checked against the oracle.
 */
class AzofCliS3ITCase {

    private static final String BUCKET = "lake";
    private static final String WAREHOUSE = "s3://" + BUCKET + "/warehouse";
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private static S3ProxyServer server;
    private static String[] flags;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer().start();
        server.createBucket(BUCKET);
        List<String> d = new ArrayList<>();
        server.flinkConfiguration()
                .toMap()
                .forEach(
                        (key, value) -> {
                            d.add("-D");
                            d.add(key + "=" + value);
                        });
        flags = d.toArray(new String[0]);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyCommandOnAnS3Warehouse() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("AzofCliS3ITCase seed " + seed + " (rerun with -Dazof.seed=" + seed + ")");
        Random random = new Random(seed);

        // Distinct event times (minutes over 60 days), dealt out in a random order over 3 INSERTs:
        // later statements carry rows older than earlier ones (late data).
        List<Integer> minutes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            minutes.add(random.nextInt(60 * 24 * 60));
        }
        minutes = new ArrayList<>(new java.util.TreeSet<>(minutes));
        Collections.shuffle(minutes, random);
        List<Row> rows = new ArrayList<>();
        for (int m : minutes) {
            rows.add(new Row("k" + random.nextInt(8), START.plus(m, ChronoUnit.MINUTES), random.nextInt(1000)));
        }

        sql("CREATE TABLE t (k STRING NOT NULL, ts TIMESTAMP_LTZ(3), v INT,"
                + " PRIMARY KEY (k) NOT ENFORCED) WITH ('event-time.column' = 'ts',"
                + " 'segment.granularity' = 'month')");
        int third = rows.size() / 3;
        for (List<Row> batch : List.of(rows.subList(0, third), rows.subList(third, 2 * third),
                rows.subList(2 * third, rows.size()))) {
            StringBuilder insert = new StringBuilder("INSERT INTO t VALUES ");
            for (int i = 0; i < batch.size(); i++) {
                Row r = batch.get(i);
                insert.append(i == 0 ? "" : ", ")
                        .append("('").append(r.key).append("', TO_TIMESTAMP_LTZ(")
                        .append(r.time.toEpochMilli()).append(", 3), ").append(r.value).append(")");
            }
            sql(insert.toString());
        }

        List<Instant> asOfs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            asOfs.add(START.plus(random.nextInt(60 * 24 * 60), ChronoUnit.MINUTES));
        }
        checkScans(rows, asOfs);

        // Time travel in SQL reads the same answers.
        Instant t = asOfs.get(0);
        CliRun select =
                ok(cli("sql", "--warehouse", WAREHOUSE, "--format", "csv", "-e",
                        "SELECT k, v FROM t /*+ OPTIONS('scan.as-of' = '" + t + "') */ ORDER BY k"));
        List<String> expected = new ArrayList<>();
        expected.add("k,v");
        oracle(rows, t).forEach((k, r) -> expected.add(k + "," + r.value));
        assertThat(select.outLines()).containsExactlyElementsOf(expected);

        CliRun plan = ok(cli("plan", "--path", WAREHOUSE, "--table", "t", "--as-of", t.toString()));
        assertThat(plan.outLines()).last().asString().startsWith("files=");
        plan.outLines().stream()
                .filter(l -> !l.startsWith("files="))
                .forEach(l -> assertThat(l).startsWith("data/").endsWith(".parquet"));

        ok(cli("validate", "--path", WAREHOUSE, "--table", "t"));
        ok(cli("compact", "--path", WAREHOUSE, "--table", "t"));
        checkScans(rows, asOfs);
        ok(cli("expire", "--path", WAREHOUSE, "--table", "t", "--retain-last", "1", "--min-file-age", "0s"));
        checkScans(rows, asOfs);
        ok(cli("validate", "--path", WAREHOUSE, "--table", "t", "--deep"));

        // A table that is not there is named; nothing was listed into existence.
        CliRun missing = CliRun.run(cli("scan", "--path", WAREHOUSE, "--table", "nope"));
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.errLines().get(0)).contains(WAREHOUSE + "/nope").contains("version");

        // Credentials never reach the table's files.
        try (S3Client client = server.client()) {
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
                if (object.key().endsWith(".parquet")) {
                    continue;
                }
                ResponseBytes<GetObjectResponse> bytes =
                        client.getObjectAsBytes(b -> b.bucket(BUCKET).key(object.key()));
                assertThat(bytes.asString(StandardCharsets.UTF_8))
                        .as(object.key())
                        .doesNotContain(server.secretKey());
            }
        }
    }

    private void checkScans(List<Row> rows, List<Instant> asOfs) {
        for (Instant t : asOfs) {
            CliRun scan = ok(cli("scan", "--path", WAREHOUSE, "--table", "t", "--as-of", t.toString(),
                    "--format", "csv"));
            List<String> expected = new ArrayList<>();
            expected.add("k,ts,v");
            oracle(rows, t).forEach((k, r) -> expected.add(k + "," + r.time + "," + r.value));
            assertThat(scan.outLines()).as("as of " + t).containsExactlyElementsOf(expected);
        }
    }

    /** Per key, the row with the greatest event time at or before {@code t}. */
    private static Map<String, Row> oracle(List<Row> rows, Instant t) {
        Map<String, Row> latest = new TreeMap<>();
        for (Row r : rows) {
            if (!r.time.isAfter(t)) {
                latest.merge(r.key, r, (a, b) -> a.time.isAfter(b.time) ? a : b);
            }
        }
        return latest;
    }

    private void sql(String statement) {
        ok(cli("sql", "--warehouse", WAREHOUSE, "-e", statement));
    }

    private static String[] cli(String command, String... args) {
        return Stream.of(new String[] {command}, flags, args).flatMap(Arrays::stream).toArray(String[]::new);
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode).as(run.toString()).isZero();
        // Neither results nor messages ever show a credential.
        assertThat(run.out + run.err).doesNotContain(server.secretKey());
        return run;
    }

    private static final class Row {
        final String key;
        final Instant time;
        final int value;

        Row(String key, Instant time, int value) {
            this.key = key;
            this.time = time;
            this.value = value;
        }
    }
}
