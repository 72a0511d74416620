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
package dev.azof.flink.source.reader;

import dev.azof.flink.source.split.AzofSourceSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A split reader that reads its assigned splits one after the other: the queue of splits not yet
 * opened, the split being read, and their life cycle. Subclasses page through the current split's
 * rows in {@code fetch()}.
 */
@Internal
abstract class SequentialSplitReader<E> implements SplitReader<E, AzofSourceSplit> {

    /** Assigned splits not yet opened, in assignment order. */
    protected final Deque<AzofSourceSplit> pending = new ArrayDeque<>();

    /** The split being read, or null between splits. */
    protected AzofSourceSplit current;

    /** Closes the rows of the current split, if any are open. */
    protected abstract void closeRows() throws IOException;

    @Override
    public final void handleSplitsChanges(SplitsChange<AzofSourceSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException(
                    "The Azof source only supports adding splits, not " + change.getClass());
        }
        pending.addAll(change.splits());
    }

    @Override
    public final void wakeUp() {
        // fetch() returns after at most one batch, so there is nothing to interrupt.
    }

    @Override
    public final void close() throws Exception {
        current = null;
        pending.clear();
        closeRows();
    }
}
