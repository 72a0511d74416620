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
package dev.azof.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reading the processes' log and output files for failure messages: a failed assertion should say
 * what the cluster said, without anyone having to find the files.
 */
public final class LogFiles {

    // A log4j event of the harness's pattern starts with its date: "2026-01-31 12:00:00,000 LEVEL".
    private static final Pattern EVENT_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}.*");
    private static final int MAX_HEADER_CHARS = 300;

    private LogFiles() {}

    /** The last {@code lines} lines of a file, or a note why there are none. */
    public static String tail(Path file, int lines) {
        List<String> all = readLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * The last {@code limit} log events that report a failure: level ERROR, or a WARN about
     * something that FAILED (a TaskManager logs a failing task at WARN, "switched from RUNNING to
     * FAILED"). Each event is condensed to its first line (cut, task names can be long) and the
     * causal chain of the stack trace logged with it, root cause first.
     */
    public static List<String> lastFailureEvents(Path file, int limit) {
        List<String> events = new ArrayList<>();
        List<String> lines = readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!EVENT_START.matcher(line).matches() || !isFailure(line)) {
                continue;
            }
            StringBuilder trace = new StringBuilder();
            int next = i + 1;
            while (next < lines.size() && !EVENT_START.matcher(lines.get(next)).matches()) {
                trace.append(lines.get(next)).append('\n');
                next++;
            }
            String header =
                    line.length() <= MAX_HEADER_CHARS
                            ? line
                            : line.substring(0, MAX_HEADER_CHARS) + " [...]";
            events.add(
                    trace.length() == 0
                            ? header
                            : header + "\n    " + ExceptionChain.parse(trace.toString())
                                    .describe().replace("\n", "\n    "));
            i = next - 1;
        }
        return new ArrayList<>(events.subList(Math.max(0, events.size() - limit), events.size()));
    }

    private static boolean isFailure(String eventLine) {
        return eventLine.contains(" ERROR ")
                || (eventLine.contains(" WARN ") && eventLine.contains("FAILED"));
    }

    private static List<String> readLines(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of("(no file " + file + ")");
        }
        try {
            // Logs of a 2-minute scenario are small; a malformed byte must not hide the rest.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
