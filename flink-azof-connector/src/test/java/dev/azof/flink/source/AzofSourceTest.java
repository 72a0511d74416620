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

import dev.azof.core.AzofException;
import dev.azof.core.plan.AsOf;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.testing.ReferenceTables;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder: validation at build time, produced type, pruning, serializability. */
class AzofSourceTest {

    @TempDir static File tmp;

    private static HistoryTable bucketed;

    @BeforeAll
    static void writeTable() throws Exception {
        bucketed = HistoryTable.write(new File(tmp, "bucketed"), 11L, 200, 4, 2, 300);
    }

    @Test
    void legacyTableProducesKeyEventTimeAndValues() {
        AzofSource source = AzofSource.builder().path(ReferenceTables.table("table2")).build();
        assertThat(source.producedRowType().getFieldNames())
                .containsExactly("key", "event_time", "value1", "value2", "is_active", "created");
        assertThat(source.getProducedType()).isEqualTo(InternalTypeInfo.of(source.producedRowType()));
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(source.asOf()).isEqualTo(AsOf.current());
        assertThat(source.splits()).hasSize(1);
    }

    @Test
    void projectionByIndexOrName() {
        AzofSource byIndex =
                AzofSource.builder().path(ReferenceTables.table("table2")).projectedFields(new int[] {2, 0}).build();
        AzofSource byName = AzofSource.builder().path(ReferenceTables.table("table2")).select("value1", "key").build();
        assertThat(byIndex.producedRowType()).isEqualTo(byName.producedRowType());
        assertThat(byName.producedRowType().getFieldNames()).containsExactly("value1", "key");
        assertThat(AzofSource.builder().path(ReferenceTables.table("table2")).projectedFields(new int[0]).build()
                        .producedRowType().getFieldCount())
                .isZero();
    }

    @Test
    void badInputFailsAtBuildTime() {
        assertThatThrownBy(() -> AzofSource.builder().build())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("path");
        assertThatThrownBy(() -> AzofSource.builder().path(new File(tmp, "missing").getPath()).build())
                .isInstanceOf(AzofException.class);
        assertThatThrownBy(() -> AzofSource.builder().path(ReferenceTables.table("table0")).snapshotId(99L).build())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("snapshot 99");
        assertThatThrownBy(() -> AzofSource.builder().path(ReferenceTables.table("table2")).select("nope").build())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("'nope'");
        assertThatThrownBy(
                        () -> AzofSource.builder().path(ReferenceTables.table("table2")).projectedFields(new int[] {6}).build())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(
                        () -> AzofSource.builder().path(ReferenceTables.table("table2")).projectedFields(new int[] {1, 1}).build())
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(
                        () -> AzofSource.builder()
                                .path(ReferenceTables.table("table2"))
                                .projectedFields(new int[] {1})
                                .select("key")
                                .build())
                .isInstanceOf(AzofException.class);
    }

    @Test
    void snapshotIsFixedAtBuildTime() {
        AzofSource current = AzofSource.builder().path(bucketed.dir).build();
        AzofSource first = AzofSource.builder().path(bucketed.dir).snapshotId(1L).build();
        assertThat(first.snapshotId()).isEqualTo(1);
        assertThat(first.splits()).isEmpty(); // snapshot 1 is the empty table
        assertThat(current.snapshotId()).isGreaterThan(1);
        assertThat(current.splits()).hasSize(4);
    }

    @Test
    void bucketsPruneTasksButNeverLegacyOnes() {
        AzofSource pruned = AzofSource.builder().path(bucketed.dir).buckets(Set.of(1, 3)).build();
        Set<Integer> buckets = new HashSet<>();
        for (AzofSourceSplit s : pruned.splits()) {
            buckets.add(s.task().bucket());
        }
        assertThat(buckets).containsExactlyInAnyOrder(1, 3);
        assertThat(AzofSource.builder().path(bucketed.dir).buckets(Set.of()).build().splits()).isEmpty();
        assertThat(AzofSource.builder().path(ReferenceTables.table("table0")).buckets(Set.of(0)).build().splits())
                .hasSize(1);
    }

    @Test
    void splitIdsAreUnique() {
        List<AzofSourceSplit> splits = AzofSource.builder().path(bucketed.dir).build().splits();
        assertThat(splits.stream().map(AzofSourceSplit::splitId).distinct().count()).isEqualTo(splits.size());
    }

    @Test
    void sourceSurvivesJavaSerialization() throws Exception {
        AzofSource source =
                AzofSource.builder()
                        .path(bucketed.dir)
                        .asOf(AsOf.parse("2024-06-01T00:00:00Z"))
                        .select("name", "id")
                        .limit(5)
                        .build();
        AzofSource copy = InstantiationUtil.clone(source, getClass().getClassLoader());
        assertThat(copy.splits()).isEqualTo(source.splits());
        assertThat(copy.producedRowType()).isEqualTo(source.producedRowType());
        assertThat(copy.asOf()).isEqualTo(source.asOf());
        assertThat(copy.schema()).isEqualTo(source.schema());
        assertThat(copy.limit()).isEqualTo(5);
    }
}
