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

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;

import java.time.Duration;

/**
 * The generated history as a bounded Flink stream: every system ingests exactly this stream.
 *
 * <p>The sequence source splits the index range into one contiguous range per subtask; each
 * subtask maps its k-th index to row {@code k * parallelism + subtask}, so the subtasks emit the
 * history interleaved, in arrival order, as parallel producers would. Watermarks allow one hour
 * of disorder: the generator's late rows (up to {@code lateDays} behind) really are late.
 */
public final class HistoryStream {

    public static final Duration OUT_OF_ORDERNESS = Duration.ofHours(1);

    private HistoryStream() {}

    public static DataStream<RowData> create(StreamExecutionEnvironment env, HistorySpec spec) {
        int parallelism = env.getParallelism();
        return env.fromSequence(0, spec.rows() - 1)
                .map(new ToRow(new HistoryGenerator(spec), spec.rows(), parallelism))
                .returns(InternalTypeInfo.of(HistoryGenerator.ROW_TYPE))
                .name("history")
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<RowData>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                                .withTimestampAssigner(
                                        (row, previous) -> row.getTimestamp(1, 3).getMillisecond()));
    }

    /** Index {@code idx} of subtask range {@code s} becomes row {@code (idx - s*chunk) * p + s}. */
    static long interleave(long idx, long rows, int parallelism) {
        if (rows % parallelism != 0) {
            return idx;
        }
        long chunk = rows / parallelism;
        return (idx % chunk) * parallelism + idx / chunk;
    }

    private static final class ToRow implements MapFunction<Long, RowData> {
        private static final long serialVersionUID = 1L;
        private final HistoryGenerator generator;
        private final long rows;
        private final int parallelism;

        ToRow(HistoryGenerator generator, long rows, int parallelism) {
            this.generator = generator;
            this.rows = rows;
            this.parallelism = parallelism;
        }

        @Override
        public RowData map(Long idx) {
            return generator.row(interleave(idx, rows, parallelism));
        }
    }
}
