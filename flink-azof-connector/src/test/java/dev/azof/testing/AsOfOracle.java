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
package dev.azof.testing;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The definition of correctness, by brute force: as of t, per key, the latest ingested row with
 * event time <= t (ties: the later commit, then the later arrival); a tombstone hides its key.
 */
public final class AsOfOracle {

    private AsOfOracle() {}

    /** Expected rows, each as a list of field values rendered by {@link Rows#values}. */
    public static List<List<Object>> expected(
            Collection<Event> events, long asOfMicros, int upToCommit, RowType rowType) {
        Map<List<Object>, Event> winners = new HashMap<>();
        for (Event e : events) {
            if (e.commit > upToCommit || e.eventMicros > asOfMicros) {
                continue;
            }
            Event w = winners.get(e.key);
            if (w == null || beats(e, w)) {
                winners.put(e.key, e);
            }
        }
        List<List<Object>> out = new ArrayList<>();
        for (Event e : winners.values()) {
            if (!e.deleted) {
                out.add(Rows.values(e.row, rowType));
            }
        }
        return Rows.sorted(out);
    }

    private static boolean beats(Event a, Event b) {
        if (a.eventMicros != b.eventMicros) {
            return a.eventMicros > b.eventMicros;
        }
        if (a.commit != b.commit) {
            return a.commit > b.commit;
        }
        return a.arrival > b.arrival;
    }

    /** Convenience for rows read from the table. */
    public static List<List<Object>> actual(List<RowData> rows, RowType rowType) {
        List<List<Object>> out = new ArrayList<>();
        for (RowData r : rows) {
            out.add(Rows.values(r, rowType));
        }
        return Rows.sorted(out);
    }
}
