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

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets a warning through once per minute. The planner builds a table's source several times for
 * one query (each pushdown copies it, and it asks for the runtime provider more than once), and
 * each build would repeat the same warning.
 */
final class WarnOnce {

    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_REMEMBERED = 256;

    private static final Map<String, Long> LAST =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > MAX_REMEMBERED;
                }
            };

    private WarnOnce() {}

    /** Whether {@code message} was not let through within the last minute (and now is). */
    static synchronized boolean first(String message) {
        long now = System.currentTimeMillis();
        Long last = LAST.get(message);
        if (last != null && now - last < WINDOW_MILLIS) {
            return false;
        }
        LAST.put(message, now);
        return true;
    }
}
