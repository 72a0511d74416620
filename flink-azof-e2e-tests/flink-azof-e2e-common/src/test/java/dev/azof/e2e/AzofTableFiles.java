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
package dev.azof.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an Azof table's directory as the specification lays it out (docs/spec.md, sections 1-2),
 * without the connector: the test watches commits land while a job runs, and counts the rows the
 * commits added, which no SQL read can (reads merge rows per key).
 */
final class AzofTableFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dir;

    AzofTableFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * The id of the newest snapshot: {@code version.txt} is a hint that may lag, so follow {@code
     * s<N+1>.json} while it exists (spec section 1); 0 when there is no table yet.
     */
    long currentSnapshotId() {
        Path pointer = dir.resolve("version.txt");
        if (!Files.isRegularFile(pointer)) {
            return 0;
        }
        long id;
        try {
            id = Long.parseLong(Files.readString(pointer, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            // A pointer being replaced right now; the next poll reads it.
            return 0;
        }
        while (Files.exists(snapshotFile(id + 1))) {
            id++;
        }
        return id;
    }

    /**
     * Rows in the delta files of the current snapshot: before any compaction every written row is
     * in exactly one delta, so this is the number of rows the table was given, duplicates
     * included.
     */
    long deltaRowsOfCurrentSnapshot() {
        JsonNode snapshot = readSnapshot(currentSnapshotId());
        return deltaRows(snapshot.path("segments"));
    }

    /** Whether the current snapshot holds base files (only compaction writes them). */
    boolean currentSnapshotHasBases() {
        return hasBases(readSnapshot(currentSnapshotId()).path("segments"));
    }

    private static long deltaRows(JsonNode segments) {
        long rows = 0;
        for (JsonNode segment : segments) {
            for (JsonNode delta : segment.path("delta")) {
                rows += delta.path("rows").asLong();
            }
            rows += deltaRows(segment.path("segments"));
        }
        return rows;
    }

    private static boolean hasBases(JsonNode segments) {
        for (JsonNode segment : segments) {
            if (segment.path("bases").size() > 0 || hasBases(segment.path("segments"))) {
                return true;
            }
        }
        return false;
    }

    private JsonNode readSnapshot(long id) {
        try {
            return MAPPER.readTree(snapshotFile(id).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read snapshot " + id + " of " + dir, e);
        }
    }

    private Path snapshotFile(long id) {
        return dir.resolve("s" + id + ".json");
    }

    Path dir() {
        return dir;
    }
}
