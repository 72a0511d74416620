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
package dev.azof.flink.table;

import dev.azof.flink.sink.AzofSink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.types.RowKind;

/**
 * The SQL sink of Azof tables: an upsert sink (INSERT and UPDATE_AFTER upsert the key at the
 * row's event time, DELETE writes a tombstone at the time 'sink.delete-time' says) running {@link
 * AzofSink}. It does not ask for UPDATE_BEFORE, but the planner still sends one where a filter
 * after an update may drop the UPDATE_AFTER (GROUP BY ... HAVING): the writer then treats it as
 * a retraction unless an upsert of its key follows in the same checkpoint.
 */
@Internal
public final class AzofDynamicSink implements DynamicTableSink {

    private final AzofSink sink;

    /** 'sink.parallelism'; null: the upstream operator's. */
    private final Integer parallelism;

    AzofDynamicSink(AzofSink sink, Integer parallelism) {
        this.sink = sink;
        this.parallelism = parallelism;
    }

    AzofSink sink() {
        return sink;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        // An insert-only query stays insert-only. Declaring upserts for it would make Flink 2.3
        // (FLIP-558, 'table.exec.sink.require-on-conflict') refuse the INSERT, since such a query
        // has no upsert key to match the table's primary key.
        if (requestedMode.containsOnly(RowKind.INSERT)) {
            return ChangelogMode.insertOnly();
        }
        return ChangelogMode.newBuilder()
                .addContainedKind(RowKind.INSERT)
                .addContainedKind(RowKind.UPDATE_AFTER)
                .addContainedKind(RowKind.DELETE)
                .build();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(sink, parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new AzofDynamicSink(sink, parallelism);
    }

    @Override
    public String asSummaryString() {
        return "Azof(" + sink.path() + ")";
    }
}
