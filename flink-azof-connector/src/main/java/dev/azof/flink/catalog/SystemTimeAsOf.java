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
package dev.azof.flink.catalog;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;

/**
 * Turns what Flink hands a catalog for {@code FOR SYSTEM_TIME AS OF} into the event time to read
 * the table as of, or refuses when that time cannot be known.
 *
 * <p>Flink 2.1's planner reduces the expression to a timestamp literal, cuts it to milliseconds,
 * reads its wall-clock value in the session time zone and passes the catalog that instant as epoch
 * milliseconds ({@code FlinkCalciteSqlValidator#registerNamespace}). Hence:
 *
 * <ul>
 *   <li>Digits below the millisecond are gone. For an event-time column of precision 3 or less
 *       that changes no answer (no event time lies between the cut and the written bound); for a
 *       finer column it could, so the query is refused with a pointer to the {@code scan.as-of}
 *       hint, which keeps microseconds.
 *   <li>{@code TIMESTAMP_LTZ} event times are instants: the instant is the bound, Flink's rule.
 *   <li>{@code TIMESTAMP} event times are wall-clock times (compared as UTC wall clock): the bound
 *       is the literal's wall-clock time, recovered by reading the instant back in the session time
 *       zone, so the same SQL text gives the same answer in every session. One instant comes back
 *       from two wall-clock times when the literal fell into a daylight-saving gap (Flink moves
 *       {@code 02:30} of a spring-forward night to {@code 03:30}): an instant in the hour after such
 *       a gap is refused, as it cannot say which of the two was written.
 * </ul>
 */
final class SystemTimeAsOf {

    private SystemTimeAsOf() {}

    /**
     * The as-of instant for {@code epochMillis} on a table whose event-time column has type {@code
     * eventTimeType}.
     *
     * @param sessionZone the session time zone Flink converted the literal with; null if unknown
     * @throws ValidationException if the bound cannot be known exactly
     */
    static Instant resolve(
            long epochMillis,
            LogicalType eventTimeType,
            ZoneId sessionZone,
            String table,
            String column) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        int precision = LogicalTypeChecks.getPrecision(eventTimeType);
        boolean wallClock =
                eventTimeType.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE;
        if (precision > 3) {
            String hint =
                    wallClock && sessionZone != null
                            ? text(wallClock(instant, sessionZone))
                            : instant.toString();
            throw refused(
                    table,
                    column,
                    eventTimeType,
                    "Flink passes the catalog the time in milliseconds only, so finer digits of"
                            + " the bound would be dropped silently",
                    hint);
        }
        if (!wallClock) {
            return instant;
        }
        if (sessionZone == null) {
            throw refused(
                    table,
                    column,
                    eventTimeType,
                    "this catalog was created without the session configuration and cannot tell"
                            + " the wall-clock time Flink converted with the session time zone",
                    instant.toString());
        }
        LocalDateTime local = wallClock(instant, sessionZone);
        ZoneOffsetTransition gap = gapJustBefore(instant, sessionZone);
        if (gap != null) {
            throw refused(
                    table,
                    column,
                    eventTimeType,
                    "in the session time zone "
                            + sessionZone
                            + " both "
                            + local
                            + " and "
                            + local.minus(gap.getDuration())
                            + " (skipped by daylight saving) become this instant, and the catalog"
                            + " only sees the instant",
                    text(local));
        }
        return local.toInstant(ZoneOffset.UTC);
    }

    private static String text(LocalDateTime t) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
    }

    private static LocalDateTime wallClock(Instant instant, ZoneId zone) {
        return LocalDateTime.ofInstant(instant, zone);
    }

    /** The gap transition whose skipped wall-clock times Flink would move onto {@code instant}. */
    private static ZoneOffsetTransition gapJustBefore(Instant instant, ZoneId zone) {
        // previousTransition is strictly before its argument: include a transition at the instant.
        ZoneOffsetTransition t = zone.getRules().previousTransition(instant.plusNanos(1));
        if (t == null || !t.isGap()) {
            return null;
        }
        Instant end = t.getInstant().plus(t.getDuration());
        return instant.isBefore(end) ? t : null;
    }

    private static ValidationException refused(
            String table, String column, LogicalType type, String why, String asOf) {
        return new ValidationException(
                "FOR SYSTEM_TIME AS OF cannot be used on the azof table "
                        + table
                        + " (event-time column '"
                        + column
                        + "' of type "
                        + type.copy(true).asSummaryString()
                        + "): "
                        + why
                        + ". Give the event time with the hint /*+ OPTIONS('scan.as-of' = '"
                        + asOf
                        + "') */ instead (no offset means UTC; write all digits).");
    }
}
