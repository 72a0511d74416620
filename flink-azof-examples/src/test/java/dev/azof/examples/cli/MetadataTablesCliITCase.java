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
                                + " SELECT schema_id, primary_key FROM azof.`default`.`t$schemas`");
        assertThat(run.exitCode).as(run.toString()).isZero();
        SnapshotStore store = new SnapshotStore(new org.apache.flink.core.fs.Path(tmp.resolve("t").toString()));
        List<String> expected = new ArrayList<>();
        expected.add("snapshot_id,operation,added_files,total_rows");
        for (long id = 1; id <= store.currentId(); id++) {
            var s = store.read(id);
            long added = s.allFiles().size() - (id == 1 ? 0 : store.read(id - 1).allFiles().size());
            expected.add(id + "," + SnapshotSummary.of(s).operation() + "," + added + "," + s.allFiles().stream().mapToLong(f -> f.rows()).sum());
        }
        expected.add("files");
        expected.add(Integer.toString(store.read(1).allFiles().size()));
        expected.add("schema_id,primary_key");
        expected.add("0,[k]");
        assertThat(run.outLines()).containsExactlyElementsOf(expected);
        assertThat(store.currentId()).isEqualTo(2);
    }
}
