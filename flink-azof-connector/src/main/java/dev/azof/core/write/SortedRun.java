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
package dev.azof.core.write;

import dev.azof.core.keys.KeyComparator;
import dev.azof.core.read.RowIterator;

import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.Arrays;

/**
 * The rows of one delta file (one leaf segment and bucket of a spill), copied into one
 * contiguous byte buffer as they come and read back sorted by key, rows of equal key in the order
 * they came.
 *
 * <p>Why not a list of rows: a spill's rows lie all over the heap in arrival order, and a sort and
 * a write in key order then touch them at random, a cache miss each time. Here a group's rows sit
 * in one array, each with its key's first 16 bytes (or its integer value) in two longs: a radix
 * sort orders the rows by those bytes without comparing them, and whole keys are compared only
 * where the prefixes tie. The rows are then copied into key order once, so writing reads them in
 * sequence.
 */
final class SortedRun {

    private final RowDataSerializer serializer;
    private final KeyComparator keys;
    private final int[] keyIndexes;
    /** Which prefix the single key column gets: 0 none (compare rows), 1 string, 2 integral. */
    private final int prefixKind;
    private final int prefixField;
    private final LogicalType prefixType;

    private byte[] bytes = new byte[16 * 1024];
    private int used;
    private int count;
    /** The rows in key order, for the writing that follows a sort. */
    private byte[] inOrder = new byte[0];
    private int[] offsets = new int[256];
    private int[] lengths = new int[256];
    private long[] head0 = new long[256];
    private long[] head1 = new long[256];

    SortedRun(RowType fileType, KeyComparator keys, int[] keyIndexes) {
        this.serializer = new RowDataSerializer(fileType);
        this.keys = keys;
        this.keyIndexes = keyIndexes;
        int kind = 0;
        if (keyIndexes.length == 1) {
            LogicalType type = fileType.getTypeAt(keyIndexes[0]);
            switch (type.getTypeRoot()) {
                case CHAR:
                case VARCHAR:
                    kind = 1;
                    break;
                case TINYINT:
                case SMALLINT:
                case INTEGER:
                case DATE:
                case BIGINT:
                    kind = 2;
                    break;
                default:
                    kind = 0;
            }
        }
        this.prefixKind = kind;
        this.prefixField = keyIndexes.length == 1 ? keyIndexes[0] : -1;
        this.prefixType = keyIndexes.length == 1 ? fileType.getTypeAt(keyIndexes[0]) : null;
    }

    /** Copies a row (of the file's row type, key not null) into the run. */
    void add(RowData row) {
        BinaryRowData binary =
                row instanceof BinaryRowData ? (BinaryRowData) row : serializer.toBinaryRow(row);
        int length = binary.getSizeInBytes();
        if (count == offsets.length) {
            int n = count * 2;
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            head0 = Arrays.copyOf(head0, n);
            head1 = Arrays.copyOf(head1, n);
        }
        if (used + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
        }
        BinarySegmentUtils.copyToBytes(binary.getSegments(), binary.getOffset(), bytes, used, length);
        offsets[count] = used;
        lengths[count] = length;
        if (prefixKind == 1) {
            BinaryStringData key = (BinaryStringData) binary.getString(prefixField);
            head0[count] = head(key, 0);
            head1[count] = head(key, 8);
        } else if (prefixKind == 2) {
            // Flipping the sign bit makes unsigned order the signed order of the value.
            head0[count] = integral(binary, prefixField) ^ Long.MIN_VALUE;
        }
        used += length;
        count++;
    }

    /**
     * Empties the run, keeping its arrays: a sink fills runs again after every spill, and
     * arrays grown once need not be grown (and copied) again.
     */
    void reset() {
        used = 0;
        count = 0;
    }

    /**
     * The rows sorted by key; the returned rows are reused, valid until the next call (of this
     * or {@link #add} after {@link #reset}).
     */
    RowIterator sorted() {
        MemorySegment segment = MemorySegmentFactory.wrap(bytes);
        int arity = serializer.getArity();
        sortSegment = segment;
        left = new BinaryRowData(arity);
        right = new BinaryRowData(arity);
        int[] identity = new int[count];
        for (int i = 0; i < count; i++) {
            identity[i] = i;
        }
        int[] order;
        if (prefixKind == 0 || count < 2) {
            order = identity;
            mergeSort(order, new int[count], 0, count);
        } else {
            order = radixSortByPrefix(identity);
            if (prefixKind == 1) {
                sortEqualPrefixes(order);
            }
        }
        // One tight pass copies the rows into key order, so that encoding then reads memory
        // in sequence instead of stalling on a cache miss per row.
        if (inOrder.length < used) {
            inOrder = new byte[Math.max(used, inOrder.length * 2)];
        }
        byte[] sortedBytes = inOrder;
        int[] starts = new int[count + 1];
        int at = 0;
        for (int k = 0; k < count; k++) {
            int i = order[k];
            System.arraycopy(bytes, offsets[i], sortedBytes, at, lengths[i]);
            starts[k] = at;
            at += lengths[i];
        }
        starts[count] = at;
        MemorySegment sortedSegment = MemorySegmentFactory.wrap(sortedBytes);
        BinaryRowData row = new BinaryRowData(arity);
        return new RowIterator() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public RowData next() {
                int k = next++;
                row.pointTo(sortedSegment, starts[k], starts[k + 1] - starts[k]);
                return row;
            }

            @Override
            public void close() {}
        };
    }

    // The sort's state: the rows' bytes and two views for comparing whole keys.
    private MemorySegment sortSegment;
    private BinaryRowData left;
    private BinaryRowData right;

    /** Orders rows x and y (indexes into the run) by key, then by the order they came in. */
    private int compare(int x, int y) {
        long a = head0[x];
        long b = head0[y];
        if (a != b) {
            return Long.compareUnsigned(a, b);
        }
        a = head1[x];
        b = head1[y];
        if (a != b) {
            return Long.compareUnsigned(a, b);
        }
        return compareBeyondPrefix(x, y);
    }

    private int compareBeyondPrefix(int x, int y) {
        if (prefixKind != 2) {
            left.pointTo(sortSegment, offsets[x], lengths[x]);
            right.pointTo(sortSegment, offsets[y], lengths[y]);
            int c = keys.compare(left, keyIndexes, right, keyIndexes);
            if (c != 0) {
                return c;
            }
        }
        // Equal keys keep the order they came in: the later row is the later write.
        return Integer.compare(x, y);
    }

    /**
     * Stable LSD radix sort of the rows by their 16-byte prefix (head0, head1), one pass per byte
     * that is not the same in every row: sorted keys mostly differ in a few bytes only, and no
     * pass compares anything. Returns the sorted order (it may be the scratch array).
     */
    private int[] radixSortByPrefix(int[] order) {
        int n = count;
        // Bytes that are the same in every row need no pass: find them first.
        long varying0 = 0;
        long varying1 = 0;
        long first0 = head0[0];
        long first1 = head1[0];
        for (int i = 1; i < n; i++) {
            varying0 |= head0[i] ^ first0;
            varying1 |= head1[i] ^ first1;
        }
        int[] from = order;
        int[] to = new int[n];
        int[] histogram = new int[256];
        for (int pass = 0; pass < 16; pass++) {
            long varying = pass < 8 ? varying1 : varying0;
            if (((varying >>> (8 * (pass & 7))) & 0xff) == 0) {
                continue;
            }
            long[] words = pass < 8 ? head1 : head0;
            int shift = 8 * (pass & 7);
            Arrays.fill(histogram, 0);
            for (int i = 0; i < n; i++) {
                histogram[(int) (words[i] >>> shift) & 0xff]++;
            }
            int sum = 0;
            for (int v = 0; v < 256; v++) {
                int c = histogram[v];
                histogram[v] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int row = from[i];
                to[histogram[(int) (words[row] >>> shift) & 0xff]++] = row;
            }
            int[] t = from;
            from = to;
            to = t;
        }
        return from;
    }

    /** Sorts each run of rows with equal 16-byte prefixes by whole key (stably). */
    private void sortEqualPrefixes(int[] order) {
        int[] tmp = null;
        int start = 0;
        for (int i = 1; i <= count; i++) {
            if (i == count
                    || head0[order[i]] != head0[order[start]]
                    || head1[order[i]] != head1[order[start]]) {
                if (i - start > 1) {
                    if (tmp == null) {
                        tmp = new int[count];
                    }
                    mergeSort(order, tmp, start, i);
                }
                start = i;
            }
        }
    }

    /** Top-down merge sort of {@code a[from, to)}; {@code tmp} is scratch of the same size. */
    private void mergeSort(int[] a, int[] tmp, int from, int to) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid);
        mergeSort(a, tmp, mid, to);
        if (compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && compare(tmp[i], tmp[j]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /** Bytes {@code from} to {@code from + 7} of the string as a big-endian long, zero-padded. */
    private static long head(BinaryStringData s, int from) {
        MemorySegment[] segments = s.getSegments();
        int offset = s.getOffset();
        int size = s.getSizeInBytes();
        if (segments.length == 1 && from + 8 <= size) {
            return segments[0].getLongBigEndian(offset + from);
        }
        long v = 0;
        int end = Math.min(size, from + 8);
        for (int i = from; i < end; i++) {
            int b = (segments.length == 1
                            ? segments[0].get(offset + i)
                            : BinarySegmentUtils.getByte(segments, offset + i))
                    & 0xff;
            v = (v << 8) | b;
        }
        // Missing bytes count as zeros after the last one.
        int missing = from + 8 - Math.max(end, from);
        return missing == 8 ? 0 : v << (8 * missing);
    }

    private long integral(BinaryRowData row, int field) {
        switch (prefixType.getTypeRoot()) {
            case TINYINT:
                return row.getByte(field);
            case SMALLINT:
                return row.getShort(field);
            case BIGINT:
                return row.getLong(field);
            default:
                return row.getInt(field);
        }
    }
}
