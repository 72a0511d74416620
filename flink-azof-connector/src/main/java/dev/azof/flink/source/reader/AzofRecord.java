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

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/** A row of a streaming read and its timestamp (the row's event time, epoch milliseconds). */
@Internal
public final class AzofRecord {
    final RowData row;
    final long timestamp;

    AzofRecord(RowData row, long timestamp) {
        this.row = row;
        this.timestamp = timestamp;
    }

    public RowData row() {
        return row;
    }

    public long timestamp() {
        return timestamp;
    }
}
