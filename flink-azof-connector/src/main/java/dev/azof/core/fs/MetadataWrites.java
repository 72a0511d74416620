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

/**
 * How one store makes a small metadata file (a snapshot, the version pointer) appear whole: the
 * commit point of docs/spec.md section 7. Each store uses its own primitive; a store without one
 * is refused rather than used unsafely.
 */
public interface MetadataWrites {

    /**
     * Creates {@code target} holding {@code content}, failing with {@link
     * java.nio.file.FileAlreadyExistsException} if the name is taken. Of writers racing for one name
     * exactly one succeeds; no reader ever sees a partial file under {@code target}.
     */
    void createExclusively(Path target, byte[] content) throws IOException;

    /** Replaces {@code target}'s content; readers see the old or the new content, never a part. */
    void replace(Path target, byte[] content) throws IOException;

    /** The implementation for the store {@code path} lives on. */
    static MetadataWrites forPath(Path path) {
        return MetadataStores.forPath(path);
    }
}
