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
package dev.azof.core.table;

import dev.azof.core.AzofException;
import dev.azof.core.metadata.Column;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.metadata.Segment;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotSummary;
import dev.azof.core.metadata.TableSchema;

import org.apache.flink.core.fs.Path;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metadata tables of an Azof table ({@code t$snapshots}, {@code t$files}, {@code t$segments},
 * {@code t$schemas}): their columns and their rows, listed from the table's snapshot files through
 * the validating snapshot reader ({@link AzofTable}, {@link
 * dev.azof.core.commit.SnapshotStore}). A metadata table reads metadata only, never a data file:
 * a value the metadata does not record (row counts of azof 0.2 files, for example) is null.
 *
 * <p>Every table is listed as of one snapshot: the current one, or the one asked for (the {@code
 * scan.snapshot-id} of a read). {@link #SNAPSHOTS} lists that snapshot and its retained
 * ancestors (expired snapshots are gone); {@link #SCHEMAS} every schema version the snapshot
 * knows (its own last); the others describe that snapshot.
 *
 * <p>Columns holding event times ({@code table_watermark}, segment bounds, a file's event-time range)
 * have the type of the table's event-time column (TIMESTAMP or TIMESTAMP_LTZ, with microseconds),
 * so that they compare with its values; {@code
 * commit_time} is an instant ({@code TIMESTAMP_LTZ(3)}).
 */
public enum MetadataTable {
    SNAPSHOTS("snapshots"),
    FILES("files"),
    SEGMENTS("segments"),
    SCHEMAS("schemas");

    /** Separates a table's name from the metadata table's suffix: {@code orders$snapshots}. */
    public static final String SEPARATOR = "$";

    /**
     * The schema id of snapshots that record none. Snapshots of format 1 and of azof 0.2 carry no
     * schema id: a table has one schema, numbered 0, as Paimon and Iceberg number their first.
     */
    public static final long INITIAL_SCHEMA_ID = 0;

    /** Event times in the format are microseconds (dev.azof.core.plan.EventTimes). */
    private static final int EVENT_TIME_PRECISION = 6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String suffix;

    MetadataTable(String suffix) {
        this.suffix = suffix;
    }

    /** The name after {@link #SEPARATOR}, e.g. {@code snapshots}. */
    public String suffix() {
        return suffix;
    }

    /** The metadata table a suffix names (case-insensitive), or null. */
    public static MetadataTable ofSuffix(String suffix) {
        for (MetadataTable t : values()) {
            if (t.suffix.equalsIgnoreCase(suffix)) {
                return t;
            }
        }
        return null;
    }

    /** The suffixes, for error messages: {@code snapshots, files, segments, schemas}. */
    public static String suffixes() {
        List<String> names = new ArrayList<>();
        for (MetadataTable t : values()) {
            names.add(t.suffix);
        }
        return String.join(", ", names);
    }

    /** The columns of this metadata table for a table with the given schema. */
    public RowType rowType(TableSchema schema) {
        LogicalType eventTime = eventTimeType(schema);
        List<RowType.RowField> f = new ArrayList<>();
        switch (this) {
            case SNAPSHOTS:
                f.add(field("snapshot_id", new BigIntType(false)));
                f.add(field("parent_id", new BigIntType()));
                f.add(field("commit_time", new LocalZonedTimestampType(false, 3)));
                f.add(field("operation", string()));
                f.add(field("writer_id", string()));
                f.add(field("checkpoint_id", new BigIntType()));
                f.add(field("table_watermark", eventTime));
                f.add(field("schema_id", new BigIntType(false)));
                f.add(field("added_files", new BigIntType()));
                f.add(field("removed_files", new BigIntType()));
                f.add(field("added_rows", new BigIntType()));
                f.add(field("removed_rows", new BigIntType()));
                f.add(field("added_bytes", new BigIntType()));
                f.add(field("removed_bytes", new BigIntType()));
                f.add(field("total_files", new BigIntType(false)));
                f.add(field("total_rows", new BigIntType()));
                f.add(field("total_bytes", new BigIntType()));
                f.add(field("summary", new MapType(string(), string())));
                break;
            case FILES:
                f.add(field("path", string(false)));
                f.add(field("kind", string(false)));
                f.add(field("segment_id", string(false)));
                f.add(field("bucket", new IntType()));
                f.add(field("sequence_number", new BigIntType(false)));
                f.add(field("record_count", new BigIntType()));
                f.add(field("file_size_in_bytes", new BigIntType()));
                f.add(field("min_event_time", eventTime));
                f.add(field("max_event_time", eventTime));
                f.add(field("schema_id", new BigIntType(false)));
                break;
            case SEGMENTS:
                f.add(field("segment_id", string(false)));
                f.add(field("parent_id", string()));
                f.add(field("depth", new IntType(false)));
                f.add(field("start_time", eventTime.copy(false)));
                f.add(field("end_time", eventTime));
                f.add(field("base_files", new IntType(false)));
                f.add(field("delta_files", new IntType(false)));
                f.add(field("children", new IntType(false)));
                f.add(field("record_count", new BigIntType()));
                f.add(field("size_in_bytes", new BigIntType()));
                break;
            case SCHEMAS:
                f.add(field("schema_id", new BigIntType(false)));
                f.add(field("columns", string(false)));
                f.add(field("primary_key", new ArrayType(false, string(false))));
                f.add(field("event_time_column", string(false)));
                f.add(field("is_current", new BooleanType(false)));
                break;
            default:
                throw new IllegalStateException(name());
        }
        return new RowType(f);
    }

    /** The rows of this metadata table for the table in {@code dir}, current or as of a snapshot. */
    public List<RowData> rows(Path dir, Long snapshotId) {
        AzofTable table = snapshotId == null ? AzofTable.open(dir) : AzofTable.open(dir, snapshotId);
        return rows(table);
    }

    /** The rows of this metadata table as of the snapshot {@code table} was opened at. */
    public List<RowData> rows(AzofTable table) {
        Snapshot snapshot = table.snapshot();
        List<RowData> rows = new ArrayList<>();
        switch (this) {
            case SNAPSHOTS:
                snapshotRows(table, rows);
                break;
            case FILES:
                walk(snapshot.segments(), null, 0, rows, true);
                break;
            case SEGMENTS:
                walk(snapshot.segments(), null, 0, rows, false);
                break;
            case SCHEMAS:
                // Every version up to this snapshot, oldest first: the current one is last.
                for (TableSchema schema : snapshot.schemas()) {
                    rows.add(schemaRow(schema.schemaId(), schema, schema == snapshot.schema()));
                }
                break;
            default:
                throw new IllegalStateException(name());
        }
        return rows;
    }

    // ------------------------------------------------------------------ t$snapshots

    /**
     * The snapshot and the retained snapshots before it, oldest first. Expiration deletes the
     * oldest snapshots first, so the retained ones are an unbroken run of ids ending here.
     */
    private static void snapshotRows(AzofTable table, List<RowData> out) {
        Map<Long, Snapshot> byId = new HashMap<>();
        long oldest = table.snapshot().id();
        byId.put(oldest, table.snapshot());
        for (long id = oldest - 1; id >= 1; id--) {
            Snapshot s = table.store().readIfExists(id);
            if (s == null) {
                break;
            }
            byId.put(id, s);
            oldest = id;
        }
        for (long id = oldest; id <= table.snapshot().id(); id++) {
            Snapshot s = byId.get(id);
            out.add(snapshotRow(s, s.parentId() == null ? null : byId.get(s.parentId())));
        }
    }

    private static RowData snapshotRow(Snapshot s, Snapshot parent) {
        SnapshotSummary summary = SnapshotSummary.of(s);
        List<DataFile> files = s.allFiles();
        GenericRowData row = new GenericRowData(18);
        row.setField(0, s.id());
        row.setField(1, s.parentId());
        row.setField(2, TimestampData.fromEpochMillis(s.timestampMillis()));
        row.setField(3, str(summary.operation()));
        row.setField(4, str(summary.writerId()));
        row.setField(5, summary.checkpointId());
        row.setField(6, time(summary.watermark()));
        row.setField(7, (long) s.schema().schemaId());
        // What a commit added and removed is the difference of its file list and its parent's;
        // unknown when the parent has expired (a snapshot without a parent added everything).
        if (parent != null || s.parentId() == null) {
            Map<String, DataFile> before = new HashMap<>();
            if (parent != null) {
                for (DataFile f : parent.allFiles()) {
                    before.put(f.path(), f);
                }
            }
            List<DataFile> added = new ArrayList<>();
            for (DataFile f : files) {
                if (before.remove(f.path()) == null) {
                    added.add(f);
                }
            }
            List<DataFile> removed = new ArrayList<>(before.values());
            row.setField(8, (long) added.size());
            row.setField(9, (long) removed.size());
            row.setField(10, rowsOf(added));
            row.setField(11, rowsOf(removed));
            row.setField(12, bytesOf(added));
            row.setField(13, bytesOf(removed));
        }
        row.setField(14, (long) files.size());
        row.setField(15, rowsOf(files));
        row.setField(16, bytesOf(files));
        Map<StringData, StringData> map = new HashMap<>();
        summary.toMap().forEach((k, v) -> map.put(str(k), str(v)));
        row.setField(17, new GenericMapData(map));
        return row;
    }

    // ------------------------------------------------------------------ t$files, t$segments

    private static void walk(
            List<Segment> segments, Segment parent, int depth, List<RowData> out, boolean files) {
        for (Segment s : segments) {
            if (files) {
                for (DataFile f : s.bases()) {
                    out.add(fileRow(s, f));
                }
                for (DataFile f : s.deltas()) {
                    out.add(fileRow(s, f));
                }
            } else {
                out.add(segmentRow(s, parent, depth));
            }
            walk(s.children(), s, depth + 1, out, files);
        }
    }

    private static RowData fileRow(Segment segment, DataFile f) {
        return GenericRowData.of(
                str(f.path()),
                str(f.kind().name().toLowerCase(Locale.ROOT)),
                str(segment.id()),
                f.bucket() == DataFile.NO_BUCKET ? null : f.bucket(),
                f.sequence(),
                f.rows() < 0 ? null : f.rows(),
                f.bytes() < 0 ? null : f.bytes(),
                time(f.minEventTime()),
                time(f.maxEventTime()),
                (long) f.schemaId());
    }

    private static RowData segmentRow(Segment s, Segment parent, int depth) {
        List<DataFile> own = new ArrayList<>(s.bases());
        own.addAll(s.deltas());
        return GenericRowData.of(
                str(s.id()),
                parent == null ? null : str(parent.id()),
                depth,
                time(s.start()),
                time(s.end()),
                s.bases().size(),
                s.deltas().size(),
                s.children().size(),
                rowsOf(own),
                bytesOf(own));
    }

    // ------------------------------------------------------------------ t$schemas

    private static RowData schemaRow(long id, TableSchema schema, boolean current) {
        ArrayNode columns = JSON.createArrayNode();
        for (Column c : schema.columns()) {
            ObjectNode node = columns.addObject();
            node.put("id", c.id());
            node.put("name", c.name());
            node.put("type", c.typeName());
            node.put("nullable", c.declaredNullable());
        }
        StringData[] key = new StringData[schema.primaryKey().size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = str(schema.primaryKey().get(i));
        }
        try {
            return GenericRowData.of(
                    id,
                    str(JSON.writeValueAsString(columns)),
                    new GenericArrayData(key),
                    str(schema.eventTimeColumn()),
                    current);
        } catch (JsonProcessingException e) {
            throw new AzofException("cannot describe schema " + id + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The type of event times in metadata (nullable): the root of the table's event-time column
     * (TIMESTAMP or TIMESTAMP_LTZ) with microseconds, the resolution of the format's event times
     * (segment bounds end at {@code .999999}).
     */
    private static LogicalType eventTimeType(TableSchema schema) {
        LogicalType t = schema.column(schema.eventTimeColumn()).type();
        if (t.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE) {
            return new TimestampType(true, EVENT_TIME_PRECISION);
        }
        return new LocalZonedTimestampType(true, EVENT_TIME_PRECISION);
    }

    /**
     * An event time as a timestamp value: TIMESTAMP event times are read as UTC wall-clock times
     * (dev.azof.core.plan.EventTimes), so the same value serves both types.
     */
    private static TimestampData time(Instant t) {
        return t == null ? null : TimestampData.fromInstant(t);
    }

    private static Long rowsOf(List<DataFile> files) {
        long sum = 0;
        for (DataFile f : files) {
            if (f.rows() < 0) {
                return null;
            }
            sum += f.rows();
        }
        return sum;
    }

    private static Long bytesOf(List<DataFile> files) {
        long sum = 0;
        for (DataFile f : files) {
            if (f.bytes() < 0) {
                return null;
            }
            sum += f.bytes();
        }
        return sum;
    }

    private static StringData str(String s) {
        return s == null ? null : StringData.fromString(s);
    }

    private static RowType.RowField field(String name, LogicalType type) {
        return new RowType.RowField(name, type);
    }

    private static VarCharType string() {
        return string(true);
    }

    private static VarCharType string(boolean nullable) {
        return new VarCharType(nullable, VarCharType.MAX_LENGTH);
    }
}
