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
package dev.azof.flink.sink;

import dev.azof.core.commit.TableCommitter;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.write.PendingFile;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Round trips of {@link AzofCommittableSerializer}, and bytes of every version kept as written. */
class AzofCommittableSerializerTest {

    private static final AzofCommittableSerializer SERIALIZER = new AzofCommittableSerializer();

    static AzofCommittable sample() {
        return sample(TableCommitter.UNKNOWN_START);
    }

    static AzofCommittable sample(long writerStartedAt) {
        Instant anchor = Instant.parse("2024-04-01T00:00:00Z");
        return new AzofCommittable(
                "0f8e2a4c-0000-4000-8000-000000000001",
                writerStartedAt,
                42,
                1_712_000_000_000L,
                List.of(
                        new PendingFile(
                                anchor,
                                DataFile.builder("data/2024-04/delta-b1-x.parquet", DataFile.Kind.DELTA)
                                        .range(anchor, Instant.parse("2024-04-30T23:59:59.999999Z"))
                                        .bucket(1)
                                        .rows(10)
                                        .bytes(1234)
                                        .eventTimes(Instant.parse("2024-04-02T10:00:00.123456Z"), null)
                                        .build()),
                        new PendingFile(
                                anchor,
                                DataFile.builder("data/base-2024-04-b0-y.parquet", DataFile.Kind.BASE)
                                        .range(anchor, null)
                                        .bucket(0)
                                        .sequence(7)
                                        .build())));
    }

    @Test
    void roundTrips() throws IOException {
        for (AzofCommittable c :
                List.of(
                        sample(),
                        sample(17),
                        new AzofCommittable(AzofCommittable.NO_WRITER_ID, -1, null, List.of()))) {
            byte[] bytes = SERIALIZER.serialize(c);
            assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), bytes)).isEqualTo(c);
        }
    }

    @Test
    void readsVersionThreeBytesWithSchemaZero() throws IOException {
        assertThat(SERIALIZER.getVersion()).isEqualTo(4);
        AzofCommittable read = SERIALIZER.deserialize(3, HexFormat.of().parseHex(V3));
        assertThat(read).isEqualTo(sample(17));
        assertThat(read.files()).allSatisfy(f -> assertThat(f.file().schemaId()).isZero());
    }

    /** Version 4 carries each file's schema version, so a commit after ALTER TABLE keeps it. */
    @Test
    void roundTripsFileSchemaIds() throws IOException {
        Instant anchor = Instant.parse("2024-04-01T00:00:00Z");
        DataFile f =
                DataFile.builder("data/2024-04/delta-b1-s.parquet", DataFile.Kind.DELTA)
                        .range(anchor, anchor)
                        .bucket(1)
                        .rows(3)
                        .bytes(99)
                        .eventTimes(anchor, anchor)
                        .crc32c(7L)
                        .schemaId(3)
                        .build();
        AzofCommittable c = new AzofCommittable("w", 3, 5, null, List.of(new PendingFile(anchor, f)));
        AzofCommittable back = SERIALIZER.deserialize(4, SERIALIZER.serialize(c));
        assertThat(back).isEqualTo(c);
        assertThat(back.files().get(0).file().schemaId()).isEqualTo(3);
    }

    @Test
    void readsVersionTwoBytes() throws IOException {
        assertThat(SERIALIZER.deserialize(2, HexFormat.of().parseHex(V2))).isEqualTo(sample(17));
    }

    /** Version 3 carries each file's CRC-32C (unsigned 32-bit, or -1 unknown). */
    @Test
    void roundTripsFileChecksums() throws IOException {
        Instant anchor = Instant.parse("2024-04-01T00:00:00Z");
        DataFile f =
                DataFile.builder("data/2024-04/delta-b1-z.parquet", DataFile.Kind.DELTA)
                        .range(anchor, anchor)
                        .bucket(1)
                        .rows(3)
                        .bytes(99)
                        .eventTimes(anchor, anchor)
                        .crc32c(0xFFFF_FFFFL)
                        .build();
        AzofCommittable c = new AzofCommittable("w", 3, 5, null, List.of(new PendingFile(anchor, f)));
        AzofCommittable back = SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(c));
        assertThat(back).isEqualTo(c);
        assertThat(back.files().get(0).file().crc32c()).isEqualTo(0xFFFF_FFFFL);
    }

    /** A committable of an older job's state: its writer's start is unknown. */
    @Test
    void readsVersionOneBytesWithAnUnknownStart() throws IOException {
        assertThat(SERIALIZER.deserialize(1, HexFormat.of().parseHex(V1)))
                .isEqualTo(sample(TableCommitter.UNKNOWN_START));
    }

    @Test
    void unknownVersionFails() {
        assertThatThrownBy(() -> SERIALIZER.deserialize(5, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Unknown AzofCommittable serializer version 5");
    }

    /** Bytes written by version 3 (writer started at snapshot 17, CRCs unknown). */
    private static final String V3 =
            "002430663865326134632d303030302d343030302d383030302d3030303030303030303030310000"
            + "000000000011000000000000002a010000018e9b26e00000000002000000006609f9000000000000"
            + "1f646174612f323032342d30342f64656c74612d62312d782e706172717565740101000000006609"
            + "f900000000000100000000663185ff3b9ac61800000001000000000000000a00000000000004d200"
            + "000000000000000100000000660bd720075bca0000ffffffffffffffff000000006609f900000000"
            + "00001e646174612f626173652d323032342d30342d62302d792e7061727175657400010000000066"
            + "09f900000000000000000000ffffffffffffffffffffffffffffffff00000000000000070000ffff"
            + "ffffffffffff";

    /** Bytes written by version 2 (writer started at snapshot 17). */
    private static final String V2 =
            "002430663865326134632d303030302d343030302d383030302d3030303030303030303030310000"
            + "000000000011000000000000002a010000018e9b26e00000000002000000006609f9000000000000"
            + "1f646174612f323032342d30342f64656c74612d62312d782e706172717565740101000000006609"
            + "f900000000000100000000663185ff3b9ac61800000001000000000000000a00000000000004d200"
            + "000000000000000100000000660bd720075bca0000000000006609f90000000000001e646174612f"
            + "626173652d323032342d30342d62302d792e706172717565740001000000006609f9000000000000"
            + "00000000ffffffffffffffffffffffffffffffff00000000000000070000";

    /** Bytes written by version 1; a change that cannot read them breaks savepoints. */
    private static final String V1 =
            "002430663865326134632d303030302d343030302d383030302d3030303030303030303030310000"
            + "00000000002a010000018e9b26e00000000002000000006609f90000000000001f646174612f3230"
            + "32342d30342f64656c74612d62312d782e706172717565740101000000006609f900000000000100"
            + "000000663185ff3b9ac61800000001000000000000000a00000000000004d2000000000000000001"
            + "00000000660bd720075bca0000000000006609f90000000000001e646174612f626173652d323032"
            + "342d30342d62302d792e706172717565740001000000006609f900000000000000000000ffffffff"
            + "ffffffffffffffffffffffff00000000000000070000";
}
