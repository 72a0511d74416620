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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The causal chain of a Java stack trace printed as text (what Flink's REST APIs return: the
 * gateway's {@code errors}, a job's exception history): the message of the outermost exception and
 * of every {@code Caused by:}, without the frames.
 *
 * <p>The chain is read from text because the test JVM has no Flink classes to deserialize
 * exceptions with; and it is the root cause, the last link, that says what went wrong (a missing
 * factory, a class not found on the TaskManager), not the gateway's wrappers around it.
 */
public final class ExceptionChain {

    private static final String CAUSED_BY = "Caused by: ";
    // Flink's REST handlers wrap server-side traces in these two marker lines.
    private static final String SERVER_SIDE_START = "<Exception on server side:";
    private static final String SERVER_SIDE_END = "End of exception on server side>";

    private final List<String> messages;

    private ExceptionChain(List<String> messages) {
        this.messages = Collections.unmodifiableList(messages);
    }

    /** Parses a printed stack trace; text without frames is one message. */
    public static ExceptionChain parse(String trace) {
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        boolean inFrames = false;
        for (String line : trace.split("\\R")) {
            String stripped = line.strip();
            if (stripped.equals(SERVER_SIDE_START) || stripped.equals(SERVER_SIDE_END)) {
                continue;
            }
            if (stripped.startsWith(CAUSED_BY)) {
                finish(messages, current);
                current = new StringBuilder(stripped.substring(CAUSED_BY.length()));
                inFrames = false;
            } else if (isFrameLine(line)) {
                inFrames = true;
            } else if (current == null) {
                if (!stripped.isEmpty()) {
                    current = new StringBuilder(stripped);
                }
            } else if (!inFrames) {
                // A multi-line message (Flink's validation errors list options on more lines).
                current.append('\n').append(line);
            }
        }
        finish(messages, current);
        return new ExceptionChain(messages);
    }

    private static boolean isFrameLine(String line) {
        String stripped = line.strip();
        return (line.startsWith("\t") || line.startsWith("    "))
                && (stripped.startsWith("at ")
                        || stripped.startsWith("... ")
                        || stripped.startsWith("Suppressed: "));
    }

    private static void finish(List<String> messages, StringBuilder message) {
        if (message != null) {
            messages.add(message.toString().strip());
        }
    }

    /** The messages, outermost first. */
    public List<String> messages() {
        return messages;
    }

    /** The innermost message: the root cause. */
    public String rootCause() {
        return messages.isEmpty() ? "(no exception text)" : messages.get(messages.size() - 1);
    }

    /** Root cause first, then the chain from the outermost exception, one per line. */
    public String describe() {
        StringBuilder text = new StringBuilder("root cause: ").append(rootCause());
        if (messages.size() > 1) {
            text.append("\ncaused the chain (outermost first):");
            for (String message : messages) {
                text.append("\n  - ").append(firstLine(message));
            }
        }
        return text.toString();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline) + " [...]";
    }
}
