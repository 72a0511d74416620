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

import org.apache.flink.annotation.PublicEvolving;

import java.util.Locale;

/** Whether a read is one snapshot as of a time (bounded) or follows the table's commits. */
@PublicEvolving
public enum ScanMode {
    /** One snapshot, as of an event time: bounded (the default). */
    SNAPSHOT,
    /** The table's facts as a changelog, then every new commit's: unbounded. */
    CONTINUOUS;

    /** The name used in SQL options. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text} (any case); fails naming the allowed values. */
    public static ScanMode parse(String text) {
        for (ScanMode m : values()) {
            if (m.optionValue().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a scan mode: use snapshot or continuous");
    }
}
