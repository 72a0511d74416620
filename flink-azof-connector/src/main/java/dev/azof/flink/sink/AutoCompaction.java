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

import dev.azof.core.AzofException;
import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.core.compaction.SnapshotExpiration;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Automatic compaction by the sink (docs/compaction.md): after every {@code intervalCommits}
 * sink commits, a parallelism-1 operator after the committer compacts the table in the background
 * with the given policy and, if {@code expireRetainLast} is set, expires old snapshots afterwards.
 * Disabled by default.
 */
@PublicEvolving
public final class AutoCompaction implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_INTERVAL_COMMITS = 10;

    private final boolean enabled;
    private final int intervalCommits;
    private final LinkedHashMap<String, String> policy;
    private final Integer expireRetainLast;
    private final Duration expireMinFileAge;

    private AutoCompaction(
            boolean enabled,
            int intervalCommits,
            Map<String, String> policy,
            Integer expireRetainLast,
            Duration expireMinFileAge) {
        if (intervalCommits < 1) {
            throw new AzofException(
                    "'compaction.interval-commits' must be at least 1 commit, not " + intervalCommits);
        }
        if (expireRetainLast != null && expireRetainLast < 2) {
            // The sink's dedupe after a restore needs its own latest snapshot, and the compaction
            // that triggers the expiration publishes one after it.
            throw new AzofException(
                    "'expiration.retain-last' must keep at least 2 snapshots, not " + expireRetainLast);
        }
        if (expireMinFileAge != null && expireMinFileAge.isNegative()) {
            throw new AzofException(
                    "'expiration.min-file-age' must not be negative, not " + expireMinFileAge);
        }
        CompactionPolicy.fromOptions(policy); // validates
        this.enabled = enabled;
        this.intervalCommits = intervalCommits;
        this.policy = new LinkedHashMap<>(policy);
        this.expireRetainLast = expireRetainLast;
        this.expireMinFileAge = expireMinFileAge;
    }

    /** No automatic compaction (the default). */
    public static AutoCompaction disabled() {
        return new AutoCompaction(false, DEFAULT_INTERVAL_COMMITS, Map.of(), null, null);
    }

    /** Compaction with the default policy after every {@code intervalCommits} commits. */
    public static AutoCompaction everyCommits(int intervalCommits) {
        return new AutoCompaction(true, intervalCommits, Map.of(), null, null);
    }

    /** The same, compacting with this policy. */
    public AutoCompaction withPolicy(CompactionPolicy p) {
        return new AutoCompaction(enabled, intervalCommits, p.toOptions(), expireRetainLast, expireMinFileAge);
    }

    /**
     * The same, expiring snapshots after each compaction that published: keep the last {@code
     * retainLast} (at least 2) and never remove data files younger than {@code minFileAge} (null:
     * {@link SnapshotExpiration#DEFAULT_MIN_FILE_AGE}).
     */
    public AutoCompaction withExpiration(int retainLast, Duration minFileAge) {
        return new AutoCompaction(enabled, intervalCommits, policy, retainLast, minFileAge);
    }

    public boolean enabled() {
        return enabled;
    }

    public int intervalCommits() {
        return intervalCommits;
    }

    public CompactionPolicy policy() {
        return CompactionPolicy.fromOptions(policy);
    }

    /** Snapshots to retain after each compaction, or null for no automatic expiration. */
    public Integer expireRetainLast() {
        return expireRetainLast;
    }

    public Duration expireMinFileAge() {
        return expireMinFileAge == null ? SnapshotExpiration.DEFAULT_MIN_FILE_AGE : expireMinFileAge;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AutoCompaction)) {
            return false;
        }
        AutoCompaction other = (AutoCompaction) o;
        return enabled == other.enabled
                && intervalCommits == other.intervalCommits
                && policy.equals(other.policy)
                && Objects.equals(expireRetainLast, other.expireRetainLast)
                && Objects.equals(expireMinFileAge, other.expireMinFileAge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, intervalCommits, policy, expireRetainLast, expireMinFileAge);
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "AutoCompaction{disabled}";
        }
        return "AutoCompaction{every "
                + intervalCommits
                + " commits, "
                + policy()
                + (expireRetainLast == null
                        ? ""
                        : ", expire retaining " + expireRetainLast + ", min file age " + expireMinFileAge())
                + "}";
    }
}
