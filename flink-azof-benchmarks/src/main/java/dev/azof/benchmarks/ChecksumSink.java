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

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Ends a Flink read in the job itself: every row is folded into an {@link AnswerChecksum}-style
 * fingerprint held in accumulators, then discarded. Reads are timed to the end of the job, as a
 * pipeline that feeds the answer to a next operator would see them, without shipping every row
 * to the client.
 */
public final class ChecksumSink {

    private static final String ROWS = "answer-rows";
    private static final String SUM = "answer-sum";

    private ChecksumSink() {}

    public static void ofRowData(DataStream<RowData> rows) {
        rows.flatMap(new Fold<RowData>() {
                    @Override
                    String key(RowData row) {
                        return row.getString(0).toString();
                    }

                    @Override
                    long eventTimeMillis(RowData row) {
                        return row.getTimestamp(1, 3).getMillisecond();
                    }
                })
                .name("answer checksum")
                .sinkTo(new DiscardingSink<>());
    }

    public static void ofRows(DataStream<Row> rows) {
        rows.flatMap(new Fold<Row>() {
                    @Override
                    String key(Row row) {
                        return (String) row.getField(0);
                    }

                    @Override
                    long eventTimeMillis(Row row) {
                        return ((LocalDateTime) row.getField(1)).toInstant(ZoneOffset.UTC).toEpochMilli();
                    }
                })
                .name("answer checksum")
                .sinkTo(new DiscardingSink<>());
    }

    /** The fingerprint of a finished job, in {@link AnswerChecksum#value()}'s form. */
    public static String answer(JobExecutionResult result) {
        Long rows = result.getAccumulatorResult(ROWS);
        Long sum = result.getAccumulatorResult(SUM);
        return AnswerChecksum.format(rows == null ? 0 : rows, sum == null ? 0 : sum);
    }

    public static long rows(JobExecutionResult result) {
        Long rows = result.getAccumulatorResult(ROWS);
        return rows == null ? 0 : rows;
    }

    private abstract static class Fold<T> extends RichFlatMapFunction<T, Void> {
        private static final long serialVersionUID = 1L;
        private transient LongCounter rows;
        private transient LongCounter sum;

        abstract String key(T row);

        abstract long eventTimeMillis(T row);

        @Override
        public void open(OpenContext context) {
            rows = new LongCounter();
            sum = new LongCounter();
            getRuntimeContext().addAccumulator(ROWS, rows);
            getRuntimeContext().addAccumulator(SUM, sum);
        }

        @Override
        public void flatMap(T row, Collector<Void> out) {
            rows.add(1);
            sum.add(AnswerChecksum.mix(key(row), eventTimeMillis(row)));
        }
    }
}
