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

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes the key columns of a row into bytes that are equal exactly when the keys are equal as
 * the merge orders them ({@link dev.azof.core.keys.KeyComparator} returns 0): strings by their
 * UTF-8 bytes, decimals by value, floating point numbers by their bits (NaNs collapsed, -0.0 and
 * 0.0 distinct), timestamps to the nanosecond. A lookup encodes into one reused buffer, so that
 * hashing and comparing a fact's key allocates nothing (for every type but DECIMAL). Not thread
 * safe.
 */
final class LookupKeyEncoder {

    private final LogicalType[] types;
    private final int[] precisions;
    private final int[] positions;
    private byte[] buffer = new byte[64];
    private int length;

    /**
     * @param keyTypes the key columns' types, in primary-key order
     * @param positions where the key columns are in the rows given to {@link #encode}
     */
    LookupKeyEncoder(List<LogicalType> keyTypes, int[] positions) {
        this.types = keyTypes.toArray(new LogicalType[0]);
        this.positions = positions.clone();
        this.precisions = new int[types.length];
        for (int k = 0; k < types.length; k++) {
            switch (types[k].getTypeRoot()) {
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                case DECIMAL:
                    precisions[k] = LogicalTypeChecks.getPrecision(types[k]);
                    break;
                default:
                    break;
            }
        }
    }

    /**
     * Encodes the key of {@code row} into {@link #bytes()}; false (and nothing usable) when a key
     * column is null: such a key equals no key.
     */
    boolean encode(RowData row) {
        length = 0;
        for (int k = 0; k < types.length; k++) {
            int i = positions[k];
            if (row.isNullAt(i)) {
                return false;
            }
            switch (types[k].getTypeRoot()) {
                case BOOLEAN:
                    writeByte(row.getBoolean(i) ? 1 : 0);
                    break;
                case TINYINT:
                    writeByte(row.getByte(i));
                    break;
                case SMALLINT:
                    writeInt(row.getShort(i));
                    break;
                case INTEGER:
                case DATE:
                case TIME_WITHOUT_TIME_ZONE:
                    writeInt(row.getInt(i));
                    break;
                case BIGINT:
                    writeLong(row.getLong(i));
                    break;
                case FLOAT:
                    writeInt(Float.floatToIntBits(row.getFloat(i)));
                    break;
                case DOUBLE:
                    writeLong(Double.doubleToLongBits(row.getDouble(i)));
                    break;
                case DECIMAL:
                    {
                        DecimalType d = (DecimalType) types[k];
                        DecimalData v = row.getDecimal(i, d.getPrecision(), d.getScale());
                        writeSized(
                                v.toBigDecimal()
                                        .stripTrailingZeros()
                                        .toPlainString()
                                        .getBytes(StandardCharsets.UTF_8));
                        break;
                    }
                case CHAR:
                case VARCHAR:
                    {
                        StringData s = row.getString(i);
                        if (s instanceof BinaryStringData) {
                            BinaryStringData b = (BinaryStringData) s;
                            b.ensureMaterialized();
                            int n = b.getSizeInBytes();
                            writeInt(n);
                            ensure(n);
                            BinarySegmentUtils.copyToBytes(
                                    b.getSegments(), b.getOffset(), buffer, length, n);
                            length += n;
                        } else {
                            writeSized(s.toBytes());
                        }
                        break;
                    }
                case BINARY:
                case VARBINARY:
                    writeSized(row.getBinary(i));
                    break;
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    {
                        TimestampData t = row.getTimestamp(i, precisions[k]);
                        writeLong(t.getMillisecond());
                        writeInt(t.getNanoOfMillisecond());
                        break;
                    }
                default:
                    throw new IllegalArgumentException("unsupported key type " + types[k]);
            }
        }
        return true;
    }

    /** The bytes of the last key encoded: {@code [0, length())}. */
    byte[] bytes() {
        return buffer;
    }

    int length() {
        return length;
    }

    /** A hash of the last key encoded, well spread over all 32 bits. */
    int hash() {
        return hash(buffer, 0, length);
    }

    static int hash(byte[] b, int from, int to) {
        int h = 0x9747b28c;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        // murmur3's finalizer: every input bit reaches the high bits used to pick a slot
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private void writeSized(byte[] b) {
        writeInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buffer, length, b.length);
        length += b.length;
    }

    private void writeByte(int v) {
        ensure(1);
        buffer[length++] = (byte) v;
    }

    private void writeInt(int v) {
        ensure(4);
        buffer[length++] = (byte) (v >>> 24);
        buffer[length++] = (byte) (v >>> 16);
        buffer[length++] = (byte) (v >>> 8);
        buffer[length++] = (byte) v;
    }

    private void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
