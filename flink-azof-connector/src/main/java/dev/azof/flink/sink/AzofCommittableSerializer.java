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
package dev.azof.flink.sink;

import dev.azof.core.commit.TableCommitter;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.write.PendingFile;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned serializer of {@link AzofCommittable}: every field written explicitly (no Java
 * serialization), so committables in checkpoints and savepoints survive code changes.
 *
 * <p>Version 1: writer id (UTF), checkpoint id (long), watermark (presence byte, long), file
 * count (int), then per file: segment anchor (instant), path (UTF), kind (byte: 0 base, 1 delta),
 * start and end (nullable instants), bucket (int), rows, bytes, sequence (longs), min and max
 * event time (nullable instants). An instant is epoch seconds (long) and nanos (int), preceded
 * by a presence byte where nullable.
 *
 * <p>Version 2: as version 1 with the writer's start snapshot (long) after the writer id. Version
 * 1 committables read with an unknown start ({@link TableCommitter#UNKNOWN_START}).
 *
 * <p>Version 3: as version 2 with each file's CRC-32C (long, -1 unknown) after its max event
 * time. Files of older versions read with an unknown CRC.
 *
 * <p>Version 4: as version 3 with each file's schema id (int) after its CRC-32C: the schema
 * version the writer wrote it in, kept when the table's schema changes before the commit. Files
 * of older versions read with schema id 0 (tables had one schema then).
 */
@Internal
public final class AzofCommittableSerializer implements SimpleVersionedSerializer<AzofCommittable> {

    public static final int VERSION = 4;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(AzofCommittable c) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeUTF(c.writerId());
        out.writeLong(c.writerStartedAt());
        out.writeLong(c.checkpointId());
        out.writeBoolean(c.watermark() != null);
        if (c.watermark() != null) {
            out.writeLong(c.watermark());
        }
        out.writeInt(c.files().size());
        for (PendingFile p : c.files()) {
            writeInstant(out, p.segmentAnchor());
            DataFile f = p.file();
            out.writeUTF(f.path());
            out.writeByte(f.isBase() ? 0 : 1);
            writeNullableInstant(out, f.start());
            writeNullableInstant(out, f.end());
            out.writeInt(f.bucket());
            out.writeLong(f.rows());
            out.writeLong(f.bytes());
            out.writeLong(f.sequence());
            writeNullableInstant(out, f.minEventTime());
            writeNullableInstant(out, f.maxEventTime());
            out.writeLong(f.crc32c());
            out.writeInt(f.schemaId());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public AzofCommittable deserialize(int version, byte[] bytes) throws IOException {
        switch (version) {
            case 1:
            case 2:
            case 3:
            case 4:
                return deserialize(bytes, version);
            default:
                throw new IOException("Unknown AzofCommittable serializer version " + version);
        }
    }

    private static AzofCommittable deserialize(byte[] bytes, int version) throws IOException {
        boolean withStart = version >= 2;
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        String writerId = in.readUTF();
        long startedAt = withStart ? in.readLong() : TableCommitter.UNKNOWN_START;
        long checkpointId = in.readLong();
        Long watermark = in.readBoolean() ? in.readLong() : null;
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt AzofCommittable: negative file count " + n);
        }
        List<PendingFile> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant anchor = readInstant(in);
            String path = in.readUTF();
            byte kind = in.readByte();
            if (kind != 0 && kind != 1) {
                throw new IOException("corrupt AzofCommittable: file kind " + kind);
            }
            Instant start = readNullableInstant(in);
            Instant end = readNullableInstant(in);
            int bucket = in.readInt();
            long rows = in.readLong();
            long size = in.readLong();
            long sequence = in.readLong();
            Instant min = readNullableInstant(in);
            Instant max = readNullableInstant(in);
            long crc32c = version >= 3 ? in.readLong() : -1;
            int schemaId = version >= 4 ? in.readInt() : 0;
            if (schemaId < 0) {
                throw new IOException("corrupt AzofCommittable: negative schema id " + schemaId);
            }
            files.add(
                    new PendingFile(
                            anchor,
                            DataFile.builder(path, kind == 0 ? DataFile.Kind.BASE : DataFile.Kind.DELTA)
                                    .range(start, end)
                                    .bucket(bucket)
                                    .rows(rows)
                                    .bytes(size)
                                    .sequence(sequence)
                                    .eventTimes(min, max)
                                    .crc32c(crc32c)
                                    .schemaId(schemaId)
                                    .build()));
        }
        if (in.available() > 0) {
            throw new IOException("corrupt AzofCommittable: " + in.available() + " trailing bytes");
        }
        return new AzofCommittable(writerId, startedAt, checkpointId, watermark, files);
    }

    private static void writeInstant(DataOutputSerializer out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static void writeNullableInstant(DataOutputSerializer out, Instant t)
            throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            writeInstant(out, t);
        }
    }

    private static Instant readInstant(DataInputDeserializer in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static Instant readNullableInstant(DataInputDeserializer in) throws IOException {
        return in.readBoolean() ? readInstant(in) : null;
    }
}
