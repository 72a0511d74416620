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

package dev.azof.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.azof.core.metadata.DataFile;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.RandomHistory;

import dev.azof.core.io.ParquetRowReader;

import org.apache.flink.core.fs.Path;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/** {@code azof validate --deep}: damage that only the rows or the file's bytes show (issue 13). */
class ValidateCliTest {

    @TempDir java.nio.file.Path warehouse;

    @Test
    void deepValidationReportsAFlippedBitThatPlainValidationMisses() throws Exception {
        RandomHistory.write(new Path(warehouse.resolve("t").toUri()), 13L, 40, 3, 40, 0.0);
        String[] plain = {"validate", "--path", warehouse.toString(), "--table", "t"};
        String[] deep = {"validate", "--deep", "--path", warehouse.toString(), "--table", "t"};
        assertThat(CliRun.run(deep).outLines()).containsExactly("OK");

        DataFile f = AzofTable.open(warehouse.resolve("t").toString()).snapshot().allFiles().get(0);
        java.nio.file.Path file = warehouse.resolve("t").resolve(f.path());
        byte[] bytes = Files.readAllBytes(file);
        // The footer checksum's own key: the footer is then unchecked and no read notices it
        // (any other footer bit fails reads and plain validation by the footer checksum).
        int at = new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf("azof.footer.crc32c");
        bytes[at + 3] ^= 0x04;
        Files.write(file, bytes);

        CliRun ok = CliRun.run(plain);
        assertThat(ok.exitCode).as(ok.toString()).isZero();
        CliRun run = CliRun.run(deep);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.outLines()).singleElement().asString().contains(f.path()).contains("CRC-32C");
        assertThat(run.errLines()).containsExactly("azof: error: table 't' is not valid: 1 problem");
    }

    /** Why 2: a flipped bit in a page used to read as a wrong value, exit 0. */
    @Test
    void aScanOfADamagedPageFailsNamingTheFile() throws Exception {
        RandomHistory.write(new Path(warehouse.resolve("t").toUri()), 13L, 40, 3, 40, 0.0);
        String[] scan = {"scan", "--path", warehouse.toString(), "--table", "t", "--format", "csv"};
        CliRun before = CliRun.run(scan);
        assertThat(before.exitCode).as(before.toString()).isZero();
        DataFile f = AzofTable.open(warehouse.resolve("t").toString()).snapshot().allFiles().get(0);
        java.nio.file.Path file = warehouse.resolve("t").resolve(f.path());
        ColumnChunkMetaData chunk =
                ParquetRowReader.footer(new Path(file.toUri())).getBlocks().get(0).getColumns().get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) (chunk.getStartingPos() + chunk.getTotalSize() - 4)] ^= 0x08; // in the last page's data
        Files.write(file, bytes);

        CliRun run = CliRun.run(scan);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).as(run.toString()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().contains(file.getFileName().toString())
                .contains("checksum");
    }

    /** Why 3: a wrong bucket label, negative bytes, a huge sequence and a gap in the chain. */
    @Test
    void metadataDamageIsReportedOneProblemPerLine() throws Exception {
        String name = null;
        AzofTable table = null;
        for (long seed = 21; table == null || table.snapshot().bucketCount() < 2; seed++) {
            name = "t" + seed; // a table of at least two buckets, so that a label can be wrong
            RandomHistory.write(new Path(warehouse.resolve(name).toUri()), seed, 60, 6, 60, 0.0);
            table = AzofTable.open(warehouse.resolve(name).toString());
        }
        long current = table.snapshot().id();
        ObjectMapper json = new ObjectMapper();
        java.nio.file.Path snapshot = warehouse.resolve(name).resolve("s" + current + ".json");
        JsonNode root = json.readTree(snapshot.toFile());
        List<JsonNode> files = root.findParents("file");
        assertThat(files).hasSizeGreaterThan(2);
        ObjectNode relabelled = (ObjectNode) files.get(0);
        int buckets = table.snapshot().bucketCount();
        relabelled.put("bucket", (relabelled.get("bucket").asInt() + 1) % buckets);
        ((ObjectNode) files.get(1)).put("bytes", -5);
        ((ObjectNode) files.get(2)).put("sequence", Long.MAX_VALUE);
        Files.write(snapshot, json.writeValueAsBytes(root));
        Files.delete(warehouse.resolve(name).resolve("s" + (current - 2) + ".json"));

        CliRun run = CliRun.run("validate", "--deep", "--path", warehouse.toString(), "--table", name);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        String out = run.out;
        assertThat(out).as(run.toString()).contains(relabelled.get("file").asText() + "' is labelled bucket");
        assertThat(out).as(run.toString())
                .contains(files.get(1).get("file").asText() + "' in snapshot " + current + " records a size of -5 bytes")
                .contains("records sequence " + Long.MAX_VALUE)
                .contains("snapshot " + (current - 2) + " is missing");
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("azof: error: table '" + name + "' is not valid: ");
    }

    /** Issue 18: every file's schema id names a schema version of the table. */
    @Test
    void aFileNamingAnUnknownSchemaIsReported() throws Exception {
        Path dir = new Path(warehouse.resolve("t").toUri());
        RandomHistory.write(dir, 18L, 40, 3, 40, 0.0);
        dev.azof.core.commit.TableCommits.alterTable(
                new dev.azof.core.commit.SnapshotStore(dir),
                List.of(dev.azof.core.schema.SchemaChange.addColumn(
                        "note", new org.apache.flink.table.types.logical.VarCharType(20))),
                java.util.Map.of(),
                java.util.Set.of());
        String[] validate = {"validate", "--path", warehouse.toString(), "--table", "t"};
        CliRun ok = CliRun.run(validate);
        assertThat(ok.outLines()).as(ok.toString()).containsExactly("OK");

        long current = AzofTable.open(warehouse.resolve("t").toString()).snapshot().id();
        java.nio.file.Path snapshot = warehouse.resolve("t").resolve("s" + current + ".json");
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(snapshot.toFile());
        ObjectNode file = (ObjectNode) root.findParents("file").get(0);
        file.put("schema_id", 9);
        Files.write(snapshot, json.writeValueAsBytes(root));

        CliRun run = CliRun.run(validate);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).as(run.toString()).contains(file.get("file").asText()).contains("schema 9");
    }
}
