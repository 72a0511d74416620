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
package dev.azof.benchmarks;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One generated history: {@code rows} rows over {@code keys} keys with event times spread evenly
 * over {@code years} years from {@link #START}, a share {@code lateShare} of them arriving late by
 * up to {@code lateDays} days. Everything follows from these fields and the seed.
 */
public record HistorySpec(long rows, long keys, int years, double lateShare, int lateDays, long seed)
        implements Serializable {

    public static final Instant START = Instant.parse("2020-01-01T00:00:00Z");

    public HistorySpec {
        if (rows < 1 || keys < 1 || years < 1) {
            throw new IllegalArgumentException("a history needs rows, keys and years >= 1");
        }
    }

    public long startMillis() {
        return START.toEpochMilli();
    }

    /** The first instant after the history. */
    public long endMillis() {
        return START.atZone(ZoneOffset.UTC).plusYears(years).toInstant().toEpochMilli();
    }

    /** The as-of time in the middle of the history. */
    public Instant asOfMid() {
        return Instant.ofEpochMilli(startMillis() + (endMillis() - startMillis()) / 2);
    }

    /** The as-of time at the end of the history: its last millisecond. */
    public Instant asOfEnd() {
        return Instant.ofEpochMilli(endMillis() - 1);
    }

    /** A short label for directory names. */
    public String label() {
        return rows + "r-" + keys + "k-" + years + "y-s" + seed;
    }
}
