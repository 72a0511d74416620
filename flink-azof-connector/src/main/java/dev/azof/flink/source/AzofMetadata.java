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
package dev.azof.flink.source;

import dev.azof.core.AzofException;
import dev.azof.flink.source.split.SplitOrigin;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.ArrayList;
import java.util.List;

/**
 * Metadata columns a read can append to its rows (SQL: {@code METADATA FROM 'snapshot-id'}).
 * For an as-of read they describe the snapshot read; for a streaming read the commit that added
 * the row.
 */
@PublicEvolving
public enum AzofMetadata {
    /** The id of the snapshot (commit) the row comes from. */
    SNAPSHOT_ID("snapshot-id", new BigIntType()),
    /** The wall-clock time of that commit; null when unknown (its snapshot expired). */
    COMMIT_TIME("commit-time", new LocalZonedTimestampType(3)),
    /**
     * Whether the row was late when committed: its event time at or before the table's recorded
     * watermark before the commit (docs/spec.md, section 7.1). Null for rows of a state (an
     * as-of read, or a streaming read's start as of an event time).
     */
    LATE("late", new BooleanType());

    private final String key;
    private final LogicalType type;

    AzofMetadata(String key, LogicalType type) {
        this.key = key;
        this.type = type;
    }

    public String key() {
        return key;
    }

    public LogicalType type() {
        return type;
    }

    /** The value for a row of event time {@code eventMicros} from {@code origin}. */
    public Object value(SplitOrigin origin, long eventMicros) {
        switch (this) {
            case SNAPSHOT_ID:
                return origin.snapshotId();
            case COMMIT_TIME:
                return origin.commitMillis() < 0 ? null : TimestampData.fromEpochMillis(origin.commitMillis());
            case LATE:
                return origin.isLate(eventMicros);
            default:
                throw new IllegalStateException(name());
        }
    }

    /** The column of the given key; fails naming the known keys. */
    public static AzofMetadata of(String key) {
        List<String> keys = new ArrayList<>();
        for (AzofMetadata m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
            keys.add(m.key);
        }
        throw new AzofException("'" + key + "' is not a metadata column of Azof tables (known: " + keys + ")");
    }
}
