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
package dev.azof.core.read;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.io.Serializable;

/** Opens one data file for reading the named columns of {@code readType}. */
@FunctionalInterface
public interface DataFileOpener extends Serializable {
    RowIterator open(Path file, RowType readType) throws IOException;

    /**
     * Opens a file whose size the snapshot records ({@code knownBytes > 0}), so that an opener
     * can skip asking the file system for it: on an object store a status call is a request.
     */
    default RowIterator open(Path file, long knownBytes, RowType readType) throws IOException {
        return open(file, readType);
    }

    /**
     * Whether {@link #open} may be called from several threads at once (then a reader opens the
     * files of a merge concurrently: on an object store each open is a request's latency).
     */
    default boolean opensConcurrently() {
        return false;
    }
}
