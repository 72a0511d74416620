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
package dev.azof.core.commit;

import dev.azof.core.AzofException;
import dev.azof.core.table.AzofTable;

import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotStoreTest {

    private static final String EMPTY_LEGACY = "{\"schema\":{\"columns\":[]},\"segments\":[]}";

    @TempDir File dir;

    private void write(String name, String text) throws Exception {
        Files.write(new File(dir, name).toPath(), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void missingPointerMeansNotATable() {
        assertThatThrownBy(() -> AzofTable.open(dir.getPath()))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("not an azof table")
                .hasMessageContaining("version.txt");
    }

    @Test
    void garbagePointerIsAClearError() throws Exception {
        write("version.txt", "abc");
        assertThatThrownBy(() -> AzofTable.open(dir.getPath()))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("holds 'abc', expected a snapshot number");
    }

    @Test
    void pointerToMissingSnapshotIsAClearError() throws Exception {
        write("version.txt", "2\n");
        assertThatThrownBy(() -> AzofTable.open(dir.getPath()))
                .isInstanceOf(AzofException.class)
                .hasMessageContaining("s2.json does not exist");
    }

    @Test
    void laggingPointerIsCorrectedBySnapshotsPublishedAfterIt() throws Exception {
        write("version.txt", "1");
        write("s1.json", EMPTY_LEGACY);
        write("s2.json", EMPTY_LEGACY);
        write("s3.json", EMPTY_LEGACY);
        assertThat(new SnapshotStore(new Path(dir.toURI())).currentId()).isEqualTo(3);
    }

    @Test
    void publishingTwiceTheSameIdFails() throws Exception {
        write("version.txt", "1");
        write("s1.json", EMPTY_LEGACY);
        SnapshotStore store = new SnapshotStore(new Path(dir.toURI()));
        SnapshotPublisher.createExclusively(store.snapshotPath(2), "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(
                        () -> SnapshotPublisher.createExclusively(store.snapshotPath(2), "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(dir.list()).containsExactlyInAnyOrder("version.txt", "s1.json", "s2.json");
    }
}
