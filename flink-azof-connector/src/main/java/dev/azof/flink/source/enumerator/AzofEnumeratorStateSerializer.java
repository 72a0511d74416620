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
package dev.azof.flink.source.enumerator;

import dev.azof.flink.source.split.AzofSourceSplit;
import dev.azof.flink.source.split.AzofSourceSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes {@link AzofEnumeratorState}. Version 1 layout: {@code int splitSerializerVersion,
 * int count}, then per split {@code int length, byte[length]} in the split serializer's format.
 * The split serializer version is stored so that a newer split format can still read old state.
 * Version 2 appends {@code long position} (a streaming read's last planned snapshot, -1 for an
 * as-of read) and {@code long watermarkMillis} (the table's recorded watermark at the position,
 * {@code Long.MIN_VALUE} for none); version 1 state reads as an as-of read's.
 */
@Internal
public final class AzofEnumeratorStateSerializer
        implements SimpleVersionedSerializer<AzofEnumeratorState> {

    public static final int VERSION = 2;

    private final SimpleVersionedSerializer<AzofSourceSplit> splitSerializer;

    public AzofEnumeratorStateSerializer() {
        this(AzofSourceSplitSerializer.INSTANCE);
    }

    public AzofEnumeratorStateSerializer(SimpleVersionedSerializer<AzofSourceSplit> splits) {
        this.splitSerializer = splits;
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(AzofEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(splitSerializer.getVersion());
        out.writeInt(state.remainingSplits().size());
        for (AzofSourceSplit split : state.remainingSplits()) {
            byte[] bytes = splitSerializer.serialize(split);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.writeLong(state.position());
        out.writeLong(state.watermarkMillis());
        return out.getCopyOfBuffer();
    }

    @Override
    public AzofEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 && version != 2) {
            throw new IOException("Unknown AzofEnumeratorState serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int splitVersion = in.readInt();
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("AzofEnumeratorState has a negative split count " + count);
        }
        List<AzofSourceSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            splits.add(splitSerializer.deserialize(splitVersion, bytes));
        }
        long position = version >= 2 ? in.readLong() : AzofEnumeratorState.NO_POSITION;
        long watermark = version >= 2 ? in.readLong() : AzofEnumeratorState.NO_WATERMARK;
        if (in.available() > 0) {
            throw new IOException(
                    "AzofEnumeratorState has " + in.available() + " unexpected trailing bytes");
        }
        return new AzofEnumeratorState(splits, position, watermark);
    }
}
