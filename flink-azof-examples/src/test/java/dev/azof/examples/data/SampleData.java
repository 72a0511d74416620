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

package dev.azof.examples.data;

import dev.azof.testing.ProjectFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed sample data, read independently of the generator: the events of the CSV files and
 * the brute-force as-of oracle over them.
 */
public final class SampleData {

    private static final DateTimeFormatter CSV_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT);

    private SampleData() {}

    /** The repository's {@code test-data} directory. */
    public static Path testDataDir() {
        return ProjectFiles.find("test-data/events").getParent();
    }

    /** One CSV line. */
    public static final class Event {
        public final String ticker;
        public final Instant eventTime;
        public final String industry;
        public final Long revenue;
        public final Long shares;
        public final Long netIncome;
        public final boolean delete;
        public final Instant filedAt;

        Event(String[] f) {
            ticker = f[0];
            eventTime = time(f[1]);
            industry = f[2];
            revenue = number(f[3]);
            shares = number(f[4]);
            netIncome = number(f[5]);
            if (!f[6].equals("U") && !f[6].equals("D")) {
                throw new IllegalArgumentException("op must be U or D: " + Arrays.toString(f));
            }
            delete = f[6].equals("D");
            filedAt = time(f[7]);
        }

        /** The row as the table returns it, rendered for comparison. */
        public List<Object> row() {
            return Arrays.asList(ticker, eventTime, industry, revenue, shares, netIncome);
        }
    }

    /** The events of a CSV file, in file (arrival) order. */
    public static List<Event> read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("# ticker,event_time,")) {
            throw new IllegalArgumentException(csv + " has no header line");
        }
        List<Event> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            out.add(new Event(line.split(",", -1)));
        }
        return out;
    }

    /**
     * As of {@code t} (null: current), per ticker, the row with the greatest event time <= t, the
     * later line winning ties; a delete hides the ticker. Sorted by ticker.
     */
    public static Map<String, List<Object>> asOf(List<Event> arrivalOrder, Instant t) {
        Map<String, Event> winners = new HashMap<>();
        for (Event e : arrivalOrder) {
            if (t != null && e.eventTime.isAfter(t)) {
                continue;
            }
            Event w = winners.get(e.ticker);
            if (w == null || !e.eventTime.isBefore(w.eventTime)) {
                winners.put(e.ticker, e);
            }
        }
        Map<String, List<Object>> out = new TreeMap<>();
        for (Event e : winners.values()) {
            if (!e.delete) {
                out.put(e.ticker, e.row());
            }
        }
        return out;
    }

    private static Instant time(String text) {
        return LocalDateTime.parse(text, CSV_TIME).toInstant(ZoneOffset.UTC);
    }

    private static Long number(String text) {
        return text.isEmpty() ? null : Long.valueOf(text);
    }
}
