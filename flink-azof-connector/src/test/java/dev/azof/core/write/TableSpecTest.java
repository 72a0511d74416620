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
package dev.azof.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.commit.TableCommits;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;
import java.util.Map;

class TableSpecTest {

    @TempDir java.nio.file.Path tmp;

    private static final TableSchema SCHEMA =
            TableSchema.of(
                    List.of(
                            Column.of("k", new VarCharType(false, VarCharType.MAX_LENGTH)),
                            Column.of("ts", new TimestampType(true, 3))),
                    List.of("k"),
                    "ts");

    /**
     * A creator that published s1.json (the commit point) and stopped before writing the version
     * pointer (a job cancelled for a restart, seen on S3 where each write takes longer) created
     * the table: the next writer uses it rather than fail as if another writer held it.
     */
    @Test
    void aTableWhoseCreatorStoppedBeforeThePointerIsUsedAndItsPointerWritten() throws Exception {
        Path dir = new Path(tmp.resolve("t").toUri());
        TableSpec spec = new TableSpec(SCHEMA, 1, Map.of());
        SnapshotStore store = new SnapshotStore(dir);
        Snapshot first = TableCommits.createIfMissing(spec, dir);
        // Undo the pointer, as if the creator had stopped between the two steps.
        java.nio.file.Files.delete(java.nio.file.Path.of(store.versionPath().toUri()));
        assertThat(store.exists()).isFalse();

        Snapshot again = TableCommits.createIfMissing(spec, dir);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(store.exists()).isTrue();
        assertThat(store.currentId()).isEqualTo(1);
    }
}
