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

package dev.azof.interop;

import dev.azof.core.metadata.TableSchema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An as-of read written in DuckDB SQL from docs/spec.md alone: section 6.2 plans from the
 * snapshot JSON (bases, late deltas, tombstones_from fallback, file order), section 5 picks the
 * winners from the Parquet files. It shares no code with azof's planner and reader.
 */
final class SpecAsOfSql {

    /** The bound of a current read: every event time is at or before it. */
    static final long CURRENT = Long.MAX_VALUE;

    private SpecAsOfSql() {}

    /**
     * The files a read of snapshot {@code id} as of {@code asOfMicros} opens: rows of (bucket,
     * path, sequence, file order within the bucket).
     */
    static String plan(String tableDir, long id, long asOfMicros) {
        String t = Long.toString(asOfMicros);
        return "WITH RECURSIVE"
                + " snap AS (SELECT CAST(content AS JSON) AS j FROM read_text("
                + DuckDb.literal(tableDir + "/s" + id + ".json")
                + ")),"
                // every segment of the tree, at any depth
                + " segs(seg) AS ("
                + "   SELECT unnest(from_json(json_extract(j, 'segments'), '[\"JSON\"]')) FROM snap"
                + "   UNION ALL"
                + "   SELECT unnest(from_json(json_extract(seg, 'segments'), '[\"JSON\"]')) FROM segs"
                + "   WHERE json_extract(seg, 'segments') IS NOT NULL),"
                + " base_files AS ("
                + "   SELECT f->>'file' AS path, CAST(f->>'bucket' AS INTEGER) AS bucket,"
                + "     CAST(f->>'sequence' AS BIGINT) AS seq, start_us,"
                + "     epoch_us(CAST(f->>'tombstones_from' AS TIMESTAMPTZ)) AS tombstones_from_us"
                + "   FROM (SELECT epoch_us(CAST(seg->>'start' AS TIMESTAMPTZ)) AS start_us,"
                + "     unnest(from_json(json_extract(seg, 'bases'), '[\"JSON\"]')) AS f"
                + "     FROM segs WHERE json_extract(seg, 'bases') IS NOT NULL)),"
                // first and last event time: min/max_event_time, else the range
                + " delta_files AS ("
                + "   SELECT f->>'file' AS path, CAST(f->>'bucket' AS INTEGER) AS bucket,"
                + "     CAST(f->>'sequence' AS BIGINT) AS seq,"
                + "     epoch_us(CAST(coalesce(f->>'min_event_time', f->>'start') AS TIMESTAMPTZ)) AS first_us,"
                + "     epoch_us(CAST(coalesce(f->>'max_event_time', f->>'end') AS TIMESTAMPTZ)) AS last_us"
                + "   FROM (SELECT unnest(from_json(json_extract(seg, 'delta'), '[\"JSON\"]')) AS f"
                + "     FROM segs WHERE json_extract(seg, 'delta') IS NOT NULL)),"
                // 6.2 step 1: bases starting at or before t, greatest start, then sequence ...
                + " candidates AS ("
                + "   SELECT *, row_number() OVER (PARTITION BY bucket ORDER BY start_us DESC, seq DESC) AS rank"
                + "   FROM base_files WHERE start_us <= " + t + "),"
                // ... skipping a base whose dropped tombstones a delta read with it may need
                + " usable AS ("
                + "   SELECT * FROM candidates b WHERE b.tombstones_from_us IS NULL OR NOT EXISTS ("
                + "     SELECT 1 FROM delta_files d WHERE d.bucket = b.bucket AND d.first_us <= " + t
                + "     AND (d.last_us >= b.start_us OR d.seq > b.seq)"
                + "     AND d.first_us < b.tombstones_from_us)),"
                + " chosen AS (SELECT * FROM usable QUALIFY row_number() OVER (PARTITION BY bucket ORDER BY rank) = 1),"
                // step 2: deltas starting at or before t that reach the base or came after it
                + " deltas AS ("
                + "   SELECT d.path, d.bucket, d.seq FROM delta_files d LEFT JOIN chosen b ON b.bucket = d.bucket"
                + "   WHERE d.first_us <= " + t
                + "   AND (b.path IS NULL OR d.last_us >= b.start_us OR d.seq > b.seq)),"
                // step 3: the base first, then deltas by sequence, then path
                + " planned AS ("
                + "   SELECT path, bucket, seq, 0 AS kind FROM chosen"
                + "   UNION ALL SELECT path, bucket, seq, 1 AS kind FROM deltas)"
                + " SELECT bucket, path, seq,"
                + "   row_number() OVER (PARTITION BY bucket ORDER BY kind, seq, path) AS file_order"
                + " FROM planned ORDER BY bucket, file_order";
    }

    /**
     * The rows of the read (section 5) from the files {@link #plan} chose (rows of bucket, path,
     * sequence, file order): per key, the row with the greatest event time at or before t, ties
     * to the higher sequence, the later file, the later row; tombstones hide their key. Columns
     * rendered by {@link Rendering}. Null when the plan opens no file.
     */
    static String read(String tableDir, List<List<String>> plan, long asOfMicros, TableSchema schema) {
        if (plan.isEmpty()) {
            return null;
        }
        String keys =
                schema.primaryKey().stream().map(k -> "r.\"" + k + "\"").collect(Collectors.joining(", "));
        String eventTime = "epoch_us(r.\"" + schema.eventTimeColumn() + "\")";
        String files =
                plan.stream()
                        .map(p -> DuckDb.literal(tableDir + "/" + p.get(1)))
                        .collect(Collectors.joining(", "));
        String values =
                plan.stream()
                        .map(p -> "(" + DuckDb.literal(tableDir + "/" + p.get(1)) + ", " + p.get(2) + ", " + p.get(3) + ")")
                        .collect(Collectors.joining(", "));
        return "WITH plan(path, seq, file_order) AS (VALUES " + values + "),"
                + " winners AS ("
                + "   SELECT r.* FROM read_parquet([" + files + "], filename = true, file_row_number = true) r"
                + "   JOIN plan p ON r.filename = p.path"
                + "   WHERE " + eventTime + " <= " + asOfMicros
                + "   QUALIFY row_number() OVER (PARTITION BY " + keys
                + "     ORDER BY " + eventTime + " DESC, p.seq DESC, p.file_order DESC, r.file_row_number DESC) = 1)"
                + " SELECT " + Rendering.selectList(schema.rowType())
                + " FROM winners WHERE NOT \"_azof_deleted\"";
    }
}
