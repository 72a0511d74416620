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
package dev.azof.flink.sink;

import dev.azof.core.compaction.CompactionResult;
import dev.azof.core.compaction.Compactor;
import dev.azof.core.compaction.ExpirationResult;
import dev.azof.core.compaction.SnapshotExpiration;
import dev.azof.core.commit.ConcurrentCommitException;
import dev.azof.core.io.IoLibraries;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink's post-commit compaction (parallelism 1): receives the committables the committer
 * published, counts commits that added files, and after every {@link
 * AutoCompaction#intervalCommits()} of them compacts the table <b>in a background thread</b>, so
 * that the ingest path never waits for it. At most one compaction is in flight; commits that
 * arrive meanwhile count towards the next run.
 *
 * <p>The compaction publishes through the table's commit protocol ({@link
 * Compactor#publishReplace}): sink commits landing while it runs are kept (it rebases on them),
 * and a sink commit that loses the race for a snapshot name rebases on the compaction. A run that
 * fails (I/O, or a lost race with another compaction) is logged and counted in {@code
 * azofCompactionsFailed}; the commits stay counted, so the next commit triggers a retry. Compaction
 * never fails the ingest job.
 *
 * <p>Stateless: after a restore the count starts from zero. At end of input the operator waits
 * for the compaction in flight and, if the interval was reached since, runs one more. It has no
 * uid (see {@link AzofSink#addPostCommitTopology}), so it must stay stateless: state under a
 * generated id would not survive a change of the job graph.
 */
@Internal
final class AzofCompactionOperator extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<CommittableMessage<AzofCommittable>, Void> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(AzofCompactionOperator.class);

    private final String path;
    private final AutoCompaction settings;

    private transient ExecutorService executor;
    private transient Future<?> inFlight;
    /** Commits with files since the last successful compaction started. */
    private transient AtomicLong pendingCommits;

    private transient AtomicLong compactionsPublished;
    private transient AtomicLong compactionsFailed;
    private transient AtomicLong expirations;
    private transient volatile long lastCompactionDurationMs;

    AzofCompactionOperator(String path, AutoCompaction settings) {
        this.path = path;
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        IoLibraries.requireOnClasspath();
        pendingCommits = new AtomicLong();
        compactionsPublished = new AtomicLong();
        compactionsFailed = new AtomicLong();
        expirations = new AtomicLong();
        lastCompactionDurationMs = -1;
        getMetricGroup().gauge("azofCompactionsPublished", () -> compactionsPublished.get());
        getMetricGroup().gauge("azofCompactionsFailed", () -> compactionsFailed.get());
        getMetricGroup().gauge("azofExpirations", () -> expirations.get());
        getMetricGroup().gauge("azofLastCompactionDurationMs", () -> lastCompactionDurationMs);
        getMetricGroup().gauge("azofCommitsSinceCompaction", () -> pendingCommits.get());
        executor =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "azof-compaction " + path);
                            t.setDaemon(true);
                            return t;
                        });
    }

    @Override
    public void processElement(StreamRecord<CommittableMessage<AzofCommittable>> element) {
        CommittableMessage<AzofCommittable> message = element.getValue();
        if (!(message instanceof CommittableWithLineage)) {
            return; // summaries carry no commit
        }
        AzofCommittable c = ((CommittableWithLineage<AzofCommittable>) message).getCommittable();
        if (c.files().isEmpty()) {
            return;
        }
        pendingCommits.incrementAndGet();
        maybeStart();
    }

    private void maybeStart() {
        if (pendingCommits.get() < settings.intervalCommits()) {
            return;
        }
        if (inFlight != null && !inFlight.isDone()) {
            return; // at most one in flight; the next commit checks again
        }
        long counted = pendingCommits.get();
        inFlight = executor.submit(() -> compactOnce(counted));
    }

    private void compactOnce(long counted) {
        long start = System.nanoTime();
        Path dir = new Path(path);
        try {
            CompactionResult result = new Compactor(dir, settings.policy()).run();
            pendingCommits.addAndGet(-counted);
            lastCompactionDurationMs = (System.nanoTime() - start) / 1_000_000;
            if (result.changed()) {
                compactionsPublished.incrementAndGet();
                LOG.info("compacted {} in {} ms: {}", path, lastCompactionDurationMs, result);
                if (settings.expireRetainLast() != null) {
                    ExpirationResult expired =
                            new SnapshotExpiration(dir)
                                    .retainLast(settings.expireRetainLast())
                                    .minFileAge(settings.expireMinFileAge())
                                    .run();
                    expirations.incrementAndGet();
                    LOG.info("expired snapshots of {}: {}", path, expired);
                }
            } else {
                LOG.debug("compaction of {}: nothing to do", path);
            }
        } catch (ConcurrentCommitException e) {
            compactionsFailed.incrementAndGet();
            LOG.info("compaction of {} lost a race ({}); it runs again after the next commit", path, e.getMessage());
        } catch (Throwable e) {
            // Never fail the ingest job: the table stays correct, only reads stay more expensive.
            compactionsFailed.incrementAndGet();
            LOG.warn("compaction of {} failed; it runs again after the next commit", path, e);
        }
    }

    /** Compactions that published a snapshot (for tests). */
    long compactionsPublished() {
        return compactionsPublished.get();
    }

    /** Compactions that failed (for tests). */
    long compactionsFailed() {
        return compactionsFailed.get();
    }

    @Override
    public void finish() throws Exception {
        // End of input: let the running compaction publish, then catch up once if it is due.
        awaitInFlight();
        maybeStart();
        awaitInFlight();
        super.finish();
    }

    private void awaitInFlight() throws InterruptedException {
        Future<?> f = inFlight;
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (ExecutionException e) {
            // compactOnce catches everything; nothing to do here
            LOG.warn("compaction of {} failed", path, e.getCause());
        }
    }

    @Override
    public void close() throws Exception {
        if (executor != null) {
            // Cancellation or failover: an interrupted run publishes nothing (publishing is one
            // atomic write) and removes the files it wrote.
            executor.shutdownNow();
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("compaction of {} did not stop within 10 s", path);
            }
        }
        super.close();
    }
}
