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

import dev.azof.core.AzofException;
import dev.azof.core.metadata.DataFile;
import dev.azof.core.plan.AsOf;
import dev.azof.core.read.AsOfReader;
import dev.azof.core.read.RowIterator;
import dev.azof.core.table.AzofTable;
import dev.azof.testing.RandomHistory;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broken tables give clear errors on read and every problem listed by the validator. */
class TableValidatorTest {

    @TempDir File tmp;

    private RandomHistory history() throws Exception {
        return RandomHistory.write(new Path(tmp.toURI()), 7L, 50, 3, 60, 0.0);
    }

    @Test
    void missingDataFileIsNamedOnReadAndByTheValidator() throws Exception {
        history();
        AzofTable table = AzofTable.open(tmp.getPath());
        List<DataFile> files = table.snapshot().allFiles();
        Files.delete(new File(tmp, files.get(0).path()).toPath());
        Files.delete(new File(tmp, files.get(1).path()).toPath());

        assertThatThrownBy(
                        () -> {
                            try (RowIterator it = AsOfReader.read(table, table.plan(AsOf.current()))) {
                                while (it.hasNext()) {
                                    it.next();
                                }
                            }
                        })
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("does not exist");
        List<String> problems = TableValidator.validate(tmp.getPath());
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains(files.get(0).path()).contains("does not exist");
        assertThat(problems.get(1)).contains(files.get(1).path()).contains("does not exist");
    }

    @Test
    void escapingReferenceIsReported() throws Exception {
        history();
        AzofTable table = AzofTable.open(tmp.getPath());
        long id = table.snapshot().id();
        File snapshot = new File(tmp, "s" + id + ".json");
        String json = new String(Files.readAllBytes(snapshot.toPath()), StandardCharsets.UTF_8);
        String path = table.snapshot().allFiles().get(0).path();
        Files.write(snapshot.toPath(), json.replace(path, "../../x.parquet").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> AzofTable.open(tmp.getPath()))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("'../../x.parquet'")
                .hasMessageContaining("escapes the table directory");
        assertThat(TableValidator.validate(tmp.getPath()))
                .singleElement()
                .asString()
                .contains("../../x.parquet");
    }

    @Test
    void wrongRowCountAndTruncatedOldSnapshotAreReported() throws Exception {
        history();
        AzofTable table = AzofTable.open(tmp.getPath());
        long id = table.snapshot().id();
        File snapshot = new File(tmp, "s" + id + ".json");
        String json = new String(Files.readAllBytes(snapshot.toPath()), StandardCharsets.UTF_8);
        DataFile f = table.snapshot().allFiles().get(0);
        Files.write(
                snapshot.toPath(),
                json.replaceFirst("\"rows\" : " + f.rows() + ",", "\"rows\" : " + (f.rows() + 1) + ",")
                        .getBytes(StandardCharsets.UTF_8));
        File older = new File(tmp, "s" + (id - 1) + ".json");
        byte[] old = Files.readAllBytes(older.toPath());
        Files.write(older.toPath(), java.util.Arrays.copyOf(old, old.length / 2));

        List<String> problems = TableValidator.validate(tmp.getPath());
        assertThat(problems).anyMatch(p -> p.contains("rows, metadata says"));
        assertThat(problems).anyMatch(p -> p.contains("s" + (id - 1) + ".json is not valid JSON"));
    }

    @Test
    void generatedTablesValidate() throws Exception {
        history();
        assertThat(TableValidator.validate(tmp.getPath())).isEmpty();
    }
}
