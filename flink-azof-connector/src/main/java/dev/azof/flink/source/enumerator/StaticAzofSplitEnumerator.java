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
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * Hands out the splits of a bounded plan, one per request, so that faster readers take more
 * splits. A reader that asks when none remain is told that no more splits will come.
 */
@Internal
public final class StaticAzofSplitEnumerator
        implements SplitEnumerator<AzofSourceSplit, AzofEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(StaticAzofSplitEnumerator.class);

    private final SplitEnumeratorContext<AzofSourceSplit> context;
    private final Deque<AzofSourceSplit> remaining;

    public StaticAzofSplitEnumerator(
            SplitEnumeratorContext<AzofSourceSplit> context, Collection<AzofSourceSplit> splits) {
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {
        // Nothing to discover: the plan is static. Readers pull splits with split requests.
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        if (!context.registeredReaders().containsKey(subtaskId)) {
            // The reader failed after asking; it will ask again once it is back.
            return;
        }
        AzofSourceSplit split = remaining.poll();
        if (split != null) {
            LOG.debug("Assigning {} to subtask {}", split, subtaskId);
            context.assignSplit(split, subtaskId);
        } else {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<AzofSourceSplit> splits, int subtaskId) {
        LOG.debug("Splits {} of failed subtask {} come back", splits, subtaskId);
        // Returned splits go first: they were handed out earliest.
        List<AzofSourceSplit> back = new ArrayList<>(splits);
        for (int i = back.size() - 1; i >= 0; i--) {
            remaining.addFirst(back.get(i));
        }
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers request splits themselves when they start.
    }

    @Override
    public AzofEnumeratorState snapshotState(long checkpointId) {
        return new AzofEnumeratorState(new ArrayList<>(remaining));
    }

    @Override
    public void close() {}

    /** Splits not assigned yet, in the order they will be handed out. */
    public List<AzofSourceSplit> remainingSplits() {
        return new ArrayList<>(remaining);
    }
}
