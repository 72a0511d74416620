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

package dev.azof.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.azof.core.metadata.DataFile;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.EventTimes;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.AsOfOracle;
import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random single-bit flips in a table's data files (issue 13): every read either returns the
 * oracle's answer or fails with an error naming the damaged file, and {@code validate --deep}
 * reports every flip that no read caught. Each flip is undone before the next one.
 */
class BitFlipPropertyTest {

    @TempDir File tmp;

    @Test
    void everyFlipIsCaughtByAReadOrByDeepValidation() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("BitFlipPropertyTest seed " + seed + " (rerun with -Dazof.seed=" + seed + ")");
        Random rnd = new Random(seed);
        Path dir = new Path(tmp.toURI());
        RandomHistory h = RandomHistory.write(dir, rnd.nextLong(), 80, 5, 120, 0.3);
        AzofTable table = AzofTable.open(dir.getPath());
        List<DataFile> files = table.snapshot().allFiles();
        assertThat(TableValidator.validate(dir, true)).isEmpty();
        int caughtByRead = 0;
        int caughtByValidate = 0;
        int flips = Integer.getInteger("azof.flips", 40);
        for (int i = 0; i < flips; i++) {
            DataFile f = files.get(rnd.nextInt(files.size()));
            File file = new File(tmp, f.path());
            long bit = (long) (rnd.nextDouble() * file.length() * 8);
            String context = "seed " + seed + ", flip " + i + ": bit " + bit + " of " + f.path() + " (" + file.length() + " bytes)";
            flip(file, bit);
            try {
                boolean caught = false;
                for (int q = 0; q < 3; q++) {
                    AsOf asOf = q == 0 ? AsOf.current() : AsOf.at(EventTimes.instant(h.randomAsOf(rnd)));
                    List<List<Object>> actual;
                    try {
                        actual = read(dir, asOf);
                    } catch (Exception e) {
                        assertThat(messages(e)).as(context + ", as of " + asOf).contains(file.getName());
                        caught = true;
                        continue;
                    }
                    assertThat(actual)
                            .as(context + ", as of " + asOf)
                            .isEqualTo(AsOfOracle.expected(
                                    h.events, asOf.micros(), (int) table.snapshot().id(), table.rowType()));
                }
                if (caught) {
                    caughtByRead++;
                    continue;
                }
                List<String> problems = TableValidator.validate(dir, true);
                assertThat(problems).as(context + ": no read noticed it").isNotEmpty();
                assertThat(problems.get(0)).as(context).contains(f.path());
                caughtByValidate++;
            } finally {
                flip(file, bit);
            }
        }
        System.out.println("BitFlipPropertyTest: " + caughtByRead + " flips failed a read naming the file, "
                + caughtByValidate + " read right and were reported by validate --deep");
        assertThat(TableValidator.validate(dir, true)).isEmpty();
    }

    private static List<List<Object>> read(Path dir, AsOf asOf) throws Exception {
        AzofTable table = AzofTable.open(dir.getPath());
        List<RowData> rows = new ArrayList<>();
        try (RowIterator it = AsOfReader.read(table, table.plan(asOf))) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return AsOfOracle.actual(rows, table.rowType());
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t).append(" | ");
        }
        return all.toString();
    }

    private static void flip(File file, long bit) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.seek(bit / 8);
            int b = raf.read();
            raf.seek(bit / 8);
            raf.write(b ^ (1 << (int) (bit % 8)));
        }
    }
}
