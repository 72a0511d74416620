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

import org.apache.flink.types.Row;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders one value of a result row as text, the same way in every output format.
 *
 * <ul>
 *   <li>{@code NULL} is {@code null} (each format decides how to show it);
 *   <li>TIMESTAMP_LTZ values ({@link Instant}) as ISO-8601 in UTC, e.g. {@code
 *       2024-02-01T00:00:00Z};
 *   <li>TIMESTAMP values ({@link LocalDateTime}) as ISO-8601 without zone, e.g. {@code
 *       2024-02-01T00:00:00} (seconds always, fractions when not zero);
 *   <li>DECIMAL in plain notation, never with an exponent;
 *   <li>BINARY / VARBINARY / BYTES as lowercase hexadecimal, two digits per byte, no prefix;
 *   <li>BOOLEAN as {@code true} / {@code false};
 *   <li>ARRAY / MULTISET as {@code [a, b]}, MAP as {@code {k=v}}, ROW as {@code (a, b)}.
 * </ul>
 */
public final class ValueFormatter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ValueFormatter() {}

    /** Returns the text of {@code value}, or {@code null} if the value is SQL NULL. */
    public static String format(Object value) {
        if (value == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("NULL"); // only reached inside nested values
        } else if (value instanceof BigDecimal) {
            sb.append(((BigDecimal) value).toPlainString());
        } else if (value instanceof LocalDateTime) {
            // LocalDateTime#toString drops ":00" seconds; print them, like Instant#toString does.
            String text = value.toString();
            sb.append(text).append(text.length() == 16 ? ":00" : "");
        } else if (value instanceof Instant
                || value instanceof OffsetDateTime
                || value instanceof ZonedDateTime) {
            sb.append(value);
        } else if (value instanceof byte[]) {
            for (byte b : (byte[]) value) {
                sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        } else if (value instanceof Row) {
            Row row = (Row) value;
            sb.append('(');
            for (int i = 0; i < row.getArity(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, row.getField(i));
            }
            sb.append(')');
        } else if (value instanceof Map) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) value).entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                append(sb, e.getKey());
                sb.append('=');
                append(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            sb.append('[');
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, Array.get(value, i));
            }
            sb.append(']');
        } else {
            // String, numbers, Boolean, LocalDate, LocalTime, Duration, Period ...: toString() is
            // already the ISO / SQL-like text.
            sb.append(value);
        }
    }
}
