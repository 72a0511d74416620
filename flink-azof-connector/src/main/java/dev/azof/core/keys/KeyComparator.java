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
package dev.azof.core.keys;

import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The order of keys inside data files: key columns compared left to right, each by its natural
 * order (strings and bytes unsigned byte-wise, numbers numerically, nulls first). Writers sort by
 * it and readers merge by it, so both must use this one class.
 */
public final class KeyComparator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LogicalType[] types;

    public KeyComparator(List<LogicalType> keyTypes) {
        this.types = keyTypes.toArray(new LogicalType[0]);
    }

    /** Compares the key fields {@code ai} of {@code a} with the key fields {@code bi} of {@code b}. */
    public int compare(RowData a, int[] ai, RowData b, int[] bi) {
        for (int k = 0; k < types.length; k++) {
            int c = compareField(types[k], a, ai[k], b, bi[k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareField(LogicalType type, RowData a, int i, RowData b, int j) {
        boolean an = a.isNullAt(i);
        boolean bn = b.isNullAt(j);
        if (an || bn) {
            return an == bn ? 0 : (an ? -1 : 1);
        }
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                return Boolean.compare(a.getBoolean(i), b.getBoolean(j));
            case TINYINT:
                return Byte.compare(a.getByte(i), b.getByte(j));
            case SMALLINT:
                return Short.compare(a.getShort(i), b.getShort(j));
            case INTEGER:
            case DATE:
                return Integer.compare(a.getInt(i), b.getInt(j));
            case BIGINT:
                return Long.compare(a.getLong(i), b.getLong(j));
            case FLOAT:
                return Float.compare(a.getFloat(i), b.getFloat(j));
            case DOUBLE:
                return Double.compare(a.getDouble(i), b.getDouble(j));
            case DECIMAL:
                {
                    DecimalType d = (DecimalType) type;
                    DecimalData x = a.getDecimal(i, d.getPrecision(), d.getScale());
                    DecimalData y = b.getDecimal(j, d.getPrecision(), d.getScale());
                    return x.compareTo(y);
                }
            case CHAR:
            case VARCHAR:
                {
                    StringData x = a.getString(i);
                    StringData y = b.getString(j);
                    // Unsigned byte-wise on the UTF-8 bytes, without copying them out.
                    if (x instanceof BinaryStringData && y instanceof BinaryStringData) {
                        return compareUtf8((BinaryStringData) x, (BinaryStringData) y);
                    }
                    return compareBytes(x.toBytes(), y.toBytes());
                }
            case BINARY:
            case VARBINARY:
                return compareBytes(a.getBinary(i), b.getBinary(j));
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                {
                    int p = LogicalTypeChecks.getPrecision(type);
                    return a.getTimestamp(i, p).compareTo(b.getTimestamp(j, p));
                }
            default:
                throw new IllegalArgumentException("unsupported key type " + type);
        }
    }

    /**
     * Unsigned byte-wise on the UTF-8 bytes. (BinaryStringData#compareTo may compare the Java
     * strings instead, in UTF-16 order, which differs for characters outside the BMP.)
     */
    static int compareUtf8(BinaryStringData x, BinaryStringData y) {
        x.ensureMaterialized();
        y.ensureMaterialized();
        MemorySegment[] xs = x.getSegments();
        MemorySegment[] ys = y.getSegments();
        if (xs.length != 1 || ys.length != 1) {
            return compareBytes(x.toBytes(), y.toBytes());
        }
        int xo = x.getOffset();
        int yo = y.getOffset();
        int xn = x.getSizeInBytes();
        int yn = y.getSizeInBytes();
        if (!xs[0].isOffHeap() && !ys[0].isOffHeap()) {
            // vectorized by the JVM: merges compare keys for every row they read
            return Arrays.compareUnsigned(
                    xs[0].getArray(), xo, xo + xn, ys[0].getArray(), yo, yo + yn);
        }
        int n = Math.min(xn, yn);
        for (int k = 0; k < n; k++) {
            int c = (xs[0].get(xo + k) & 0xff) - (ys[0].get(yo + k) & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(xn, yn);
    }

    static int compareBytes(byte[] x, byte[] y) {
        int n = Math.min(x.length, y.length);
        for (int k = 0; k < n; k++) {
            int c = Integer.compare(x[k] & 0xff, y[k] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
