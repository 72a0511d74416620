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
package dev.azof.core.metadata;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A Parquet data file referenced by a snapshot: a segment's base (the state at the segment's
 * start) or one of its deltas (changes inside an event-time range).
 *
 * <p>Files of azof 0.2 tables carry only a path (and, for deltas, a range); the statistics are
 * then unknown ({@code -1} or {@code null}).
 */
public final class DataFile implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Whether a file is a base or a delta. */
    public enum Kind {
        BASE,
        DELTA
    }

    /** Bucket of files of azof 0.2 tables, which are not bucketed. */
    public static final int NO_BUCKET = -1;

    private final String path;
    private final Kind kind;
    private final Instant start;
    private final Instant end;
    private final int bucket;
    private final long rows;
    private final long bytes;
    private final long sequence;
    private final Instant minEventTime;
    private final Instant maxEventTime;
    private final Instant tombstonesFrom;
    private final long crc32c;
    private final int schemaId;

    private DataFile(
            String path,
            Kind kind,
            Instant start,
            Instant end,
            int bucket,
            long rows,
            long bytes,
            long sequence,
            Instant minEventTime,
            Instant maxEventTime,
            Instant tombstonesFrom,
            long crc32c,
            int schemaId) {
        if (schemaId < 0) {
            throw new IllegalArgumentException("schema id " + schemaId + " of " + path + " is negative");
        }
        this.schemaId = schemaId;
        this.crc32c = crc32c;
        this.path = Objects.requireNonNull(path);
        this.kind = Objects.requireNonNull(kind);
        this.start = start;
        this.end = end;
        this.bucket = bucket;
        this.rows = rows;
        this.bytes = bytes;
        this.sequence = sequence;
        this.minEventTime = minEventTime;
        this.maxEventTime = maxEventTime;
        this.tombstonesFrom = tombstonesFrom;
    }

    /**
     * A builder for a file at {@code path} (relative to the table directory); attributes not set
     * are unknown or absent: no range, bucket {@link #NO_BUCKET}, rows and bytes -1, sequence 0,
     * no event times, no {@link #tombstonesFrom()}, CRC-32C -1, schema 0.
     */
    public static Builder builder(String path, Kind kind) {
        return new Builder(path, kind);
    }

    /** Builds a {@link DataFile}; see {@link #builder}. */
    public static final class Builder {
        private final String path;
        private final Kind kind;
        private Instant start;
        private Instant end;
        private int bucket = NO_BUCKET;
        private long rows = -1;
        private long bytes = -1;
        private long sequence;
        private Instant minEventTime;
        private Instant maxEventTime;
        private Instant tombstonesFrom;
        private long crc32c = -1;
        private int schemaId;

        private Builder(String path, Kind kind) {
            this.path = path;
            this.kind = kind;
        }

        /** A delta's event-time range; for a base, its segment's start and no end. */
        public Builder range(Instant start, Instant end) {
            this.start = start;
            this.end = end;
            return this;
        }

        public Builder bucket(int bucket) {
            this.bucket = bucket;
            return this;
        }

        public Builder rows(long rows) {
            this.rows = rows;
            return this;
        }

        public Builder bytes(long bytes) {
            this.bytes = bytes;
            return this;
        }

        public Builder sequence(long sequence) {
            this.sequence = sequence;
            return this;
        }

        /** The smallest and largest event time of the file's rows. */
        public Builder eventTimes(Instant min, Instant max) {
            this.minEventTime = min;
            this.maxEventTime = max;
            return this;
        }

        /** Only meaningful for a base (see {@link DataFile#tombstonesFrom()}). */
        public Builder tombstonesFrom(Instant from) {
            this.tombstonesFrom = from;
            return this;
        }

        public Builder crc32c(long crc32c) {
            this.crc32c = crc32c;
            return this;
        }

        public Builder schemaId(int schemaId) {
            this.schemaId = schemaId;
            return this;
        }

        public DataFile build() {
            return new DataFile(
                    path, kind, start, end, bucket, rows, bytes, sequence, minEventTime, maxEventTime,
                    tombstonesFrom, crc32c, schemaId);
        }
    }

    /** Path relative to the table directory. */
    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isBase() {
        return kind == Kind.BASE;
    }

    /**
     * For a delta, the start of its event-time range; for a base, the event time its state is as
     * of (the segment start): it holds rows with event time strictly before it.
     */
    public Instant start() {
        return start;
    }

    /** End of a delta's event-time range (inclusive), or null. */
    public Instant end() {
        return end;
    }

    public int bucket() {
        return bucket;
    }

    /** Row count, or -1 when the metadata does not say. */
    public long rows() {
        return rows;
    }

    /** Size in bytes, or -1 when the metadata does not say. */
    public long bytes() {
        return bytes;
    }

    /** The snapshot id of the commit that added the file's rows (0 for azof 0.2 files). */
    public long sequence() {
        return sequence;
    }

    /** Smallest event time in the file, or null when unknown. */
    public Instant minEventTime() {
        return minEventTime;
    }

    /** Largest event time in the file, or null when unknown. */
    public Instant maxEventTime() {
        return maxEventTime;
    }

    /**
     * For a base that dropped old tombstones, the earliest event time of the tombstones it still
     * holds; null when it holds all of them. Such a base answers correctly only together with
     * deltas whose rows all lie at or after this instant (docs/spec.md, "Compaction and
     * expiration"); the planner falls back to an older base otherwise.
     */
    public Instant tombstonesFrom() {
        return tombstonesFrom;
    }

    /**
     * The CRC-32C of the whole file (an unsigned 32-bit value), or -1 when the metadata does not
     * say (files written before it was recorded, azof 0.2 files).
     */
    public long crc32c() {
        return crc32c;
    }

    /**
     * The id of the table schema the file was written with (0, the first schema, for files of
     * tables before schema evolution): readers map its columns to the read schema by field id.
     */
    public int schemaId() {
        return schemaId;
    }

    /** The same file with another sequence (compaction stamps the files it writes). */
    public DataFile withSequence(long newSequence) {
        return new DataFile(
                path, kind, start, end, bucket, rows, bytes, newSequence, minEventTime, maxEventTime, tombstonesFrom,
                crc32c, schemaId);
    }

    /** The same file with another {@link #tombstonesFrom()}. */
    public DataFile withTombstonesFrom(Instant from) {
        return new DataFile(
                path, kind, start, end, bucket, rows, bytes, sequence, minEventTime, maxEventTime, from, crc32c,
                schemaId);
    }

    /** The same file recorded as written with another schema. */
    public DataFile withSchemaId(int newSchemaId) {
        return new DataFile(
                path, kind, start, end, bucket, rows, bytes, sequence, minEventTime, maxEventTime, tombstonesFrom,
                crc32c, newSchemaId);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataFile)) {
            return false;
        }
        DataFile d = (DataFile) o;
        return path.equals(d.path)
                && kind == d.kind
                && Objects.equals(start, d.start)
                && Objects.equals(end, d.end)
                && bucket == d.bucket
                && rows == d.rows
                && bytes == d.bytes
                && sequence == d.sequence
                && Objects.equals(minEventTime, d.minEventTime)
                && Objects.equals(maxEventTime, d.maxEventTime)
                && Objects.equals(tombstonesFrom, d.tombstonesFrom)
                && crc32c == d.crc32c
                && schemaId == d.schemaId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, kind, start, end, bucket, sequence);
    }

    @Override
    public String toString() {
        return kind + "(" + path + ", bucket=" + bucket + ", seq=" + sequence + ")";
    }
}
