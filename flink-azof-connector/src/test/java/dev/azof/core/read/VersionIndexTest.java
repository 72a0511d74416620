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
package dev.azof.core.read;

import dev.azof.core.keys.BucketAssigner;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.ScanPlanner;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.Event;
import dev.azof.testing.RandomHistory;
import dev.azof.testing.Rows;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link VersionIndex} over whole buckets answers as the spec's rule over every event, with a
 * projection in another column order than the table's, and the rows it returns (which point into
 * the index's pages) keep their values while later lookups and builds go on.
 */
class VersionIndexTest {

    @TempDir java.nio.file.Path tmp;

    @Test
    void answersAsTheOracleAndReturnedRowsStayValid() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        String context = "seed " + seed + " (rerun with -Dazof.seed=" + seed + ")";
        Path dir = new Path(tmp.resolve("t").toUri());
        RandomHistory h = RandomHistory.write(dir, seed, 100, 6, 100, 0.5);
        AzofTable table = AzofTable.open(dir);
        Snapshot snapshot = table.snapshot();
        RowType rowType = table.rowType();
        int[] keys = table.schema().primaryKeyIndexes();
        // every column, last first: the index stores rows in the projection's order
        int columns = rowType.getFieldCount();
        int[] projection = new int[columns];
        for (int i = 0; i < columns; i++) {
            projection[i] = columns - 1 - i;
        }
        List<LogicalType> keyTypes = new ArrayList<>();
        for (int k : keys) {
            keyTypes.add(rowType.getTypeAt(k));
        }
        BucketAssigner buckets = new BucketAssigner(keyTypes, snapshot.bucketCount());
        LookupKeyEncoder encoder = new LookupKeyEncoder(keyTypes, keys);
        List<VersionIndex> indexes = new ArrayList<>();
        long versions = 0;
        for (int b = 0; b < snapshot.bucketCount(); b++) {
            VersionIndex index =
                    VersionIndex.build(
                            dir,
                            table.schema(),
                            ScanPlanner.planBucketRange(snapshot, b, null, AsOf.current()),
                            Long.MAX_VALUE,
                            projection,
                            AsOfReader.PARQUET);
            assertThat(index.versions()).as(context).isLessThanOrEqualTo(index.rowsRead());
            versions += index.versions();
            indexes.add(index);
        }
        assertThat(versions).as(context + ": versions of the whole table").isPositive();

        Random r = new Random(seed + 1);
        List<RowData> held = new ArrayList<>();
        List<List<Object>> expected = new ArrayList<>();
        for (int q = 0; q < 400; q++) {
            Event some = h.events.get(r.nextInt(h.events.size()));
            long t = r.nextInt(4) == 0 ? some.eventMicros : h.randomAsOf(r);
            GenericRowData keyRow = new GenericRowData(columns);
            for (int k = 0; k < keys.length; k++) {
                Object v = some.key.get(k);
                keyRow.setField(keys[k], v instanceof String ? StringData.fromString((String) v) : v);
            }
            Event winner = null;
            for (Event e : h.events) {
                if (e.key.equals(some.key) && e.eventMicros <= t && (winner == null || beats(e, winner))) {
                    winner = e;
                }
            }
            List<Object> want = null;
            if (winner != null && !winner.deleted) {
                List<Object> all = Rows.values(winner.row, rowType);
                want = new ArrayList<>();
                for (int p : projection) {
                    want.add(all.get(p));
                }
            }
            assertThat(encoder.encode(keyRow)).isTrue();
            RowData got =
                    indexes.get(buckets.bucket(keyRow, keys)).lookup(encoder, encoder.hash(), t);
            assertThat(got == null ? null : values(got, rowType, projection))
                    .as(context + ", key " + some.key + " as of " + t)
                    .isEqualTo(want);
            if (got != null) {
                held.add(got);
                expected.add(want);
            }
        }
        assertThat(held).as(context + ": lookups that found a row").hasSizeGreaterThan(40);
        // Another index built meanwhile does not touch the pages the held rows point into.
        VersionIndex.build(
                dir,
                table.schema(),
                ScanPlanner.planBucketRange(snapshot, 0, null, AsOf.current()),
                Long.MAX_VALUE,
                projection,
                AsOfReader.PARQUET);
        for (int i = 0; i < held.size(); i++) {
            assertThat(values(held.get(i), rowType, projection)).as(context).isEqualTo(expected.get(i));
        }
    }

    private static List<Object> values(RowData row, RowType rowType, int[] projection) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (int p : projection) {
            fields.add(rowType.getFields().get(p));
        }
        return Rows.values(row, new RowType(fields));
    }

    private static boolean beats(Event a, Event b) {
        if (a.eventMicros != b.eventMicros) {
            return a.eventMicros > b.eventMicros;
        }
        if (a.commit != b.commit) {
            return a.commit > b.commit;
        }
        return a.arrival > b.arrival;
    }
}
