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
package dev.azof.flink.source.reader;

import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.AzofSourceSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.table.data.RowData;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The reader of a streaming {@code AzofSource}: the enumerator pushes splits (each bucket to one
 * reader, in commit order), and one {@link ChangelogSplitReader} reads them in that order. Rows
 * leave with their event time as timestamp.
 */
@Internal
public final class ChangelogSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                AzofRecord, RowData, AzofSourceSplit, AzofSourceSplitState> {

    public ChangelogSourceReader(
            Supplier<SplitReader<AzofRecord, AzofSourceSplit>> splitReaderSupplier,
            SourceReaderContext context) {
        super(splitReaderSupplier, new Emitter(), context.getConfiguration(), context);
    }

    @Override
    public void start() {
        // The enumerator assigns splits by bucket; readers do not ask.
    }

    @Override
    protected void onSplitFinished(Map<String, AzofSourceSplitState> finishedSplitIds) {}

    @Override
    protected AzofSourceSplitState initializedState(AzofSourceSplit split) {
        return new AzofSourceSplitState(split);
    }

    @Override
    protected AzofSourceSplit toSplitType(String splitId, AzofSourceSplitState state) {
        return state.toSplit();
    }

    /** Emits a row with its event time and counts it in its split's state. */
    private static final class Emitter
            implements RecordEmitter<AzofRecord, RowData, AzofSourceSplitState> {
        @Override
        public void emitRecord(
                AzofRecord record, SourceOutput<RowData> output, AzofSourceSplitState state) {
            output.collect(record.row, record.timestamp);
            state.onRecordEmitted();
        }
    }
}
