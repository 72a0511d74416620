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
package dev.azof.core.compaction;

import dev.azof.core.AzofException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a compaction run does (docs/compaction.md lists the options with their trade-offs).
 *
 * <ul>
 *   <li>{@value #MAX_DELTAS_PER_SEGMENT} (default {@value #DEFAULT_MAX_DELTAS}): a leaf segment
 *       and bucket with more deltas gets them merged into one. Lower: fewer files per read, more
 *       rewriting; higher: the opposite.
 *   <li>{@value #BUILD_BASES} ({@code closed-segments} default, or {@code none}): with {@code
 *       closed-segments} a base is built at the start of each leaf segment after the first, so a
 *       read as of t opens one base and the deltas of t's leaf only. Each base holds every key of
 *       its bucket: storage grows with keys x segments.
 *   <li>{@value #FOLD_LATE_FILES} (default true): a base is rebuilt when a delta committed after
 *       it holds rows before its start (late data), so late files leave the read path. False
 *       writes less, but every late file stays in reads after its event time.
 *   <li>{@value #TOMBSTONE_RETENTION} (default {@code 30d}, or {@code forever}): bases built by
 *       compaction keep tombstones younger than this (in event time, before the base's start) and
 *       drop older ones, so deleted keys do not accumulate. Late data older than that makes reads
 *       fall back to an older base (more files) until the next compaction folds it.
 * </ul>
 */
public final class CompactionPolicy {

    public static final String MAX_DELTAS_PER_SEGMENT = "compaction.max-deltas-per-segment";
    public static final String BUILD_BASES = "compaction.build-bases";
    public static final String FOLD_LATE_FILES = "compaction.fold-late-files";
    public static final String TOMBSTONE_RETENTION = "compaction.tombstone-retention";

    public static final int DEFAULT_MAX_DELTAS = 4;
    public static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofDays(30);

    /** Which bases a run builds. */
    public enum BaseMode {
        /** A base at the start of every leaf segment after the first. */
        CLOSED_SEGMENTS,
        /** No new bases; existing ones are still rebuilt when late files are folded. */
        NONE;

        static BaseMode parse(String text) {
            String s = text.trim().toLowerCase(Locale.ROOT);
            if (s.equals("closed-segments")) {
                return CLOSED_SEGMENTS;
            }
            if (s.equals("none")) {
                return NONE;
            }
            throw new AzofException(
                    "'" + text + "' is not a value of " + BUILD_BASES + " (expected closed-segments or none)");
        }

        String optionValue() {
            return this == CLOSED_SEGMENTS ? "closed-segments" : "none";
        }
    }

    private final int maxDeltasPerSegment;
    private final BaseMode buildBases;
    private final boolean foldLateFiles;
    private final Duration tombstoneRetention;

    private CompactionPolicy(
            int maxDeltasPerSegment, BaseMode buildBases, boolean foldLateFiles, Duration tombstoneRetention) {
        if (maxDeltasPerSegment < 1) {
            throw new AzofException(
                    MAX_DELTAS_PER_SEGMENT + " must be at least 1, not " + maxDeltasPerSegment);
        }
        this.maxDeltasPerSegment = maxDeltasPerSegment;
        this.buildBases = Objects.requireNonNull(buildBases);
        this.foldLateFiles = foldLateFiles;
        this.tombstoneRetention = tombstoneRetention;
    }

    public static CompactionPolicy defaults() {
        return new CompactionPolicy(DEFAULT_MAX_DELTAS, BaseMode.CLOSED_SEGMENTS, true, DEFAULT_TOMBSTONE_RETENTION);
    }

    /** The defaults overridden by the {@code compaction.*} entries of {@code options}. */
    public static CompactionPolicy fromOptions(Map<String, String> options) {
        CompactionPolicy p = defaults();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case MAX_DELTAS_PER_SEGMENT:
                    try {
                        p = p.withMaxDeltasPerSegment(Integer.parseInt(v.trim()));
                    } catch (NumberFormatException ex) {
                        throw new AzofException(MAX_DELTAS_PER_SEGMENT + " must be a number, not '" + v + "'");
                    }
                    break;
                case BUILD_BASES:
                    p = p.withBuildBases(BaseMode.parse(v));
                    break;
                case FOLD_LATE_FILES:
                    if (!v.trim().equalsIgnoreCase("true") && !v.trim().equalsIgnoreCase("false")) {
                        throw new AzofException(FOLD_LATE_FILES + " must be true or false, not '" + v + "'");
                    }
                    p = p.withFoldLateFiles(Boolean.parseBoolean(v.trim()));
                    break;
                case TOMBSTONE_RETENTION:
                    p = p.withTombstoneRetention(
                            v.trim().equalsIgnoreCase("forever") ? null : Durations.parse(v));
                    break;
                default:
                    if (e.getKey().startsWith("compaction.")) {
                        throw new AzofException("unknown compaction option '" + e.getKey() + "'");
                    }
            }
        }
        return p;
    }

    public CompactionPolicy withMaxDeltasPerSegment(int n) {
        return new CompactionPolicy(n, buildBases, foldLateFiles, tombstoneRetention);
    }

    public CompactionPolicy withBuildBases(BaseMode mode) {
        return new CompactionPolicy(maxDeltasPerSegment, mode, foldLateFiles, tombstoneRetention);
    }

    public CompactionPolicy withFoldLateFiles(boolean fold) {
        return new CompactionPolicy(maxDeltasPerSegment, buildBases, fold, tombstoneRetention);
    }

    /** Null keeps every tombstone in bases forever. */
    public CompactionPolicy withTombstoneRetention(Duration retention) {
        if (retention != null && retention.isNegative()) {
            throw new AzofException(TOMBSTONE_RETENTION + " must not be negative");
        }
        return new CompactionPolicy(maxDeltasPerSegment, buildBases, foldLateFiles, retention);
    }

    public int maxDeltasPerSegment() {
        return maxDeltasPerSegment;
    }

    public BaseMode buildBases() {
        return buildBases;
    }

    public boolean foldLateFiles() {
        return foldLateFiles;
    }

    /** How long (in event time) bases keep tombstones, or null for forever. */
    public Duration tombstoneRetention() {
        return tombstoneRetention;
    }

    /** The options that reproduce this policy. */
    public Map<String, String> toOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MAX_DELTAS_PER_SEGMENT, Integer.toString(maxDeltasPerSegment));
        m.put(BUILD_BASES, buildBases.optionValue());
        m.put(FOLD_LATE_FILES, Boolean.toString(foldLateFiles));
        m.put(TOMBSTONE_RETENTION, tombstoneRetention == null ? "forever" : Durations.format(tombstoneRetention));
        return m;
    }

    @Override
    public String toString() {
        return "CompactionPolicy" + toOptions();
    }
}
