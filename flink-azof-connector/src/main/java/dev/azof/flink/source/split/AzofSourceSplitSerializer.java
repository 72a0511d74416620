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
package dev.azof.flink.source.split;

import dev.azof.core.AzofException;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.SnapshotJson;
import dev.azof.core.metadata.TableSchema;
import dev.azof.core.plan.ScanTask;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serializes {@link AzofSourceSplit}s for checkpoints and for the enumerator-to-reader RPC.
 *
 * <p>Version 1 layout, field by field (no Java serialization, so core classes may evolve):
 *
 * <pre>
 * UTF splitId, long recordsEmitted,
 * int bucket, UTF mergeMode (enum name), int fileCount, then per file:
 *   UTF path, UTF kind (enum name), instant start, instant end, int bucket,
 *   long rows, long bytes, long sequence, instant minEventTime, instant maxEventTime
 * instant = boolean present [, long epochSecond, int nano]
 * </pre>
 *
 * <p>Version 2 appends the origin of a streaming read's split: {@code boolean present [, UTF kind
 * (enum name), long snapshotId, long commitMillis, long watermarkBeforeMicros, long
 * afterMicros]}. Version 1 bytes read as splits without origin.
 *
 * <p>Version 3 appends what readers need to map files of other schema versions (docs/spec.md,
 * "Schema versions"): per file {@code int schemaId}, then {@code int schemaCount} and per schema
 * {@code int schemaId, int byteLength, bytes} of its JSON ({@link SnapshotJson#schemaToJson}).
 * Versions 1 and 2 read as files of schema 0 and no schemas, which is what they held (they were
 * written before schemas could change).
 */
@Internal
public final class AzofSourceSplitSerializer implements SimpleVersionedSerializer<AzofSourceSplit> {

    public static final AzofSourceSplitSerializer INSTANCE = new AzofSourceSplitSerializer();

    public static final int VERSION = 3;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(AzofSourceSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        write(split, out);
        SplitOrigin origin = split.origin();
        out.writeBoolean(origin != null);
        if (origin != null) {
            out.writeUTF(origin.kind().name());
            out.writeLong(origin.snapshotId());
            out.writeLong(origin.commitMillis());
            out.writeLong(origin.watermarkBeforeMicros());
            out.writeLong(origin.afterMicros());
        }
        for (DataFile f : split.task().files()) {
            out.writeInt(f.schemaId());
        }
        Map<Integer, TableSchema> schemas = split.task().schemas();
        out.writeInt(schemas.size());
        for (Map.Entry<Integer, TableSchema> e : schemas.entrySet()) {
            out.writeInt(e.getKey());
            byte[] json = SnapshotJson.schemaToJson(e.getValue()).getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public AzofSourceSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > 3) {
            throw new IOException("Unknown AzofSourceSplit serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        AzofSourceSplit split = read(in);
        if (version >= 2 && in.readBoolean()) {
            SplitOrigin.Kind kind = enumValue(SplitOrigin.Kind.class, in.readUTF());
            split =
                    new AzofSourceSplit(
                            split.splitId(),
                            split.task(),
                            split.recordsEmitted(),
                            new SplitOrigin(
                                    kind, in.readLong(), in.readLong(), in.readLong(), in.readLong()));
        }
        if (version >= 3) {
            split = withSchemas(split, in);
        }
        if (in.available() > 0) {
            throw new IOException(
                    "AzofSourceSplit has " + in.available() + " unexpected trailing bytes");
        }
        return split;
    }

    private static AzofSourceSplit withSchemas(AzofSourceSplit split, DataInputDeserializer in)
            throws IOException {
        ScanTask task = split.task();
        List<DataFile> files = new ArrayList<>(task.files().size());
        for (DataFile f : task.files()) {
            int schemaId = in.readInt();
            if (schemaId < 0) {
                throw new IOException("AzofSourceSplit file " + f.path() + " has schema id " + schemaId);
            }
            files.add(f.withSchemaId(schemaId));
        }
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("AzofSourceSplit has a negative schema count " + count);
        }
        Map<Integer, TableSchema> schemas = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int id = in.readInt();
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new IOException("AzofSourceSplit schema " + id + " has a bad length " + length);
            }
            byte[] json = new byte[length];
            in.readFully(json);
            TableSchema schema;
            try {
                schema =
                        SnapshotJson.parseSchema(
                                new String(json, StandardCharsets.UTF_8),
                                "schema " + id + " of source split " + split.splitId());
            } catch (AzofException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (schema.schemaId() != id) {
                throw new IOException(
                        "AzofSourceSplit lists schema " + schema.schemaId() + " under id " + id);
            }
            schemas.put(id, schema);
        }
        return new AzofSourceSplit(
                split.splitId(),
                new ScanTask(task.bucket(), task.mode(), files, schemas),
                split.recordsEmitted(),
                split.origin());
    }

    private static void write(AzofSourceSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.splitId());
        out.writeLong(split.recordsEmitted());
        ScanTask task = split.task();
        out.writeInt(task.bucket());
        out.writeUTF(task.mode().name());
        out.writeInt(task.files().size());
        for (DataFile f : task.files()) {
            out.writeUTF(f.path());
            out.writeUTF(f.kind().name());
            writeInstant(f.start(), out);
            writeInstant(f.end(), out);
            out.writeInt(f.bucket());
            out.writeLong(f.rows());
            out.writeLong(f.bytes());
            out.writeLong(f.sequence());
            writeInstant(f.minEventTime(), out);
            writeInstant(f.maxEventTime(), out);
        }
    }

    private static AzofSourceSplit read(DataInputView in) throws IOException {
        String splitId = in.readUTF();
        long emitted = in.readLong();
        int bucket = in.readInt();
        ScanTask.MergeMode mode = enumValue(ScanTask.MergeMode.class, in.readUTF());
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("AzofSourceSplit has a negative file count " + count);
        }
        List<DataFile> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String path = in.readUTF();
            DataFile.Kind kind = enumValue(DataFile.Kind.class, in.readUTF());
            Instant start = readInstant(in);
            Instant end = readInstant(in);
            int fileBucket = in.readInt();
            long rows = in.readLong();
            long bytes = in.readLong();
            long sequence = in.readLong();
            Instant min = readInstant(in);
            Instant max = readInstant(in);
            files.add(
                    DataFile.builder(path, kind)
                            .range(start, end)
                            .bucket(fileBucket)
                            .rows(rows)
                            .bytes(bytes)
                            .sequence(sequence)
                            .eventTimes(min, max)
                            .build());
        }
        return new AzofSourceSplit(splitId, new ScanTask(bucket, mode, files), emitted);
    }

    private static void writeInstant(Instant t, DataOutputView out) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long seconds = in.readLong();
        int nanos = in.readInt();
        return Instant.ofEpochSecond(seconds, nanos);
    }

    // Enum names, not ordinals, so that reordering constants cannot silently change meaning.
    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) throws IOException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "AzofSourceSplit holds unknown " + type.getSimpleName() + " '" + name + "'", e);
        }
    }
}
