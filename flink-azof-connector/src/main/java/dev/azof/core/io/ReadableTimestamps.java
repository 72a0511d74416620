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

package dev.azof.core.io;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.util.ArrayList;
import java.util.List;

/**
 * Which timestamp values of a row Flink's Parquet reader can read back from a file that {@link
 * ParquetRowWriter} writes for the row type.
 *
 * <p>Flink 2.1.1's reader cannot read a MICROS value before 1970 that has sub-millisecond digits
 * (it builds a negative nano-of-millisecond). A file stores MICROS when any timestamp column has a
 * precision above 3 ({@link ParquetRowWriter#timestampUnit}); such values are then rejected. The
 * check is separate from the writer so that a table writer can reject a row when it is given,
 * before any file is created for it.
 */
public final class ReadableTimestamps {

    private final RowType rowType;
    /** Positions of the timestamp fields stored as MICROS, and their precisions. */
    private final int[] micros;
    private final int[] precisions;

    private ReadableTimestamps(RowType rowType, int[] micros, int[] precisions) {
        this.rowType = rowType;
        this.micros = micros;
        this.precisions = precisions;
    }

    /** The check for rows of {@code rowType}. */
    public static ReadableTimestamps of(RowType rowType) {
        List<Integer> fields = new ArrayList<>();
        if (ParquetRowWriter.timestampUnit(rowType).equals("micros")) {
            for (int i = 0; i < rowType.getFieldCount(); i++) {
                LogicalType t = rowType.getTypeAt(i);
                boolean timestamp =
                        t.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                                || t.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
                if (timestamp && LogicalTypeChecks.getPrecision(t) > 3) {
                    fields.add(i);
                }
            }
        }
        int[] micros = fields.stream().mapToInt(Integer::intValue).toArray();
        int[] precisions = new int[micros.length];
        for (int j = 0; j < micros.length; j++) {
            precisions[j] = LogicalTypeChecks.getPrecision(rowType.getTypeAt(micros[j]));
        }
        return new ReadableTimestamps(rowType, micros, precisions);
    }

    /** Null if every timestamp of {@code row} reads back, else why not (naming the column). */
    public String problem(RowData row) {
        for (int j = 0; j < micros.length; j++) {
            int pos = micros[j];
            if (!row.isNullAt(pos)) {
                TimestampData ts = row.getTimestamp(pos, precisions[j]);
                if (ts.getMillisecond() < 0 && ts.getNanoOfMillisecond() >= 1000) {
                    return "Timestamp "
                            + ts
                            + " in column '"
                            + rowType.getFieldNames().get(pos)
                            + "' is before 1970 and has sub-millisecond digits, which Flink's"
                            + " Parquet reader cannot read back";
                }
            }
        }
        return null;
    }
}
