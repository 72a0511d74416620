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

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * What left a streaming source, recorded right behind it (chained, in the same JVM as the
 * benchmark's MiniCluster, hence static state): how many upserts, their {@link AnswerChecksum}
 * fingerprint, the wall-clock time the last one arrived, and per tag (the {@code revenue} column of
 * the latency scenario's rows: the number of the commit that wrote them) the first and last arrival
 * and the commit time a row carried, if any.
 */
public final class StreamProbe {

    /** Arrivals of one commit's rows. */
    public static final class Commit {
        public long rows;
        public long firstArrivalMillis = Long.MAX_VALUE;
        public long lastArrivalMillis = Long.MIN_VALUE;
        /** The commit time the rows carried (azof's {@code commit-time} metadata), or -1. */
        public long commitMillis = -1;
    }

    private static long rows;
    private static long others;
    private static long sum;
    private static long lastArrivalNanos;
    private static final Map<Long, Commit> COMMITS = new TreeMap<>();

    private StreamProbe() {}

    public static synchronized void reset() {
        rows = 0;
        others = 0;
        sum = 0;
        lastArrivalNanos = 0;
        COMMITS.clear();
    }

    /** Upserts (+I, +U) seen since {@link #reset()}. */
    public static synchronized long rows() {
        return rows;
    }

    /** Rows of any other kind (-U, -D): none of these scenarios writes any. */
    public static synchronized long otherRows() {
        return others;
    }

    /** The fingerprint of the upserts, comparable across systems and with the generator's. */
    public static synchronized String answer() {
        return AnswerChecksum.format(rows, sum);
    }

    /** {@link System#nanoTime()} when the last upsert arrived. */
    public static synchronized long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    public static synchronized Map<Long, Commit> commits() {
        Map<Long, Commit> copy = new TreeMap<>();
        COMMITS.forEach((tag, c) -> {
            Commit k = new Commit();
            k.rows = c.rows;
            k.firstArrivalMillis = c.firstArrivalMillis;
            k.lastArrivalMillis = c.lastArrivalMillis;
            k.commitMillis = c.commitMillis;
            copy.put(tag, k);
        });
        return copy;
    }

    private static void record(Row row, boolean tagged) {
        boolean upsert = row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER;
        Object committed = row.getArity() > 3 ? row.getField(3) : null;
        record(upsert, (String) row.getField(0),
                ((LocalDateTime) row.getField(1)).toInstant(ZoneOffset.UTC).toEpochMilli(),
                tagged ? (Long) row.getField(2) : 0,
                committed instanceof Instant ? ((Instant) committed).toEpochMilli() : -1,
                tagged);
    }

    /** A row of {@code ticker, event_time, revenue[, commit time]}, as azof's DataStream source emits it. */
    private static void record(RowData row, boolean tagged) {
        boolean upsert = row.getRowKind() == RowKind.INSERT || row.getRowKind() == RowKind.UPDATE_AFTER;
        long committed = row.getArity() > 3 && !row.isNullAt(3) ? row.getTimestamp(3, 3).getMillisecond() : -1;
        record(upsert, row.getString(0).toString(), row.getTimestamp(1, 3).getMillisecond(),
                tagged ? row.getLong(2) : 0, committed, tagged);
    }

    private static synchronized void record(
            boolean upsert, String ticker, long eventTime, long tag, long commitMillis, boolean tagged) {
        if (!upsert) {
            others++;
            return;
        }
        rows++;
        sum += AnswerChecksum.mix(ticker, eventTime);
        lastArrivalNanos = System.nanoTime();
        if (tagged) {
            long now = System.currentTimeMillis();
            Commit c = COMMITS.computeIfAbsent(tag, t -> new Commit());
            c.rows++;
            c.firstArrivalMillis = Math.min(c.firstArrivalMillis, now);
            c.lastArrivalMillis = Math.max(c.lastArrivalMillis, now);
            if (commitMillis >= 0) {
                c.commitMillis = commitMillis;
            }
        }
    }

    /** Records every row it sees and emits nothing; {@code tagged} also records arrivals per commit. */
    public static FlatMapFunction<Row, Void> recorder(boolean tagged) {
        return new Recorder(tagged);
    }

    /** {@link #recorder} for {@link RowData}. */
    public static FlatMapFunction<RowData, Void> rowDataRecorder(boolean tagged) {
        return new RowDataRecorder(tagged);
    }

    private static final class RowDataRecorder implements FlatMapFunction<RowData, Void> {
        private static final long serialVersionUID = 1L;
        private final boolean tagged;

        RowDataRecorder(boolean tagged) {
            this.tagged = tagged;
        }

        @Override
        public void flatMap(RowData row, Collector<Void> out) {
            record(row, tagged);
        }
    }

    private static final class Recorder implements FlatMapFunction<Row, Void> {
        private static final long serialVersionUID = 1L;
        private final boolean tagged;

        Recorder(boolean tagged) {
            this.tagged = tagged;
        }

        @Override
        public void flatMap(Row row, Collector<Void> out) {
            record(row, tagged);
        }
    }
}
