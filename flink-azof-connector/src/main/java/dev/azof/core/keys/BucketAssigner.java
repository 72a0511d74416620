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

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
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
        // without building them (this runs for every row a sink writes).
        Murmur3 hash = new Murmur3();
        for (int k = 0; k < types.length; k++) {
            writeField(hash, types[k], row, keyIndexes[k]);
        }
        return Math.floorMod(hash.finish(), buckets);
    }

    /** The canonical bytes of a key (see docs/spec.md, "Buckets"). */
    public byte[] canonicalBytes(RowData row, int[] keyIndexes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            for (int k = 0; k < types.length; k++) {
                writeField(out, types[k], row, keyIndexes[k]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeField(java.io.DataOutput out, LogicalType type, RowData row, int i)
            throws IOException {
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
                writeBytes(out, row.getString(i).toBytes());
                break;
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

    private static void writeBytes(java.io.DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static void writeField(Murmur3 out, LogicalType type, RowData row, int i) {
        try {
            writeField((java.io.DataOutput) out, type, row, i);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * MurmurHash3 (x86, 32-bit, seed 0) fed one byte at a time through {@link java.io.DataOutput}:
     * the same value as {@link #murmur3(byte[])} of the bytes written.
     */
    static final class Murmur3 extends java.io.OutputStream implements java.io.DataOutput {
        private static final int C1 = 0xcc9e2d51;
        private static final int C2 = 0x1b873593;

        private final java.io.DataOutputStream data = new java.io.DataOutputStream(this);
        private int h1;
        private int k1;
        private int pending;
        private int length;

        @Override
        public void write(int b) {
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

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
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
            k *= C1;
            k = Integer.rotateLeft(k, 15);
            return k * C2;
        }

        @Override
        public void writeBoolean(boolean v) throws IOException {
            data.writeBoolean(v);
        }

        @Override
        public void writeByte(int v) {
            write(v);
        }

        @Override
        public void writeShort(int v) throws IOException {
            data.writeShort(v);
        }

        @Override
        public void writeChar(int v) throws IOException {
            data.writeChar(v);
        }

        @Override
        public void writeInt(int v) {
            write(v >>> 24);
            write(v >>> 16);
            write(v >>> 8);
            write(v);
        }

        @Override
        public void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        @Override
        public void writeFloat(float v) throws IOException {
            data.writeFloat(v);
        }

        @Override
        public void writeDouble(double v) throws IOException {
            data.writeDouble(v);
        }

        @Override
        public void writeBytes(String s) throws IOException {
            data.writeBytes(s);
        }

        @Override
        public void writeChars(String s) throws IOException {
            data.writeChars(s);
        }

        @Override
        public void writeUTF(String s) throws IOException {
            data.writeUTF(s);
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
