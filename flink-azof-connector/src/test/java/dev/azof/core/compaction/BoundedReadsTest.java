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
package dev.azof.core.compaction;

import dev.azof.core.metadata.Snapshot;
import dev.azof.core.plan.AsOf;
import dev.azof.core.plan.ScanPlan;
import dev.azof.core.plan.ScanTask;
import dev.azof.core.table.AzofTable;
import dev.azof.core.validate.TableValidator;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a full compaction, an as-of read at any t opens at most one base and the policy's most
 * deltas per segment per bucket (monthly segments: tree depth 1), whatever the history length; a
 * history ten times longer over the same keys costs about the same files and bytes per read.
 */
class BoundedReadsTest {

    private static final int KEYS = 40;
    private static final int BUCKETS = 1;

    @TempDir File tmp;

    /** Files and bytes an average read opens. */
    private static final class Cost {
        double files;
        double bytes;

        @Override
        public String toString() {
            return String.format("%.2f files, %.0f bytes per read", files, bytes);
        }
    }

    @Test
    void readsStayBoundedAsHistoryGrows() throws Exception {
        long seed = Long.getLong("azof.seed", System.nanoTime());
        System.out.println("BoundedReadsTest seed " + seed + " (rerun with -Dazof.seed=" + seed + ")");
        Cost shortHistory = history("short", seed, 4);
        Cost longHistory = history("long", seed, 40);
        System.out.println("BoundedReadsTest: 4 months " + shortHistory + "; 40 months " + longHistory);
        assertThat(longHistory.files).as("seed " + seed).isLessThanOrEqualTo(shortHistory.files + 1);
        assertThat(longHistory.bytes).as("seed " + seed).isLessThanOrEqualTo(shortHistory.bytes * 1.5);
    }

    private Cost history(String name, long seed, int months) throws Exception {
        Random r = new Random(seed);
        SmallTable t = new SmallTable(new Path(new File(tmp, name).toURI()), BUCKETS);
        ZonedDateTime start = ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        int lateFiles = 0;
        for (int m = 0; m < months; m++) {
            for (int c = 0; c < 2; c++) {
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < 15; i++) {
                    // Mostly this month; one in ten late, into any earlier month.
                    int month = r.nextInt(10) == 0 ? r.nextInt(m + 1) : m;
                    Instant ts = start.plusMonths(month).plusMinutes(r.nextInt(27 * 24 * 60)).toInstant();
                    rows.add(SmallTable.row(r.nextInt(KEYS), ts.toString(), r.nextInt(8) == 0 ? null : "v" + r.nextInt()));
                }
                t.commit(rows.toArray(new Object[0][]));
            }
        }
        CompactionPolicy policy = CompactionPolicy.defaults();
        Snapshot before = t.store.current();
        Snapshot after = new Compactor(t.dir, policy).run().published();
        assertThat(TableValidator.validate(t.dir)).isEmpty();
        AzofTable table = AzofTable.open(t.dir, after.id());
        AzofTable old = AzofTable.open(t.dir, before.id());
        Cost cost = new Cost();
        int reads = 40;
        for (int q = 0; q < reads; q++) {
            AsOf asOf =
                    q == 0
                            ? AsOf.current()
                            : AsOf.at(start.plusMinutes(r.nextInt(months * 30 * 24 * 60)).toInstant());
            ScanPlan plan = table.plan(asOf);
            for (ScanTask task : plan.tasks()) {
                // depth of the tree (1) + most deltas per segment; no late file is left unfolded.
                assertThat(task.files().size())
                        .as(name + " as of " + asOf + ": " + task.files())
                        .isLessThanOrEqualTo(1 + policy.maxDeltasPerSegment());
            }
            cost.files += plan.files().size() / (double) reads;
            cost.bytes += plan.totalBytes() / (double) reads;
            if (q % 8 == 0) {
                assertThat(Reads.read(t.dir, after.id(), asOf)).isEqualTo(t.expected(after.id(), asOf));
                assertThat(plan.files().size()).isLessThanOrEqualTo(old.plan(asOf).files().size());
            }
        }
        return cost;
    }
}
