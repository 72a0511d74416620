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
package dev.azof.flink.table;

import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.commit.TableCommits;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.plan.AsOf;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 'lookup.wait-for-watermark': a fact after the table's recorded watermark is answered only once
 * a commit records a watermark at or after it, from that commit; earlier facts are answered at
 * once from the pinned snapshot.
 */
class AzofLookupFunctionTest {

    @TempDir java.nio.file.Path tmp;

    @Test
    void factsAfterTheWatermarkWaitForACommitThatCompletesThem() throws Exception {
        Path table = new Path(tmp.toAbsolutePath().toString());
        Snapshot snap =
                TableCommits.createTable(table, AzofTestTables.schema(), AzofTestTables.BUCKETS, Map.of());
        snap = commit(table, snap, "early", "2024-01-01T00:00:00Z", "2024-01-10T00:00:00Z");

        AzofLookupFunction function =
                new AzofLookupFunction(
                        table.toString(),
                        snap.id(),
                        new int[] {0, 1, 2},
                        new int[] {0},
                        1,
                        3,
                        AsOf.current(),
                        1000,
                        true);
        function.open("test");

        // before the watermark: answered at once
        assertThat(values(function.lookup(fact("2024-01-05T00:00:00Z")))).containsExactly("early");

        // after it: waits
        CompletableFuture<Collection<RowData>> waiting =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return function.lookup(fact("2024-02-01T00:00:00Z"));
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        Thread.sleep(1500);
        assertThat(waiting).as("a fact after the watermark is not answered yet").isNotDone();
        // a commit that does not reach the fact's time does not answer it either
        snap = commit(table, snap, "mid", "2024-01-20T00:00:00Z", "2024-01-25T00:00:00Z");
        Thread.sleep(1500);
        assertThat(waiting).isNotDone();
        snap = commit(table, snap, "late", "2024-01-30T00:00:00Z", "2024-02-15T00:00:00Z");
        assertThat(values(waiting.get(30, TimeUnit.SECONDS))).containsExactly("late");
        function.close();
    }

    private static List<String> values(Collection<RowData> rows) {
        return rows.stream().map(r -> r.getString(1).toString()).toList();
    }

    private static RowData fact(String time) {
        return GenericRowData.of(
                StringData.fromString("k"), TimestampData.fromInstant(Instant.parse(time)));
    }

    private static Snapshot commit(Path table, Snapshot snap, String v, String ts, String watermark)
            throws Exception {
        return TableCommits.commitFiles(
                new SnapshotStore(table),
                snap,
                new TableWriter(table, snap).writeDeltas(List.of(AzofTestTables.row("k", v, ts))),
                Map.of("watermark", watermark));
    }
}
