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
package dev.azof.core.write;

import dev.azof.core.AzofException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Calendar units that cut event time into segments (UTC). A table's segment layout is a list of
 * them from coarse to fine, for example {@code year,quarter}: year segments with quarter
 * children.
 */
public enum SegmentGranularity {
    YEAR,
    QUARTER,
    MONTH,
    DAY,
    HOUR;

    /** Parses {@code year,quarter} into a coarse-to-fine list, checking the nesting. */
    public static List<SegmentGranularity> parseLayout(String text) {
        if (text == null || text.isBlank()) {
            throw new AzofException("segment granularity is empty: use e.g. 'month' or 'year,quarter'");
        }
        List<SegmentGranularity> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            SegmentGranularity g;
            try {
                g = valueOf(p);
            } catch (IllegalArgumentException e) {
                throw new AzofException(
                        "unknown segment granularity '"
                                + part.trim()
                                + "' in '"
                                + text
                                + "': use hour, day, month, quarter or year");
            }
            if (!out.isEmpty() && g.ordinal() <= out.get(out.size() - 1).ordinal()) {
                throw new AzofException(
                        "segment granularity '"
                                + text
                                + "' must go from coarse to fine (e.g. year,quarter)");
            }
            out.add(g);
        }
        return out;
    }

    /** Start of the unit holding {@code t}. */
    public Instant floor(Instant t) {
        LocalDateTime d = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        switch (this) {
            case YEAR:
                d = d.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
                break;
            case QUARTER:
                d =
                        d.withDayOfMonth(1)
                                .withMonth(((d.getMonthValue() - 1) / 3) * 3 + 1)
                                .truncatedTo(ChronoUnit.DAYS);
                break;
            case MONTH:
                d = d.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
                break;
            case DAY:
                d = d.truncatedTo(ChronoUnit.DAYS);
                break;
            case HOUR:
                d = d.truncatedTo(ChronoUnit.HOURS);
                break;
            default:
                throw new IllegalStateException();
        }
        return d.toInstant(ZoneOffset.UTC);
    }

    /** Start of the next unit after the one starting at {@code start}. */
    public Instant next(Instant start) {
        LocalDateTime d = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
        switch (this) {
            case YEAR:
                return d.plusYears(1).toInstant(ZoneOffset.UTC);
            case QUARTER:
                return d.plusMonths(3).toInstant(ZoneOffset.UTC);
            case MONTH:
                return d.plusMonths(1).toInstant(ZoneOffset.UTC);
            case DAY:
                return d.plusDays(1).toInstant(ZoneOffset.UTC);
            case HOUR:
                return d.plusHours(1).toInstant(ZoneOffset.UTC);
            default:
                throw new IllegalStateException();
        }
    }

    /** A readable, sortable id of the unit starting at {@code start}, e.g. 2024-Q2. */
    public String id(Instant start) {
        LocalDateTime d = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
        switch (this) {
            case YEAR:
                return String.format(Locale.ROOT, "%04d", d.getYear());
            case QUARTER:
                return String.format(Locale.ROOT, "%04d-Q%d", d.getYear(), (d.getMonthValue() - 1) / 3 + 1);
            case MONTH:
                return String.format(Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue());
            case DAY:
                return String.format(Locale.ROOT, "%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            case HOUR:
                return String.format(
                        Locale.ROOT,
                        "%04d-%02d-%02dT%02d",
                        d.getYear(),
                        d.getMonthValue(),
                        d.getDayOfMonth(),
                        d.getHour());
            default:
                throw new IllegalStateException();
        }
    }
}
