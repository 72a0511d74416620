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
package dev.azof.core.metadata;

import dev.azof.core.AzofException;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes snapshot files ({@code s<id>.json}). Reading treats the file as untrusted:
 * every problem becomes an {@link AzofException} naming the file and the field.
 *
 * <p>See docs/spec.md for the layout. A file without {@code format_version} is an azof 0.2
 * snapshot and is read exactly as the original did.
 */
public final class SnapshotJson {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .withZone(java.time.ZoneOffset.UTC);

    private SnapshotJson() {}

    // ------------------------------------------------------------------ reading

    public static Snapshot parse(String json, long idFromFileName, String fileName) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AzofException(
                    fileName
                            + " is not valid JSON ("
                            + e.getOriginalMessage()
                            + " at line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                            + ")",
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new AzofException(fileName + " is not a JSON object");
        }
        Reader r = new Reader(fileName);
        int formatVersion = root.has("format_version") ? r.intField(root, "format_version") : 0;
        if (formatVersion < 0 || formatVersion > Snapshot.MAX_FORMAT) {
            throw new AzofException(
                    fileName
                            + ": format_version "
                            + formatVersion
                            + " is not supported (this reader knows 0.2 tables and versions 1 to "
                            + Snapshot.MAX_FORMAT
                            + ")");
        }
        boolean legacy = formatVersion == Snapshot.LEGACY_FORMAT;
        boolean versioned = formatVersion >= Snapshot.SCHEMA_EVOLUTION_FORMAT;
        TableSchema schema = r.schema(r.object(root, "schema"), legacy, versioned);
        List<TableSchema> history = new ArrayList<>();
        if (versioned && root.hasNonNull("schema_history")) {
            for (JsonNode h : r.array(root.get("schema_history"), "schema_history")) {
                if (!h.isObject()) {
                    throw r.error("an entry of 'schema_history' is not an object");
                }
                history.add(r.schema(h, false, true));
            }
        }
        r.checkSchemaVersions(schema, history);
        Set<Integer> schemaIds = new HashSet<>();
        history.forEach(h -> schemaIds.add(h.schemaId()));
        schemaIds.add(schema.schemaId());
        r.knownSchemaIds = schemaIds;
        long id = legacy ? idFromFileName : r.longField(root, "snapshot_id");
        if (!legacy && id != idFromFileName) {
            throw new AzofException(
                    fileName + ": snapshot_id " + id + " does not match the file name");
        }
        Long parent =
                root.hasNonNull("parent_snapshot_id")
                        ? r.longField(root, "parent_snapshot_id")
                        : null;
        long timestamp = root.hasNonNull("timestamp_ms") ? r.longField(root, "timestamp_ms") : 0L;
        int buckets = legacy ? 1 : r.intField(root, "bucket_count");
        if (buckets < 1 || buckets > Snapshot.MAX_BUCKETS) {
            throw new AzofException(fileName + ": bucket_count " + buckets + " is out of range");
        }
        List<Segment> segments = new ArrayList<>();
        JsonNode segs = root.get("segments");
        if (segs != null && !segs.isNull()) {
            for (JsonNode s : r.array(segs, "segments")) {
                segments.add(r.segment(s, legacy, buckets, 0));
            }
        }
        return new Snapshot(
                formatVersion,
                id,
                parent,
                timestamp,
                schema,
                history,
                buckets,
                segments,
                r.stringMap(root.get("properties"), "properties"),
                r.stringMap(root.get("summary"), "summary"));
    }

    /** Reads a value of the snapshot's timestamp format: RFC 3339 with any offset. */
    public static Instant parseInstant(String text) {
        Instant written = parseUtc(text);
        if (written != null) {
            return written;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.parse(text);
        }
    }

    private static final int[] FRACTION_SCALE = {
        0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
    };

    /**
     * The form writers use, {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with 1 to 9 fraction digits, read
     * without java.time's formatters (a snapshot holds thousands of timestamps, and opening a
     * table is on every read's and join's path); null for any other form or an invalid value,
     * which {@link #parseInstant} then reads, or rejects, with java.time's parser.
     */
    static Instant parseUtc(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            int f = digits(s, 20, fraction);
            if (f < 0) {
                return null;
            }
            nanos = f * FRACTION_SCALE[fraction];
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59
                || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** The decimal number of {@code length} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Formats an instant as the snapshot files do: milliseconds when exact, else micros. */
    public static String formatInstant(Instant t) {
        if (t.getNano() % 1_000_000 == 0) {
            return MILLIS.format(t);
        }
        return t.toString();
    }

    private static final class Reader {
        private final String file;
        /** The schema ids a data file of this snapshot may name. */
        private Set<Integer> knownSchemaIds = Set.of(0);

        Reader(String file) {
            this.file = file;
        }

        AzofException error(String what) {
            return new AzofException(file + ": " + what);
        }

        JsonNode object(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            if (n == null || !n.isObject()) {
                throw error("field '" + field + "' is missing or not an object");
            }
            return n;
        }

        ArrayNode array(JsonNode n, String field) {
            if (!n.isArray()) {
                throw error("field '" + field + "' is not an array");
            }
            return (ArrayNode) n;
        }

        String text(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            if (n == null || !n.isTextual()) {
                throw error("field '" + field + "' is missing or not a string");
            }
            return n.asText();
        }

        long longField(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
                throw error("field '" + field + "' is missing or not an integer");
            }
            return n.asLong();
        }

        int intField(JsonNode parent, String field) {
            long v = longField(parent, field);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw error("field '" + field + "' is out of range");
            }
            return (int) v;
        }

        long optionalLong(JsonNode parent, String field, long dflt) {
            return parent.hasNonNull(field) ? longField(parent, field) : dflt;
        }

        Instant instant(JsonNode parent, String field) {
            String t = text(parent, field);
            try {
                return parseInstant(t);
            } catch (DateTimeParseException e) {
                throw error("field '" + field + "' holds '" + t + "', not an RFC 3339 timestamp");
            }
        }

        Instant optionalInstant(JsonNode parent, String field) {
            return parent.hasNonNull(field) ? instant(parent, field) : null;
        }

        Map<String, String> stringMap(JsonNode n, String field) {
            Map<String, String> m = new LinkedHashMap<>();
            if (n == null || n.isNull()) {
                return m;
            }
            if (!n.isObject()) {
                throw error("field '" + field + "' is not an object");
            }
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
            return m;
        }

        TableSchema schema(JsonNode n, boolean legacy, boolean versioned) {
            JsonNode cols = n.get("columns");
            if (cols == null || !cols.isArray()) {
                throw error("schema has no 'columns' array");
            }
            int schemaId = 0;
            if (versioned) {
                schemaId = intField(n, "schema_id");
                if (schemaId < 0) {
                    throw error("schema_id " + schemaId + " is negative");
                }
            }
            List<Column> columns = new ArrayList<>();
            for (JsonNode c : cols) {
                String name = text(c, "name");
                String type = text(c, "data_type");
                boolean nullable = !c.has("nullable") || c.get("nullable").asBoolean(true);
                int columnId = 0;
                if (versioned) {
                    columnId = intField(c, "id");
                    if (columnId < 1) {
                        throw error("column '" + name + "' has id " + columnId + ": ids start at 1");
                    }
                }
                try {
                    columns.add(new Column(columnId, name, type, nullable));
                } catch (AzofException e) {
                    throw error(e.getMessage());
                }
            }
            try {
                if (legacy) {
                    return TableSchema.legacy(columns);
                }
                List<String> pk = new ArrayList<>();
                JsonNode pkNode = n.get("primary_key");
                if (pkNode != null && pkNode.isArray()) {
                    for (JsonNode k : pkNode) {
                        pk.add(k.asText());
                    }
                }
                String eventTime = n.hasNonNull("event_time_column") ? text(n, "event_time_column") : null;
                return TableSchema.of(schemaId, columns, pk, eventTime);
            } catch (AzofException e) {
                throw error(e.getMessage());
            }
        }

        /**
         * Earlier versions come in ascending id order before the current one, and keep the key and
         * event-time columns (by field id) that a schema change may not touch.
         */
        void checkSchemaVersions(TableSchema current, List<TableSchema> history) {
            int previous = -1;
            for (TableSchema h : history) {
                if (h.schemaId() <= previous) {
                    throw error("schema_history is not in ascending schema_id order at schema " + h.schemaId());
                }
                previous = h.schemaId();
                if (!keyIds(h).equals(keyIds(current))) {
                    throw error("schema " + h.schemaId() + " has other key or event-time columns than schema "
                            + current.schemaId() + " (a schema change cannot change them)");
                }
            }
            if (current.schemaId() <= previous) {
                throw error("schema " + current.schemaId() + " is not newer than its history's schema " + previous);
            }
        }

        private static List<Integer> keyIds(TableSchema s) {
            List<Integer> ids = new ArrayList<>();
            for (String k : s.primaryKey()) {
                ids.add(s.column(k).id());
            }
            ids.add(s.column(s.eventTimeColumn()).id());
            return ids;
        }

        Segment segment(JsonNode n, boolean legacy, int buckets, int depth) {
            if (depth > 32) {
                throw error("segment tree is deeper than 32 levels");
            }
            if (!n.isObject()) {
                throw error("a segment is not an object");
            }
            String id = n.hasNonNull("id") ? n.get("id").asText() : "";
            Instant start = instant(n, "start");
            Instant end = optionalInstant(n, "end");
            if (end != null && end.isBefore(start)) {
                throw error("segment '" + id + "' ends before it starts");
            }
            List<DataFile> bases = new ArrayList<>();
            if (n.hasNonNull("file")) {
                String path = text(n, "file");
                checkPath(path, id);
                bases.add(
                        DataFile.builder(path, DataFile.Kind.BASE)
                                .range(start, null)
                                .bucket(legacy ? DataFile.NO_BUCKET : 0)
                                .build());
            }
            if (n.hasNonNull("bases")) {
                for (JsonNode b : array(n.get("bases"), "bases")) {
                    bases.add(file(b, DataFile.Kind.BASE, start, buckets, id));
                }
            }
            List<DataFile> deltas = new ArrayList<>();
            if (n.hasNonNull("delta")) {
                for (JsonNode d : array(n.get("delta"), "delta")) {
                    deltas.add(legacy ? legacyDelta(d, id) : file(d, DataFile.Kind.DELTA, null, buckets, id));
                }
            }
            List<Segment> children = new ArrayList<>();
            if (n.hasNonNull("segments")) {
                for (JsonNode c : array(n.get("segments"), "segments")) {
                    children.add(segment(c, legacy, buckets, depth + 1));
                }
            }
            return new Segment(id, start, end, bases, deltas, children);
        }

        void checkPath(String path, String segmentId) {
            String problem = TablePaths.problem(path);
            if (problem != null) {
                throw error("segment '" + segmentId + "': file reference '" + path + "' " + problem);
            }
        }

        DataFile legacyDelta(JsonNode d, String segmentId) {
            String path = text(d, "file");
            checkPath(path, segmentId);
            Instant start = instant(d, "start");
            Instant end = instant(d, "end");
            return DataFile.builder(path, DataFile.Kind.DELTA).range(start, end).build();
        }

        DataFile file(JsonNode d, DataFile.Kind kind, Instant baseStart, int buckets, String segmentId) {
            String path = text(d, "file");
            checkPath(path, segmentId);
            Instant start = kind == DataFile.Kind.BASE ? baseStart : instant(d, "start");
            Instant end = kind == DataFile.Kind.BASE ? null : instant(d, "end");
            int bucket = intField(d, "bucket");
            if (bucket < 0 || bucket >= buckets) {
                throw error("file '" + path + "' has bucket " + bucket + " outside 0.." + (buckets - 1));
            }
            int schemaId = d.hasNonNull("schema_id") ? intField(d, "schema_id") : 0;
            if (!knownSchemaIds.contains(schemaId)) {
                throw error("file '" + path + "' names schema " + schemaId + ", which the snapshot does not hold "
                        + "(schemas " + new TreeSet<>(knownSchemaIds) + ")");
            }
            return DataFile.builder(path, kind)
                    .range(start, end)
                    .bucket(bucket)
                    .rows(optionalLong(d, "rows", -1))
                    .bytes(optionalLong(d, "bytes", -1))
                    .sequence(longField(d, "sequence"))
                    .eventTimes(optionalInstant(d, "min_event_time"), optionalInstant(d, "max_event_time"))
                    .tombstonesFrom(kind == DataFile.Kind.BASE ? optionalInstant(d, "tombstones_from") : null)
                    .crc32c(optionalLong(d, "crc32c", -1))
                    .schemaId(schemaId)
                    .build();
        }
    }

    // ------------------------------------------------------------------ writing

    public static String toJson(Snapshot s) {
        if (s.isLegacy()) {
            throw new AzofException("this project does not write azof 0.2 snapshots");
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", s.formatVersion());
        root.put("snapshot_id", s.id());
        if (s.parentId() != null) {
            root.put("parent_snapshot_id", s.parentId());
        }
        root.put("timestamp_ms", s.timestampMillis());
        boolean versioned = s.formatVersion() >= Snapshot.SCHEMA_EVOLUTION_FORMAT;
        writeSchema(root.putObject("schema"), s.schema(), versioned);
        if (versioned && !s.schemaHistory().isEmpty()) {
            ArrayNode history = root.putArray("schema_history");
            for (TableSchema h : s.schemaHistory()) {
                writeSchema(history.addObject(), h, true);
            }
        }
        root.put("bucket_count", s.bucketCount());
        ObjectNode props = root.putObject("properties");
        s.properties().forEach(props::put);
        ObjectNode summary = root.putObject("summary");
        s.summary().forEach(summary::put);
        ArrayNode segs = root.putArray("segments");
        for (Segment seg : s.segments()) {
            writeSegment(segs.addObject(), seg, versioned);
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new AzofException("cannot serialize snapshot " + s.id(), e);
        }
    }

    /**
     * One schema version in the form of a version-2 snapshot's {@code schema} (ids included):
     * how a source split carries the schema versions of its files.
     */
    public static String schemaToJson(TableSchema schema) {
        if (schema.isLegacy()) {
            throw new AzofException("azof 0.2 schemas have no versions to write");
        }
        ObjectNode n = MAPPER.createObjectNode();
        writeSchema(n, schema, true);
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new AzofException("cannot serialize schema " + schema.schemaId(), e);
        }
    }

    /** Parses what {@link #schemaToJson} wrote; {@code source} names it in errors. */
    public static TableSchema parseSchema(String json, String source) {
        Reader r = new Reader(source);
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw r.error("not a JSON schema: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw r.error("not a JSON schema object");
        }
        return r.schema(n, false, true);
    }

    /** Version 1 schemas carry no ids (readers derive them from positions); version 2 all. */
    private static void writeSchema(ObjectNode schema, TableSchema tableSchema, boolean versioned) {
        if (versioned) {
            schema.put("schema_id", tableSchema.schemaId());
        }
        ArrayNode cols = schema.putArray("columns");
        for (Column c : tableSchema.columns()) {
            ObjectNode cn = cols.addObject();
            if (versioned) {
                cn.put("id", c.id());
            }
            cn.put("name", c.name());
            cn.put("data_type", c.typeName());
            cn.put("nullable", c.declaredNullable());
        }
        ArrayNode pk = schema.putArray("primary_key");
        tableSchema.primaryKey().forEach(pk::add);
        schema.put("event_time_column", tableSchema.eventTimeColumn());
    }

    private static void writeSegment(ObjectNode n, Segment seg, boolean versioned) {
        n.put("id", seg.id());
        n.put("start", formatInstant(seg.start()));
        if (seg.end() != null) {
            n.put("end", formatInstant(seg.end()));
        }
        if (!seg.bases().isEmpty()) {
            ArrayNode bases = n.putArray("bases");
            for (DataFile b : seg.bases()) {
                writeFile(bases.addObject(), b, versioned);
            }
        }
        if (!seg.deltas().isEmpty()) {
            ArrayNode deltas = n.putArray("delta");
            for (DataFile d : seg.deltas()) {
                writeFile(deltas.addObject(), d, versioned);
            }
        }
        if (!seg.children().isEmpty()) {
            ArrayNode children = n.putArray("segments");
            for (Segment c : seg.children()) {
                writeSegment(children.addObject(), c, versioned);
            }
        }
    }

    private static void writeFile(ObjectNode n, DataFile f, boolean versioned) {
        if (!versioned && f.schemaId() != 0) {
            throw new AzofException(
                    "file " + f.path() + " has schema " + f.schemaId() + " in a table of format version 1");
        }
        n.put("file", f.path());
        if (!f.isBase()) {
            n.put("start", formatInstant(f.start()));
            n.put("end", formatInstant(f.end()));
        }
        n.put("bucket", f.bucket());
        n.put("rows", f.rows());
        n.put("bytes", f.bytes());
        n.put("sequence", f.sequence());
        if (f.minEventTime() != null) {
            n.put("min_event_time", formatInstant(f.minEventTime()));
        }
        if (f.maxEventTime() != null) {
            n.put("max_event_time", formatInstant(f.maxEventTime()));
        }
        if (f.isBase() && f.tombstonesFrom() != null) {
            n.put("tombstones_from", formatInstant(f.tombstonesFrom()));
        }
        if (f.crc32c() >= 0) {
            n.put("crc32c", f.crc32c());
        }
        if (versioned) {
            n.put("schema_id", f.schemaId());
        }
    }
}
