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
package dev.azof.core.plan;

import dev.azof.core.AzofException;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Objects;

/**
 * The event time a read is as of: an instant (inclusive bound), or "current" (the latest row of
 * every key, whatever its event time).
 */
public final class AsOf implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final AsOf CURRENT = new AsOf(null);

    /** {@code 2019-01-17T00:00:00} or {@code 2019-01-17 00:00:00}, optional fraction. */
    private static final DateTimeFormatter LOCAL =
            new DateTimeFormatterBuilder()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .appendValue(ChronoField.HOUR_OF_DAY, 2)
                    .appendLiteral(':')
                    .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                    .optionalStart()
                    .appendLiteral(':')
                    .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .toFormatter();

    private final Instant instant;

    private AsOf(Instant instant) {
        this.instant = instant;
    }

    public static AsOf current() {
        return CURRENT;
    }

    public static AsOf at(Instant instant) {
        return new AsOf(Objects.requireNonNull(instant));
    }

    /**
     * Parses an ISO-8601 instant ({@code 2019-01-17T00:00:00Z}, with any offset) or a local date
     * time ({@code 2019-01-17T00:00:00}, {@code 2019-01-17 00:00:00}, or a date alone), which is
     * read as UTC.
     */
    public static AsOf parse(String text) {
        if (text == null || text.isBlank()) {
            throw new AzofException("as-of time is empty: expected an ISO-8601 instant such as 2019-01-17T00:00:00Z");
        }
        String s = text.trim();
        try {
            return at(OffsetDateTime.parse(s.replace(' ', 'T')).toInstant());
        } catch (DateTimeParseException ignored) {
            // not an instant with an offset: try a local date time in UTC
        }
        try {
            return at(LocalDateTime.parse(s, LOCAL).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // try a date alone
        }
        try {
            return at(java.time.LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new AzofException(
                    "'"
                            + text
                            + "' is not an ISO-8601 instant (expected e.g. 2019-01-17T00:00:00Z,"
                            + " 2019-01-17T00:00:00 or 2019-01-17 00:00:00, read as UTC)");
        }
    }

    public boolean isCurrent() {
        return instant == null;
    }

    /** The as-of instant; throws for a current read. */
    public Instant instant() {
        if (instant == null) {
            throw new IllegalStateException("a current read has no as-of instant");
        }
        return instant;
    }

    /** The bound in epoch microseconds ({@link Long#MAX_VALUE} for a current read). */
    public long micros() {
        return instant == null ? Long.MAX_VALUE : EventTimes.micros(instant);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsOf && Objects.equals(instant, ((AsOf) o).instant);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(instant);
    }

    @Override
    public String toString() {
        return instant == null ? "current" : instant.toString();
    }
}
