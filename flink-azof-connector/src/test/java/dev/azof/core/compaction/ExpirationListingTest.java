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
package dev.azof.core.compaction;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Expiration's directory listing survives a file that another expiration deletes meanwhile. */
class ExpirationListingTest {

    @TempDir java.nio.file.Path tmp;

    @Test
    void aFileDeletedDuringTheListingIsListedAgain() throws Exception {
        Files.writeString(tmp.resolve("a.parquet"), "a");
        Files.writeString(tmp.resolve("b.parquet"), "b");
        AtomicInteger calls = new AtomicInteger();
        LocalFileSystem racing =
                new LocalFileSystem() {
                    @Override
                    public FileStatus[] listStatus(Path f) throws IOException {
                        if (calls.incrementAndGet() == 1) {
                            // What a local listing throws when a name it listed is gone at its stat.
                            Files.delete(tmp.resolve("b.parquet"));
                            throw new FileNotFoundException("File " + f + "/b.parquet does not exist");
                        }
                        return super.listStatus(f);
                    }
                };
        FileStatus[] listed = SnapshotExpiration.list(racing, new Path(tmp.toUri()));
        assertThat(listed).extracting(s -> s.getPath().getName()).containsExactly("a.parquet");
        assertThat(calls).hasValue(2);
        assertThat(SnapshotExpiration.list(racing, new Path(tmp.resolve("gone").toUri()))).isEmpty();
    }
}
