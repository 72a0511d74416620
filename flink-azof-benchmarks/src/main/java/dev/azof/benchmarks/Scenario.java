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

import java.time.Instant;

/** The scenarios of the suite and the history and as-of time each one reads. */
public enum Scenario {
    INGEST("ingest", "main"),
    ASOF_MID("asof-mid", "main"),
    ASOF_END("asof-end", "main"),
    GROWTH_X1("growth-x1", "growth-x1"),
    GROWTH_X4("growth-x4", "growth-x4"),
    GROWTH_X16("growth-x16", "growth-x16"),
    MEMORY("memory", "memory"),
    /** Point-in-time join of {@link BenchmarkSize#joinFacts()} facts over the last year of x1. */
    ASOF_JOIN_X1("asof-join-x1", "growth-x1"),
    /** The same facts' count over the last year of x16 (same keys, 16 times the years and rows). */
    ASOF_JOIN_X16("asof-join-x16", "growth-x16"),
    /** Ingest of the main history into a table on the S3 server. */
    S3_INGEST("s3-ingest", "main"),
    /** The as-of read at the end of the main history, of the (compacted) table on the S3 server. */
    S3_ASOF_END("s3-asof-end", "main"),
    /** A streaming read of the main history from its beginning, until all its rows left the source. */
    STREAM_CATCHUP("stream-catchup", "main"),
    /**
     * A streaming read from the latest snapshot while small commits arrive: the delay from each
     * commit to its rows leaving the source (four results per run: first and last row, p50 and p95).
     */
    STREAM_LATENCY("stream-latency", "stream-latency");

    private final String id;
    private final String history;

    Scenario(String id, String history) {
        this.id = id;
        this.history = history;
    }

    public String id() {
        return id;
    }

    /** The name of the history this scenario reads or writes. */
    public String history() {
        return history;
    }

    public boolean isRead() {
        return this != INGEST && this != S3_INGEST && this != STREAM_LATENCY;
    }

    /** The streaming-read scenarios ({@code systems.StreamingReads}). */
    public boolean isStreaming() {
        return this == STREAM_CATCHUP || this == STREAM_LATENCY;
    }

    /** Result lines a run prints: the latency run prints one per statistic. */
    public int resultsPerRun() {
        return this == STREAM_LATENCY ? 4 : 1;
    }

    /** A point-in-time join: facts (see {@link JoinFacts}) joined with the history. */
    public boolean isJoin() {
        return this == ASOF_JOIN_X1 || this == ASOF_JOIN_X16;
    }

    /** The name of the facts a join scenario reads (a Parquet directory of the workspace). */
    public String facts() {
        return "facts-" + history();
    }

    public boolean onS3() {
        return this == S3_INGEST || this == S3_ASOF_END;
    }

    public HistorySpec spec(BenchmarkSize size) {
        switch (this) {
            case GROWTH_X1:
            case ASOF_JOIN_X1:
                return size.growthHistory(1);
            case GROWTH_X4:
                return size.growthHistory(4);
            case GROWTH_X16:
            case ASOF_JOIN_X16:
                return size.growthHistory(16);
            case MEMORY:
                return size.memoryHistory();
            default:
                return size.mainHistory();
        }
    }

    /** The as-of time of a read scenario: the middle or the end of its history. */
    public Instant asOf(BenchmarkSize size) {
        HistorySpec spec = spec(size);
        return this == ASOF_MID ? spec.asOfMid() : spec.asOfEnd();
    }

    public static Scenario of(String id) {
        for (Scenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'");
    }
}
