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
package dev.azof.flink.sink;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Where the event time of a deletion comes from: the time at which the sink's tombstone hides the
 * key (docs/spec.md, section 7.5). A <em>retraction</em> is a DELETE row, or an UPDATE_BEFORE row
 * that no INSERT or UPDATE_AFTER of the same key follows in the same checkpoint. An UPDATE_BEFORE
 * (and, with {@link #WATERMARK}, a DELETE) that such an upsert follows is part of an update and
 * writes nothing: the upsert carries the new state.
 */
@PublicEvolving
public enum DeleteTime {
    /**
     * The retraction row's own event time: for streams of delete events that carry the time of
     * the deletion (an {@code op = D} line with its timestamp). A retraction that carries the
     * retracted row's time (what Flink's operators and CDC before-images produce) then erases
     * that row from history instead of ending it.
     */
    ROW,
    /**
     * The default: just after the sink's watermark when the retraction arrives (the larger of the
     * job's watermark and the table's recorded watermark), and at least just after the retracted
     * row's own event time, so that the retracted version stays in history until the deletion.
     * For what Flink's own operators produce: retractions of updating queries and CDC
     * before-images, which carry the old row's event time. Such tombstones are never late.
     */
    WATERMARK;

    /** Parses {@code row} or {@code watermark} (any case). */
    public static DeleteTime parse(String text) {
        return OptionEnums.parse(values(), text, "a delete-time rule");
    }
}
