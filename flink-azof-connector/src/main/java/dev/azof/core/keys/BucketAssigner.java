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
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * Assigns a key to its bucket: {@code floorMod(murmur3_32(canonical key bytes, seed 0), n)}. The
 * canonical encoding is specified in docs/spec.md so that any writer puts a key in the same
 * bucket; it must never change for an existing table.
 */
public final class BucketAssigner implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LogicalType[] types;
    private final int buckets;

    public BucketAssigner(List<LogicalType> keyTypes, int buckets) {
        this.types = keyTypes.toArray(new LogicalType[0]);
        this.buckets = buckets;
    }

    public int bucket(RowData row, int[] keyIndexes) {
        // Hashes the canonical bytes as they are produced: equal to hashing canonicalBytes(...),
        // without building them (this runs for every row a sink writes, twice).
        Murmur3 hash = new Murmur3();
        for (int k = 0; k < types.length; k++) {
            writeField(hash, types[k], row, keyIndexes[k]);
        }
        return Math.floorMod(hash.finish(), buckets);
    }

    /** The canonical bytes of a key (see docs/spec.md, "Buckets"). */
    public byte[] canonicalBytes(RowData row, int[] keyIndexes) {
        ByteCollector bytes = new ByteCollector();
        for (int k = 0; k < types.length; k++) {
            writeField(bytes, types[k], row, keyIndexes[k]);
        }
        return bytes.toByteArray();
    }

    private static void writeField(CanonicalOut out, LogicalType type, RowData row, int i) {
        if (row.isNullAt(i)) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                out.writeLong(row.getBoolean(i) ? 1 : 0);
                break;
            case TINYINT:
                out.writeLong(row.getByte(i));
                break;
            case SMALLINT:
                out.writeLong(row.getShort(i));
                break;
            case INTEGER:
            case DATE:
                out.writeLong(row.getInt(i));
                break;
            case BIGINT:
                out.writeLong(row.getLong(i));
                break;
            case FLOAT:
                out.writeLong(Double.doubleToLongBits(normalize(row.getFloat(i))));
                break;
            case DOUBLE:
                out.writeLong(Double.doubleToLongBits(normalize(row.getDouble(i))));
                break;
            case DECIMAL:
                {
                    DecimalType d = (DecimalType) type;
                    DecimalData v = row.getDecimal(i, d.getPrecision(), d.getScale());
                    writeBytes(out, v.toBigDecimal().stripTrailingZeros().toPlainString().getBytes(
                            java.nio.charset.StandardCharsets.UTF_8));
                    break;
                }
            case CHAR:
            case VARCHAR:
                {
                    StringData s = row.getString(i);
                    if (s instanceof BinaryStringData) {
                        // The UTF-8 bytes where they lie, not a copy.
                        BinaryStringData b = (BinaryStringData) s;
                        out.writeInt(b.getSizeInBytes());
                        out.writeBytes(b.getSegments(), b.getOffset(), b.getSizeInBytes());
                    } else {
                        writeBytes(out, s.toBytes());
                    }
                    break;
                }
            case BINARY:
            case VARBINARY:
                writeBytes(out, row.getBinary(i));
                break;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                {
                    TimestampData t = row.getTimestamp(i, LogicalTypeChecks.getPrecision(type));
                    out.writeLong(t.getMillisecond());
                    out.writeInt(t.getNanoOfMillisecond());
                    break;
                }
            default:
                throw new IllegalArgumentException("unsupported key type " + type);
        }
    }

    private static double normalize(double v) {
        return v == 0.0 ? 0.0 : (Double.isNaN(v) ? Double.NaN : v);
    }

    private static void writeBytes(CanonicalOut out, byte[] b) {
        out.writeInt(b.length);
        out.writeBytes(new MemorySegment[] {MemorySegmentFactory.wrap(b)}, 0, b.length);
    }

    /** Where the canonical encoding goes: big-endian numbers, as {@code DataOutput} writes them. */
    private abstract static class CanonicalOut {
        abstract void writeByte(int b);

        final void writeInt(int v) {
            writeByte(v >>> 24);
            writeByte(v >>> 16);
            writeByte(v >>> 8);
            writeByte(v);
        }

        final void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeBytes(MemorySegment[] segments, int offset, int length) {
            if (segments.length == 1) {
                MemorySegment segment = segments[0];
                for (int i = 0; i < length; i++) {
                    writeByte(segment.get(offset + i));
                }
            } else {
                for (int i = 0; i < length; i++) {
                    writeByte(BinarySegmentUtils.getByte(segments, offset + i));
                }
            }
        }
    }

    private static final class ByteCollector extends CanonicalOut {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);

        @Override
        void writeByte(int b) {
            bytes.write(b);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /**
     * MurmurHash3 (x86, 32-bit, seed 0) of the bytes written to it, one at a time: the same value
     * as {@link #murmur3(byte[])} of those bytes.
     */
    static final class Murmur3 extends CanonicalOut {
        private int h1;
        private int k1;
        private int pending;
        private int length;

        @Override
        void writeByte(int b) {
            k1 |= (b & 0xff) << (8 * pending);
            length++;
            if (++pending == 4) {
                h1 ^= mixK1(k1);
                h1 = Integer.rotateLeft(h1, 13);
                h1 = h1 * 5 + 0xe6546b64;
                k1 = 0;
                pending = 0;
            }
        }

        /** Whole 4-byte blocks go in at once: the same as one byte at a time, fewer steps. */
        @Override
        void writeBytes(MemorySegment[] segments, int offset, int length) {
            if (segments.length != 1) {
                super.writeBytes(segments, offset, length);
                return;
            }
            MemorySegment segment = segments[0];
            int i = 0;
            while (pending != 0 && i < length) {
                writeByte(segment.get(offset + i++));
            }
            for (; i + 4 <= length; i += 4) {
                h1 ^= mixK1(segment.getIntLittleEndian(offset + i));
                h1 = Integer.rotateLeft(h1, 13);
                h1 = h1 * 5 + 0xe6546b64;
                this.length += 4;
            }
            while (i < length) {
                writeByte(segment.get(offset + i++));
            }
        }

        int finish() {
            int h = h1;
            if (pending > 0) {
                h ^= mixK1(k1);
            }
            h ^= length;
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            h ^= h >>> 16;
            return h;
        }

        private static int mixK1(int k) {
            k *= 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15);
            return k * 0x1b873593;
        }
    }

    /** MurmurHash3, x86 32-bit variant, seed 0. */
    static int murmur3(byte[] data) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h1 = 0;
        int len = data.length;
        int roundedEnd = len & ~3;
        for (int i = 0; i < roundedEnd; i += 4) {
            int k1 =
                    (data[i] & 0xff)
                            | ((data[i + 1] & 0xff) << 8)
                            | ((data[i + 2] & 0xff) << 16)
                            | (data[i + 3] << 24);
            k1 *= c1;
            k1 = Integer.rotateLeft(k1, 15);
            k1 *= c2;
            h1 ^= k1;
            h1 = Integer.rotateLeft(h1, 13);
            h1 = h1 * 5 + 0xe6546b64;
        }
        int k1 = 0;
        switch (len & 3) {
            case 3:
                k1 = (data[roundedEnd + 2] & 0xff) << 16;
                // fall through
            case 2:
                k1 |= (data[roundedEnd + 1] & 0xff) << 8;
                // fall through
            case 1:
                k1 |= data[roundedEnd] & 0xff;
                k1 *= c1;
                k1 = Integer.rotateLeft(k1, 15);
                k1 *= c2;
                h1 ^= k1;
                break;
            default:
                break;
        }
        h1 ^= len;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >>> 16;
        return h1;
    }
}
