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

import java.util.List;

/**
 * One ingested change, as the oracle sees it: the row (in the table's row type), whether it is a
 * tombstone, the commit that wrote it and its arrival position within everything ever ingested.
 */
public final class Event {
    public final List<Object> key;
    public final long eventMicros;
    public final RowData row;
    public final boolean deleted;
    public final int commit;
    public final long arrival;

    public Event(List<Object> key, long eventMicros, RowData row, boolean deleted, int commit, long arrival) {
        this.key = key;
        this.eventMicros = eventMicros;
        this.row = row;
        this.deleted = deleted;
        this.commit = commit;
        this.arrival = arrival;
    }
}
