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
package dev.azof.core.metadata;

import dev.azof.core.AzofException;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotJsonTest {

    private static final String LEGACY =
            "{\"schema\":{\"columns\":[{\"name\":\"value\",\"data_type\":\"String\",\"nullable\":false}]},"
                    + "\"segments\":[{\"id\":\"10\",\"start\":\"2024-01-01T00:00:00.000Z\",\"file\":\"%s\","
                    + "\"delta\":[{\"start\":\"2024-02-01T00:00:00.000Z\",\"end\":\"2024-04-01T00:00:00.000Z\",\"file\":\"d.parquet\"}]}]}";

    @Test
    void readsLegacySnapshots() {
        Snapshot s = SnapshotJson.parse(String.format(LEGACY, "base.parquet"), 3, "s3.json");
        assertThat(s.isLegacy()).isTrue();
        assertThat(s.id()).isEqualTo(3);
        assertThat(s.schema().columnNames()).containsExactly("key", "event_time", "value");
        assertThat(s.segments().get(0).bases().get(0).path()).isEqualTo("base.parquet");
        assertThat(s.segments().get(0).deltas().get(0).end()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
    }

    @Test
    void rejectsReferencesThatEscapeTheTable() {
        for (String bad : new String[] {"../../x", "/etc/passwd", "a/../../b.parquet", "s3://bucket/x.parquet", "C:\\\\x"}) {
            assertThatThrownBy(() -> SnapshotJson.parse(String.format(LEGACY, bad), 1, "s1.json"))
                    .as(bad)
                    .isInstanceOf(AzofException.class)
                    .hasMessageContaining("s1.json")
                    .hasMessageContaining("file reference");
        }
    }

    @Test
    void truncatedJsonIsAClearError() {
        String json = String.format(LEGACY, "base.parquet");
        assertThatThrownBy(() -> SnapshotJson.parse(json.substring(0, json.length() / 2), 1, "s1.json"))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("s1.json is not valid JSON");
    }

    @Test
    void unknownTypeIsAClearError() {
        String json = String.format(LEGACY, "base.parquet").replace("\"String\"", "\"Float128\"");
        assertThatThrownBy(() -> SnapshotJson.parse(json, 1, "s1.json"))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("unknown data_type 'Float128' for column 'value'");
    }

    @Test
    void missingSchemaIsAClearError() {
        assertThatThrownBy(() -> SnapshotJson.parse("{\"segments\":[]}", 1, "s1.json"))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("'schema'");
    }

    @Test
    void versionOneRoundTrips() {
        TableSchema schema =
                TableSchema.of(
                        List.of(
                                Column.of("id", new BigIntType(false)),
                                Column.of("ts", new LocalZonedTimestampType(6)),
                                Column.of("v", new VarCharType(VarCharType.MAX_LENGTH)),
                                Column.of("amount", new DecimalType(10, 2))),
                        List.of("id"),
                        "ts");
        DataFile base =
                DataFile.builder("data/b.parquet", DataFile.Kind.BASE)
                        .range(Instant.parse("2024-01-01T00:00:00Z"), null)
                        .bucket(1)
                        .rows(5)
                        .bytes(100)
                        .sequence(3)
                        .build();
        DataFile delta =
                DataFile.builder("data/d.parquet", DataFile.Kind.DELTA)
                        .range(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-31T23:59:59.999999Z"))
                        .bucket(0)
                        .rows(7)
                        .bytes(200)
                        .sequence(4)
                        .eventTimes(Instant.parse("2024-01-02T00:00:00.000001Z"), Instant.parse("2024-01-03T00:00:00Z"))
                        .build();
        Segment child =
                new Segment("2024-01", Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-31T23:59:59.999999Z"), List.of(base), List.of(delta), List.of());
        Segment top =
                new Segment("2024", Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-12-31T23:59:59.999999Z"), List.of(), List.of(), List.of(child));
        Snapshot s = new Snapshot(1, 4, 3L, 1234L, schema, 2, List.of(top), Map.of("segment.granularity", "year,month"), Map.of("operation", "append"));
        Snapshot back = SnapshotJson.parse(SnapshotJson.toJson(s), 4, "s4.json");
        assertThat(back.schema()).isEqualTo(schema);
        assertThat(back.segments()).isEqualTo(s.segments());
        assertThat(back.bucketCount()).isEqualTo(2);
        assertThat(back.parentId()).isEqualTo(3L);
        assertThat(back.properties()).isEqualTo(s.properties());
        assertThat(back.summary()).isEqualTo(s.summary());
        assertThatThrownBy(() -> SnapshotJson.parse(SnapshotJson.toJson(s), 5, "s5.json"))
                .hasMessageContaining("does not match the file name");
    }

    @Test
    void writersTimestampsReadAsJavaTimeReadsThem() {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        java.util.Random r = new java.util.Random(seed);
        java.time.format.DateTimeFormatter iso = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(min + (long) (r.nextDouble() * (max - min)), r.nextInt(1_000_000_000));
            int digits = r.nextInt(10);
            String text = t.toString().substring(0, 19);
            if (digits > 0) {
                text += "." + String.format("%09d", t.getNano()).substring(0, digits);
            }
            text += "Z";
            Instant want = java.time.OffsetDateTime.parse(text, iso).toInstant();
            assertThat(SnapshotJson.parseUtc(text)).as("seed " + seed + ": " + text).isEqualTo(want);
            assertThat(SnapshotJson.parseInstant(text)).as(text).isEqualTo(want);
        }
        // Other forms and invalid values go to java.time's parser, which reads or rejects them.
        for (String other : List.of("2024-02-29T12:00:00+01:00", "2024-02-29T12:00Z", "2024-12-31T23:59:60Z",
                "2024-01-01T24:00:00Z", "2024-01-01T00:00:00.Z")) {
            assertThat(SnapshotJson.parseUtc(other)).as(other).isNull();
            assertThat(SnapshotJson.parseInstant(other)).as(other).isNotNull();
        }
        assertThat(SnapshotJson.parseInstant("2024-02-29T12:00:00+01:00")).isEqualTo(Instant.parse("2024-02-29T11:00:00Z"));
        for (String invalid : List.of("2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T00:60:00Z",
                "2024-01-01T00:00:00.1234567890Z", "2024-01-0xT00:00:00Z", "2024-01-01 00:00:00Z")) {
            assertThat(SnapshotJson.parseUtc(invalid)).as(invalid).isNull();
            assertThatThrownBy(() -> SnapshotJson.parseInstant(invalid)).as(invalid)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }
}
