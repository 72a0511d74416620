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
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every version of every key of one bucket within a range of event times, read once from a
 * {@link dev.azof.core.plan.ScanPlanner#planBucketRange} task, so that many as-of lookups (a
 * point-in-time join) cost one read: per key the versions sorted by event time, each the winner
 * of its event time (docs/spec.md section 5), and a lookup is a binary search.
 */
public final class VersionIndex {

    /** One key's versions: ascending event times, and the row of each (null for a tombstone). */
    private static final class Versions {
        final long[] micros;
        final RowData[] rows;

        Versions(long[] micros, RowData[] rows) {
            this.micros = micros;
            this.rows = rows;
        }
    }

    private final ReadLayout layout;
    private final Map<List<Object>, Versions> byKey;
    private final long versions;
    private final long rowsRead;

    private VersionIndex(
            ReadLayout layout, Map<List<Object>, Versions> byKey, long versions, long rowsRead) {
        this.layout = layout;
        this.byKey = byKey;
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
        for (var f : task.files()) {
            TablePaths.checkRelative(f.path(), tableDir.toString());
        }
        KeyNormalizer keyOf = new KeyNormalizer(layout.keyTypes, layout.keyIndexes);
        Map<List<Object>, Versions> byKey = new HashMap<>();
        List<KeyGroupReader.RowVersion> rows = new ArrayList<>();
        long kept = 0;
        try (KeyGroupReader reader =
                new KeyGroupReader(
                        tableDir,
                        task.files(),
                        layout.readType,
                        layout.keyIndexes,
                        layout.keyTypes,
                        layout.eventTimeIndex,
                        opener,
                        SchemaMapper.of(schema, task.schemas()))) {
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
                long[] micros = new long[rows.size()];
                RowData[] values = new RowData[rows.size()];
                int n = 0;
                for (int i = 0; i < rows.size(); i++) {
                    KeyGroupReader.RowVersion v = rows.get(i);
                    if (i + 1 < rows.size() && rows.get(i + 1).eventMicros() == v.eventMicros()) {
                        continue; // lost the tie to a later row of the same event time
                    }
                    micros[n] = v.eventMicros();
                    values[n] = layout.isDeleted(v.row()) ? null : v.row();
                    n++;
                }
                byKey.put(
                        keyOf.key(rows.get(0).row()),
                        new Versions(Arrays.copyOf(micros, n), Arrays.copyOf(values, n)));
                kept += n;
                rows.clear();
            }
            return new VersionIndex(layout, byKey, kept, reader.rowsRead());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The key's row as of {@code micros} (inclusive), projected; null when the key has no version
     * at or before that time or its latest one is a tombstone.
     */
    public RowData lookup(List<Object> key, long micros) {
        Versions v = byKey.get(key);
        if (v == null) {
            return null;
        }
        int at = Arrays.binarySearch(v.micros, micros);
        if (at < 0) {
            at = -at - 2; // the greatest event time below micros
        }
        if (at < 0 || v.rows[at] == null) {
            return null;
        }
        return layout.project(v.rows[at]);
    }

    /** Versions held (one per key and event time). */
    public long versions() {
        return versions;
    }

    /** Rows read from the files to build the index. */
    public long rowsRead() {
        return rowsRead;
    }

    /**
     * Turns key columns into a hashable key: strings by their text, bytes by content, decimals by
     * value, so that keys read from files and keys given by a lookup compare equal.
     */
    public static final class KeyNormalizer {
        private final RowData.FieldGetter[] getters;

        public KeyNormalizer(List<LogicalType> keyTypes, int[] keyIndexes) {
            getters = new RowData.FieldGetter[keyTypes.size()];
            for (int k = 0; k < getters.length; k++) {
                getters[k] = RowData.createFieldGetter(keyTypes.get(k), keyIndexes[k]);
            }
        }

        /** The key of the row; null when a key column is null (such a key matches nothing). */
        public List<Object> key(RowData row) {
            Object[] values = new Object[getters.length];
            for (int k = 0; k < getters.length; k++) {
                Object v = getters[k].getFieldOrNull(row);
                if (v == null) {
                    return null;
                }
                if (v instanceof StringData) {
                    v = v.toString();
                } else if (v instanceof byte[]) {
                    v = ByteBuffer.wrap((byte[]) v);
                } else if (v instanceof DecimalData) {
                    v = ((DecimalData) v).toBigDecimal().stripTrailingZeros();
                }
                values[k] = v;
            }
            return Arrays.asList(values);
        }
    }
}
