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

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a result (column names and rows of values) to standard output in an {@link OutputFormat}.
 *
 * <p>CSV follows RFC 4180 except that lines end with {@code \n}: a field is quoted when it holds a
 * comma, a double quote, CR or LF, and quotes inside are doubled. NULL is an empty field; an empty
 * string is written as {@code ""} so that it stays distinguishable from NULL. Values are rendered
 * by {@link ValueFormatter}.
 */
public final class ResultPrinter {

    private final OutputFormat format;
    private final PrintStream out;

    /** Creates a printer writing {@code format} to {@code out}. */
    public ResultPrinter(OutputFormat format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    /** Prints a complete result. */
    public void print(List<String> columns, List<? extends List<?>> rows) {
        if (format == OutputFormat.CSV) {
            printCsvHeader(columns);
            for (List<?> row : rows) {
                printCsvRow(row);
            }
        } else {
            printTable(columns, rows);
        }
        out.flush();
    }

    /** Prints the CSV header line (CSV format only, for streaming rows out one by one). */
    public void printCsvHeader(List<String> columns) {
        out.print(csvLine(new ArrayList<>(columns)));
    }

    /** Prints one CSV row (CSV format only, for streaming rows out one by one). */
    public void printCsvRow(List<?> row) {
        List<String> fields = new ArrayList<>(row.size());
        for (Object value : row) {
            fields.add(ValueFormatter.format(value));
        }
        out.print(csvLine(fields));
    }

    /** Flushes what was printed (a stopped query keeps every change it printed). */
    public void flush() {
        out.flush();
    }

    // ------------------------------------------------------------------ changes as they come

    /** The first column of a changelog: the change kind as Flink prints it (+I, -U, +U, -D). */
    static final String CHANGE_KIND_COLUMN = "op";

    /** Widths of the table columns of a changelog, fixed by its header. */
    private int[] changeWidths;

    /**
     * Starts a changelog printed row by row as it arrives: CSV prints a header line {@code
     * op,<columns>}; TABLE the header of a table whose column widths are those of the names (at
     * least 12 characters), since the rows are not known yet: a wider value widens its own line.
     */
    public void printChangesHeader(List<String> columns) {
        List<String> all = new ArrayList<>();
        all.add(CHANGE_KIND_COLUMN);
        all.addAll(columns);
        if (format == OutputFormat.CSV) {
            printCsvHeader(all);
        } else {
            changeWidths = new int[all.size()];
            changeWidths[0] = 2;
            for (int c = 1; c < all.size(); c++) {
                changeWidths[c] = Math.max(12, width(all.get(c)));
            }
            out.println(separator(changeWidths));
            out.println(line(all.toArray(new String[0]), changeWidths));
            out.println(separator(changeWidths));
        }
        out.flush();
    }

    /** Prints one change (kind as {@code +I}, {@code -U}, {@code +U} or {@code -D}) and flushes. */
    public void printChange(String kind, List<?> row) {
        List<Object> values = new ArrayList<>(row.size() + 1);
        values.add(kind);
        values.addAll(row);
        if (format == OutputFormat.CSV) {
            printCsvRow(values);
        } else {
            String[] texts = new String[values.size()];
            for (int c = 0; c < texts.length; c++) {
                String text = ValueFormatter.format(values.get(c));
                texts[c] = text == null ? "NULL" : text.replace("\r", "\\r").replace("\n", "\\n");
            }
            int[] widths = changeWidths.clone();
            for (int c = 0; c < texts.length && c < widths.length; c++) {
                widths[c] = Math.max(widths[c], width(texts[c]));
            }
            out.println(line(texts, widths));
        }
        out.flush();
    }

    /** Ends a changelog: TABLE closes the table and counts the changes; CSV prints nothing. */
    public void printChangesFooter(long changes) {
        if (format == OutputFormat.TABLE) {
            if (changes > 0) {
                out.println(separator(changeWidths));
            }
            out.println(changes == 1 ? "1 change" : changes + " changes");
        }
        out.flush();
    }

    /** Formats one CSV line, including its terminating {@code \n}; null fields stay empty. */
    static String csvLine(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(csvField(fields.get(i)));
        }
        return sb.append('\n').toString();
    }

    /** Quotes one CSV field when needed. */
    static String csvField(String field) {
        if (field == null) {
            return "";
        }
        if (field.isEmpty()) {
            return "\"\"";
        }
        boolean quote = false;
        for (int i = 0; i < field.length() && !quote; i++) {
            char c = field.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    private void printTable(List<String> columns, List<? extends List<?>> rows) {
        List<String[]> cells = new ArrayList<>(rows.size());
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = width(columns.get(c));
        }
        for (List<?> row : rows) {
            String[] texts = new String[columns.size()];
            for (int c = 0; c < texts.length; c++) {
                String text = ValueFormatter.format(c < row.size() ? row.get(c) : null);
                // Keep one row on one line: control characters would break the layout.
                texts[c] = text == null ? "NULL" : text.replace("\r", "\\r").replace("\n", "\\n");
                widths[c] = Math.max(widths[c], width(texts[c]));
            }
            cells.add(texts);
        }
        String separator = separator(widths);
        out.println(separator);
        out.println(line(columns.toArray(new String[0]), widths));
        out.println(separator);
        for (String[] row : cells) {
            out.println(line(row, widths));
        }
        if (!cells.isEmpty()) {
            out.println(separator);
        }
        out.println(rows.size() == 1 ? "1 row" : rows.size() + " rows");
    }

    private static String separator(int[] widths) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.toString();
    }

    private static String line(String[] texts, int[] widths) {
        StringBuilder sb = new StringBuilder("|");
        for (int c = 0; c < widths.length; c++) {
            String t = texts[c];
            sb.append(' ').append(t).append(" ".repeat(widths[c] - width(t))).append(" |");
        }
        return sb.toString();
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
