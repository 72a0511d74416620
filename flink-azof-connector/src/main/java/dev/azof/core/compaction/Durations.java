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
package dev.azof.core.compaction;

import dev.azof.core.AzofException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations of compaction and expiration options: ISO-8601 ({@code PT1H}, {@code P7D})
 * or a number with a unit ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}).
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)");

    private Durations() {}

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new AzofException("duration is empty: expected e.g. 7d, 1h, 30m or PT1H");
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    return Duration.ofMillis(n);
                case "s":
                    return Duration.ofSeconds(n);
                case "m":
                case "min":
                    return Duration.ofMinutes(n);
                case "h":
                    return Duration.ofHours(n);
                default:
                    return Duration.ofDays(n);
            }
        }
        try {
            Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new AzofException("duration '" + text + "' is negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new AzofException(
                    "'" + text + "' is not a duration (expected e.g. 7d, 1h, 30m, 500ms or PT1H, P7D)");
        }
    }

    /** Renders a duration the way {@link #parse} reads it back (e.g. {@code 7d}, {@code 1h}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return (ms / 86_400_000L) + "d";
        }
        if (ms % 3_600_000L == 0) {
            return (ms / 3_600_000L) + "h";
        }
        if (ms % 60_000L == 0) {
            return (ms / 60_000L) + "m";
        }
        if (ms % 1000L == 0) {
            return (ms / 1000L) + "s";
        }
        return ms + "ms";
    }
}
