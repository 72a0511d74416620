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
package dev.azof.flink.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Sent by a streaming read's enumerator to every reader after the splits of the commits up to its
 * position: the table's recorded watermark after those commits. A reader emits it once it has
 * emitted every split it was assigned before this event, so no row of those commits can be late
 * for it downstream.
 */
@Internal
public final class TableWatermarkEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;

    private final long watermarkMillis;

    public TableWatermarkEvent(long watermarkMillis) {
        this.watermarkMillis = watermarkMillis;
    }

    public long watermarkMillis() {
        return watermarkMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableWatermarkEvent
                && ((TableWatermarkEvent) o).watermarkMillis == watermarkMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(watermarkMillis);
    }

    @Override
    public String toString() {
        return "TableWatermarkEvent(" + watermarkMillis + ")";
    }
}
