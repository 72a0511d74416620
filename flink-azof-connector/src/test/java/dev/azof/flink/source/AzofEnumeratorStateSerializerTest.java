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

import dev.azof.core.metadata.DataFile;
import dev.azof.core.plan.ScanTask;
import dev.azof.flink.source.enumerator.AzofEnumeratorState;
import dev.azof.flink.source.enumerator.AzofEnumeratorStateSerializer;
import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.AzofSourceSplitSerializer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzofEnumeratorStateSerializerTest {

    private final AzofEnumeratorStateSerializer serializer = new AzofEnumeratorStateSerializer();

    static List<AzofSourceSplit> splits(int n) {
        List<AzofSourceSplit> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            DataFile f =
                    DataFile.builder("data/2024-01/delta-b" + b + ".parquet", DataFile.Kind.DELTA)
                            .range(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-31T23:59:59.999999Z"))
                            .bucket(b)
                            .rows(100 + b)
                            .bytes(4096)
                            .sequence(2)
                            .eventTimes(b % 2 == 0 ? null : Instant.parse("2024-01-03T00:00:00Z"), null)
                            .build();
            out.add(
                    new AzofSourceSplit(
                            b + "-bucket-" + b,
                            new ScanTask(b, ScanTask.MergeMode.LATEST_EVENT_TIME, List.of(f)),
                            b * 10L));
        }
        return out;
    }

    @Test
    void roundTripsState() throws IOException {
        AzofEnumeratorState state = new AzofEnumeratorState(splits(5));
        AzofEnumeratorState copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        assertThat(copy).isEqualTo(state);
        assertThat(copy.remainingSplits()).containsExactlyElementsOf(state.remainingSplits());
    }

    @Test
    void roundTripsEmptyState() throws IOException {
        AzofEnumeratorState state = new AzofEnumeratorState(List.of());
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state))).isEqualTo(state);
    }

    @Test
    void roundTripsStreamingPosition() throws IOException {
        AzofEnumeratorState state = new AzofEnumeratorState(splits(3), 42, 1_700_000_000_000L);
        AzofEnumeratorState copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        assertThat(copy).isEqualTo(state);
        assertThat(copy.position()).isEqualTo(42);
        assertThat(copy.watermarkMillis()).isEqualTo(1_700_000_000_000L);
    }

    /** State of version 1 (before streaming reads): the same bytes without the position. */
    @Test
    void readsVersion1State() throws IOException {
        AzofEnumeratorState state = new AzofEnumeratorState(List.of());
        byte[] v2 = serializer.serialize(state);
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 2 * Long.BYTES);
        // version 1 layout: split serializer version, count 0
        assertThat(v1).containsExactly(0, 0, 0, AzofSourceSplitSerializer.VERSION, 0, 0, 0, 0);
        AzofEnumeratorState copy = serializer.deserialize(1, v1);
        assertThat(copy.remainingSplits()).isEmpty();
        assertThat(copy.position()).isEqualTo(AzofEnumeratorState.NO_POSITION);
    }

    @Test
    void rejectsUnknownVersion() throws IOException {
        byte[] bytes = serializer.serialize(new AzofEnumeratorState(splits(1)));
        assertThatThrownBy(() -> serializer.deserialize(3, bytes))
                .isInstanceOf(IOException.class)
                .hasMessage("Unknown AzofEnumeratorState serializer version 3");
    }

    @Test
    void rejectsUnknownSplitVersionInsideState() throws IOException {
        byte[] bytes = serializer.serialize(new AzofEnumeratorState(splits(1)));
        bytes[3] = 9; // the split serializer version is the first int
        assertThatThrownBy(() -> serializer.deserialize(serializer.getVersion(), bytes))
                .isInstanceOf(IOException.class)
                .hasMessage("Unknown AzofSourceSplit serializer version 9");
    }
}
