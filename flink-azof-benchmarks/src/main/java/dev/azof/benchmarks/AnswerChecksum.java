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

/**
 * An order-independent fingerprint of an as-of answer: the row count and a sum of mixed
 * (key, event time) pairs. Every system's answer at the same t must match: ties of equal key and
 * event time may pick different value columns, so only the key and event time count.
 */
public final class AnswerChecksum {

    private long rows;
    private long sum;

    public void add(String ticker, long eventTimeMillis) {
        rows++;
        sum += mix(ticker, eventTimeMillis);
    }

    /** The contribution of one row; sums of it are order-independent. */
    public static long mix(String ticker, long eventTimeMillis) {
        return HistoryGenerator.mix(ticker.hashCode(), eventTimeMillis);
    }

    public long rows() {
        return rows;
    }

    /** The fingerprint, as hex, with the row count. */
    public String value() {
        return format(rows, sum);
    }

    /** The fingerprint of {@code rows} rows whose {@link #mix} values sum to {@code sum}. */
    static String format(long rows, long sum) {
        return rows + ":" + Long.toHexString(sum);
    }
}
