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

/** Where a streaming read starts (docs/connector.md, "Streaming reads"). */
@PublicEvolving
public enum StartupMode {
    /**
     * The table's history so far, then new commits: every fact the current snapshot holds, commit
     * by commit in commit order (the default).
     */
    FULL,
    /** New commits only: those after the snapshot current when the job starts. */
    LATEST,
    /** The commits from a snapshot id on (that snapshot included). */
    FROM_SNAPSHOT,
    /**
     * The state as of an event time (one insert per key), then the facts after that time in
     * commit order, then new commits.
     */
    FROM_EVENT_TIME;

    /** The name used in SQL options: lower case with dashes. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode named {@code text} (any case); fails naming the allowed values. */
    public static StartupMode parse(String text) {
        String name = text == null ? "" : text.trim();
        StringBuilder allowed = new StringBuilder();
        for (StartupMode m : values()) {
            if (m.optionValue().equalsIgnoreCase(name)) {
                return m;
            }
            allowed.append(allowed.length() == 0 ? "" : ", ").append(m.optionValue());
        }
        throw new IllegalArgumentException("'" + text + "' is not a startup mode: use " + allowed);
    }
}
