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

import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code azof scan}: reads a table with the format core, without Flink, and prints one row per key,
 * sorted by the first column ({@code key} for tables written by the original azof).
 */
@Command(
        name = "scan",
        header = "Print the rows of a table, current or as of an event time.",
        mixinStandardHelpOptions = true,
        footer = {
            "",
            "Values: TIMESTAMP_LTZ as 2024-02-01T00:00:00Z (UTC), TIMESTAMP as 2024-02-01T00:00,"
                    + " DECIMAL in plain notation, BINARY/BYTES as lowercase hex, BOOLEAN as"
                    + " true/false. In csv, NULL is an empty field and an empty string is \"\"."
        },
        description = {
            "Read a table directly with the Azof core (no Flink job) and print the latest row of"
                    + " every key, current or as of an event time, sorted by the first column."
        })
public final class ScanCommand implements Callable<Integer> {

    @ParentCommand private AzofCli cli;

    @Mixin private TableLocation location;

    @Mixin private AsOfOption asOfOption;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "Output format: table or csv (default: ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Override
    public Integer call() throws Exception {
        AsOf asOf = asOfOption.asOf();
        AzofTable table = AzofTable.open(location.tableDir());
        RowType rowType = table.rowType();
        ScanPlan plan = table.plan(asOf);

        // Convert the internal rows to plain Java values, so output matches `azof sql`.
        DataStructureConverter<Object, Object> converter =
                DataStructureConverters.getConverter(
                        TypeConversions.fromLogicalToDataType(rowType));
        converter.open(ScanCommand.class.getClassLoader());

        List<List<Object>> rows = new ArrayList<>();
        try (RowIterator it = AsOfReader.read(table, plan)) {
            while (it.hasNext()) {
                RowData data = it.next();
                Row row = (Row) converter.toExternal(data);
                List<Object> values = new ArrayList<>(row.getArity());
                for (int i = 0; i < row.getArity(); i++) {
                    values.add(row.getField(i));
                }
                rows.add(values);
            }
        }
        rows.sort(Comparator.comparing(r -> r.isEmpty() ? null : r.get(0), ScanCommand::compare));

        PrintStream out = cli.out();
        if (format == OutputFormat.TABLE) {
            out.println("Scanning table " + location.table + " " + asOfOption.describe(asOf) + ":");
        }
        new ResultPrinter(format, out).print(rowType.getFieldNames(), rows);
        return 0;
    }

    /**
     * Orders values of one column as the files order keys: NULL first; strings by their UTF-8
     * bytes and bytes as unsigned (not by Java's UTF-16 order, which puts {@code 9\uD83D\uDE00}
     * before {@code 9\uFFFD}); other values naturally, else by their text.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof String && b instanceof String) {
            return Arrays.compareUnsigned(utf8((String) a), utf8((String) b));
        }
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        }
        if (a instanceof Comparable && a.getClass() == b.getClass()) {
            return ((Comparable) a).compareTo(b);
        }
        return ValueFormatter.format(a).compareTo(ValueFormatter.format(b));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
