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
package dev.azof.flink.table;

import dev.azof.core.compaction.CompactionPolicy;
import dev.azof.flink.sink.AutoCompaction;
import dev.azof.flink.sink.DistributionMode;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Options of the Azof SQL connector ({@code 'connector' = 'azof'}) and of the Azof catalog
 * ({@code 'type' = 'azof'}).
 *
 * <p>To add an option: declare it here with a description, add it to {@link #all()} and to the
 * group it belongs to ({@link #tableOptions()}, {@link #scanOptions()}, {@link #sinkOptions()}, {@link
 * #compactionOptions()}, {@link #tableCreationOptions()} or {@link #catalogOptions()}); factories take their option sets from
 * these groups.
 */
@PublicEvolving
public final class AzofOptions {

    private AzofOptions() {}

    // ------------------------------------------------------------------------------------------
    // Table
    // ------------------------------------------------------------------------------------------

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The directory of the Azof table: a local path or any Flink file"
                                    + " system URI (e.g. s3://bucket/warehouse/orders). The"
                                    + " directory holds version.txt and the snapshot files.");

    // ------------------------------------------------------------------------------------------
    // Scan
    // ------------------------------------------------------------------------------------------

    public static final ConfigOption<String> SCAN_AS_OF =
            ConfigOptions.key("scan.as-of")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The event time to read the table as of, as an ISO-8601 instant"
                                    + " (2024-02-17T00:00:00Z, or 2024-02-17T00:00:00 /"
                                    + " 2024-02-17 00:00:00 read as UTC). Per key, the row with"
                                    + " the greatest event time at or before that instant is"
                                    + " returned. When unset the current state is read (the"
                                    + " latest row of every key).");

    public static final ConfigOption<Long> SCAN_SNAPSHOT_ID =
            ConfigOptions.key("scan.snapshot-id")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Reads the table as it was after the commit that created this"
                                    + " snapshot (ids start at 1) instead of the current snapshot."
                                    + " Combine with 'scan.as-of' for a bitemporal read: the"
                                    + " table as known at that commit, as of that event time. On a"
                                    + " metadata table (t$files, ...): its rows as of that snapshot.");

    public static final ConfigOption<Boolean> SCAN_REQUIRE_COMPLETE =
            ConfigOptions.key("scan.require-complete")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether a read as of a time after the table's recorded watermark fails."
                                    + " Each sink commit records its watermark: the event time up"
                                    + " to which the table is complete (at the end of a bounded"
                                    + " job, the greatest event time it wrote; it never moves"
                                    + " back). A read as of a later time"
                                    + " may change when more on-time data arrives; it logs a"
                                    + " warning, or fails with an error when this option is true.");

    public static final ConfigOption<String> SCAN_MODE =
            ConfigOptions.key("scan.mode")
                    .stringType()
                    .defaultValue("snapshot")
                    .withDescription(
                            "'snapshot' reads one snapshot as of an event time (bounded);"
                                    + " 'continuous' follows the table's commits (unbounded): it"
                                    + " emits the facts the table holds (see"
                                    + " 'scan.startup.mode'), then every new commit's, as an"
                                    + " upsert changelog keyed by the primary key (upserts as +I,"
                                    + " tombstones as -D), exactly once. Maintenance commits"
                                    + " (compaction) emit nothing. Needs the table's PRIMARY KEY"
                                    + " declared in its DDL.");

    public static final ConfigOption<String> SCAN_STARTUP_MODE =
            ConfigOptions.key("scan.startup.mode")
                    .stringType()
                    .defaultValue("full")
                    .withDescription(
                            "Where a continuous read starts. 'full': every fact the current"
                                    + " snapshot holds, commit by commit in commit order, then"
                                    + " new commits. 'latest': only commits after the snapshot"
                                    + " current when the job starts. 'from-snapshot': the commits"
                                    + " from 'scan.startup.snapshot-id' on (included)."
                                    + " 'from-event-time': the state as of"
                                    + " 'scan.startup.event-time' (one row per key), then the"
                                    + " facts after that time in commit order, then new commits.");

    public static final ConfigOption<Long> SCAN_STARTUP_SNAPSHOT_ID =
            ConfigOptions.key("scan.startup.snapshot-id")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "The first snapshot (commit) a continuous read emits, with"
                                    + " 'scan.startup.mode' = 'from-snapshot'. It must not have"
                                    + " expired.");

    public static final ConfigOption<String> SCAN_STARTUP_EVENT_TIME =
            ConfigOptions.key("scan.startup.event-time")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The event time (ISO-8601 instant, as 'scan.as-of') whose state a"
                                    + " continuous read starts from, with 'scan.startup.mode' ="
                                    + " 'from-event-time'.");

    public static final ConfigOption<Duration> SCAN_DISCOVERY_INTERVAL =
            ConfigOptions.key("scan.discovery-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How often a continuous read looks for new snapshots. Each look costs"
                                    + " about three metadata reads (the version pointer, the"
                                    + " current snapshot, the absent next one) plus one per new"
                                    + " snapshot.");

    public static final ConfigOption<Integer> SCAN_PARALLELISM =
            ConfigOptions.key("scan.parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Parallelism of the source's readers; by default the job's default"
                                    + " parallelism. A read is split by bucket (an as-of read has"
                                    + " one split per bucket; a continuous read sends each bucket's"
                                    + " splits to one reader), so readers beyond the table's bucket"
                                    + " count stay idle.");

    // ------------------------------------------------------------------------------------------
    // Lookup (point-in-time joins)
    // ------------------------------------------------------------------------------------------

    public static final ConfigOption<Long> LOOKUP_MAX_VERSIONS =
            ConfigOptions.key("lookup.max-versions")
                    .longType()
                    .defaultValue(5_000_000L)
                    .withDescription(
                            "Point-in-time joins (lookup joins on the key and the event-time"
                                    + " column): how many row versions each join task keeps in"
                                    + " memory. A task reads the versions of a bucket and event-time"
                                    + " window once, when a fact first needs them; past this many,"
                                    + " the least recently used windows are dropped and read again"
                                    + " when needed.");

    public static final ConfigOption<Boolean> LOOKUP_WAIT_FOR_WATERMARK =
            ConfigOptions.key("lookup.wait-for-watermark")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Point-in-time joins: whether a fact whose time is after the table's"
                                    + " recorded watermark waits (polling the table every second)"
                                    + " until a commit records a watermark at or after it, and is"
                                    + " then answered from that commit. When false, every fact is"
                                    + " answered from the snapshot the job started with.");

    // ------------------------------------------------------------------------------------------
    // Sink
    // ------------------------------------------------------------------------------------------

    public static final ConfigOption<String> SINK_LATE_RECORDS =
            ConfigOptions.key("sink.late-records")
                    .stringType()
                    .defaultValue("keep")
                    .withDescription(
                            "What the sink does with a late record, one whose event time is at or"
                                    + " behind the larger of the sink's watermark and the table's"
                                    + " recorded watermark (the table claims to be complete up to"
                                    + " it): 'keep' writes it like any row, and every as-of read at"
                                    + " or after its event time sees it; 'drop' discards it; 'fail'"
                                    + " fails the job with an error naming the key and event time."
                                    + " Late records are counted in the sink's metrics either way."
                                    + " A backfill of old history is late by this rule: write it"
                                    + " with 'keep'.");

    public static final ConfigOption<String> SINK_DELETE_TIME =
            ConfigOptions.key("sink.delete-time")
                    .stringType()
                    .defaultValue("watermark")
                    .withDescription(
                            "Where a deletion's event time comes from. A retraction is a DELETE, or"
                                    + " an UPDATE_BEFORE that no INSERT or UPDATE_AFTER of the same"
                                    + " key follows in the same checkpoint (an UPDATE_BEFORE that"
                                    + " one follows is half of an update and writes nothing)."
                                    + " 'watermark' (for retractions that Flink's operators and CDC"
                                    + " before-images produce: they carry the old row's event"
                                    + " time) writes the tombstone just after the larger of the"
                                    + " sink's watermark and the table's recorded watermark when"
                                    + " the retraction arrives, and at least just after the"
                                    + " retracted row's own event time, so that the old row stays"
                                    + " in history until its deletion; a DELETE followed by an"
                                    + " INSERT of its key in the same checkpoint is an update."
                                    + " 'row' writes the tombstone at the row's own event time, for"
                                    + " delete events that carry the time of the deletion (a line"
                                    + " with op = D and its timestamp); every DELETE is then a"
                                    + " tombstone.");

    public static final ConfigOption<String> SINK_DISTRIBUTION_MODE =
            ConfigOptions.key("sink.distribution-mode")
                    .stringType()
                    .defaultValue(DistributionMode.DEFAULT.name().toLowerCase(Locale.ROOT))
                    .withDescription(
                            "How rows reach the sink's writers. 'none' keeps rows on the writer of"
                                    + " their upstream subtask: no shuffle, every writer busy, but"
                                    + " each writer writes every bucket, so checkpoints write up to"
                                    + " parallelism times more files until compaction folds them."
                                    + " 'bucket' shuffles rows by key bucket: one writer per bucket,"
                                    + " at most one file per (segment, bucket) per checkpoint and"
                                    + " spill, at the cost of hashing and serializing every row;"
                                    + " writers beyond the bucket count stay idle. Reads see the same"
                                    + " history either way; only ties (rows of one key with equal"
                                    + " event times) may resolve differently.");

    public static final ConfigOption<Integer> SINK_BUFFER_ROWS =
            ConfigOptions.key("sink.buffer-rows")
                    .intType()
                    .defaultValue(100_000)
                    .withDescription(
                            "Rows a sink writer buffers before it writes them to files. Files are"
                                    + " written at every checkpoint anyway; a full buffer is written"
                                    + " early (as more files of the same checkpoint) to bound memory.");

    public static final ConfigOption<Integer> SINK_PARALLELISM =
            ConfigOptions.key("sink.parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Parallelism of the sink's writers (and its committer); by default the"
                                    + " upstream operator's. At another parallelism than its input,"
                                    + " Flink redistributes the rows: an updating input by primary"
                                    + " key ('table.exec.sink.keyed-shuffle'), an insert-only one"
                                    + " round robin (rows of one key with equal event times may then"
                                    + " reach different writers: see 'sink.distribution-mode'). The"
                                    + " commit aggregator and compaction always run at parallelism 1.");

    // ------------------------------------------------------------------------------------------
    // Compaction by the sink (docs/compaction.md)
    // ------------------------------------------------------------------------------------------

    public static final ConfigOption<Boolean> COMPACTION_ENABLED =
            ConfigOptions.key("compaction.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether the sink compacts the table itself: after every"
                                    + " 'compaction.interval-commits' commits, an operator after"
                                    + " the committer (parallelism 1) compacts the table in a"
                                    + " background thread, off the ingest path, and publishes the"
                                    + " result as an operation=compact snapshot. A failed"
                                    + " compaction is logged and retried after the next commit; it"
                                    + " never fails the job. Off by default: enable it on the one"
                                    + " job that writes the table, or compact with 'azof compact' or"
                                    + " CALL azof.sys.compact('t').");

    public static final ConfigOption<Integer> COMPACTION_INTERVAL_COMMITS =
            ConfigOptions.key("compaction.interval-commits")
                    .intType()
                    .defaultValue(AutoCompaction.DEFAULT_INTERVAL_COMMITS)
                    .withDescription(
                            "With 'compaction.enabled': compact after every this many sink commits"
                                    + " that added files (one commit per checkpoint). Lower: fewer"
                                    + " files per read between compactions, more rewriting.");

    public static final ConfigOption<Integer> COMPACTION_MAX_DELTAS_PER_SEGMENT =
            ConfigOptions.key(CompactionPolicy.MAX_DELTAS_PER_SEGMENT)
                    .intType()
                    .defaultValue(CompactionPolicy.DEFAULT_MAX_DELTAS)
                    .withDescription(
                            "Compaction policy: a leaf segment and bucket with more deltas gets all"
                                    + " of them merged into one. Lower: fewer files per read, more"
                                    + " rewriting; higher: the opposite.");

    public static final ConfigOption<String> COMPACTION_BUILD_BASES =
            ConfigOptions.key(CompactionPolicy.BUILD_BASES)
                    .stringType()
                    .defaultValue("closed-segments")
                    .withDescription(
                            "Compaction policy: 'closed-segments' builds a base at the start of each"
                                    + " leaf segment after the first, so a read opens one base plus"
                                    + " the deltas of one leaf; 'none' builds no new bases. Each"
                                    + " base holds every key of its bucket: storage grows with keys"
                                    + " x segments.");

    public static final ConfigOption<Boolean> COMPACTION_FOLD_LATE_FILES =
            ConfigOptions.key(CompactionPolicy.FOLD_LATE_FILES)
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Compaction policy: rebuild a base when a delta committed after it holds"
                                    + " rows before its start (late data), so late files leave the"
                                    + " read path. 'false' writes less, but every late file stays"
                                    + " in every read after its event time.");

    public static final ConfigOption<String> COMPACTION_TOMBSTONE_RETENTION =
            ConfigOptions.key(CompactionPolicy.TOMBSTONE_RETENTION)
                    .stringType()
                    .defaultValue("30d")
                    .withDescription(
                            "Compaction policy: bases built by compaction keep tombstones younger"
                                    + " than this (in event time, e.g. '30d', '12h'; 'forever' keeps"
                                    + " all) and drop older ones. Shorter: smaller bases; late data"
                                    + " older than this makes reads fall back to an older base until"
                                    + " the next compaction.");

    public static final ConfigOption<Integer> EXPIRATION_RETAIN_LAST =
            ConfigOptions.key("expiration.retain-last")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "With 'compaction.enabled': after each compaction that published,"
                                    + " expire snapshots but the last this many (at least 2) and"
                                    + " delete data files no retained snapshot references. Unset:"
                                    + " no automatic expiration. Retain snapshots longer than the"
                                    + " longest read of an old snapshot.");

    public static final ConfigOption<String> EXPIRATION_MIN_FILE_AGE =
            ConfigOptions.key("expiration.min-file-age")
                    .stringType()
                    .defaultValue("1h")
                    .withDescription(
                            "Automatic expiration never deletes data files younger than this (e.g."
                                    + " '1h', '30min' as 'PT30M'): they may belong to a commit in"
                                    + " flight.");

    // ------------------------------------------------------------------------------------------
    // Table creation (used when the catalog creates a table or the sink writes a new one)
    // ------------------------------------------------------------------------------------------

    public static final ConfigOption<Integer> BUCKET =
            ConfigOptions.key("bucket")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "Number of key-hash buckets of a table the catalog creates or the sink"
                                    + " creates on its first write; fixed for the life of the table, 1 to 65536."
                                    + " Buckets are read in parallel.");

    public static final ConfigOption<String> SEGMENT_GRANULARITY =
            ConfigOptions.key("segment.granularity")
                    .stringType()
                    .defaultValue("month")
                    .withDescription(
                            "Segment layout of a table the catalog or the sink creates, coarse to"
                                    + " fine, e.g."
                                    + " 'month' or 'year,quarter'. Rows are grouped into segments"
                                    + " by event time.");

    public static final ConfigOption<String> EVENT_TIME_COLUMN =
            ConfigOptions.key("event-time.column")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The event-time column of a table the catalog or the sink creates (a"
                                    + " TIMESTAMP or"
                                    + " TIMESTAMP_LTZ column, not part of the primary key). When"
                                    + " unset: the column of the WATERMARK declaration, else the"
                                    + " column named 'event_time'.");

    // ------------------------------------------------------------------------------------------
    // Catalog
    // ------------------------------------------------------------------------------------------

    public static final ConfigOption<String> WAREHOUSE =
            ConfigOptions.key("warehouse")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The warehouse directory of the Azof catalog: a local path or any"
                                    + " Flink file system URI. Every sub-directory holding an Azof"
                                    + " table (a version.txt) is a table of the catalog.");

    public static final ConfigOption<String> DEFAULT_DATABASE =
            ConfigOptions.key("default-database")
                    .stringType()
                    .defaultValue("default")
                    .withDescription(
                            "The name of the only database of the Azof catalog; its tables are"
                                    + " the tables of the warehouse directory.");

    // ------------------------------------------------------------------------------------------
    // Groups
    // ------------------------------------------------------------------------------------------

    /** Every option, for documentation. */
    public static List<ConfigOption<?>> all() {
        return List.of(
                PATH,
                SCAN_AS_OF,
                SCAN_SNAPSHOT_ID,
                SCAN_REQUIRE_COMPLETE,
                SCAN_MODE,
                SCAN_STARTUP_MODE,
                SCAN_STARTUP_SNAPSHOT_ID,
                SCAN_STARTUP_EVENT_TIME,
                SCAN_DISCOVERY_INTERVAL,
                SCAN_PARALLELISM,
                LOOKUP_MAX_VERSIONS,
                LOOKUP_WAIT_FOR_WATERMARK,
                SINK_LATE_RECORDS,
                SINK_DELETE_TIME,
                SINK_DISTRIBUTION_MODE,
                SINK_BUFFER_ROWS,
                SINK_PARALLELISM,
                COMPACTION_ENABLED,
                COMPACTION_INTERVAL_COMMITS,
                COMPACTION_MAX_DELTAS_PER_SEGMENT,
                COMPACTION_BUILD_BASES,
                COMPACTION_FOLD_LATE_FILES,
                COMPACTION_TOMBSTONE_RETENTION,
                EXPIRATION_RETAIN_LAST,
                EXPIRATION_MIN_FILE_AGE,
                BUCKET,
                SEGMENT_GRANULARITY,
                EVENT_TIME_COLUMN,
                WAREHOUSE,
                DEFAULT_DATABASE);
    }

    /** Options that locate the table, for every table factory. */
    public static Set<ConfigOption<?>> tableOptions() {
        return unmodifiable(PATH);
    }

    /** Options of reads. */
    public static Set<ConfigOption<?>> scanOptions() {
        return unmodifiable(
                SCAN_AS_OF,
                SCAN_SNAPSHOT_ID,
                SCAN_REQUIRE_COMPLETE,
                SCAN_MODE,
                SCAN_STARTUP_MODE,
                SCAN_STARTUP_SNAPSHOT_ID,
                SCAN_STARTUP_EVENT_TIME,
                SCAN_DISCOVERY_INTERVAL,
                SCAN_PARALLELISM);
    }

    /** Options of point-in-time (lookup) joins. */
    public static Set<ConfigOption<?>> lookupOptions() {
        return unmodifiable(LOOKUP_MAX_VERSIONS, LOOKUP_WAIT_FOR_WATERMARK);
    }

    /** Options of writes. */
    public static Set<ConfigOption<?>> sinkOptions() {
        return unmodifiable(
                SINK_LATE_RECORDS,
                SINK_DELETE_TIME,
                SINK_DISTRIBUTION_MODE,
                SINK_BUFFER_ROWS,
                SINK_PARALLELISM);
    }

    /** Options of the sink's automatic compaction and expiration. */
    public static Set<ConfigOption<?>> compactionOptions() {
        return unmodifiable(
                COMPACTION_ENABLED,
                COMPACTION_INTERVAL_COMMITS,
                COMPACTION_MAX_DELTAS_PER_SEGMENT,
                COMPACTION_BUILD_BASES,
                COMPACTION_FOLD_LATE_FILES,
                COMPACTION_TOMBSTONE_RETENTION,
                EXPIRATION_RETAIN_LAST,
                EXPIRATION_MIN_FILE_AGE);
    }

    /** Options that shape a new table; accepted (and ignored by reads) in a table's WITH. */
    public static Set<ConfigOption<?>> tableCreationOptions() {
        return unmodifiable(BUCKET, SEGMENT_GRANULARITY, EVENT_TIME_COLUMN);
    }

    /** Options of the catalog. */
    public static Set<ConfigOption<?>> catalogOptions() {
        return unmodifiable(WAREHOUSE, DEFAULT_DATABASE);
    }

    private static Set<ConfigOption<?>> unmodifiable(ConfigOption<?>... options) {
        Set<ConfigOption<?>> set = new LinkedHashSet<>(List.of(options));
        return Collections.unmodifiableSet(set);
    }
}
