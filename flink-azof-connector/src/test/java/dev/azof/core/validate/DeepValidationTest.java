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

package dev.azof.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.azof.core.metadata.DataFile;
import dev.azof.core.plan.AsOf;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The metadata damage of issue 13 that tables used to validate with: a file labelled with the
 * wrong bucket, an impossible size or sequence, a gap in the snapshot chain, a flipped bit.
 */
class DeepValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir File tmp;

    /** A random table with at least two buckets and a delta in bucket 0. */
    private AzofTable table() throws Exception {
        for (long seed = 7; ; seed++) {
            File dir = new File(tmp, "t" + seed);
            RandomHistory.write(new Path(dir.toURI()), seed, 60, 6, 80, 0.0);
            AzofTable t = AzofTable.open(dir.getPath());
            if (t.snapshot().bucketCount() >= 2) {
                return t;
            }
        }
    }

    private static File dir(AzofTable t) {
        return new File(t.dir().toUri().getPath());
    }

    /** Edits the first data file entry of the current snapshot that {@code which} accepts. */
    private static void editFile(AzofTable t, String path, Consumer<ObjectNode> edit) throws Exception {
        File snapshot = new File(dir(t), "s" + t.snapshot().id() + ".json");
        JsonNode root = JSON.readTree(snapshot);
        List<ObjectNode> found = new ArrayList<>();
        root.findParents("file").forEach(n -> {
            if (n.get("file").asText().equals(path)) {
                found.add((ObjectNode) n);
            }
        });
        assertThat(found).isNotEmpty();
        found.forEach(edit);
        Files.write(snapshot.toPath(), JSON.writeValueAsBytes(root));
    }

    private static DataFile delta(AzofTable t, int bucket) {
        return t.snapshot().allFiles().stream()
                .filter(f -> !f.isBase() && f.bucket() == bucket)
                .findFirst()
                .orElseThrow();
    }

    private static List<RowData> readAll(File dir) throws Exception {
        AzofTable table = AzofTable.open(dir.getPath());
        List<RowData> rows = new ArrayList<>();
        try (RowIterator it = AsOfReader.read(table, table.plan(AsOf.current()))) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    private static List<String> validate(File dir, boolean deep) {
        return TableValidator.validate(new Path(dir.toURI()), deep);
    }

    @Test
    void aWrongBucketLabelIsReportedByDeepValidation() throws Exception {
        AzofTable t = table();
        File dir = dir(t);
        int before = readAll(dir).size();
        DataFile d = delta(t, 0);
        editFile(t, d.path(), n -> n.put("bucket", 1));

        // The read merges the file with bucket 1's files: its keys come out twice.
        List<RowData> rows = readAll(dir);
        Set<List<Object>> keys = new HashSet<>();
        int[] pk = t.snapshot().schema().primaryKeyIndexes();
        for (RowData r : rows) {
            List<Object> key = new ArrayList<>();
            for (int k : pk) {
                key.add(RowData.createFieldGetter(t.snapshot().schema().rowType().getTypeAt(k), k).getFieldOrNull(r));
            }
            keys.add(key);
        }
        assertThat(rows.size()).isGreaterThan(keys.size()).isGreaterThan(before);
        assertThat(validate(dir, false)).isEmpty(); // only the rows can tell
        assertThat(validate(dir, true))
                .singleElement()
                .asString()
                .contains(d.path())
                .contains("labelled bucket 1")
                .contains("hashes to bucket 0");
    }

    @Test
    void negativeBytesHugeSequenceAndAGapInTheChainAreReported() throws Exception {
        AzofTable t = table();
        File dir = dir(t);
        long current = t.snapshot().id();
        List<DataFile> files = t.snapshot().allFiles();
        editFile(t, files.get(0).path(), n -> n.put("bytes", -5));
        editFile(t, files.get(1).path(), n -> n.put("sequence", Long.MAX_VALUE));
        // s(current-2) missing, s(current-1)'s parent names the one before the gap
        Files.delete(new File(dir, "s" + (current - 2) + ".json").toPath());
        File s = new File(dir, "s" + (current - 1) + ".json");
        ObjectNode root = (ObjectNode) JSON.readTree(s);
        root.put("parent_snapshot_id", current - 3);
        Files.write(s.toPath(), JSON.writeValueAsBytes(root));

        List<String> problems = validate(dir, false);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(files.get(0).path()).contains("-5 bytes"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains(files.get(1).path()).contains("sequence " + Long.MAX_VALUE));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("snapshot " + (current - 2) + " is missing"));
        assertThat(problems)
                .anySatisfy(
                        p -> assertThat(p).contains("snapshot " + (current - 1) + " records parent " + (current - 3)));
    }

    @Test
    void aFlippedBitAnywhereIsReportedByDeepValidation() throws Exception {
        AzofTable t = table();
        File dir = dir(t);
        DataFile d = delta(t, 0);
        assertThat(d.crc32c()).isNotNegative();
        assertThat(validate(dir, true)).isEmpty();
        int readAllSize = readAll(dir).size();
        File f = new File(dir, d.path());
        byte[] original = Files.readAllBytes(f.toPath());
        String text = new String(original, java.nio.charset.StandardCharsets.ISO_8859_1);
        // A bit of the footer's "created by" text: the footer checksum fails every read, naming
        // the file, and plain validation (which reads footers) reports it too.
        byte[] bytes = original.clone();
        int at = text.lastIndexOf("parquet-mr");
        assertThat(at).isPositive();
        bytes[at + 2] ^= 0x01;
        Files.write(f.toPath(), bytes);
        assertThatThrownBy(() -> readAll(dir)).hasMessageContaining(f.getName()).hasMessageContaining("footer checksum");
        assertThat(validate(dir, false)).anySatisfy(p -> assertThat(p).contains(d.path()).contains("footer checksum"));
        // A bit of the footer checksum's own key: the footer is then unchecked, no read notices
        // and every answer stays right; deep validation reports it by the file's CRC-32C.
        bytes = original.clone();
        at = text.lastIndexOf("azof.footer.crc32c");
        assertThat(at).isPositive();
        bytes[at + 2] ^= 0x01;
        Files.write(f.toPath(), bytes);
        assertThat(readAll(dir)).hasSize(readAllSize);
        assertThat(validate(dir, false)).isEmpty();
        assertThat(validate(dir, true)).anySatisfy(p -> assertThat(p).contains(d.path()).contains("CRC-32C"));
    }

    @Test
    void theReferenceTablesStillValidateDeeply() throws Exception {
        File reference = dev.azof.testing.ReferenceTables.dir();
        List<File> tables = new ArrayList<>(List.of(reference.listFiles(File::isDirectory)));
        tables.add(new File(reference.getParentFile(), "tables/filings"));
        assertThat(tables).hasSizeGreaterThan(3);
        for (File table : tables) {
            if (new File(table, "version.txt").exists()) {
                assertThat(validate(table, true)).as(table.getName()).isEmpty();
            }
        }
    }
}
