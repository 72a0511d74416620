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

import dev.azof.core.commit.TableCommitter;
import dev.azof.core.commit.WriterFencedException;
import dev.azof.core.write.TableSpec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Publishes each checkpoint's committable as one snapshot through {@link TableCommitter}, which
 * skips committables an earlier attempt already published. Only committer subtask 0 receives
 * committables (the aggregator sends them there), so the table has one committing task.
 */
@Internal
final class AzofCommitter implements Committer<AzofCommittable> {

    private static final Logger LOG = LoggerFactory.getLogger(AzofCommitter.class);

    private final TableCommitter committer;
    private final Counter commitsPublished;
    private volatile long lastCommitDurationMs = -1;

    AzofCommitter(String path, TableSpec spec, SinkCommitterMetricGroup metrics) {
        this.committer = new TableCommitter(new Path(path), spec);
        this.commitsPublished = metrics.counter("azofCommitsPublished");
        metrics.gauge("azofLastCommitDurationMs", () -> lastCommitDurationMs);
    }

    @Override
    public void commit(Collection<CommitRequest<AzofCommittable>> requests) {
        List<CommitRequest<AzofCommittable>> ordered = new ArrayList<>(requests);
        // Checkpoints must become snapshots in order, so that a later write gets a higher sequence.
        ordered.sort(Comparator.comparingLong(r -> r.getCommittable().checkpointId()));
        for (CommitRequest<AzofCommittable> request : ordered) {
            AzofCommittable c = request.getCommittable();
            long start = System.nanoTime();
            // An I/O failure or a lost race propagates and fails the job, to be retried after a
            // restart: signalling a known failure would drop the committable, losing its data.
            // A fenced writer (another job took the table over) must not come back: no restart.
            TableCommitter.Result result;
            try {
                result =
                        committer.commit(
                                c.writerId(),
                                c.writerStartedAt(),
                                c.checkpointId(),
                                c.watermark(),
                                c.files());
            } catch (WriterFencedException e) {
                LOG.error("azof writer fenced: {}", e.getMessage());
                throw new SuppressRestartsException(e);
            }
            switch (result.outcome()) {
                case ALREADY_COMMITTED:
                    LOG.info("{} was committed before; skipping it", c);
                    request.signalAlreadyCommitted();
                    break;
                case COMMITTED:
                    lastCommitDurationMs = (System.nanoTime() - start) / 1_000_000;
                    commitsPublished.inc();
                    LOG.info("committed {} as snapshot {} of {}", c, result.snapshot().id(), committer.tableDir());
                    break;
                default:
                    // Nothing to publish: counts as done.
                    break;
            }
        }
    }

    @Override
    public void close() {}
}
