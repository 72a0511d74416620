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
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.table.data.RowData;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The reader of an {@code AzofSource}: pulls one split at a time from the enumerator and reads it
 * with one {@link AzofSplitReader} on a fetcher thread.
 */
@Internal
public final class AzofSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                RowData, RowData, AzofSourceSplit, AzofSourceSplitState> {

    public AzofSourceReader(
            Supplier<SplitReader<RowData, AzofSourceSplit>> splitReaderSupplier,
            SourceReaderContext context) {
        this(splitReaderSupplier, new AzofRecordEmitter(), context);
    }

    public AzofSourceReader(
            Supplier<SplitReader<RowData, AzofSourceSplit>> splitReaderSupplier,
            AzofRecordEmitter emitter,
            SourceReaderContext context) {
        super(splitReaderSupplier, emitter, context.getConfiguration(), context);
    }

    @Override
    public void start() {
        // A restored reader already has its splits; only a fresh one asks.
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            context.sendSplitRequest();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, AzofSourceSplitState> finishedSplitIds) {
        context.sendSplitRequest();
    }

    @Override
    protected AzofSourceSplitState initializedState(AzofSourceSplit split) {
        return new AzofSourceSplitState(split);
    }

    @Override
    protected AzofSourceSplit toSplitType(String splitId, AzofSourceSplitState state) {
        return state.toSplit();
    }
}
