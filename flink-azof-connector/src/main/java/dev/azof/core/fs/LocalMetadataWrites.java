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
package dev.azof.core.fs;

import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** The local file system: a temporary file, then a hard link (create) or an atomic move (replace). */
final class LocalMetadataWrites implements MetadataWrites {

    static final LocalMetadataWrites INSTANCE = new LocalMetadataWrites();

    private LocalMetadataWrites() {}

    @Override
    public void createExclusively(Path target, byte[] content) throws IOException {
        java.nio.file.Path p = FileOperations.local(target);
        Files.createDirectories(p.getParent());
        java.nio.file.Path tmp = temporarySibling(p);
        try {
            Files.write(tmp, content);
            // A hard link appears atomically with full content and fails if the name is taken.
            Files.createLink(p, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void replace(Path target, byte[] content) throws IOException {
        java.nio.file.Path p = FileOperations.local(target);
        java.nio.file.Path tmp = temporarySibling(p);
        try {
            Files.write(tmp, content);
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            // A failed write (a full disk) leaves no temporary file behind.
            Files.deleteIfExists(tmp);
        }
    }

    private static java.nio.file.Path temporarySibling(java.nio.file.Path p) {
        return p.resolveSibling("." + p.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }
}
