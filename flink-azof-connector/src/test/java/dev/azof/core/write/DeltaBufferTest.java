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

import dev.azof.core.commit.TableCommits;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeltaBufferTest {

    @TempDir java.nio.file.Path tmp;

    @Test
    void keepsItsRowsWhenWritingFailsAndWritesThemLater() throws Exception {
        TableSchema schema =
                TableSchema.of(
                        List.of(
                                Column.of("k", new VarCharType(false, 10)),
                                Column.of("ts", new TimestampType(false, 3)),
                                Column.of("v", new BigIntType())),
                        List.of("k"),
                        "ts");
        Path dir = new Path(tmp.resolve("t").toUri());
        Snapshot snapshot = TableCommits.resolve(new TableSpec(schema, 2, Map.of()), dir);
        DeltaBuffer buffer = new TableWriter(dir, snapshot).newDeltaBuffer();
        for (int i = 0; i < 10; i++) {
            buffer.add(
                    GenericRowData.of(
                            StringData.fromString("k" + i),
                            TimestampData.fromEpochMillis(86_400_000L * 40 * i),
                            (long) i,
                            false));
        }
        // A file where the data directory belongs: no data file can be created.
        Files.createDirectories(tmp.resolve("t"));
        Files.writeString(tmp.resolve("t").resolve("data"), "in the way");
        assertThatThrownBy(buffer::write).isInstanceOf(java.io.IOException.class);
        assertThat(buffer.size()).isEqualTo(10);

        Files.delete(tmp.resolve("t").resolve("data"));
        List<PendingFile> files = buffer.write();
        assertThat(files.stream().mapToLong(f -> f.file().rows()).sum()).isEqualTo(10);
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.write()).isEmpty();
    }

    @Test
    void rejectsARowItCouldNotReadBackBeforeAnyFileExists() throws Exception {
        TableSchema schema =
                TableSchema.of(
                        List.of(
                                Column.of("k", new VarCharType(false, 10)),
                                Column.of("ts", new TimestampType(false, 6)),
                                Column.of("v", new BigIntType())),
                        List.of("k"),
                        "ts");
        Path dir = new Path(tmp.resolve("t").toUri());
        Snapshot snapshot = TableCommits.resolve(new TableSpec(schema, 2, Map.of()), dir);
        DeltaBuffer buffer = new TableWriter(dir, snapshot).newDeltaBuffer();
        // 1969-12-31T23:59:59.999500: before 1970 with sub-millisecond digits
        assertThatThrownBy(
                        () ->
                                buffer.add(
                                        GenericRowData.of(
                                                StringData.fromString("old"),
                                                TimestampData.fromEpochMillis(-1, 500_000),
                                                1L,
                                                false)))
                .isInstanceOf(dev.azof.core.AzofException.class)
                .hasMessageContaining("'ts'")
                .hasMessageContaining("before 1970");
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.write()).isEmpty();
        // No segment directory (nor any data directory) was left behind.
        assertThat(Files.exists(tmp.resolve("t").resolve("data"))).isFalse();
    }
}
