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
 * Implemented by a Flink file system that brings its own commit point, for stores azof does not
 * know by scheme (a file system wrapping another one, as the fault-injecting file system of the
 * tests does). {@link MetadataWrites#forPath} asks the path's file system first.
 */
public interface MetadataWritesProvider {

    /** The commit point for {@code path}, a path of this file system. */
    MetadataWrites metadataWrites(Path path) throws IOException;
}
