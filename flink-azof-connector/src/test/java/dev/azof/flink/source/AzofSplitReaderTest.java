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
package dev.azof.flink.source;

import dev.azof.core.plan.AsOf;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.flink.source.reader.AzofSplitReader;
import dev.azof.flink.source.split.AzofSourceSplit;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AzofSplitReaderTest {

    @TempDir static File tmp;

    private static AzofSource source;
    private static Path dir;

    @BeforeAll
    static void writeTable() throws Exception {
        File table = new File(tmp, "t");
        HistoryTable.write(table, 7L, 300, 2, 3, 400);
        source = AzofSource.builder().path(table.getAbsolutePath()).build();
        dir = new Path(source.tableDir());
        assertThat(source.splits()).hasSize(2);
    }

    /** Everything the split reader hands out for the splits, and the split ids it finishes. */
    static final class Drained {
        final List<String> rows = new ArrayList<>();
        final List<String> finished = new ArrayList<>();
        int fetches;
        int largestBatch;
    }

    private static Drained drain(AzofSplitReader reader, List<AzofSourceSplit> splits, int total)
            throws Exception {
        reader.handleSplitsChanges(new SplitsAddition<>(splits));
        Drained d = new Drained();
        while (d.finished.size() < total) {
            assertThat(d.fetches).as("fetches without finishing").isLessThan(10_000);
            RecordsWithSplitIds<RowData> batch = reader.fetch();
            d.fetches++;
            int inBatch = 0;
            String split;
            while ((split = batch.nextSplit()) != null) {
                RowData row;
                while ((row = batch.nextRecordFromSplit()) != null) {
                    d.rows.add(split + ":" + row.getLong(0));
                    inBatch++;
                }
            }
            d.largestBatch = Math.max(d.largestBatch, inBatch);
            d.finished.addAll(batch.finishedSplits());
            batch.recycle();
        }
        reader.close();
        return d;
    }

    private static AzofSplitReader reader(long limit, int batchSize) {
        return new AzofSplitReader(
                dir, source.schema(), AsOf.current(), new int[] {0, 1}, limit, batchSize, AsOfReader.PARQUET);
    }

    /** What the core reads for the split, for comparison. */
    private static List<String> direct(AzofSourceSplit split) throws Exception {
        List<String> out = new ArrayList<>();
        try (RowIterator it =
                AsOfReader.readTask(dir, source.schema(), split.task(), AsOf.current(), new int[] {0, 1}, AsOfReader.PARQUET)) {
            while (it.hasNext()) {
                out.add(split.splitId() + ":" + it.next().getLong(0));
            }
        }
        return out;
    }

    @Test
    void readsEverySplitInBatches() throws Exception {
        List<AzofSourceSplit> splits = source.splits();
        Drained d = drain(reader(-1, 7), splits, splits.size());
        List<String> expected = new ArrayList<>(direct(splits.get(0)));
        expected.addAll(direct(splits.get(1)));
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(d.rows).containsExactlyElementsOf(expected);
        assertThat(d.finished).containsExactly(splits.get(0).splitId(), splits.get(1).splitId());
        assertThat(d.largestBatch).isEqualTo(7);
    }

    @Test
    void restoredSplitSkipsRowsAlreadyEmitted() throws Exception {
        AzofSourceSplit split = source.splits().get(1);
        List<String> all = direct(split);
        for (int emitted : new int[] {0, 1, 13, all.size() - 1, all.size(), all.size() + 5}) {
            Drained d = drain(reader(-1, 5), List.of(split.withRecordsEmitted(emitted)), 1);
            assertThat(d.rows)
                    .as("restored after %s rows", emitted)
                    .containsExactlyElementsOf(all.subList(Math.min(emitted, all.size()), all.size()));
            assertThat(d.finished).containsExactly(split.splitId());
        }
    }

    @Test
    void limitCapsEachSplitAcrossRestores() throws Exception {
        List<AzofSourceSplit> splits = source.splits();
        Drained d = drain(reader(10, 4), splits, 2);
        List<String> expected = new ArrayList<>(direct(splits.get(0)).subList(0, 10));
        expected.addAll(direct(splits.get(1)).subList(0, 10));
        assertThat(d.rows).containsExactlyElementsOf(expected);

        // 6 of 10 emitted before the failure: 4 more after the restore.
        Drained restored = drain(reader(10, 4), List.of(splits.get(0).withRecordsEmitted(6)), 1);
        assertThat(restored.rows).containsExactlyElementsOf(direct(splits.get(0)).subList(6, 10));

        Drained done = drain(reader(10, 4), List.of(splits.get(0).withRecordsEmitted(10)), 1);
        assertThat(done.rows).isEmpty();
        assertThat(done.finished).containsExactly(splits.get(0).splitId());

        Drained zero = drain(reader(0, 4), splits, 2);
        assertThat(zero.rows).isEmpty();
        assertThat(Set.copyOf(zero.finished)).hasSize(2);
    }

    @Test
    void fetchWithoutSplitsReturnsNothing() throws Exception {
        AzofSplitReader r = reader(-1, 4);
        RecordsWithSplitIds<RowData> batch = r.fetch();
        assertThat(batch.nextSplit()).isNull();
        assertThat(batch.finishedSplits()).isEmpty();
        r.close();
    }
}
