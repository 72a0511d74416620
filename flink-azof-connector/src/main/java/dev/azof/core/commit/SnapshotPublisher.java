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
import dev.azof.core.fs.FileOperations;
import dev.azof.core.fs.MetadataWrites;
import dev.azof.core.metadata.Snapshot;
import dev.azof.core.metadata.SnapshotJson;

import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;

/**
 * The commit protocol (docs/spec.md, "Commits"): publish {@code s<N+1>.json} write-once, then
 * move the version pointer. Publishing is the commit point; the pointer is a hint that readers
 * correct by looking for newer snapshots. No step relies on an atomic rename over an existing
 * file.
 */
public final class SnapshotPublisher {

    private SnapshotPublisher() {}

    /**
     * Publishes {@code next} as the table's next snapshot.
     *
     * @throws ConcurrentCommitException if a snapshot with that id exists already
     */
    public static void publish(SnapshotStore store, Snapshot next) {
        publishSnapshot(store, next);
        movePointer(store, next.id());
    }

    /**
     * Writes {@code s<N>.json} write-once without moving the pointer: the commit point. Callers
     * that need to act between the two steps (or test a crash between them) call this, then
     * {@link #movePointer(SnapshotStore, long)}.
     *
     * @throws ConcurrentCommitException if a snapshot with that id exists already
     */
    public static void publishSnapshot(SnapshotStore store, Snapshot next) {
        byte[] json = SnapshotJson.toJson(next).getBytes(StandardCharsets.UTF_8);
        Path target = store.snapshotPath(next.id());
        try {
            createExclusively(target, json);
        } catch (FileAlreadyExistsException e) {
            throw new ConcurrentCommitException(
                    "snapshot "
                            + next.id()
                            + " of "
                            + store.tableDir()
                            + " was published by another writer; a table has a single writer");
        } catch (IOException e) {
            throw new AzofException("cannot write " + target + ": " + FileOperations.reason(e), e);
        }
    }

    /** Writes the version pointer; a failure here loses nothing (readers look past it). */
    public static void movePointer(SnapshotStore store, long id) {
        Path pointer = store.versionPath();
        byte[] text = Long.toString(id).getBytes(StandardCharsets.UTF_8);
        try {
            MetadataWrites.forPath(pointer).replace(pointer, text);
        } catch (IOException e) {
            throw new AzofException("cannot write " + pointer + ": " + FileOperations.reason(e), e);
        }
    }

    /** Creates a file with the given content, failing if it exists; never leaves a partial file. */
    public static void createExclusively(Path target, byte[] content) throws IOException {
        MetadataWrites.forPath(target).createExclusively(target, content);
    }
}
