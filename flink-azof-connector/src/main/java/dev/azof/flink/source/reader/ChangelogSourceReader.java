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

import dev.azof.flink.source.enumerator.TableWatermarkEvent;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.AzofSourceSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.table.data.RowData;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The reader of a streaming {@code AzofSource}: the enumerator pushes splits (each bucket to one
 * reader, in commit order), and one {@link ChangelogSplitReader} reads them in that order. Rows
 * leave with their event time as timestamp.
 *
 * <p>The table's watermark arrives as a {@link TableWatermarkEvent} after the splits of the
 * commits it covers; it is emitted once every split this reader had when it arrived is finished.
 * It reaches the job only through a watermark strategy that forwards a source's own watermarks
 * (any but {@code WatermarkStrategy.noWatermarks()}; {@code AzofSource.tableWatermarks()} adds
 * nothing of its own).
 */
@Internal
public final class ChangelogSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                AzofRecord, RowData, AzofSourceSplit, AzofSourceSplitState> {

    public ChangelogSourceReader(
            Supplier<SplitReader<AzofRecord, AzofSourceSplit>> splitReaderSupplier,
            SourceReaderContext context) {
        this(splitReaderSupplier, context, new EmittedWatermark());
    }

    private ChangelogSourceReader(
            Supplier<SplitReader<AzofRecord, AzofSourceSplit>> splitReaderSupplier,
            SourceReaderContext context,
            EmittedWatermark emitted) {
        super(splitReaderSupplier, new Emitter(emitted), context.getConfiguration(), context);
        this.emitted = emitted;
    }

    /** The table watermark this reader emitted last, shared with the emitter. */
    private static final class EmittedWatermark {
        long millis = Long.MIN_VALUE;
    }

    /** Splits assigned and not finished. */
    private final Set<String> open = new HashSet<>();
    /** Table watermarks received, each with the splits that must finish before it is emitted. */
    private final Deque<PendingWatermark> watermarks = new ArrayDeque<>();
    private final EmittedWatermark emitted;

    private static final class PendingWatermark {
        final long millis;
        final Set<String> before;

        PendingWatermark(long millis, Set<String> before) {
            this.millis = millis;
            this.before = before;
        }
    }

    @Override
    public void start() {
        // The enumerator assigns splits by bucket; readers do not ask.
    }

    @Override
    public void addSplits(List<AzofSourceSplit> splits) {
        for (AzofSourceSplit s : splits) {
            open.add(s.splitId());
        }
        super.addSplits(splits);
    }

    @Override
    protected void onSplitFinished(Map<String, AzofSourceSplitState> finishedSplitIds) {
        open.removeAll(finishedSplitIds.keySet());
        for (PendingWatermark w : watermarks) {
            w.before.removeAll(finishedSplitIds.keySet());
        }
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof TableWatermarkEvent) {
            watermarks.add(
                    new PendingWatermark(
                            ((TableWatermarkEvent) event).watermarkMillis(), new HashSet<>(open)));
            // Wake the task: with nothing to read it may be waiting for data, not for us.
            splitFetcherManager.getQueue().notifyAvailable();
        } else {
            super.handleSourceEvents(event);
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RowData> output) throws Exception {
        InputStatus status = super.pollNext(output);
        while (!watermarks.isEmpty() && watermarks.peekFirst().before.isEmpty()) {
            long millis = watermarks.pollFirst().millis;
            if (millis > emitted.millis) {
                emitted.millis = millis;
                output.emitWatermark(new Watermark(millis));
            }
        }
        return status;
    }

    @Override
    protected AzofSourceSplitState initializedState(AzofSourceSplit split) {
        return new AzofSourceSplitState(split);
    }

    @Override
    protected AzofSourceSplit toSplitType(String splitId, AzofSourceSplitState state) {
        return state.toSplit();
    }

    /**
     * Emits a row with its event time and counts it in its split's state. Flink combines the
     * watermarks of a reader's split outputs (the minimum), so a split's output also carries the
     * table watermark the reader emitted: rows of an open split are of later commits, and its
     * on-time rows lie after that watermark.
     */
    private static final class Emitter
            implements RecordEmitter<AzofRecord, RowData, AzofSourceSplitState> {
        private final EmittedWatermark emitted;

        Emitter(EmittedWatermark emitted) {
            this.emitted = emitted;
        }

        @Override
        public void emitRecord(
                AzofRecord record, SourceOutput<RowData> output, AzofSourceSplitState state) {
            if (emitted.millis > state.watermarkMillis()) {
                output.emitWatermark(new Watermark(emitted.millis));
                state.onWatermarkEmitted(emitted.millis);
            }
            output.collect(record.row, record.timestamp);
            state.onRecordEmitted();
        }
    }
}
