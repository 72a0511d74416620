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

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ResultPrinter} and {@link ValueFormatter}. */
class ResultPrinterTest {

    @Test
    void csvQuotesOnlyWhenNeeded() {
        assertThat(ResultPrinter.csvField("plain")).isEqualTo("plain");
        assertThat(ResultPrinter.csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(ResultPrinter.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ResultPrinter.csvField("line1\nline2")).isEqualTo("\"line1\nline2\"");
        assertThat(ResultPrinter.csvField("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(ResultPrinter.csvField(" spaced ")).isEqualTo(" spaced ");
    }

    @Test
    void csvNullIsEmptyAndEmptyStringIsQuoted() {
        assertThat(ResultPrinter.csvField(null)).isEmpty();
        assertThat(ResultPrinter.csvField("")).isEqualTo("\"\"");
        assertThat(ResultPrinter.csvLine(Arrays.asList("a", null, "c"))).isEqualTo("a,,c\n");
    }

    @Test
    void csvOutputHasHeaderThenRows() {
        String csv =
                print(
                        OutputFormat.CSV,
                        Arrays.asList("key", "value1", "value2"),
                        Arrays.asList(
                                Arrays.asList("1", "abc2", 100L), Arrays.asList("2", "x,y", null)));
        assertThat(csv).isEqualTo("key,value1,value2\n1,abc2,100\n2,\"x,y\",\n");
    }

    @Test
    void rendersValues() {
        assertThat(ValueFormatter.format(null)).isNull();
        assertThat(ValueFormatter.format(Instant.parse("2024-02-01T00:00:00Z")))
                .isEqualTo("2024-02-01T00:00:00Z");
        assertThat(ValueFormatter.format(LocalDateTime.parse("2024-02-01T10:15:30.5")))
                .isEqualTo("2024-02-01T10:15:30.500");
        assertThat(ValueFormatter.format(LocalDateTime.parse("2024-02-01T10:15")))
                .isEqualTo("2024-02-01T10:15:00");
        assertThat(ValueFormatter.format(LocalDate.parse("2024-02-01"))).isEqualTo("2024-02-01");
        assertThat(ValueFormatter.format(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(ValueFormatter.format(new BigDecimal("0.00000012"))).isEqualTo("0.00000012");
        assertThat(ValueFormatter.format(new byte[] {0x00, 0x7f, (byte) 0xff})).isEqualTo("007fff");
        assertThat(ValueFormatter.format(Boolean.TRUE)).isEqualTo("true");
        assertThat(ValueFormatter.format(new Integer[] {1, null, 3})).isEqualTo("[1, NULL, 3]");
        assertThat(ValueFormatter.format(Collections.singletonMap("k", 1))).isEqualTo("{k=1}");
        assertThat(ValueFormatter.format(Row.of("a", 2))).isEqualTo("(a, 2)");
    }

    @Test
    void tableOutputIsAligned() {
        String table =
                print(
                        OutputFormat.TABLE,
                        Arrays.asList("key", "v"),
                        Arrays.asList(Arrays.asList("1", "abc"), Arrays.asList("22", null)));
        assertThat(table)
                .isEqualTo(
                        "+-----+------+\n"
                                + "| key | v    |\n"
                                + "+-----+------+\n"
                                + "| 1   | abc  |\n"
                                + "| 22  | NULL |\n"
                                + "+-----+------+\n"
                                + "2 rows\n");
    }

    private static String print(
            OutputFormat format, List<String> columns, List<? extends List<?>> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new ResultPrinter(format, out).print(columns, rows);
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void changesPrintWithTheirKindInBothFormats() {
        for (OutputFormat format : OutputFormat.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            ResultPrinter printer = new ResultPrinter(format, out);
            printer.printChangesHeader(Arrays.asList("k", "n"));
            printer.printChange("+I", Arrays.asList("a", 1L));
            printer.printChange("-U", Arrays.asList("a", 1L));
            printer.printChange("+U", Arrays.asList("a,b", null));
            printer.printChangesFooter(3);
            String text = bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
            if (format == OutputFormat.CSV) {
                assertThat(text).isEqualTo("op,k,n\n+I,a,1\n-U,a,1\n+U,\"a,b\",\n");
            } else {
                assertThat(text.split("\n"))
                        .containsExactly(
                                "+----+--------------+--------------+",
                                "| op | k            | n            |",
                                "+----+--------------+--------------+",
                                "| +I | a            | 1            |",
                                "| -U | a            | 1            |",
                                "| +U | a,b          | NULL         |",
                                "+----+--------------+--------------+",
                                "3 changes");
            }
        }
    }
}
