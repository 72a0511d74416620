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
package dev.azof.flink.source;

import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.schema.SchemaChange;
import dev.azof.core.schema.SchemaEvolution;
import dev.azof.core.plan.ScanTask;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.AzofSourceSplitSerializer;
import dev.azof.flink.source.split.AzofSourceSplitState;
import dev.azof.flink.source.split.SplitOrigin;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzofSourceSplitSerializerTest {

    private static final AzofSourceSplitSerializer SERIALIZER = AzofSourceSplitSerializer.INSTANCE;

    static DataFile fullFile() {
        return DataFile.builder("data/2024-Q1/delta-b3-0e1f.parquet", DataFile.Kind.DELTA)
                .range(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-03-31T23:59:59.999999Z"))
                .bucket(3)
                .rows(1234)
                .bytes(56789)
                .sequence(7)
                .eventTimes(Instant.parse("2024-01-02T03:04:05.123456Z"), Instant.parse("2024-03-30T00:00:00Z"))
                .build();
    }

    /** A file as azof 0.2 metadata describes it: a path, no statistics, no range. */
    static DataFile legacyFile() {
        return DataFile.builder("base.parquet", DataFile.Kind.BASE).build();
    }

    static AzofSourceSplit bucketedSplit(long emitted) {
        DataFile base =
                DataFile.builder("data/base-2024-Q1-b3-77.parquet", DataFile.Kind.BASE)
                        .range(Instant.parse("2024-01-01T00:00:00Z"), null)
                        .bucket(3)
                        .rows(10)
                        .bytes(2048)
                        .sequence(5)
                        .eventTimes(null, Instant.parse("2023-12-31T00:00:00Z"))
                        .build();
        return new AzofSourceSplit(
                "1-bucket-3",
                new ScanTask(3, ScanTask.MergeMode.LATEST_EVENT_TIME, List.of(base, fullFile())),
                emitted);
    }

    static AzofSourceSplit legacySplit() {
        DataFile delta =
                DataFile.builder("delta1.parquet", DataFile.Kind.DELTA)
                        .range(Instant.parse("2024-02-01T00:00:00Z"), Instant.parse("2024-04-01T00:00:00Z"))
                        .build();
        return AzofSourceSplit.of(
                "0-bucket--1",
                new ScanTask(DataFile.NO_BUCKET, ScanTask.MergeMode.FIRST_MATCH, List.of(delta, legacyFile())));
    }

    @Test
    void roundTripsBucketedSplit() throws IOException {
        AzofSourceSplit split = bucketedSplit(4242);
        AzofSourceSplit copy = SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(split));
        assertThat(copy).isEqualTo(split);
        assertThat(copy.task().files()).containsExactlyElementsOf(split.task().files());
        // DataFile.equals ignores nothing, but check the microsecond stats survive explicitly.
        assertThat(copy.task().files().get(1).minEventTime())
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.123456Z"));
        assertThat(copy.recordsEmitted()).isEqualTo(4242);
    }

    @Test
    void roundTripsDataFilesWithNullFields() throws IOException {
        AzofSourceSplit split = legacySplit();
        AzofSourceSplit copy = SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(split));
        assertThat(copy).isEqualTo(split);
        DataFile f = copy.task().files().get(1);
        assertThat(f.start()).isNull();
        assertThat(f.end()).isNull();
        assertThat(f.minEventTime()).isNull();
        assertThat(f.maxEventTime()).isNull();
        assertThat(f.rows()).isEqualTo(-1);
        assertThat(copy.task().mode()).isEqualTo(ScanTask.MergeMode.FIRST_MATCH);
    }

    @Test
    void roundTripsTaskWithoutFiles() throws IOException {
        AzofSourceSplit split = AzofSourceSplit.of("x", new ScanTask(0, ScanTask.MergeMode.LATEST_EVENT_TIME, List.of()));
        assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(split))).isEqualTo(split);
    }

    /**
     * Pins the version 1 layout: bytes written independently with java.io must deserialize, and
     * the serializer must write exactly them. A change here breaks restoring old checkpoints.
     */
    @Test
    void version1LayoutIsStable() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("0-bucket--1");
        out.writeLong(2); // records emitted
        out.writeInt(-1); // bucket
        out.writeUTF("FIRST_MATCH");
        out.writeInt(2); // files
        // delta1.parquet
        out.writeUTF("delta1.parquet");
        out.writeUTF("DELTA");
        out.writeBoolean(true);
        out.writeLong(Instant.parse("2024-02-01T00:00:00Z").getEpochSecond());
        out.writeInt(0);
        out.writeBoolean(true);
        out.writeLong(Instant.parse("2024-04-01T00:00:00Z").getEpochSecond());
        out.writeInt(0);
        out.writeInt(-1);
        out.writeLong(-1);
        out.writeLong(-1);
        out.writeLong(0);
        out.writeBoolean(false);
        out.writeBoolean(false);
        // base.parquet
        out.writeUTF("base.parquet");
        out.writeUTF("BASE");
        out.writeBoolean(false);
        out.writeBoolean(false);
        out.writeInt(-1);
        out.writeLong(-1);
        out.writeLong(-1);
        out.writeLong(0);
        out.writeBoolean(false);
        out.writeBoolean(false);
        out.flush();
        byte[] v1 = bytes.toByteArray();

        AzofSourceSplit expected = legacySplit().withRecordsEmitted(2);
        assertThat(SERIALIZER.deserialize(1, v1)).isEqualTo(expected);
        // Version 2 appends the origin of a streaming read's split: absent here.
        byte[] v2 = Arrays.copyOf(v1, v1.length + 1);
        assertThat(SERIALIZER.deserialize(2, v2)).isEqualTo(expected);
        // Version 3 appends each file's schema id (0, 0) and the schema versions (none).
        byte[] v3 = Arrays.copyOf(v2, v2.length + 4 + 4 + 4);
        assertThat(SERIALIZER.serialize(expected)).isEqualTo(v3);
        assertThat(SERIALIZER.deserialize(3, v3)).isEqualTo(expected);
    }

    @Test
    void roundTripsStreamingSplitOrigin() throws IOException {
        for (SplitOrigin origin :
                List.of(
                        new SplitOrigin(SplitOrigin.Kind.CHANGES, 12, 1764201600000L, 1_700_000_000_000_000L, SplitOrigin.NONE),
                        new SplitOrigin(SplitOrigin.Kind.STATE, 3, -1, SplitOrigin.NONE, 42))) {
            AzofSourceSplit split = new AzofSourceSplit("c12-b1", bucketedSplit(7).task(), 7, origin);
            AzofSourceSplit copy = SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(split));
            assertThat(copy).isEqualTo(split);
            assertThat(copy.origin()).isEqualTo(origin);
            assertThat(copy.withRecordsEmitted(9).origin()).isEqualTo(origin);
        }
    }

    /** A split of a table whose schema changed: files of two versions, both versions carried. */
    static AzofSourceSplit evolvedSplit() {
        TableSchema first =
                TableSchema.of(
                        List.of(
                                Column.of("id", new BigIntType(false)),
                                Column.of("ts", new LocalZonedTimestampType(3)),
                                Column.of("qty", new IntType())),
                        List.of("id"),
                        "ts");
        Snapshot s = new Snapshot(1, 1, null, 0L, first, 1, List.of(), Map.of(), Map.of());
        TableSchema second =
                SchemaEvolution.apply(
                        s,
                        List.of(
                                SchemaChange.renameColumn("qty", "quantity"),
                                SchemaChange.updateColumnType("quantity", new BigIntType()),
                                SchemaChange.addColumn("note", new VarCharType(20))));
        TableSchema third =
                SchemaEvolution.apply(s.withSchema(second), List.of(SchemaChange.dropColumn("note")));
        DataFile old = fullFile();
        DataFile newer = fullFile().withSchemaId(third.schemaId());
        return new AzofSourceSplit(
                "c9-b3",
                new ScanTask(
                        3,
                        ScanTask.MergeMode.LATEST_EVENT_TIME,
                        List.of(old, newer),
                        Map.of(0, first, third.schemaId(), third)),
                11,
                new SplitOrigin(SplitOrigin.Kind.CHANGES, 9, 1764201600000L, SplitOrigin.NONE, SplitOrigin.NONE));
    }

    @Test
    void roundTripsSchemaVersionsOfFiles() throws IOException {
        AzofSourceSplit split = evolvedSplit();
        AzofSourceSplit copy = SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(split));
        assertThat(copy).isEqualTo(split);
        assertThat(copy.task().files()).extracting(DataFile::schemaId).containsExactly(0, 2);
        assertThat(copy.task().schemas().keySet()).containsExactly(0, 2);
        for (Map.Entry<Integer, TableSchema> e : split.task().schemas().entrySet()) {
            assertThat(copy.task().schemas().get(e.getKey()).sameVersionAs(e.getValue()))
                    .as("schema %s keeps its field ids", e.getKey())
                    .isTrue();
        }
    }

    @Test
    void rejectsUnknownVersion() throws IOException {
        byte[] bytes = SERIALIZER.serialize(bucketedSplit(0));
        assertThatThrownBy(() -> SERIALIZER.deserialize(4, bytes))
                .isInstanceOf(IOException.class)
                .hasMessage("Unknown AzofSourceSplit serializer version 4");
        assertThatThrownBy(() -> SERIALIZER.deserialize(0, bytes))
                .isInstanceOf(IOException.class)
                .hasMessage("Unknown AzofSourceSplit serializer version 0");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] bytes = SERIALIZER.serialize(bucketedSplit(0));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> SERIALIZER.deserialize(SERIALIZER.getVersion(), longer)).isInstanceOf(IOException.class);
    }

    @Test
    void splitStateCountsEmittedRecords() {
        AzofSourceSplitState state = new AzofSourceSplitState(bucketedSplit(5));
        state.onRecordEmitted();
        state.onRecordEmitted();
        assertThat(state.toSplit()).isEqualTo(bucketedSplit(7));
    }
}
