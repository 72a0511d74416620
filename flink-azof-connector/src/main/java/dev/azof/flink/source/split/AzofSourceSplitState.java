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
package dev.azof.flink.source.split;

import org.apache.flink.annotation.Internal;

/** The mutable state of a split being read: counts the rows emitted so far. */
@Internal
public final class AzofSourceSplitState {

    private final AzofSourceSplit split;
    private long recordsEmitted;
    /** The last watermark emitted on this split's output (not checkpointed). */
    private long watermarkMillis = Long.MIN_VALUE;

    public AzofSourceSplitState(AzofSourceSplit split) {
        this.split = split;
        this.recordsEmitted = split.recordsEmitted();
    }

    public void onRecordEmitted() {
        recordsEmitted++;
    }

    public long watermarkMillis() {
        return watermarkMillis;
    }

    public void onWatermarkEmitted(long millis) {
        watermarkMillis = millis;
    }

    public long recordsEmitted() {
        return recordsEmitted;
    }

    /** The split to checkpoint: same task, with the rows emitted so far. */
    public AzofSourceSplit toSplit() {
        return split.withRecordsEmitted(recordsEmitted);
    }
}
