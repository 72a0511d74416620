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

import dev.azof.flink.source.split.AzofSourceSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;

/**
 * Emits a row and counts it in its split's state, so that a checkpoint records how many rows of
 * the split a restored reader must skip.
 */
@Internal
public final class AzofRecordEmitter implements RecordEmitter<RowData, RowData, AzofSourceSplitState> {

    /** Values appended to every row (metadata columns of the snapshot read), or null. */
    private final Object[] suffix;

    public AzofRecordEmitter() {
        this(null);
    }

    public AzofRecordEmitter(Object[] suffix) {
        this.suffix = suffix == null || suffix.length == 0 ? null : suffix.clone();
    }

    @Override
    public void emitRecord(RowData row, SourceOutput<RowData> output, AzofSourceSplitState state) {
        output.collect(suffix == null ? row : withSuffix(row));
        state.onRecordEmitted();
    }

    private RowData withSuffix(RowData row) {
        GenericRowData tail = new GenericRowData(suffix.length);
        for (int i = 0; i < suffix.length; i++) {
            tail.setField(i, suffix[i]);
        }
        return new JoinedRowData(row.getRowKind(), row, tail);
    }
}
