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
package dev.azof.core.read;

import dev.azof.core.metadata.TablePaths;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.ScanTask;

import org.apache.flink.core.fs.Path;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every version of every key of one bucket within a range of event times, read once from a
 * {@link dev.azof.core.plan.ScanPlanner#planBucketRange} task, so that many as-of lookups (a
 * point-in-time join) cost one read: per key the versions sorted by event time, each the winner
 * of its event time (docs/spec.md section 5), and a lookup is a hash probe and a binary search.
 *
 * <p>The index is a few flat arrays, not objects per key or version: keys encoded as bytes
 * ({@link LookupKeyEncoder}) in one array with an open-addressing table over them, each key's
 * versions a slice of one array of event times, and each version's projected row in Flink's
 * binary row format on shared pages. An index of millions of versions is then a handful of
 * objects, which the garbage collector does not have to trace or copy, and a lookup touches a
 * few cache lines.
 */
public final class VersionIndex {

    /**
     * The largest page rows are stored on (a larger row gets a page of its own). Pages start
     * small and double, so that a small index holds little memory.
     */
    static final int PAGE_BYTES = 1 << 20;

    private static final int FIRST_PAGE_BYTES = 4096;

    private static final long TOMBSTONE = -1;

    private final int arity;
    private final byte[] keyBytes;
    /** Key {@code k} is {@code keyBytes[keyStart[k], keyStart[k + 1])}. */
    private final int[] keyStart;
    private final int[] keyHash;
    /** Key ordinal + 1 per slot (0: empty); a power of two, at most half full. */
    private final int[] slots;
    /** Key {@code k}'s versions are {@code [versionStart[k], versionStart[k + 1])}. */
    private final int[] versionStart;
    /** Per version, ascending within a key. */
    private final long[] micros;
    /** Per version: page << 32 | offset of its row, or {@link #TOMBSTONE}. */
    private final long[] rowRef;
    private final MemorySegment[] pages;
    private final long rowsRead;

    private VersionIndex(Builder b, long rowsRead) {
        this.arity = b.arity;
        this.keyBytes = Arrays.copyOf(b.keyBytes, b.keyBytesUsed);
        this.keyStart = Arrays.copyOf(b.keyStart, b.keys + 1);
        this.keyHash = Arrays.copyOf(b.keyHash, b.keys);
        this.versionStart = Arrays.copyOf(b.versionStart, b.keys + 1);
        this.micros = Arrays.copyOf(b.micros, b.versions);
        this.rowRef = Arrays.copyOf(b.rowRef, b.versions);
        this.pages = b.finishPages();
        this.rowsRead = rowsRead;
        int capacity = Integer.highestOneBit(Math.max(2, b.keys) * 2 - 1) << 1;
        this.slots = new int[capacity];
        int mask = capacity - 1;
        for (int k = 0; k < b.keys; k++) {
            int s = keyHash[k] & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = k + 1;
        }
    }

    /**
     * Reads the task's files once and keeps the versions with event time {@code <= toMicros}.
     *
     * @param projection the table columns (indexes into {@link TableSchema#rowType()}) that
     *     {@link #lookup} returns
     */
    public static VersionIndex build(
            Path tableDir,
            TableSchema schema,
            ScanTask task,
            long toMicros,
            int[] projection,
            DataFileOpener opener) {
        ReadLayout layout = new ReadLayout(schema, projection);
        for (var f : task.files()) {
            TablePaths.checkRelative(f.path(), tableDir.toString());
        }
        LookupKeyEncoder keyOf = new LookupKeyEncoder(layout.keyTypes, layout.keyIndexes);
        Builder index = new Builder(layout);
        List<KeyGroupReader.RowVersion> rows = new ArrayList<>();
        try (KeyGroupReader reader =
                new KeyGroupReader(
                        tableDir,
                        task.files(),
                        layout.readType,
                        layout.keyIndexes,
                        layout.keyTypes,
                        layout.eventTimeIndex,
                        opener)) {
            KeyGroupReader.RowVisitor collect =
                    v -> {
                        if (v.eventMicros() <= toMicros) {
                            rows.add(v.copy());
                        }
                    };
            while (reader.nextKey(collect)) {
                if (rows.isEmpty()) {
                    continue;
                }
                // Ascending event time; among equal times the winner (section 5) last.
                rows.sort(
                        (a, b) ->
                                a.eventMicros() != b.eventMicros()
                                        ? Long.compare(a.eventMicros(), b.eventMicros())
                                        : (a.beats(b) ? 1 : b.beats(a) ? -1 : 0));
                if (!keyOf.encode(rows.get(0).row())) {
                    // A key with a null column equals no key: no lookup can find it.
                    rows.clear();
                    continue;
                }
                index.startKey(keyOf);
                for (int i = 0; i < rows.size(); i++) {
                    KeyGroupReader.RowVersion v = rows.get(i);
                    if (i + 1 < rows.size() && rows.get(i + 1).eventMicros() == v.eventMicros()) {
                        continue; // lost the tie to a later row of the same event time
                    }
                    index.addVersion(v.eventMicros(), layout.isDeleted(v.row()) ? null : v.row());
                }
                rows.clear();
            }
            return new VersionIndex(index, reader.rowsRead());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The row of the key last encoded into {@code key} (with its {@link LookupKeyEncoder#hash()}
     * {@code hash}) as of {@code asOfMicros} (inclusive), projected; null when the key has no version
     * at or before that time or its latest one is a tombstone. The row points into this index:
     * it stays valid as long as the caller holds it, and must not be modified.
     */
    RowData lookup(LookupKeyEncoder key, int hash, long asOfMicros) {
        int k = find(key.bytes(), key.length(), hash);
        if (k < 0) {
            return null;
        }
        int at = Arrays.binarySearch(micros, versionStart[k], versionStart[k + 1], asOfMicros);
        if (at < 0) {
            at = -at - 2; // the greatest event time below asOfMicros
        }
        if (at < versionStart[k] || rowRef[at] == TOMBSTONE) {
            return null;
        }
        long ref = rowRef[at];
        MemorySegment page = pages[(int) (ref >>> 32)];
        int offset = (int) ref;
        BinaryRowData row = new BinaryRowData(arity);
        row.pointTo(page, offset + 4, page.getInt(offset));
        return row;
    }

    /** The ordinal of the key, or -1. */
    private int find(byte[] bytes, int length, int hash) {
        int mask = slots.length - 1;
        for (int s = hash & mask; ; s = (s + 1) & mask) {
            int k = slots[s] - 1;
            if (k < 0) {
                return -1;
            }
            if (keyHash[k] == hash
                    && Arrays.equals(
                            keyBytes, keyStart[k], keyStart[k + 1], bytes, 0, length)) {
                return k;
            }
        }
    }

    /** Versions held (one per key and event time). */
    public long versions() {
        return micros.length;
    }

    /** Keys held. */
    public int keys() {
        return keyHash.length;
    }

    /** Rows read from the files to build the index. */
    public long rowsRead() {
        return rowsRead;
    }

    /** Collects keys in key order and their versions in ascending event time. */
    private static final class Builder {
        final ReadLayout layout;
        final int arity;
        final RowDataSerializer rowSerializer;
        byte[] keyBytes = new byte[1024];
        int keyBytesUsed;
        int[] keyStart = new int[65];
        int[] keyHash = new int[64];
        int[] versionStart = new int[65];
        int keys;
        long[] micros = new long[256];
        long[] rowRef = new long[256];
        int versions;
        final List<MemorySegment> pages = new ArrayList<>();
        MemorySegment page;
        int pageUsed;

        Builder(ReadLayout layout) {
            this.layout = layout;
            this.arity = layout.projectedType.getFieldCount();
            this.rowSerializer = new RowDataSerializer(layout.projectedType);
        }

        void startKey(LookupKeyEncoder key) {
            if (keys + 1 == keyHash.length) {
                keyHash = Arrays.copyOf(keyHash, keyHash.length * 2);
                keyStart = Arrays.copyOf(keyStart, keyHash.length + 1);
                versionStart = Arrays.copyOf(versionStart, keyHash.length + 1);
            }
            int n = key.length();
            if (keyBytesUsed + n > keyBytes.length) {
                keyBytes = Arrays.copyOf(keyBytes, Math.max(keyBytes.length * 2, keyBytesUsed + n));
            }
            System.arraycopy(key.bytes(), 0, keyBytes, keyBytesUsed, n);
            keyBytesUsed += n;
            keyHash[keys] = key.hash();
            keys++;
            keyStart[keys] = keyBytesUsed;
            versionStart[keys] = versions;
        }

        /** A version of the key started last; {@code row} null for a tombstone. */
        void addVersion(long eventMicros, RowData row) {
            if (versions == micros.length) {
                micros = Arrays.copyOf(micros, micros.length * 2);
                rowRef = Arrays.copyOf(rowRef, micros.length);
            }
            micros[versions] = eventMicros;
            rowRef[versions] = row == null ? TOMBSTONE : store(row);
            versions++;
            versionStart[keys] = versions;
        }

        /** Stores the projected row on a page: its size (4 bytes), then its binary form. */
        private long store(RowData row) {
            BinaryRowData binary = rowSerializer.toBinaryRow(layout.project(row));
            int size = binary.getSizeInBytes();
            int need = 4 + size;
            if (page == null || pageUsed + need > page.size()) {
                int next = page == null ? FIRST_PAGE_BYTES : Math.min(PAGE_BYTES, page.size() * 2);
                page = MemorySegmentFactory.wrap(new byte[Math.max(next, need)]);
                pages.add(page);
                pageUsed = 0;
            }
            int offset = pageUsed;
            page.putInt(offset, size);
            BinarySegmentUtils.copyToBytes(
                    binary.getSegments(), binary.getOffset(), page.getArray(), offset + 4, size);
            pageUsed += need;
            return ((long) (pages.size() - 1) << 32) | offset;
        }

        /** The pages, the last one cut to what it holds. */
        MemorySegment[] finishPages() {
            if (page != null && pageUsed < page.size()) {
                pages.set(
                        pages.size() - 1,
                        MemorySegmentFactory.wrap(Arrays.copyOf(page.getArray(), pageUsed)));
            }
            return pages.toArray(new MemorySegment[0]);
        }
    }
}
