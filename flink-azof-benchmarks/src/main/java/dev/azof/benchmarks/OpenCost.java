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

package dev.azof.benchmarks;

import dev.azof.core.io.ParquetRowReader;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;

import org.apache.flink.core.fs.Path;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A profile of what opening data files costs, without a Flink job around it: (1) opening and
 * reading each of a table's data files alone (up to 300, in name order), (2) an as-of read of the
 * whole table at its end. Run after {@code run.sh} wrote the histories, e.g.
 *
 * <pre>
 * cp="flink-azof-benchmarks/target/classes:$(cat flink-azof-benchmarks/target/classpath.txt)"
 * java -cp "$cp" dev.azof.benchmarks.OpenCost \
 *     flink-azof-benchmarks/target/bench-small/azof/growth-x16 5
 * </pre>
 */
public final class OpenCost {

    private OpenCost() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: OpenCost <azof table directory> <rounds>");
            System.exit(2);
        }
        String dir = args[0];
        int rounds = Integer.parseInt(args[1]);
        AzofTable table = AzofTable.open(dir);
        List<File> files = new ArrayList<>();
        collect(new File(dir, "data"), files);
        files.sort(Comparator.comparing(File::getName));
        List<File> sample = files.subList(0, Math.min(300, files.size()));
        double[] perFile = new double[rounds];
        double[] fullRead = new double[rounds];
        int planFiles = 0;
        long rows = 0;
        for (int r = 0; r < rounds; r++) {
            long started = System.nanoTime();
            for (File f : sample) {
                try (ParquetRowReader reader =
                        ParquetRowReader.open(
                                new Path(f.toURI()),
                                table.rowType(),
                                ParquetRowReader.DEFAULT_BATCH_SIZE,
                                f.length())) {
                    while (reader.hasNext()) {
                        reader.next();
                    }
                }
            }
            perFile[r] = (System.nanoTime() - started) / 1e6 / sample.size();
            started = System.nanoTime();
            ScanPlan plan = table.plan(AsOf.current());
            planFiles = plan.files().size();
            rows = 0;
            try (RowIterator it = AsOfReader.read(table, plan)) {
                while (it.hasNext()) {
                    it.next();
                    rows++;
                }
            }
            fullRead[r] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(perFile);
        Arrays.sort(fullRead);
        System.out.printf(
                Locale.ROOT,
                "%s: open+read one file alone: median %.2f ms (min %.2f) over %d files;"
                        + " as-of read at the end (%d files, %d rows): median %.0f ms (min %.0f)%n",
                dir,
                perFile[rounds / 2],
                perFile[0],
                sample.size(),
                planFiles,
                rows,
                fullRead[rounds / 2],
                fullRead[0]);
    }

    private static void collect(File dir, List<File> into) {
        File[] children = dir.listFiles();
        if (children == null) {
            return;
        }
        for (File f : children) {
            if (f.isDirectory()) {
                collect(f, into);
            } else if (f.getName().endsWith(".parquet")) {
                into.add(f);
            }
        }
    }
}
