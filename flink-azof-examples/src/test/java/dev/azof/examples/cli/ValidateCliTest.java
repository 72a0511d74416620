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

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

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
        int at = new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf("parquet-mr");
        bytes[at + 3] ^= 0x04; // the footer's "created by": no read notices it
        Files.write(file, bytes);

        CliRun ok = CliRun.run(plain);
        assertThat(ok.exitCode).as(ok.toString()).isZero();
        CliRun run = CliRun.run(deep);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.outLines()).singleElement().asString().contains(f.path()).contains("CRC-32C");
        assertThat(run.errLines()).containsExactly("azof: error: table 't' is not valid: 1 problem");
    }
}
