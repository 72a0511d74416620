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

import dev.azof.core.AzofException;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.TablePaths;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.EventTimes;
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
 * <p>The index is a few arrays and pages of bytes, not objects per key or version, so that an
 * index of millions of versions is a handful of objects the garbage collector neither traces nor
 * copies. Each key is one <em>region</em> of a page, found through an open-addressing table of
 * (hash, region) pairs:
 *
 * <pre>
 * int key length | key bytes ({@link LookupKeyEncoder}) | int n | long[n] event times, ascending
 *   | int[n] row offsets in the page (-1: tombstone) | per row: int size, Flink binary row
 * </pre>
 *
 * A lookup reads one slot and then one region, whose parts lie side by side: a few cache lines,
 * where a layout of separate arrays costs a miss per array. Lookups are bound by these misses.
 *
 * <p>Building groups rows by key in a hash table as the files are read one after another, with
 * no merge by key order: the versions of a key are ranked by the spec's rule at the end (event
 * time, then the file's sequence, then read order: the later file, the later row).
 */
public final class VersionIndex {

    /**
     * The largest page regions are written on (a larger region gets a page of its own). Pages
     * start small and double, so that a small index holds little memory.
     */
    static final int PAGE_BYTES = 1 << 20;

    private static final int FIRST_PAGE_BYTES = 4096;

    private static final long TOMBSTONE = -1;

    private final int arity;
    /**
     * Per slot {@code s}: {@code [2s]} the key's hash << 32 | 1 (0: empty), {@code [2s + 1]} its
     * region (page << 32 | offset). A power of two of slots, at most half full.
     */
    private final long[] slots;
    private final MemorySegment[] pages;
    private final int keys;
    private final long versions;
    private final long rowsRead;

    private VersionIndex(
            int arity,
            long[] slots,
            MemorySegment[] pages,
            int keys,
            long versions,
            long rowsRead) {
        this.arity = arity;
        this.slots = slots;
        this.pages = pages;
        this.keys = keys;
        this.versions = versions;
        this.rowsRead = rowsRead;
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
        List<DataFile> files = task.files();
        for (DataFile f : files) {
            TablePaths.checkRelative(f.path(), tableDir.toString());
        }
        Builder index = new Builder(layout);
        List<RowIterator> opened;
        try {
            opened = KeyGroupReader.openAll(
                    tableDir, files, layout.readType, opener, SchemaMapper.of(schema, task.schemas()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (int f = 0; f < files.size(); f++) {
                RowIterator rows = opened.get(f);
                long position = 0;
                while (rows.hasNext()) {
                    // used at once: its key encoded, its projection stored as bytes
                    RowData row = rows.nextTransient();
                    if (row.isNullAt(layout.eventTimeIndex)) {
                        throw new AzofException(
                                "data file "
                                        + files.get(f).path()
                                        + " has a row without event time at row "
                                        + position);
                    }
                    position++;
                    index.rowsRead++;
                    long micros =
                            EventTimes.micros(
                                    row.getTimestamp(
                                            layout.eventTimeIndex, layout.eventTimePrecision));
                    if (micros <= toMicros) {
                        index.add(row, micros, f);
                    }
                }
                opened.set(f, null);
                rows.close();
            }
            long[] sequences = new long[files.size()];
            for (int f = 0; f < sequences.length; f++) {
                sequences[f] = files.get(f).sequence();
            }
            return index.finish(sequences);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (RowIterator rows : opened) {
                if (rows == null) {
                    continue;
                }
                try {
                    rows.close();
                } catch (IOException e) {
                    // the build failed already: that failure is the one to report
                }
            }
        }
    }

    /**
     * The row of the key last encoded into {@code key} (with its {@link LookupKeyEncoder#hash()}
     * {@code hash}) as of {@code asOfMicros} (inclusive), projected; null when the key has no
     * version at or before that time or its latest one is a tombstone. The row points into this
     * index: it stays valid as long as the caller holds it, and must not be modified.
     */
    RowData lookup(LookupKeyEncoder key, int hash, long asOfMicros) {
        long region = find(key.bytes(), key.length(), hash);
        if (region < 0) {
            return null;
        }
        MemorySegment page = pages[(int) (region >>> 32)];
        int at = (int) region;
        at += 4 + page.getInt(at); // past the key
        int n = page.getInt(at);
        int times = at + 4;
        // the greatest version at or before asOfMicros
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (page.getLong(times + 8 * mid) <= asOfMicros) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return null;
        }
        int row = page.getInt(times + 8 * n + 4 * found);
        if (row < 0) {
            return null; // a tombstone
        }
        BinaryRowData out = new BinaryRowData(arity);
        out.pointTo(page, row + 4, page.getInt(row));
        return out;
    }

    /** The region of the key, or -1. */
    private long find(byte[] bytes, int length, int hash) {
        int mask = slots.length / 2 - 1;
        long tag = ((long) hash << 32) | 1;
        for (int s = hash & mask; ; s = (s + 1) & mask) {
            long slot = slots[2 * s];
            if (slot == 0) {
                return -1;
            }
            if (slot == tag) {
                long region = slots[2 * s + 1];
                MemorySegment page = pages[(int) (region >>> 32)];
                int at = (int) region;
                if (page.getInt(at) == length
                        && Arrays.equals(
                                page.getArray(), at + 4, at + 4 + length, bytes, 0, length)) {
                    return region;
                }
            }
        }
    }

    /** Versions held (one per key and event time). */
    public long versions() {
        return versions;
    }

    /** Keys held. */
    public int keys() {
        return keys;
    }

    /** Rows read from the files to build the index. */
    public long rowsRead() {
        return rowsRead;
    }

    /** A slot table over keys with these hashes: a power of two, at most half full. */
    private static long[] slots(int[] hashes, int keys) {
        int capacity = Integer.highestOneBit(Math.max(2, keys) * 2 - 1) << 1;
        long[] slots = new long[capacity];
        int mask = capacity - 1;
        for (int k = 0; k < keys; k++) {
            int s = hashes[k] & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = ((long) hashes[k] << 32) | (k + 1);
        }
        return slots;
    }

    /** Groups rows by key as they are read; ranks each key's versions at the end. */
    private static final class Builder {
        final ReadLayout layout;
        final int arity;
        final RowDataSerializer rowSerializer;
        final LookupKeyEncoder keyOf;
        long rowsRead;

        // keys, in the order first met
        byte[] keyBytes = new byte[1024];
        int keyBytesUsed;
        int[] keyStart = new int[65];
        int[] keyHash = new int[64];
        /** Per key, its last version read (the head of a chain through {@link #previous}). */
        int[] lastVersion = new int[64];
        int keys;
        long[] slots = new long[128];

        // versions, in read order
        long[] micros = new long[256];
        long[] rowRef = new long[256];
        int[] file = new int[256];
        int[] previous = new int[256];
        int versions;

        /** Rows as read, until {@link #finish} copies the winners into their keys' regions. */
        final List<MemorySegment> rowPages = new ArrayList<>();
        MemorySegment page;
        int pageUsed;

        Builder(ReadLayout layout) {
            this.layout = layout;
            this.arity = layout.projectedType.getFieldCount();
            this.rowSerializer = new RowDataSerializer(layout.projectedType);
            this.keyOf = new LookupKeyEncoder(layout.keyTypes, layout.keyIndexes);
        }

        /** A row read from file {@code f} (in read order). */
        void add(RowData row, long eventMicros, int f) {
            if (!keyOf.encode(row)) {
                return; // a key with a null column equals no key: no lookup can find it
            }
            int k = keyOrdinal(keyOf.hash());
            if (versions == micros.length) {
                int n = micros.length * 2;
                micros = Arrays.copyOf(micros, n);
                rowRef = Arrays.copyOf(rowRef, n);
                file = Arrays.copyOf(file, n);
                previous = Arrays.copyOf(previous, n);
            }
            micros[versions] = eventMicros;
            rowRef[versions] = layout.isDeleted(row) ? TOMBSTONE : store(row);
            file[versions] = f;
            previous[versions] = lastVersion[k];
            lastVersion[k] = versions;
            versions++;
        }

        /** The ordinal of the key in {@link #keyOf}, added if new. */
        private int keyOrdinal(int hash) {
            int mask = slots.length - 1;
            int s = hash & mask;
            for (; slots[s] != 0; s = (s + 1) & mask) {
                long slot = slots[s];
                int k = (int) slot - 1;
                if ((int) (slot >>> 32) == hash
                        && Arrays.equals(
                                keyBytes, keyStart[k], keyStart[k + 1],
                                keyOf.bytes(), 0, keyOf.length())) {
                    return k;
                }
            }
            int k = keys;
            if (k + 1 == keyHash.length) {
                int n = keyHash.length * 2;
                keyHash = Arrays.copyOf(keyHash, n);
                lastVersion = Arrays.copyOf(lastVersion, n);
                keyStart = Arrays.copyOf(keyStart, n + 1);
            }
            int n = keyOf.length();
            if (keyBytesUsed + n > keyBytes.length) {
                keyBytes = Arrays.copyOf(keyBytes, Math.max(keyBytes.length * 2, keyBytesUsed + n));
            }
            System.arraycopy(keyOf.bytes(), 0, keyBytes, keyBytesUsed, n);
            keyBytesUsed += n;
            keyHash[k] = hash;
            lastVersion[k] = -1;
            keys++;
            keyStart[keys] = keyBytesUsed;
            slots[s] = ((long) hash << 32) | (k + 1);
            if (keys * 2 > slots.length) {
                slots = slots(keyHash, keys);
            }
            return k;
        }

        /** Stores the projected row on a page: its size (4 bytes), then its binary form. */
        private long store(RowData row) {
            BinaryRowData binary = rowSerializer.toBinaryRow(layout.project(row));
            int size = binary.getSizeInBytes();
            int need = 4 + size;
            if (page == null || pageUsed + need > page.size()) {
                int next = page == null ? FIRST_PAGE_BYTES : Math.min(PAGE_BYTES, page.size() * 2);
                page = MemorySegmentFactory.wrap(new byte[Math.max(next, need)]);
                rowPages.add(page);
                pageUsed = 0;
            }
            int offset = pageUsed;
            page.putInt(offset, size);
            BinarySegmentUtils.copyToBytes(
                    binary.getSegments(), binary.getOffset(), page.getArray(), offset + 4, size);
            pageUsed += need;
            return ((long) (rowPages.size() - 1) << 32) | offset;
        }

        /**
         * Writes each key's region (see the class comment): its versions in ascending event
         * time, keeping of equal event times only the winner: the higher sequence, then the
         * later read (later file, later row).
         */
        VersionIndex finish(long[] sequences) {
            int capacity = Integer.highestOneBit(Math.max(2, keys) * 2 - 1) << 1;
            long[] table = new long[2 * capacity];
            int mask = capacity - 1;
            Regions regions = new Regions();
            long written = 0;
            int[] chain = new int[16];
            for (int k = 0; k < keys; k++) {
                int n = 0;
                for (int v = lastVersion[k]; v >= 0; v = previous[v]) {
                    if (n == chain.length) {
                        chain = Arrays.copyOf(chain, n * 2);
                    }
                    chain[n++] = v;
                }
                // The chain runs from the last read to the first: reversed, it is in read order,
                // which the stable sort keeps among versions that rank equal otherwise.
                for (int i = 0, j = n - 1; i < j; i++, j--) {
                    int t = chain[i];
                    chain[i] = chain[j];
                    chain[j] = t;
                }
                sortStably(chain, n, sequences);
                int kept = 0;
                int rowBytes = 0;
                for (int i = 0; i < n; i++) {
                    int v = chain[i];
                    if (i + 1 < n && micros[chain[i + 1]] == micros[v]) {
                        continue; // lost the tie to a later version of the same event time
                    }
                    chain[kept++] = v;
                    if (rowRef[v] != TOMBSTONE) {
                        rowBytes += 4 + rowSize(rowRef[v]);
                    }
                }
                int keyLength = keyStart[k + 1] - keyStart[k];
                long region = regions.allocate(4 + keyLength + 4 + 12 * kept + rowBytes);
                MemorySegment page = regions.page;
                int at = (int) region;
                page.putInt(at, keyLength);
                page.put(at + 4, keyBytes, keyStart[k], keyLength);
                at += 4 + keyLength;
                page.putInt(at, kept);
                int times = at + 4;
                int offsets = times + 8 * kept;
                int rows = offsets + 4 * kept;
                for (int i = 0; i < kept; i++) {
                    int v = chain[i];
                    page.putLong(times + 8 * i, micros[v]);
                    if (rowRef[v] == TOMBSTONE) {
                        page.putInt(offsets + 4 * i, -1);
                    } else {
                        page.putInt(offsets + 4 * i, rows);
                        MemorySegment from = rowPages.get((int) (rowRef[v] >>> 32));
                        int size = 4 + rowSize(rowRef[v]);
                        from.copyTo((int) rowRef[v], page, rows, size);
                        rows += size;
                    }
                }
                written += kept;
                int s = keyHash[k] & mask;
                while (table[2 * s] != 0) {
                    s = (s + 1) & mask;
                }
                table[2 * s] = ((long) keyHash[k] << 32) | 1;
                table[2 * s + 1] = region;
            }
            return new VersionIndex(arity, table, regions.finish(), keys, written, rowsRead);
        }

        private int rowSize(long ref) {
            return rowPages.get((int) (ref >>> 32)).getInt((int) ref);
        }

        /** Sorts {@code chain[0, n)} by rank, keeping read order among equal ranks. */
        private void sortStably(int[] chain, int n, long[] sequences) {
            if (n <= 32) {
                // a key's versions in one range are usually few
                for (int i = 1; i < n; i++) {
                    int v = chain[i];
                    int j = i - 1;
                    while (j >= 0 && ranksAfter(chain[j], v, sequences)) {
                        chain[j + 1] = chain[j];
                        j--;
                    }
                    chain[j + 1] = v;
                }
                return;
            }
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = chain[i];
            }
            // TimSort is stable
            Arrays.sort(
                    boxed,
                    (a, b) ->
                            ranksAfter(a, b, sequences) ? 1 : ranksAfter(b, a, sequences) ? -1 : 0);
            for (int i = 0; i < n; i++) {
                chain[i] = boxed[i];
            }
        }

        /**
         * Whether version {@code a} ranks after {@code b} (read before it): a later event time,
         * or an equal one of a higher sequence. Equal otherwise: read order decides.
         */
        private boolean ranksAfter(int a, int b, long[] sequences) {
            if (micros[a] != micros[b]) {
                return micros[a] > micros[b];
            }
            return sequences[file[a]] > sequences[file[b]];
        }

    }

    /** Pages regions are written on: pages start small and double up to {@link #PAGE_BYTES}. */
    private static final class Regions {
        final List<MemorySegment> pages = new ArrayList<>();
        MemorySegment page;
        int used;

        /** Room for a region of {@code bytes} on {@link #page}: page << 32 | offset. */
        long allocate(int bytes) {
            if (page == null || used + bytes > page.size()) {
                int next = page == null ? FIRST_PAGE_BYTES : Math.min(PAGE_BYTES, page.size() * 2);
                page = MemorySegmentFactory.wrap(new byte[Math.max(next, bytes)]);
                pages.add(page);
                used = 0;
            }
            int at = used;
            used += bytes;
            return ((long) (pages.size() - 1) << 32) | at;
        }

        /** The pages, the last one cut to what it holds. */
        MemorySegment[] finish() {
            if (page != null && used < page.size()) {
                pages.set(
                        pages.size() - 1,
                        MemorySegmentFactory.wrap(Arrays.copyOf(page.getArray(), used)));
            }
            return pages.toArray(new MemorySegment[0]);
        }
    }
}
