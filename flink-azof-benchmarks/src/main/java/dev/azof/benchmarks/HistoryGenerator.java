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

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;

/**
 * The deterministic row generator: row {@code i} of a history is a pure function of the {@link
 * HistorySpec} and {@code i}, so any process, split or run produces the same rows.
 *
 * <p>Rows are shaped like the financial example: a ticker (the key), the event time and three
 * BIGINT figures. Rows arrive in index order. Row {@code i}'s event time is on schedule (the
 * history's span spread evenly over the rows, whole seconds, plus the row's version of its key
 * modulo 1000 as milliseconds, so that no two rows of a key share an event time), except for a share {@code lateShare} of rows whose event time lies up to {@code
 * lateDays} days before their place in the arrival order: they arrive late. Keys are a fixed
 * permutation of {@code i mod keys}, so every run of {@code keys} consecutive rows touches every
 * key once and each key gets about {@code rows / keys} versions.
 */
public final class HistoryGenerator implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String KEY = "ticker";
    public static final String EVENT_TIME = "event_time";

    /** {@code ticker STRING NOT NULL, event_time TIMESTAMP(3) NOT NULL, three BIGINTs}. */
    public static final RowType ROW_TYPE =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD(KEY, DataTypes.STRING().notNull()),
                                    DataTypes.FIELD(EVENT_TIME, DataTypes.TIMESTAMP(3).notNull()),
                                    DataTypes.FIELD("revenue", DataTypes.BIGINT()),
                                    DataTypes.FIELD("shares_diluted", DataTypes.BIGINT()),
                                    DataTypes.FIELD("net_income", DataTypes.BIGINT()))
                            .notNull()
                            .getLogicalType();

    /** The columns of {@link #ROW_TYPE} as SQL DDL. */
    public static final String COLUMNS_DDL =
            ROW_TYPE.getFields().stream()
                    .map(f -> f.getName() + " " + f.getType().asSerializableString())
                    .collect(java.util.stream.Collectors.joining(", "));

    private final HistorySpec spec;
    private final long startSecond;
    private final double secondsPerRow;
    private final long lateSpanSeconds;
    private final long keyMultiplier;
    private final long keyOffset;

    public HistoryGenerator(HistorySpec spec) {
        this.spec = spec;
        this.startSecond = Math.floorDiv(spec.startMillis(), 1000L);
        long spanSeconds = (spec.endMillis() - spec.startMillis()) / 1000L;
        this.secondsPerRow = (double) spanSeconds / spec.rows();
        this.lateSpanSeconds = spec.lateDays() * 86_400L;
        this.keyMultiplier = coprimeMultiplier(spec.keys());
        this.keyOffset = Math.floorMod(mix(spec.seed(), -1), spec.keys());
    }

    public HistorySpec spec() {
        return spec;
    }

    /** The key index of row {@code i}, in {@code [0, keys)}. */
    public long keyIndex(long i) {
        long k = spec.keys();
        return (Math.floorMod(i, k) * keyMultiplier + keyOffset) % k;
    }

    /** The ticker of a key index: {@code T} and nine digits, so string order is index order. */
    public static String ticker(long keyIndex) {
        char[] c = new char[10];
        c[0] = 'T';
        long v = keyIndex;
        for (int p = 9; p >= 1; p--) {
            c[p] = (char) ('0' + (v % 10));
            v /= 10;
        }
        return new String(c);
    }

    /** Whether row {@code i} arrives late. */
    public boolean isLate(long i) {
        return unit(mix(spec.seed(), i * 4 + 1)) < spec.lateShare();
    }

    /** The event time of row {@code i} in epoch milliseconds. */
    public long eventTimeMillis(long i) {
        long second = (long) Math.floor(i * secondsPerRow);
        if (isLate(i)) {
            long lateness = 1 + Math.floorMod(mix(spec.seed(), i * 4 + 2), lateSpanSeconds);
            second = Math.max(0, second - lateness);
        }
        // The milliseconds are the row's version of its key (mod 1000): two rows of one key in
        // the same second differ there, so (key, event time) is unique and answers have no ties.
        return (startSecond + second) * 1000L + Math.floorMod(i / spec.keys(), 1000L);
    }

    public RowData row(long i) {
        long figures = mix(spec.seed(), i * 4 + 3);
        long revenue = Math.floorMod(figures, 10_000_000_000L);
        long shares = 1_000_000L + Math.floorMod(figures >>> 20, 999_000_000L);
        long netIncome = Math.floorMod(figures >>> 7, 2_000_000_000L) - 500_000_000L;
        return GenericRowData.of(
                StringData.fromString(ticker(keyIndex(i))),
                TimestampData.fromEpochMillis(eventTimeMillis(i)),
                revenue,
                shares,
                netIncome);
    }

    /** SplitMix64 of (seed, i): a well-mixed, reproducible 64-bit value. */
    static long mix(long seed, long i) {
        long z = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** A multiplier coprime with {@code k}, so that {@code i -> i * m mod k} permutes keys. */
    private static long coprimeMultiplier(long k) {
        if (k == 1) {
            return 1;
        }
        long m = 2_654_435_761L % k;
        while (m < 1 || gcd(m, k) != 1) {
            m = (m + 1) % k;
        }
        return m;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
