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
package dev.azof.core.plan;

import org.apache.flink.table.data.TimestampData;

import java.time.Instant;

/**
 * Event times compare as epoch microseconds. TIMESTAMP (without zone) event times are read as
 * UTC, so that the same wall-clock value always means the same as-of point.
 */
public final class EventTimes {
    private EventTimes() {}

    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    public static long micros(TimestampData t) {
        return Math.addExact(
                Math.multiplyExact(t.getMillisecond(), 1000L), t.getNanoOfMillisecond() / 1000);
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
