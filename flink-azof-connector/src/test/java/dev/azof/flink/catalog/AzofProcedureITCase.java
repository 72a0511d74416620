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
package dev.azof.flink.catalog;

import dev.azof.core.plan.AsOf;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;
import dev.azof.testing.MiniClusters;

import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code CALL azof.system.compact('t')} and {@code CALL azof.system.expire('t', n)} in batch SQL. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AzofProcedureITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.withSlots(2);

    private static final String[] AS_OF = {
        "2024-01-01 12:00:00", "2024-01-02 06:00:00", "2024-01-03 00:00:00", "2024-01-04 18:00:00",
        "2024-01-06 00:00:00"
    };

    private static List<String> query(TableEnvironment tEnv, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        return rows;
    }

    private static Map<String, List<String>> answers(TableEnvironment tEnv) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("current", query(tEnv, "SELECT k, v FROM t ORDER BY k"));
        for (String t : AS_OF) {
            out.put(t, query(tEnv, "SELECT k, v FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '" + t + "' ORDER BY k"));
        }
        return out;
    }

    /** Data files an as-of read opens, summed over the read times. */
    private static int filesPerReads(org.apache.flink.core.fs.Path dir) throws Exception {
        AzofTable table = AzofTable.open(dir);
        int files = 0;
        for (String t : AS_OF) {
            files += table.plan(AsOf.at(Instant.parse(t.replace(' ', 'T') + "Z"))).files().size();
        }
        return files;
    }

    @Test
    void compactAndExpireProcedures(@TempDir Path warehouse) throws Exception {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        tEnv.getConfig().set(CoreOptions.DEFAULT_PARALLELISM, 1);
        tEnv.executeSql("CREATE CATALOG azof WITH ('type' = 'azof', 'warehouse' = '" + warehouse + "')");
        tEnv.executeSql("USE CATALOG azof");
        tEnv.executeSql(
                        "CREATE TABLE t (k STRING, v STRING, ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ('bucket' = '1', 'segment.granularity' = 'day', 'event-time.column' = 'ts')")
                .await();
        // Six commits over five days; later commits carry late rows and deletes of earlier days.
        String[] inserts = {
            "('a', 'a1', TIMESTAMP '2024-01-01 01:00:00'), ('b', 'b1', TIMESTAMP '2024-01-01 02:00:00')",
            "('a', 'a2', TIMESTAMP '2024-01-02 01:00:00'), ('c', 'c1', TIMESTAMP '2024-01-02 03:00:00')",
            "('b', 'b-late', TIMESTAMP '2024-01-01 05:00:00'), ('d', 'd1', TIMESTAMP '2024-01-03 01:00:00')",
            "('c', 'c2', TIMESTAMP '2024-01-04 01:00:00'), ('a', 'a-late', TIMESTAMP '2024-01-02 04:00:00')",
            "('e', 'e1', TIMESTAMP '2024-01-05 01:00:00'), ('b', 'b2', TIMESTAMP '2024-01-04 07:00:00')",
            "('d', 'd-late', TIMESTAMP '2024-01-03 06:00:00'), ('e', 'e2', TIMESTAMP '2024-01-05 09:00:00')",
        };
        for (String values : inserts) {
            tEnv.executeSql("INSERT INTO t VALUES " + values).await();
        }
        org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(warehouse.resolve("t").toString());
        Map<String, List<String>> before = answers(tEnv);
        int filesBefore = filesPerReads(dir);
        assertThat(before.get("current")).contains("+I[a, a-late]", "+I[e, e2]");

        assertThat(query(tEnv, "SHOW PROCEDURES FROM azof.`system`"))
                .containsExactlyInAnyOrder("+I[compact]", "+I[expire]", "+I[validate]");
        List<String> result = query(tEnv, "CALL azof.sys.compact('t')");
        assertThat(result).singleElement().asString().contains("compacted snapshot 7 into snapshot 8");

        assertThat(answers(tEnv)).isEqualTo(before);
        int filesAfter = filesPerReads(dir);
        System.out.println("files per read over " + AS_OF.length + " reads: " + filesBefore + " -> " + filesAfter);
        assertThat(filesAfter).isLessThan(filesBefore);
        assertThat(AzofTable.open(dir).snapshot().summary()).containsEntry("operation", "compact");
        assertThat(TableValidator.validate(dir)).isEmpty();

        // Compacting again has nothing to do; expire keeps the last 2 snapshots.
        assertThat(query(tEnv, "CALL azof.`system`.compact('default.t')")).hasSize(1);
        assertThat(query(tEnv, "CALL azof.`system`.expire('t', 2)"))
                .singleElement()
                .asString()
                .contains("expired");
        assertThat(answers(tEnv)).isEqualTo(before);
        assertThat(TableValidator.validate(dir)).isEmpty();
        assertThat(query(tEnv, "CALL azof.sys.validate('t')")).containsExactly("+I[OK]");
        assertThat(query(tEnv, "CALL azof.sys.validate('t', true)")).containsExactly("+I[OK]");
        // A data file's bytes changed where only the deep check notices (the footer checksum's
        // own key: the footer is then unchecked, the file's CRC-32C still catches it).
        String file = AzofTable.open(dir).snapshot().allFiles().get(0).path();
        java.nio.file.Path damaged = warehouse.resolve("t").resolve(file);
        byte[] bytes = java.nio.file.Files.readAllBytes(damaged);
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).lastIndexOf("azof.footer.crc32c");
        bytes[at] ^= 0x02;
        java.nio.file.Files.write(damaged, bytes);
        assertThat(query(tEnv, "CALL azof.sys.validate('t')")).containsExactly("+I[OK]");
        assertThat(query(tEnv, "CALL azof.sys.validate('t', true)"))
                .singleElement()
                .asString()
                .contains(file)
                .contains("CRC-32C");

        assertThatThrownBy(() -> query(tEnv, "CALL azof.`system`.compact('nope')"))
                .hasStackTraceContaining("table 'nope' does not exist");
    }
}
