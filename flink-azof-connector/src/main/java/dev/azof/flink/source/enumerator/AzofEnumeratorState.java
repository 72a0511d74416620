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
package dev.azof.flink.source.enumerator;

import dev.azof.flink.source.split.AzofSourceSplit;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Checkpointed state of the enumerator: the splits not yet assigned. Assigned splits are
 * checkpointed by the readers that own them.
 */
@Internal
public final class AzofEnumeratorState {

    private final List<AzofSourceSplit> remainingSplits;

    public AzofEnumeratorState(List<AzofSourceSplit> remainingSplits) {
        this.remainingSplits = Collections.unmodifiableList(new ArrayList<>(remainingSplits));
    }

    public List<AzofSourceSplit> remainingSplits() {
        return remainingSplits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AzofEnumeratorState
                && remainingSplits.equals(((AzofEnumeratorState) o).remainingSplits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(remainingSplits);
    }

    @Override
    public String toString() {
        return "AzofEnumeratorState{remaining=" + remainingSplits + "}";
    }
}
