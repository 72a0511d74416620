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

import java.util.Locale;

/**
 * The sizes of one benchmark run: the main history (ingest and as-of reads), the growth series
 * (the same keys with a history 1, 4 and 16 times as long) and the memory read.
 *
 * <p>Growth multiplies the <em>length</em> of the history at the same event rate: x16 covers 16
 * times the years with 16 times the rows of x1. That is how a table's history grows in production
 * (time passes), and it is what an as-of read at the end must not pay for.
 */
public record BenchmarkSize(
        String name,
        long rows,
        long keys,
        int years,
        long growthKeys,
        long growthRowsPerYear,
        long memoryKeys,
        int runs) {

    /** Share of rows that arrive late, and by how much at most (the generator's p and d). */
    public static final double LATE_SHARE = 0.05;

    public static final int LATE_DAYS = 30;

    public static BenchmarkSize of(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "small":
                return new BenchmarkSize("small", 200_000, 20_000, 2, 10_000, 40_000, 500_000, 3);
            case "default":
                return new BenchmarkSize("default", 2_000_000, 200_000, 2, 100_000, 400_000, 5_000_000, 5);
            case "large":
                return new BenchmarkSize("large", 5_000_000, 500_000, 2, 250_000, 1_000_000, 5_000_000, 5);
            default:
                throw new IllegalArgumentException(
                        "unknown size '" + name + "' (expected small, default or large)");
        }
    }

    /**
     * Facts of the point-in-time join scenarios: the 1M at the default and large sizes,
     * a tenth of that at small (whose growth histories are a tenth of the default's too).
     */
    public long joinFacts() {
        return name.equals("small") ? 100_000 : 1_000_000;
    }

    /** The main history: ingest and the as-of reads at its middle and end. */
    public HistorySpec mainHistory() {
        return new HistorySpec(rows, keys, years, LATE_SHARE, LATE_DAYS, 1);
    }

    /** The growth history with {@code multiplier} times the years and rows of x1. */
    public HistorySpec growthHistory(int multiplier) {
        return new HistorySpec(
                growthRowsPerYear * multiplier, growthKeys, multiplier, LATE_SHARE, LATE_DAYS, 2);
    }

    /** The memory history: every one of {@code memoryKeys} keys written once, over one year. */
    public HistorySpec memoryHistory() {
        return new HistorySpec(memoryKeys, memoryKeys, 1, LATE_SHARE, LATE_DAYS, 3);
    }
}
