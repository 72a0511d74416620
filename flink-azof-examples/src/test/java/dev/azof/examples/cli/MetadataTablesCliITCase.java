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

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.metadata.SnapshotSummary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code azof sql} reads the metadata tables {@code t$snapshots}, {@code t$files}, ... */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetadataTablesCliITCase {

    @TempDir Path tmp;

    @Test
    void sqlReadsMetadataTables() {
        String wh = tmp.toString();
        CliRun run =
                CliRun.run(
                        "sql", "-w", wh, "--format", "csv", "-e",
                        "CREATE TABLE t (k STRING, ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ('event-time.column' = 'ts', 'bucket' = '1');"
                                + " INSERT INTO t VALUES ('a', TIMESTAMP '2024-01-01 00:00:00'),"
                                + " ('b', TIMESTAMP '2024-02-01 00:00:00');"
                                + " SELECT snapshot_id, operation, added_files, total_rows FROM t$snapshots;"
                                + " SELECT COUNT(*) AS files FROM `t$files` /*+ OPTIONS('scan.snapshot-id' = '1') */;"
                                + " SELECT schema_id, primary_key FROM azof.`default`.`t$schemas`;"
                                // ALTER TABLE: t$schemas lists both versions; new rows of an
                                // altered table (u had no data file before) plan and read with
                                // the new columns.
                                + " ALTER TABLE t ADD note STRING;"
                                + " SELECT schema_id, is_current, columns FROM t$schemas;"
                                + " CREATE TABLE u (k STRING, v INT, ts TIMESTAMP(3), PRIMARY KEY (k) NOT ENFORCED)"
                                + " WITH ('event-time.column' = 'ts');"
                                + " ALTER TABLE u ADD note STRING AFTER k;"
                                + " ALTER TABLE u RENAME v TO amount;"
                                + " ALTER TABLE u MODIFY amount BIGINT;"
                                + " INSERT INTO u VALUES ('a', 'hello', 12345678901, TIMESTAMP '2024-01-01 00:00:00');"
                                + " SELECT * FROM u");
        assertThat(run.exitCode).as(run.toString()).isZero();
        SnapshotStore store = new SnapshotStore(new org.apache.flink.core.fs.Path(tmp.resolve("t").toString()));
        List<String> expected = new ArrayList<>();
        expected.add("snapshot_id,operation,added_files,total_rows");
        for (long id = 1; id <= 2; id++) { // the SELECT ran before the ALTER
            var s = store.read(id);
            long added = s.allFiles().size() - (id == 1 ? 0 : store.read(id - 1).allFiles().size());
            expected.add(id + "," + SnapshotSummary.of(s).operation() + "," + added + "," + s.allFiles().stream().mapToLong(f -> f.rows()).sum());
        }
        expected.add("files");
        expected.add(Integer.toString(store.read(1).allFiles().size()));
        expected.add("schema_id,primary_key");
        expected.add("0,[k]");
        expected.add("schema_id,is_current,columns");
        expected.add("0,false,\"[{\"\"id\"\":1,\"\"name\"\":\"\"k\"\",\"\"type\"\":\"\"VARCHAR(2147483647)\"\",\"\"nullable\"\":false},"
                + "{\"\"id\"\":2,\"\"name\"\":\"\"ts\"\",\"\"type\"\":\"\"TIMESTAMP(3)\"\",\"\"nullable\"\":true}]\"");
        expected.add("1,true,\"[{\"\"id\"\":1,\"\"name\"\":\"\"k\"\",\"\"type\"\":\"\"VARCHAR(2147483647)\"\",\"\"nullable\"\":false},"
                + "{\"\"id\"\":2,\"\"name\"\":\"\"ts\"\",\"\"type\"\":\"\"TIMESTAMP(3)\"\",\"\"nullable\"\":true},"
                + "{\"\"id\"\":3,\"\"name\"\":\"\"note\"\",\"\"type\"\":\"\"VARCHAR(2147483647)\"\",\"\"nullable\"\":true}]\"");
        expected.add("k,note,amount,ts");
        expected.add("a,hello,12345678901,2024-01-01T00:00:00");
        assertThat(run.outLines()).containsExactlyElementsOf(expected);
        assertThat(store.currentId()).isEqualTo(3);
        assertThat(store.current().schema().schemaId()).isEqualTo(1);
        SnapshotStore u = new SnapshotStore(new org.apache.flink.core.fs.Path(tmp.resolve("u").toString()));
        assertThat(u.current().schema().schemaId()).as("three ALTER statements").isEqualTo(3);
    }
}
