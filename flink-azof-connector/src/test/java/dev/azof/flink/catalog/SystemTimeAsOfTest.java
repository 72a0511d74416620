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

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link SystemTimeAsOf}, against Flink's conversion of the literal and brute force. */
class SystemTimeAsOfTest {

    private static final List<ZoneId> ZONES =
            List.of(
                    ZoneId.of("UTC"),
                    ZoneId.of("Europe/Berlin"),
                    ZoneId.of("America/New_York"),
                    ZoneId.of("Asia/Kolkata"),
                    ZoneId.of("Australia/Lord_Howe")); // a 30-minute daylight-saving shift

    /** What Flink 2.1's planner hands the catalog for a TIMESTAMP literal (see SystemTimeAsOf). */
    private static long flinkMillis(LocalDateTime literal, ZoneId session) {
        return literal.atZone(session).toInstant().toEpochMilli();
    }

    /** Whether another wall-clock time becomes the same instant (brute force over shifts). */
    private static boolean ambiguous(LocalDateTime literal, ZoneId session) {
        long millis = flinkMillis(literal, session);
        for (int minutes = -120; minutes <= 120; minutes += 30) {
            LocalDateTime other = literal.plusMinutes(minutes);
            if (minutes != 0 && flinkMillis(other, session) == millis) {
                return true;
            }
        }
        return false;
    }

    @Test
    void wallClockEventTimesGetTheLiteralInEveryZoneOrARefusal() {
        long seed = System.nanoTime();
        System.out.println("SystemTimeAsOfTest seed " + seed);
        Random rnd = new Random(seed);
        LogicalType ts3 = new TimestampType(3);
        // Around the 2024 transitions of the zones above, and anywhere in 1900..2100.
        LocalDateTime[] around = {
            LocalDateTime.parse("2024-03-10T02:00"), LocalDateTime.parse("2024-03-31T02:00"),
            LocalDateTime.parse("2024-10-27T02:00"), LocalDateTime.parse("2024-11-03T01:00"),
            LocalDateTime.parse("2024-04-07T02:00"), LocalDateTime.parse("2024-10-06T02:00")
        };
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime literal =
                    i % 2 == 0
                            ? around[rnd.nextInt(around.length)]
                                    .plusSeconds(rnd.nextInt(4 * 3600) - 2 * 3600)
                                    .plusNanos(rnd.nextInt(1000) * 1_000_000L)
                            : LocalDateTime.of(1900, 1, 1, 0, 0)
                                    .plusSeconds((long) (rnd.nextDouble() * 200 * 365.25 * 86400))
                                    .plusNanos(rnd.nextInt(1000) * 1_000_000L);
            ZoneId zone = ZONES.get(rnd.nextInt(ZONES.size()));
            long millis = flinkMillis(literal, zone);
            if (ambiguous(literal, zone)) {
                refused++;
                assertThatThrownBy(() -> SystemTimeAsOf.resolve(millis, ts3, zone, "t", "ts"))
                        .as("%s in %s", literal, zone)
                        .isInstanceOf(ValidationException.class)
                        .hasMessageContaining("daylight saving")
                        .hasMessageContaining("'scan.as-of'");
            } else {
                assertThat(SystemTimeAsOf.resolve(millis, ts3, zone, "t", "ts"))
                        .as("%s in %s", literal, zone)
                        .isEqualTo(literal.toInstant(ZoneOffset.UTC));
            }
        }
        assertThat(refused).as("some literals fall into or right after a gap").isPositive();
    }

    @Test
    void instantEventTimesGetTheInstant() {
        LogicalType ltz3 = new LocalZonedTimestampType(3);
        for (ZoneId zone : ZONES) {
            // Flink's rule, gaps included: 02:30 of a spring-forward night is 03:30.
            LocalDateTime literal = LocalDateTime.parse("2024-03-31T02:30:00.123");
            long millis = flinkMillis(literal, zone);
            assertThat(SystemTimeAsOf.resolve(millis, ltz3, zone, "t", "ts"))
                    .isEqualTo(Instant.ofEpochMilli(millis));
            assertThat(SystemTimeAsOf.resolve(millis, ltz3, null, "t", "ts"))
                    .isEqualTo(Instant.ofEpochMilli(millis));
        }
    }

    @Test
    void refusesEventTimesFinerThanMilliseconds() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        long millis = flinkMillis(LocalDateTime.parse("2024-01-01T01:00:00"), berlin);
        assertThatThrownBy(
                        () ->
                                SystemTimeAsOf.resolve(
                                        millis, new TimestampType(6), berlin, "db.t_us", "ts"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("db.t_us")
                .hasMessageContaining("TIMESTAMP(6)")
                .hasMessageContaining("milliseconds")
                .hasMessageContaining("OPTIONS('scan.as-of' = '2024-01-01T01:00:00')");
        assertThatThrownBy(
                        () ->
                                SystemTimeAsOf.resolve(
                                        millis, new LocalZonedTimestampType(4), berlin, "t", "ts"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("TIMESTAMP_LTZ(4)")
                .hasMessageContaining("OPTIONS('scan.as-of' = '2024-01-01T00:00:00Z')");
        // Precision 3 and below lose nothing.
        assertThat(SystemTimeAsOf.resolve(millis, new TimestampType(0), berlin, "t", "ts"))
                .isEqualTo(Instant.parse("2024-01-01T01:00:00Z"));
    }

    @Test
    void wallClockNeedsTheSessionZone() {
        assertThatThrownBy(() -> SystemTimeAsOf.resolve(0, new TimestampType(3), null, "t", "ts"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("session")
                .hasMessageContaining("'scan.as-of'");
    }
}
