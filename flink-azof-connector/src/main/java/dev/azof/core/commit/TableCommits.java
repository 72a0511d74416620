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
package dev.azof.core.commit;

import dev.azof.core.AzofException;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.schema.SchemaChange;
import dev.azof.core.schema.SchemaEvolution;
import dev.azof.core.write.PendingFile;
import dev.azof.core.write.SegmentGranularity;
import dev.azof.core.write.TableSpec;
import dev.azof.core.write.TableWriter;

import org.apache.flink.core.fs.Path;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one place where commits are published (docs/spec.md, section 7): table creation, the
 * streaming sink's commits ({@link TableCommitter}), compaction's replace commits, commits through
 * the core's API and expiration's pointer move all go through here.
 *
 * <p>A commit is a builder from the current snapshot to the next one. {@link Commit#publish}
 * builds it on the snapshot it was given, publishes {@code s<N+1>.json} write-once (the commit
 * point, {@link SnapshotPublisher}) and moves the version pointer. When another commit won the
 * name and the operation allows it, it resolves the winner and builds again on top of it; the
 * builder decides whether that is still right (it may also decline, or throw).
 *
 * <pre>{@code
 * Snapshot next = TableCommits.on(store)
 *         .from(current)
 *         .retryLostRaces(5, "compaction of snapshot 7")
 *         .publish(base -> base.next(base.id() + 1, now, segments, summary));
 * }</pre>
 */
public final class TableCommits {

    private TableCommits() {}

    /** Builds the next snapshot ({@code current.id() + 1}) on top of {@code current}. */
    @FunctionalInterface
    public interface NextSnapshot {
        /**
         * @return the snapshot to publish, or null to publish nothing (e.g. the commit turned out
         *     to be published already)
         */
        Snapshot build(Snapshot current);
    }

    /** A commit to the table of {@code store}. */
    public static Commit on(SnapshotStore store) {
        return new Commit(store);
    }

    /** How one commit is published; see {@link TableCommits}. */
    public static final class Commit {
        private final SnapshotStore store;
        private Snapshot current;
        private int maxAttempts = 1;
        private String committer;
        private Consumer<Snapshot> beforePointerMove;

        private Commit(SnapshotStore store) {
            this.store = Objects.requireNonNull(store);
        }

        /** Builds on this snapshot, resolved by the caller; the table's current one if unset. */
        public Commit from(Snapshot current) {
            this.current = current;
            return this;
        }

        /**
         * When another commit published the name first, build again on top of it, up to {@code
         * maxAttempts} publishes in all. Without this, a lost race fails with {@link
         * ConcurrentCommitException} at once.
         *
         * @param committer who commits, for the error when every attempt lost
         */
        public Commit retryLostRaces(int maxAttempts, String committer) {
            this.maxAttempts = maxAttempts;
            this.committer = committer;
            return this;
        }

        /**
         * Runs with the published snapshot between publishing (the commit point) and moving the
         * pointer: to remember a durable commit before anything else can fail, and for
         * failure-injection tests.
         */
        public Commit beforePointerMove(Consumer<Snapshot> hook) {
            this.beforePointerMove = hook;
            return this;
        }

        /**
         * Builds, publishes and moves the pointer.
         *
         * @return the published snapshot, or null when the builder declined
         * @throws ConcurrentCommitException when the name was lost and may not (or no longer)
         *     be retried
         */
        public Snapshot publish(NextSnapshot build) {
            Snapshot base = current != null ? current : store.current();
            Snapshot next = build.build(base);
            for (int attempt = 1; next != null; attempt++) {
                checkNext(base, next);
                try {
                    SnapshotPublisher.publishSnapshot(store, next);
                    break;
                } catch (ConcurrentCommitException lost) {
                    if (maxAttempts <= 1) {
                        throw lost;
                    }
                    Snapshot winner = store.current();
                    next = build.build(winner);
                    if (next != null && (attempt >= maxAttempts || winner.id() <= base.id())) {
                        ConcurrentCommitException e =
                                new ConcurrentCommitException(
                                        "table "
                                                + store.tableDir()
                                                + ": snapshot "
                                                + (base.id() + 1)
                                                + " could not be published by "
                                                + committer
                                                + " after "
                                                + attempt
                                                + " attempts; other commits kept taking its name");
                        e.addSuppressed(lost);
                        throw e;
                    }
                    base = winner;
                }
            }
            if (next == null) {
                return null;
            }
            if (beforePointerMove != null) {
                beforePointerMove.accept(next);
            }
            SnapshotPublisher.movePointer(store, next.id());
            return next;
        }

        private void checkNext(Snapshot base, Snapshot next) {
            if (next.id() != base.id() + 1) {
                throw new IllegalStateException(
                        "a commit on snapshot " + base.id() + " built snapshot " + next.id());
            }
        }
    }

    // ------------------------------------------------------------------ table creation

    /** Creates an empty table: snapshot 1 with the schema and no files. */
    public static Snapshot createTable(
            Path dir, TableSchema schema, int buckets, Map<String, String> properties) {
        return createTable(dir, schema, buckets, properties, System.currentTimeMillis());
    }

    /** Like {@link #createTable(Path, TableSchema, int, Map)} with a given creation time. */
    public static Snapshot createTable(
            Path dir,
            TableSchema schema,
            int buckets,
            Map<String, String> properties,
            long timestampMillis) {
        SnapshotStore store = new SnapshotStore(dir);
        if (store.exists()) {
            throw new AzofException("table " + dir + " exists already");
        }
        if (Snapshot.bucketCountProblem(buckets) != null) {
            throw new AzofException(Snapshot.bucketCountProblem(buckets));
        }
        Map<String, String> props = new LinkedHashMap<>(properties);
        SegmentGranularity.parseLayout(
                props.computeIfAbsent(
                        TableWriter.SEGMENT_GRANULARITY, k -> TableWriter.DEFAULT_GRANULARITY));
        Snapshot first =
                new Snapshot(
                        Snapshot.CURRENT_FORMAT,
                        1,
                        null,
                        timestampMillis,
                        schema,
                        buckets,
                        List.of(),
                        props,
                        new SnapshotSummary().operation(SnapshotSummary.CREATE).toMap());
        SnapshotPublisher.publish(store, first);
        return first;
    }

    /**
     * The snapshot a writer of {@code spec} writes against: the table's current snapshot when it
     * exists (checking that its schema matches), else an in-memory snapshot 0 of the table the
     * spec would create.
     */
    public static Snapshot resolve(TableSpec spec, Path dir) {
        Snapshot current = new SnapshotStore(dir).currentIfAny();
        if (current == null) {
            return spec.emptySnapshot();
        }
        spec.checkCompatible(dir, current);
        return current;
    }

    /** Creates the table of {@code spec} unless it exists; returns its current snapshot. */
    public static Snapshot createIfMissing(TableSpec spec, Path dir) {
        SnapshotStore store = new SnapshotStore(dir);
        Snapshot current = store.currentIfAny();
        if (current == null) {
            try {
                return createTable(dir, spec.schema(), spec.buckets(), spec.properties());
            } catch (AzofException e) {
                // Another writer may have created it between the check and the create: use
                // theirs if it is compatible. A creation that published s1.json but could not
                // write the pointer (a crash, a store failure) is finished here: s1.json is whole.
                current = store.currentIfAny();
                if (current == null && store.readIfExists(1) != null) {
                    SnapshotPublisher.movePointer(store, 1);
                    current = store.currentIfAny();
                }
                if (current == null) {
                    throw e;
                }
            }
        }
        spec.checkCompatible(dir, current);
        return current;
    }

    // ------------------------------------------------------------------ commits of files

    /**
     * Commits pending files as snapshot {@code current.id() + 1} (a write without a writer id,
     * e.g. a batch load or a generator): bases and deltas go to the leaf segment of their anchor,
     * created when missing, and the recorded watermark and the writer lineage are carried
     * forward. Fails if another commit took the name.
     */
    public static Snapshot commitFiles(
            SnapshotStore store,
            Snapshot current,
            List<PendingFile> files,
            Map<String, String> summary) {
        return commitFiles(store, current, files, summary, System.currentTimeMillis());
    }

    /** Like {@link #commitFiles(SnapshotStore, Snapshot, List, Map)} with a given commit time. */
    public static Snapshot commitFiles(
            SnapshotStore store,
            Snapshot current,
            List<PendingFile> files,
            Map<String, String> summary,
            long timestampMillis) {
        return on(store)
                .from(current)
                .publish(
                        base -> {
                            SnapshotSummary carried = SnapshotSummary.of(summary);
                            carryForward(store, base, carried);
                            return TableWriter.nextSnapshot(
                                    base, files, carried.toMap(), timestampMillis);
                        });
    }

    /**
     * Adds what a commit that is not a streaming writer's own must carry forward from the
     * snapshot it builds on (docs/spec.md, section 7.1): the table's recorded watermark (unless
     * the summary has one) and the writer lineage. Both then survive the expiration of the
     * writer's snapshots, and the current snapshot alone answers them.
     */
    public static void carryForward(SnapshotStore store, Snapshot base, SnapshotSummary summary) {
        Instant watermark = TableCommitter.recordedWatermark(store, base);
        if (watermark != null) {
            summary.watermarkIfAbsent(watermark);
        }
        WriterLineage.carryForward(store, base, summary);
    }

    // ------------------------------------------------------------------ table changes

    /** How many times a table change builds again on a commit that took its name first. */
    private static final int ALTER_ATTEMPTS = 20;

    /**
     * Commits a table change (ALTER TABLE): the schema changes make the next schema version (none:
     * the schema stays), and the table properties are set and removed as given. No file changes;
     * the recorded watermark and the writer lineage are carried forward, so a streaming writer
     * racing it rebases on it as on any maintenance commit. Applied again on top of a commit that
     * wins the race for the name.
     *
     * @throws dev.azof.core.AzofException naming a change that cannot be made
     */
    public static Snapshot alterTable(
            SnapshotStore store,
            List<SchemaChange> changes,
            Map<String, String> setProperties,
            Set<String> resetProperties) {
        return on(store)
                .retryLostRaces(ALTER_ATTEMPTS, "ALTER TABLE")
                .publish(
                        base -> {
                            SnapshotSummary summary = new SnapshotSummary().operation(SnapshotSummary.ALTER);
                            List<String> described = new ArrayList<>();
                            changes.forEach(c -> described.add(c.toString()));
                            setProperties.forEach((k, v) -> described.add("SET '" + k + "' = '" + v + "'"));
                            resetProperties.forEach(k -> described.add("RESET '" + k + "'"));
                            summary.put(SnapshotSummary.Key.CHANGES, String.join("; ", described));
                            carryForward(store, base, summary);
                            Snapshot next =
                                    base.next(base.id() + 1, System.currentTimeMillis(), base.segments(), summary.toMap());
                            if (!changes.isEmpty()) {
                                next = next.withSchema(SchemaEvolution.apply(base, changes));
                            }
                            Map<String, String> properties = new LinkedHashMap<>(base.properties());
                            properties.putAll(setProperties);
                            resetProperties.forEach(properties::remove);
                            return next.withProperties(properties);
                        });
    }

    // ------------------------------------------------------------------ maintenance

    /**
     * Moves the version pointer to {@code id} (expiration moves it off snapshots it removes).
     * A failure loses nothing: readers look past a lagging pointer.
     */
    public static void movePointer(SnapshotStore store, long id) {
        SnapshotPublisher.movePointer(store, id);
    }
}
