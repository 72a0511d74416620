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
 * What the sink does with a late record: one whose event time is at or behind the larger of the
 * sink's current watermark (Flink's rule) and the table's recorded watermark (up to which the
 * table claims to be complete; docs/spec.md, section 7.5).
 */
@PublicEvolving
public enum LateRecords {
    /**
     * Write it like any row (the default). Reads at every time at or after its event time see
     * it, also in segments whose base was built before it arrived: it is committed with a higher
     * sequence than those bases.
     */
    KEEP,
    /** Drop it and count it in the late-records metric. */
    DROP,
    /** Fail the job with an error naming the key and the event time. */
    FAIL;

    /** Parses {@code keep}, {@code drop} or {@code fail} (any case). */
    public static LateRecords parse(String text) {
        return OptionEnums.parse(values(), text, "a late-records policy");
    }
}
