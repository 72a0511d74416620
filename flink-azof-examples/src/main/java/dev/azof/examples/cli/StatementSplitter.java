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

package dev.azof.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits a script of SQL statements on {@code ;}.
 *
 * <p>A semicolon separates statements only outside string literals ({@code '...'} with {@code ''}
 * as the escaped quote), quoted identifiers ({@code "..."} and {@code `...`}), line comments
 * ({@code -- ...}) and block comments (slash-star to star-slash). Comments are removed from the
 * returned statements, except optimizer hints (block comments opened by slash-star-plus), which are
 * part of the SQL. Statements that are empty once comments are removed are dropped. The statements
 * inside {@code EXECUTE STATEMENT SET BEGIN ...; ...; END} stay together as one statement, because
 * Flink parses that block as a whole.
 */
public final class StatementSplitter {

    private static final Pattern STATEMENT_SET_START =
            Pattern.compile("^(EXECUTE\\s+)?STATEMENT\\s+SET\\s+BEGIN\\b.*", Pattern.DOTALL);
    private static final Pattern END = Pattern.compile("^END$");

    private StatementSplitter() {}

    /**
     * Splits {@code script} into statements, each trimmed and without its terminating semicolon.
     *
     * @throws IllegalArgumentException if a string literal, quoted identifier or block comment is
     *     not closed
     */
    public static List<String> split(String script) {
        List<String> pieces = splitPieces(script);
        // Re-join the pieces of a statement-set block: Flink wants "BEGIN ...; ...; END" whole.
        List<String> statements = new ArrayList<>();
        StringBuilder block = null;
        for (String piece : pieces) {
            String upper = piece.toUpperCase(Locale.ROOT);
            if (block == null) {
                if (STATEMENT_SET_START.matcher(upper).matches()) {
                    block = new StringBuilder(piece);
                } else {
                    statements.add(piece);
                }
            } else {
                block.append(";\n").append(piece);
                if (END.matcher(upper).matches()) {
                    statements.add(block.toString());
                    block = null;
                }
            }
        }
        if (block != null) {
            throw new IllegalArgumentException(
                    "unterminated statement set: EXECUTE STATEMENT SET BEGIN without END");
        }
        return statements;
    }

    private static List<String> splitPieces(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '\'' || c == '"' || c == '`') {
                int end = endOfQuoted(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end; // keep the newline itself as whitespace
            } else if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated block comment");
                }
                boolean hint = i + 2 < n && script.charAt(i + 2) == '+';
                if (hint) {
                    current.append(script, i, end + 2);
                } else {
                    current.append(' '); // a comment separates tokens like whitespace does
                }
                i = end + 2;
            } else if (c == ';') {
                addIfNotBlank(out, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        addIfNotBlank(out, current);
        return out;
    }

    /**
     * Returns the index just after the closing quote of the quoted text starting at {@code start}.
     */
    private static int endOfQuoted(String script, int start, char quote) {
        int i = start + 1;
        int n = script.length();
        while (i < n) {
            if (script.charAt(i) == quote) {
                // A doubled quote is an escaped quote inside the literal or identifier.
                if (i + 1 < n && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        String what = quote == '\'' ? "string literal" : "quoted identifier";
        throw new IllegalArgumentException(
                "unterminated " + what + " starting with " + quote + " at offset " + start);
    }

    private static void addIfNotBlank(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
