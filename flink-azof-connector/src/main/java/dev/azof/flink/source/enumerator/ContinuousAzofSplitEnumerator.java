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

import dev.azof.core.AzofException;
import dev.azof.core.commit.SnapshotStore;
import dev.azof.core.incremental.CommitChanges;
import dev.azof.core.incremental.IncrementalPlanner;
import dev.azof.flink.source.split.AzofSourceSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The enumerator of a streaming read: every discovery interval it reads the snapshots committed
 * after its position, turns each commit's facts into one split per bucket, moves the position
 * past them and assigns the splits.
 *
 * <p><b>Exactly once.</b> Position and unassigned splits change together (on the coordinator
 * thread) and are checkpointed together; assigned splits are in their readers' state, and splits
 * assigned after the last checkpoint come back through {@link #addSplitsBack}. So after any
 * failover or restore, every commit after the position is still to be planned and every commit
 * before it is in exactly one split.
 *
 * <p><b>Watermarks.</b> After assigning the splits of the commits up to its position, it sends
 * every reader the table's recorded watermark after them ({@link TableWatermarkEvent}); a reader
 * emits it once the splits it had then are emitted. Each reader so emits the table's watermark
 * only behind all rows of the commits it covers, and a row emitted later is behind it exactly
 * when the table counts it late (its event time at or before the recorded watermark before its
 * commit).
 *
 * <p><b>Order.</b> A bucket's splits all go to reader {@code bucket % parallelism}, in commit
 * order, and a reader reads its splits in the order assigned: the changes of one key leave in the
 * order they were committed (unless a restore changes the parallelism).
 */
@Internal
public final class ContinuousAzofSplitEnumerator
        implements SplitEnumerator<AzofSourceSplit, AzofEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousAzofSplitEnumerator.class);

    /** How many commits one discovery plans at most: a long catch-up proceeds in steps. */
    static final int MAX_COMMITS_PER_DISCOVERY = 64;

    /** Discoveries in a row that may fail (a store's hiccup) before the job fails. */
    static final int MAX_FAILED_DISCOVERIES = 10;

    private int failedDiscoveries;

    private final SplitEnumeratorContext<AzofSourceSplit> context;
    private final Path tableDir;
    private final long discoveryIntervalMillis;
    private final Function<CommitChanges, List<AzofSourceSplit>> splitsOf;
    /** Unassigned splits, oldest first. */
    private final List<AzofSourceSplit> pending;
    /** The last snapshot whose commits are in splits; read by the discovery thread. */
    private volatile long position;
    /** The table's recorded watermark at the position, or {@link AzofEnumeratorState#NO_WATERMARK}. */
    private long watermarkMillis;

    public ContinuousAzofSplitEnumerator(
            SplitEnumeratorContext<AzofSourceSplit> context,
            Path tableDir,
            long discoveryIntervalMillis,
            Function<CommitChanges, List<AzofSourceSplit>> splitsOf,
            List<AzofSourceSplit> pending,
            long position,
            long watermarkMillis) {
        this.watermarkMillis = watermarkMillis;
        this.context = context;
        this.tableDir = tableDir;
        this.discoveryIntervalMillis = discoveryIntervalMillis;
        this.splitsOf = splitsOf;
        this.pending = new ArrayList<>(pending);
        this.position = position;
    }

    @Override
    public void start() {
        context.callAsync(this::discover, this::onDiscovered, 0, discoveryIntervalMillis);
    }

    /** Runs on a worker thread: reads the commits after the position, changes nothing. */
    private Discovery discover() {
        long from = position;
        return new Discovery(
                from,
                IncrementalPlanner.commitsAfter(new SnapshotStore(tableDir), from, MAX_COMMITS_PER_DISCOVERY));
    }

    private void onDiscovered(Discovery found, Throwable error) {
        if (error != null) {
            // Expired snapshots and a replaced table do not heal: fail at once. Anything else
            // (the store did not answer) is tried again at the next interval, a few times.
            boolean permanent =
                    error instanceof AzofException
                            && error.getMessage() != null
                            && (error.getMessage().contains("has expired")
                                    || error.getMessage().contains("is ahead of table"));
            if (permanent || ++failedDiscoveries >= MAX_FAILED_DISCOVERIES) {
                throw new FlinkRuntimeException(
                        "cannot follow the commits of Azof table "
                                + tableDir
                                + " after snapshot "
                                + position
                                + ": "
                                + error.getMessage(),
                        error);
            }
            LOG.warn(
                    "Azof table {}: looking for commits after snapshot {} failed ({} in a row), trying again",
                    tableDir,
                    position,
                    failedDiscoveries,
                    error);
            return;
        }
        failedDiscoveries = 0;
        if (found.from != position || found.commits.isEmpty()) {
            return; // an overlapping discovery already planned these commits
        }
        int splits = 0;
        for (CommitChanges c : found.commits) {
            List<AzofSourceSplit> s = splitsOf.apply(c);
            pending.addAll(s);
            splits += s.size();
            position = c.snapshotId();
            if (c.watermarkAfter() != null) {
                watermarkMillis = Math.max(watermarkMillis, millis(c.watermarkAfter()));
            }
        }
        LOG.info(
                "Azof table {}: planned snapshots {}..{} into {} splits",
                tableDir,
                found.from + 1,
                position,
                splits);
        assignPending();
        for (int reader : context.registeredReaders().keySet()) {
            sendWatermark(reader);
        }
        if (found.commits.size() >= MAX_COMMITS_PER_DISCOVERY) {
            context.callAsync(this::discover, this::onDiscovered);
        }
    }

    /** Hands every pending split whose reader is up to that reader, keeping the rest in order. */
    private void assignPending() {
        int parallelism = context.currentParallelism();
        Map<Integer, List<AzofSourceSplit>> assignment = new HashMap<>();
        Iterator<AzofSourceSplit> it = pending.iterator();
        while (it.hasNext()) {
            AzofSourceSplit split = it.next();
            int owner = Math.floorMod(split.task().bucket(), parallelism);
            if (context.registeredReaders().containsKey(owner)) {
                assignment.computeIfAbsent(owner, o -> new ArrayList<>()).add(split);
                it.remove();
            }
        }
        if (!assignment.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed by bucket; readers do not ask.
    }

    @Override
    public void addSplitsBack(List<AzofSourceSplit> splits, int subtaskId) {
        LOG.debug("Splits {} of failed subtask {} come back", splits, subtaskId);
        // They were assigned before every pending split of their buckets: they go first.
        pending.addAll(0, splits);
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending();
        sendWatermark(subtaskId);
    }

    /** Tells a reader the table's watermark at the position, after the splits it was assigned. */
    private void sendWatermark(int subtaskId) {
        if (watermarkMillis != AzofEnumeratorState.NO_WATERMARK) {
            context.sendEventToSourceReader(subtaskId, new TableWatermarkEvent(watermarkMillis));
        }
    }

    /** Epoch milliseconds of a recorded watermark . */
    public static long millis(java.time.Instant t) {
        return t.toEpochMilli();
    }

    @Override
    public AzofEnumeratorState snapshotState(long checkpointId) {
        return new AzofEnumeratorState(new ArrayList<>(pending), position, watermarkMillis);
    }

    @Override
    public void close() {}

    /** The commits found after a position. */
    private static final class Discovery {
        final long from;
        final List<CommitChanges> commits;

        Discovery(long from, List<CommitChanges> commits) {
            this.from = from;
            this.commits = commits;
        }
    }
}
